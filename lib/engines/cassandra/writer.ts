import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AnalyzedCassandra } from './analysis';
import { medusaSpec, writeMedusaSchedules } from './medusa-writer';
import { hasMetricsEndpoint } from './metrics-version';
import { CassandraCluster } from './model';
import { cassandraPodLabels, DC_REPLICATION_ANNOTATION, storesSecretName } from './names';
import { CASSANDRA_PORTS } from './ports';
import { WRITE_HEALTH_KEYSPACE } from './write-health';
import { writeHealthReplicas } from './write-health-setup';
import { hostsWritingTo, writeHealthNamespaces } from '../../analysis/write-health';
import * as cm from '../../imports/cert-manager.io';
import type * as K8ssandraBindings from '../../imports/k8ssandra.io';
import { SITE_LABEL, workloadLabels, writeHealthSelectorLabels } from '../../k8s/labels';
import { exemptNamespace } from '../../k8s/namespaces';
import { OutputCharts } from '../../k8s/output-charts';
import { DesignModel, MonitoringModel } from '../../model/design';

/**
 * The generated K8ssandra bindings, loaded by the first Cassandra cluster written: they are 3.5 MB
 * of code and about 25 MiB once loaded, which designs without Cassandra should not pay.
 */
function k8ssandraBindings(): typeof K8ssandraBindings {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return require('../../imports/k8ssandra.io');
}

/** uid and gid of the `cassandra` user in the management-API images cass-operator runs. */
const CASSANDRA_UID = 999;
/** The node label a rack is pinned by. */
const ZONE_LABEL = 'topology.kubernetes.io/zone';

/**
 * Writes a Cassandra cluster for k8ssandra-operator, one Kubernetes cluster per site: the
 * `K8ssandraCluster` in the control-plane site with a datacenter per data site (`k8sContext`
 * from the site, racks pinned to zones, TLS stores referenced), and in every data site the
 * namespace, the cert-manager Issuer and Certificate that fill the keystore and truststore, and
 * the NetworkPolicy; with `backup`, Medusa in the K8ssandraCluster (`spec.medusa`) and each
 * datacenter's MedusaBackupSchedules beside it (`./medusa-writer.ts`). No PodDisruptionBudget: cass-operator writes one per datacenter, and a
 * second over the same pods would make every eviction fail (MS-CASSANDRA-DISRUPTION-BUDGET
 * checks that the operator's keeps the application's consistency levels).
 */
export function writeCassandra(design: DesignModel, analysis: AnalyzedCassandra, charts: OutputCharts): void {
  if (design.shape.kind !== 'cluster-per-site') return;
  const { cluster, details } = analysis;
  // cass-operator's pods (init containers included) do not set the container security context
  // `restricted` asks for: `baseline`, with warnings against `restricted`.
  const namespaceIn = (chart: Chart) => exemptNamespace(chart, cluster.namespace, 'baseline');
  const scope = (chart: Chart) => (chart.node.tryFindChild(cluster.name) as Construct | undefined) ?? new Construct(chart, cluster.name);
  for (const dc of details.datacenters) {
    const site = scope(charts.forSite(dc.site));
    const namespace = namespaceIn(charts.forSite(dc.site));
    const objects: Construct[] = [writePolicy(site, design, analysis, dc.site)];
    if (!cluster.engine.insecure) objects.push(...writeStores(site, design, cluster, dc.site));
    if (cluster.backup) objects.push(...writeMedusaSchedules(site, cluster, dc.site));
    for (const o of objects) o.node.addDependency(namespace);
  }
  const home = scope(charts.forSite(details.controlPlane));
  const namespace = namespaceIn(charts.forSite(details.controlPlane));
  writeK8ssandraCluster(home, analysis, design.monitoring, hostsWritingTo(design, analysis.cluster.name).length > 0).node.addDependency(namespace);
}

/**
 * K8ssandra's telemetry with monitoring on: the operator writes a ServiceMonitor per datacenter in
 * the datacenter's own Kubernetes cluster, labelled with `commonLabels` (so Prometheus selects it
 * like the library's own objects), scraping the management API's metrics endpoint, or the legacy
 * MCAC agent on versions without it (k8ssandra-operator v1.32.5
 * `controllers/k8ssandra/cassandra_telemetry_reconciler.go`; `telemetry` in
 * k8ssandra.io_k8ssandraclusters.yaml: `prometheus.enabled`, `prometheus.commonLabels`,
 * `mcac.enabled`, false by default). The operator writes it only where prometheus-operator's
 * CRDs are installed, and skips the datacenter silently otherwise (IsPromInstalled).
 */
