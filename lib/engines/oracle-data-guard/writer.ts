
import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AnalyzedDataGuard, connectStringOf, DataGuardMember, ORACLE_LISTENER_PORT, ORACLE_TCPS_PORT } from './analysis';
import { writeMetricsExporter } from './metrics-exporter';
import { brokerName, databaseObjectName, databaseSid, observerName, tcpsSecretName } from './names';
import * as oracle from '../../imports/database.oracle.com';
import { IssuedCertificate, writeCertificates } from '../../k8s/cert-manager';
import { workloadLabels } from '../../k8s/labels';
import { exemptNamespace } from '../../k8s/namespaces';
import { OutputCharts } from '../../k8s/output-charts';
import { DesignModel } from '../../model/design';
import { clusterDomainOf } from '../../model/member-addresses';

export { ORACLE_LISTENER_PORT, ORACLE_TCPS_PORT };

/**
 * The annotation external-dns publishes a Service's LoadBalancer address under
 * (https://kubernetes-sigs.github.io/external-dns/latest/docs/annotations/annotations/).
 */
const EXTERNAL_DNS_HOSTNAME = 'external-dns.alpha.kubernetes.io/hostname';

/**
 * Writes a Data Guard configuration for Oracle's Database Operator (database.oracle.com/v4).
 *
 * Stretched cluster: a SingleInstanceDatabase per site pinned by nodeSelector (the primary with
 * archive log, force logging and flashback, which Data Guard and reinstatement need; the standbys
 * created from it), and the DataguardBroker, whose observer pod the operator places with the
 * broker's nodeSelector: in the witness. Every object goes in the cluster-wide chart.
 *
 * One cluster per site (seed 002): each Kubernetes-run database in its own site's chart,
 * published to the other clusters by the operator's external LoadBalancer Service; each standby
 * created from the primary's published address; the broker in topology mode, with members by
 * endpoint, in the chart of the site that runs it (the witness when there is an observer).
 * Databases Kubernetes does not run are only members of the broker topology.
 *
 * TLS between sites (unless `insecure`): every Kubernetes-run database enables TCPS with a
 * certificate Secret (`spec.security.tcps`), publishes its TCPS listener beside the TCP one,
 * and the broker names every member by a TCPS endpoint with the client wallet, so the broker's
 * connect identifiers, and with them redo transport (the broker points LOG_ARCHIVE_DEST_n at a
 * member's DGConnectIdentifier:
 * https://docs.oracle.com/en/database/oracle/oracle-database/21/dgbkr/oracle-data-guard-broker-properties.html),
 * run over TCPS. TCPS, not Oracle Net native encryption: the operator offers no setting for
 * sqlnet.ora's SQLNET.ENCRYPTION_SERVER (nothing in the 2.2 CRDs), while 2.2 lifts 2.1's
 * refusal of a standby of a TCPS primary (v2.1.0 controllers/database/singleinstancedatabase_controller.go:
 * "Standby for TCPS enabled Primary Database is not supported"; gone at sidbdevbranch
 * e390bb952d5e, which runs configTcps on standbys too and writes `<DB_UNIQUE_NAME>TCPS`
 * aliases for Data Guard peers; its docs/sidb/README.md still carries the 2.1 sentence).
 * Still over TCP with the 2.2 operator: a standby's first copy, which the operator's standby
 * creation takes from `primarySource.connectString` / the primary Service over TCP
 * (GetPrimaryDatabaseConnectString → PRIMARY_DB_CONN_STR), so 1521 stays open between sites.
 */
export function writeDataGuard(design: DesignModel, analysis: AnalyzedDataGuard, charts: OutputCharts): void {
  const cluster = analysis.cluster;
  const d = analysis.details;
  const stretched = design.shape.kind === 'stretched';
  const siteLabel = design.shape.kind === 'stretched' ? design.shape.siteLabel : undefined;
  const engine = cluster.engine;
  const { primary, standbys, observers } = d.roles;
  const labels = workloadLabels('oracle-database', cluster.name, 'database');
  const primaryMember = d.members[0];
  const scopeIn = (chart: Chart) => (chart.node.tryFindChild(cluster.name) as Construct | undefined) ?? new Construct(chart, cluster.name);
  const chartOf = (site: string) => (stretched ? charts.clusterWide() : charts.forSite(site));

  const database = (m: DataGuardMember, role: 'primary' | 'standby') => {
    const scope = scopeIn(chartOf(m.site));
    // A standby in another cluster, or of a primary Kubernetes does not run, is created from the
    // primary's address: `spec.primarySource.connectString` (host:port/SERVICE), one of
    // databaseRef | connectString | details (oracle/oracle-database-operator sidbdevbranch
    // e390bb952d5e, apis/database/v4/singleinstancedatabase_types.go
    // SingleInstanceDatabasePrimarySource; singleinstancedatabase_webhook.go validatePrimarySourceSpec).
    // In one stretched cluster with the primary in it, the legacy reference stays as it was.
    const source = role === 'primary'
      ? { archiveLog: true, forceLog: true, flashBack: true }
      : stretched && primaryMember.managed
        ? { primaryDatabaseRef: databaseObjectName(cluster, primary) }
        : { primarySource: { connectString: connectStringOf(primaryMember) } };
    // Published for the other clusters: `spec.services.external` of type LoadBalancer with the
    // TCP listener enabled (singleinstancedatabase_controller.go resolveExternalServiceConfig; the
    // Service is `<name>-ext`), its annotations copied onto the Service, so external-dns publishes
    // the name the standbys and the broker connect to.
    // With TLS the TCPS listener is published too, on the port the broker and the operator's
    // aliases use (ORACLE_TCPS_PORT); `tcps` beside `tcp` in `spec.services.external`
    // (docs/sidb/README.md at sidbdevbranch e390bb952d5e: the two ports must differ).
    const services = !stretched && m.host !== undefined
      ? {
        services: {
          external: {
            type: oracle.SingleInstanceDatabaseV4SpecServicesExternalType.LOAD_BALANCER,
            tcp: { enabled: true, port: ORACLE_LISTENER_PORT },
            ...(engine.insecure ? {} : { tcps: { enabled: true, port: ORACLE_TCPS_PORT } }),
            annotations: { [EXTERNAL_DNS_HOSTNAME]: m.host },
          },
        },
      }
      : {};
    // `spec.security.tcps` (enabled, tlsSecret: a kubernetes.io/tls Secret with tls.crt, tls.key
    // and ca.crt, as cert-manager writes it: docs/sidb/tcps-cert-manager/README.md at
    // sidbdevbranch e390bb952d5e). No certRenewInterval: the webhook refuses it beside a
    // tlsSecret (apis/database/v4/singleinstancedatabase_webhook.go); cert-manager renews.
    const security = engine.insecure ? {} : { security: { tcps: { enabled: true, tlsSecret: tcpsSecretName(cluster, m.site) } } };
    // With one cluster per site, the primary learns its standbys' addresses from
    // `spec.dataguard.standbySources` and writes their `<DB_UNIQUE_NAME>TCPS` aliases, which
    // redo transport resolves (singleinstancedatabase_controller.go
    // configuredSIDBPrimaryPeerAliasTargets, reconcilePrimaryDataguardTNSAliasesInPod).
    const standbySources = role === 'primary' && !stretched && !engine.insecure
      ? d.members.slice(1).filter((x) => x.host !== undefined).map((x) => ({ dbUniqueName: x.dbUniqueName, host: x.host, tcpsEnabled: true }))
      : [];
    // Every database has the operator configure its Data Guard prerequisites itself
    // (`spec.dataguard.prereqs.enabled`: the SIDB controller runs the image's
    // configDataguardPrereqs.sh with DG_ENABLE_BROKER=true in the database pod;
    // singleinstancedatabase_controller.go configDataguardPrereqs, commons/database/dataguard_prereqs.go
    // at sidbdevbranch e390bb952d5e). The topology broker configures them only for members it runs
    // locally (`localRef`: dataguardbroker_topology_execution.go
    // ensureDataguardTopologyLocalDatabasePrereqs); a member named by endpoint would leave the
    // broker waiting on ORA-16525.
    const dataguard = { dataguard: { prereqs: { enabled: true }, ...(standbySources.length > 0 ? { standbySources } : {}) } };
    return new oracle.SingleInstanceDatabaseV4(scope, `database-${m.site}`, {
      metadata: { name: databaseObjectName(cluster, m.site), namespace: cluster.namespace, labels: { ...labels, 'cdk-multisite/site': m.site } },
      spec: {
        sid: databaseSid(cluster, m.site),
        edition: oracle.SingleInstanceDatabaseV4SpecEdition.ENTERPRISE,
        createAs: role === 'primary' ? oracle.SingleInstanceDatabaseV4SpecCreateAs.PRIMARY : oracle.SingleInstanceDatabaseV4SpecCreateAs.STANDBY,
        ...source,
        ...dataguard,
        adminPassword: { secretName: engine.adminPasswordSecret, secretKey: 'oracle_pwd', keepSecret: true },
        image: { pullFrom: engine.image, pullSecrets: engine.imagePullSecret },
        persistence: {
          size: engine.storageSize,
          accessMode: oracle.SingleInstanceDatabaseV4SpecPersistenceAccessMode.READ_WRITE_ONCE,
          ...(engine.storageClassName ? { storageClass: engine.storageClassName } : {}),
        },
        ...services,
        ...security,
        ...(siteLabel ? { nodeSelector: { [siteLabel]: m.site } } : {}),
        replicas: 1,
      },
    });
  };
  const primaryDb = primaryMember.managed ? database(primaryMember, 'primary') : undefined;
  const standbyDbs = d.members.slice(1).filter((m) => m.managed).map((m) => database(m, 'standby'));
  if (primaryDb && stretched) for (const s of standbyDbs) s.node.addDependency(primaryDb);

  const brokerChart = chartOf(d.brokerSite);
  const protectionMode = engine.protectionMode === 'MaxAvailability'
    ? oracle.DataguardBrokerV4SpecProtectionMode.MAX_AVAILABILITY
    : oracle.DataguardBrokerV4SpecProtectionMode.MAX_PERFORMANCE;
  const broker = new oracle.DataguardBrokerV4(scopeIn(brokerChart), 'broker', {
    metadata: { name: brokerName(cluster), namespace: cluster.namespace, labels },
    spec: d.brokerMode === 'legacy'
      ? {
        primaryDatabaseRef: databaseObjectName(cluster, primary),
        standbyDatabaseRefs: standbys.map((s) => databaseObjectName(cluster, s)),
        protectionMode,
        fastStartFailover: engine.fastStartFailover,
        ...(siteLabel && observers.length > 0 ? { nodeSelector: { [siteLabel]: observers[0] } } : {}),
      }
      : topologyBrokerSpec(analysis, siteLabel),
  });
  if (stretched) for (const s of standbyDbs) broker.node.addDependency(s);

  // With monitoring, Oracle's exporter beside every database Kubernetes runs (metrics-exporter.ts).
  if (design.monitoring) for (const m of d.members.filter((x) => x.managed)) writeMetricsExporter(scopeIn(chartOf(m.site)), cluster, m, siteLabel);

  writeTcpsCertificates(design, analysis, stretched ? () => scopeIn(charts.clusterWide()) : (site) => scopeIn(charts.forSite(site)));

  const databaseSites = new Set(d.members.filter((m) => m.managed).map((m) => m.site));
  const listenerPorts = engine.insecure ? [ORACLE_LISTENER_PORT] : [ORACLE_LISTENER_PORT, ORACLE_TCPS_PORT];
  for (const site of stretched ? [undefined] : [...new Set([...databaseSites, d.brokerSite])]) {
    const chart = site === undefined ? charts.clusterWide() : charts.forSite(site);
    // The operator's database pods add SYS_NICE and an init container running as root, which
    // neither `restricted` nor `baseline` admit.
    const namespace = exemptNamespace(chart, cluster.namespace, 'privileged');
    // Stretched: the standbys come after the primary, which comes after the namespace.
    const first = stretched
      ? [primaryDb ?? standbyDbs[0], broker]
      : scopeIn(chart).node.children.filter((o) => o instanceof oracle.SingleInstanceDatabaseV4 || o instanceof oracle.DataguardBrokerV4);
    for (const obj of first) if (obj) obj.node.addDependency(namespace);
    if (site !== undefined && !databaseSites.has(site)) continue;
    const policy = listenerPolicy(scopeIn(chart), cluster.name, cluster.namespace, labels, engine.clientNamespaces, listenerPorts);
    policy.node.addDependency(namespace);
    if (site !== undefined) {
      // Redo, the broker and the observer arrive from the other sites through the LoadBalancer
      // (TCPS), and a new standby's first copy (TCP, see above).
      const peers = [...new Set([...d.members.map((m) => m.site), d.brokerSite])].filter((s) => s !== site);
      const cidrs = peers.map((p) => design.sites.find((s) => s.name === p)!).map((s) => [...s.podCidrs, ...s.nodeCidrs]);
      const listener = listenerPorts.map((p) => kplus.NetworkPolicyPort.tcp(p));
      const scope = scopeIn(chart);
      if (cidrs.some((c) => c.length === 0)) {
        policy.addIngressRule(kplus.NetworkPolicyIpBlock.anyIpv4(scope, 'peer-any'), listener);
      } else {
        for (const cidr of [...new Set(cidrs.flat())]) {
          const block = cidr.includes(':') ? kplus.NetworkPolicyIpBlock.ipv6(scope, `peer-${cidr}`, cidr) : kplus.NetworkPolicyIpBlock.ipv4(scope, `peer-${cidr}`, cidr);
          policy.addIngressRule(block, listener);
        }
      }
    }
  }
}