function cassandraTelemetry(serverVersion: string, monitoring: MonitoringModel): K8ssandraBindings.K8SsandraClusterSpecCassandraTelemetry {
  return {
    prometheus: { enabled: true, ...(Object.keys(monitoring.resourceLabels).length > 0 ? { commonLabels: { ...monitoring.resourceLabels } } : {}) },
    mcac: { enabled: !hasMetricsEndpoint(serverVersion) },
  };
}

/** `probed`: a GSLB host depends on the cluster, so the write-path probe's keyspace exists (`./write-health-setup.ts`). */
function writeK8ssandraCluster(
  scope: Construct, a: AnalyzedCassandra, monitoring: MonitoringModel | undefined, probed: boolean,
): K8ssandraBindings.K8ssandraCluster {
  const k8ssandra = k8ssandraBindings();
  const StorageRequest = k8ssandra.K8SsandraClusterSpecCassandraStorageConfigCassandraDataVolumeClaimSpecResourcesRequests;
  const { cluster, details } = a;
  const e = cluster.engine;
  const replication: Record<string, Record<string, number>> = {};
  const probeReplicas = writeHealthReplicas(a);
  for (const dc of details.datacenters) {
    const perKeyspace: Record<string, number> = {};
    for (const k of details.keyspaces.filter((x) => !x.assumed)) perKeyspace[k.name] = k.replicas.get(dc.site)!;
    if (probed) perKeyspace[WRITE_HEALTH_KEYSPACE] = probeReplicas.get(dc.site) ?? 0;
    replication[dc.site] = perKeyspace;
  }
  const heapMebibytes = Math.min(8192, Math.floor(e.memoryMebibytes / 2));
  const stores = (secret: string, password: string) => ({
    keystoreSecretRef: { name: secret, key: 'keystore.jks' },
    keystorePasswordSecretRef: { name: password, key: 'password' },
    truststoreSecretRef: { name: secret, key: 'truststore.jks' },
    truststorePasswordSecretRef: { name: password, key: 'password' },
  });
  const tls = !e.insecure;
  return new k8ssandra.K8ssandraCluster(scope, 'k8ssandra-cluster', {
    metadata: {
      name: cluster.name,
      namespace: cluster.namespace,
      labels: workloadLabels('cassandra', cluster.name, 'control-plane'),
      // Read by the operator only when a datacenter is added (k8ssandra-operator
      // apis/k8ssandra/v1alpha1/constants.go, DcReplicationAnnotation); it must list every user keyspace,
      // the probe's too, or the operator refuses it and never rebuilds the new datacenter
      // (controllers/k8ssandra, updateUserKeyspacesReplication: "must include all user keyspaces for each specified DC").
      ...(details.keyspaces.some((k) => !k.assumed) ? { annotations: { [DC_REPLICATION_ANNOTATION]: JSON.stringify(replication) } } : {}),
    },
    spec: {
      auth: true,
      cassandra: {
        serverVersion: e.serverVersion,
        // cass-operator keeps a datacenter's pods on separate nodes with a required anti-affinity
        // by kubernetes.io/hostname unless AllowMultipleNodesPerWorker, which this sets, and then
        // adds none: it has no preferred form (cass-operator
        // pkg/reconciliation/construct_podtemplatespec.go calculatePodAntiAffinity; k8ssandra-operator
        // pkg/cassandra/datacenter_test.go TestNewDatacenter_AllowMultipleCassPerNodeSet). Stated,
        // so the output shows what the cluster gets whatever `spreadOverNodes` asks.
        softPodAntiAffinity: false,
        metadata: { pods: { labels: cassandraPodLabels(cluster) } },
        ...(monitoring ? { telemetry: cassandraTelemetry(e.serverVersion, monitoring) } : {}),
        storageConfig: {
          cassandraDataVolumeClaimSpec: {
            accessModes: ['ReadWriteOnce'],
            ...(e.storageClassName ? { storageClassName: e.storageClassName } : {}),
            resources: { requests: { storage: StorageRequest.fromString(e.storageSize) } },
          },
        },
        resources: {
          requests: {
            cpu: k8ssandra.K8SsandraClusterSpecCassandraResourcesRequests.fromString(`${e.cpuMillis}m`),
            memory: k8ssandra.K8SsandraClusterSpecCassandraResourcesRequests.fromString(`${e.memoryMebibytes}Mi`),
          },
          limits: {
            cpu: k8ssandra.K8SsandraClusterSpecCassandraResourcesLimits.fromString(`${e.cpuMillis}m`),
            memory: k8ssandra.K8SsandraClusterSpecCassandraResourcesLimits.fromString(`${e.memoryMebibytes}Mi`),
          },
        },
        podSecurityContext: {
          runAsNonRoot: true,
          runAsUser: CASSANDRA_UID,
          runAsGroup: CASSANDRA_UID,
          fsGroup: CASSANDRA_UID,
          seccompProfile: { type: 'RuntimeDefault' },
        },
        config: {
          // heapSize is deprecated in the CRD: the initial and the maximum heap, equal.
          jvmOptions: {
            heapInitialSize: k8ssandra.K8SsandraClusterSpecCassandraConfigJvmOptionsHeapInitialSize.fromString(`${heapMebibytes}M`),
            heapMaxSize: k8ssandra.K8SsandraClusterSpecCassandraConfigJvmOptionsHeapMaxSize.fromString(`${heapMebibytes}M`),
          },
          ...(tls ? {
            cassandraYaml: {
              server_encryption_options: { internode_encryption: 'all', require_client_auth: true },
              client_encryption_options: { enabled: true, optional: false },
            },
          } : {}),
        },
        // TLS is on only with the stores set and the options below (k8ssandra-operator v1.32.5
        // `pkg/cassandra/encryption.go`); internode traffic then runs TLS on 7000.
        ...(tls ? {
          serverEncryptionStores: stores(storesSecretName(cluster), e.keystorePasswordSecret!),
          clientEncryptionStores: stores(storesSecretName(cluster), e.keystorePasswordSecret!),
        } : {}),
        datacenters: details.datacenters.map((dc) => ({
          metadata: { name: dc.site },
          k8SContext: dc.context,
          size: dc.size,
          racks: dc.racks.map((r) => ({ name: r.name, ...(r.zone ? { nodeAffinityLabels: { [ZONE_LABEL]: r.zone } } : {}) })),
        })),
      },
      ...(cluster.backup ? { medusa: medusaSpec(k8ssandra, cluster) } : {}),
    },
  });
}

/**
 * cert-manager writes `keystore.jks` and `truststore.jks` (the CA) into the Secret, encrypted
 * with the password Secret (cert-manager Certificate `spec.keystores.jks`); every datacenter
 * gets its own certificate from the same CA, so the datacenters trust each other. The Secret
 * must exist in every data cluster: k8ssandra-operator reads it there with the remote client
 * and does not replicate it (k8ssandra-operator v1.32.5 `pkg/cassandra/encryption.go`). Both
 * password refs are set, or the operator reads the password from the store's own key.
 */
function writeStores(scope: Construct, design: DesignModel, cluster: CassandraCluster, site: string): Construct[] {
  const e = cluster.engine;
  const labels = workloadLabels('cert-manager', cluster.name, 'certificates');
  const domain = design.sites.find((s) => s.name === site)?.clusterDomain ?? 'cluster.local';
  const issuer = new cm.Issuer(scope, 'issuer', {
    metadata: { name: `${cluster.name}-ca`, namespace: cluster.namespace, labels },
    spec: { ca: { secretName: e.certManagerCaSecret! } },
  });
  const cert = new cm.Certificate(scope, 'encryption-stores', {
    metadata: { name: storesSecretName(cluster), namespace: cluster.namespace, labels },
    spec: {
      secretName: storesSecretName(cluster),
      commonName: `${cluster.name}-${site}`,
      dnsNames: [
        `*.${cluster.name}-${site}-all-pods-service.${cluster.namespace}.svc.${domain}`,
        `${cluster.name}-${site}-service.${cluster.namespace}.svc.${domain}`,
      ],
      duration: '2160h',
      renewBefore: '360h',
      // RSA: the JKS stores Cassandra's JSSE reads; rotated with every renewal.
      privateKey: {
        algorithm: cm.CertificateSpecPrivateKeyAlgorithm.RSA,
        size: 2048,
        rotationPolicy: cm.CertificateSpecPrivateKeyRotationPolicy.ALWAYS,
      },
      usages: [cm.CertificateSpecUsages.SERVER_AUTH, cm.CertificateSpecUsages.CLIENT_AUTH],
      keystores: { jks: { create: true, passwordSecretRef: { name: e.keystorePasswordSecret!, key: 'password' } } },
      issuerRef: { name: issuer.name, kind: 'Issuer', group: 'cert-manager.io' },
    },
  });
  cert.node.addDependency(issuer);
  return [issuer, cert];
}