/**
 * `spec.topology` and `spec.execution` of a DataguardBroker in topology mode
 * (oracle/oracle-database-operator sidbdevbranch e390bb952d5e,
 * apis/database/v4/dataguard_common_types.go DataguardTopologySpec; dataguardbroker_webhook.go
 * validateDataguardTopology): members by `localRef` (a SingleInstanceDatabase in the broker's
 * namespace) or by `endpoints` (TCP host, port, service name), exactly one PRIMARY, every
 * standby in a pair; `defaults.adminSecretRef` for members without their own; `execution.image`
 * is required once a member is not local, and the observer needs a name and an image. The
 * runner and observer pods take `spec.nodeSelector` (dataguardbroker_reconcile_helpers.go and
 * dataguardbroker_topology_execution.go copy `broker.Spec.NodeSelector`), not
 * `topology.observer.nodeSelector`. `policy.fastStartFailover` makes the operator set
 * FastStartFailoverTarget and run ENABLE FAST_START FAILOVER (configureDataguardTopologyFSFO).
 */
function topologyBrokerSpec(a: AnalyzedDataGuard, siteLabel: string | undefined): oracle.DataguardBrokerV4Spec {
  const c = a.cluster;
  const e = c.engine;
  const d = a.details;
  const local = siteLabel !== undefined;
  // TCPS (unless insecure): `tcps.enabled` makes the broker pick the member's TCPS endpoint and
  // connect to it with the client wallet; the webhook wants a TCPS endpoint on every such member,
  // a local one too, and a wallet Secret (dataguardbroker_webhook.go validateDataguardTopology;
  // dataguardbroker_topology_execution.go resolveDataguardTopologyMember).
  const members = d.members.map((m, i): oracle.DataguardBrokerV4SpecTopologyMembers => {
    const isLocal = local && m.managed;
    const endpoint = e.insecure
      ? { name: 'tcp', protocol: 'TCP', host: m.host, port: m.port, serviceName: m.serviceName }
      : { name: 'tcps', protocol: 'TCPS', host: isLocal ? m.objectName : m.host, port: ORACLE_TCPS_PORT, serviceName: m.serviceName };
    return {
      name: m.site,
      role: i === 0 ? 'PRIMARY' : 'PHYSICAL_STANDBY',
      dbUniqueName: m.dbUniqueName,
      ...(isLocal ? { localRef: { apiVersion: 'database.oracle.com/v4', kind: 'SingleInstanceDatabase', namespace: c.namespace, name: m.objectName } } : {}),
      ...(!isLocal || !e.insecure ? { endpoints: [endpoint] } : {}),
      ...(e.insecure ? {} : { tcps: { enabled: true } }),
      ...(m.adminPasswordSecret !== e.adminPasswordSecret ? { adminSecretRef: { secretName: m.adminPasswordSecret, secretKey: 'oracle_pwd' } } : {}),
    };
  });
  const observer = e.fastStartFailover && d.roles.observers.length > 0;
  return {
    execution: { image: e.brokerImage, imagePullSecrets: [e.imagePullSecret] },
    topology: {
      policy: {
        protectionMode: e.protectionMode,
        transportMode: e.protectionMode === 'MaxAvailability' ? 'SYNC' : 'ASYNC',
        fastStartFailover: e.fastStartFailover,
      },
      defaults: {
        adminSecretRef: { secretName: e.adminPasswordSecret, secretKey: 'oracle_pwd' },
        ...(e.clientWalletSecret ? { tcps: { clientWalletSecret: e.clientWalletSecret } } : {}),
      },
      members,
      pairs: d.members.slice(1).map((m) => ({ primary: d.members[0].site, standby: m.site })),
      ...(observer ? { observer: { enabled: true, name: observerName(c), image: e.brokerImage } } : {}),
    },
    ...(siteLabel ? { nodeSelector: { [siteLabel]: d.brokerSite } } : {}),
  };
}