/**
 * Internode ports from the own namespace's Cassandra pods and the other datacenters' pod CIDRs
 * (seeds and gossip use pod IPs: k8ssandra-operator `controllers/k8ssandra/seeds.go`); the
 * management API from the operators' namespace and the control plane's pod CIDRs; with backups,
 * Medusa's gRPC port from the operators' namespace; CQL from the namespace itself and the
 * client namespaces. Egress is not restricted: Medusa reaches the bucket freely.
 */
function writePolicy(scope: Construct, design: DesignModel, a: AnalyzedCassandra, site: string): Construct {
  const { cluster, details } = a;
  const e = cluster.engine;
  const labels = { ...cassandraPodLabels(cluster), [SITE_LABEL]: site };
  const policy = new kplus.NetworkPolicy(scope, 'network-policy', {
    metadata: { name: cluster.name, namespace: cluster.namespace, labels },
    selector: kplus.Pods.select(scope, 'cassandra-pods', { labels: cassandraPodLabels(cluster) }),
    ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
  });
  const tcp = (port: number) => kplus.NetworkPolicyPort.tcp(port);
  const internode = [tcp(CASSANDRA_PORTS.internode)];
  const block = (owner: string, i: number, cidr: string) => (cidr.includes(':')
    ? kplus.NetworkPolicyIpBlock.ipv6(scope, `${owner}-pods-${i}`, cidr)
    : kplus.NetworkPolicyIpBlock.ipv4(scope, `${owner}-pods-${i}`, cidr));
  policy.addIngressRule(kplus.Pods.select(scope, 'peer-pods', { labels: cassandraPodLabels(cluster) }), internode);
  const peers = details.datacenters.map((d) => d.site).filter((s) => s !== site);
  for (const s of design.sites.filter((x) => peers.includes(x.name))) {
    s.podCidrs.forEach((cidr, i) => policy.addIngressRule(block(s.name, i, cidr), internode));
  }
  policy.addIngressRule(kplus.Pods.all(scope, 'operators', {
    namespaces: kplus.Namespaces.select(scope, 'operator-namespace', { names: [e.operatorNamespace] }),
  }), [tcp(CASSANDRA_PORTS.management)]);
  if (details.controlPlane !== site) {
    const cp = design.sites.find((x) => x.name === details.controlPlane);
    cp?.podCidrs.forEach((cidr, i) => policy.addIngressRule(block(`control-plane-${cp.name}`, i, cidr), [tcp(CASSANDRA_PORTS.management)]));
  }
  // Medusa's gRPC server, called by the Medusa controllers of the operator in the pod's own cluster (flows.ts).
  if (cluster.backup) {
    policy.addIngressRule(kplus.Pods.all(scope, 'medusa-controllers', {
      namespaces: kplus.Namespaces.select(scope, 'operator-namespace-medusa', { names: [e.operatorNamespace] }),
    }), [tcp(CASSANDRA_PORTS.medusaGrpc)]);
  }
  policy.addIngressRule(kplus.Pods.all(scope, 'same-namespace'), [tcp(CASSANDRA_PORTS.cql)]);
  if (e.clientNamespaces.length > 0) {
    policy.addIngressRule(kplus.Pods.all(scope, 'clients', {
      namespaces: kplus.Namespaces.select(scope, 'client-namespaces', { names: [...e.clientNamespaces] }),
    }), [tcp(CASSANDRA_PORTS.cql)]);
  }
  // The write-path probes of the GSLB hosts that depend on the cluster (./write-health.ts), by their labels.
  const probeNamespaces = writeHealthNamespaces(design, cluster.name);
  if (probeNamespaces.length > 0) {
    policy.addIngressRule(kplus.Pods.select(scope, 'write-health-probes', {
      labels: writeHealthSelectorLabels(cluster.name),
      namespaces: kplus.Namespaces.select(scope, 'write-health-namespaces', { names: probeNamespaces }),
    }), [tcp(CASSANDRA_PORTS.cql)]);
  }
  return policy;
}