/**
 * The TCPS certificate of every Kubernetes-run database, issued from the shared CA in the
 * database's own cluster: the names the others reach it by (the published host with one
 * cluster per site; the operator's Service, named after the SingleInstanceDatabase, inside the
 * cluster, which the broker's local endpoints and the operator's aliases use).
 */
function writeTcpsCertificates(design: DesignModel, a: AnalyzedDataGuard, scopeOf: (site: string) => Construct): void {
  const c = a.cluster;
  const ca = c.engine.certManagerCaSecret;
  if (c.engine.insecure || ca === undefined) return;
  const byScope = new Map<Construct, IssuedCertificate[]>();
  for (const m of a.details.members.filter((x) => x.managed)) {
    const obj = m.objectName!;
    const svc = [obj, `${obj}.${c.namespace}`, `${obj}.${c.namespace}.svc`, `${obj}.${c.namespace}.svc.${clusterDomainOf(design, m.site)}`];
    const scope = scopeOf(m.site);
    byScope.set(scope, [...byScope.get(scope) ?? [], {
      id: `tcps-${m.site}`,
      secretName: tcpsSecretName(c, m.site),
      commonName: m.host ?? obj,
      dnsNames: [...(m.host ? [m.host] : []), ...svc],
      usages: ['server auth', 'client auth'],
    }]);
  }
  for (const [scope, certificates] of byScope) {
    writeCertificates(new Construct(scope, 'tcps-certificates'), c.name, c.namespace, ca, certificates);
  }
}

/** Admits the listener for every pod of the namespace (the operator labels its pods itself) and the client namespaces. */
function listenerPolicy(
  scope: Construct, name: string, namespace: string, labels: Record<string, string>, clientNamespaces: readonly string[],
  ports: readonly number[],
): kplus.NetworkPolicy {
  const policy = new kplus.NetworkPolicy(scope, 'network-policy', {
    metadata: { name, namespace, labels },
    selector: kplus.Pods.all(scope, 'all-pods'),
    ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
  });
  const listener = ports.map((p) => kplus.NetworkPolicyPort.tcp(p));
  policy.addIngressRule(kplus.Pods.all(scope, 'same-namespace'), listener);
  if (clientNamespaces.length > 0) {
    policy.addIngressRule(kplus.Pods.all(scope, 'clients', {
      namespaces: kplus.Namespaces.select(scope, 'client-namespaces', { names: [...clientNamespaces] }),
    }), listener);
  }
  return policy;
}
