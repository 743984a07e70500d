import { Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { placementOf, YugabyteAnalysis } from './analysis';
import { yugabyteBackupPlan } from './backup';
import { YugabyteSnapshotCronJob, YugabyteUploadCronJob } from './backup-writer';
import { placementJobSiteOf } from './flows';
import { certificateVolume, CERT_NODE_NAME, CERTS_DIR, DATA_DIR, YUGABYTE_UID } from './image';
import { YugabyteCluster, YugabyteDbModel } from './model';
import {
  certificateNames, masterAddresses, masterServiceName, masterSetName, selfAddress, tserverServiceName, tserverSetName,
} from './names';
import { YugabytePlacementJob } from './placement-job';
import { YUGABYTE_PORTS } from './ports';
import { AnalyzedCluster } from '../../analysis/analyzed-design';
import { writeHealthNamespaces } from '../../analysis/write-health';
import { writeCertificates } from '../../k8s/cert-manager';
import { addDataVolume } from '../../k8s/data-volume';
import { DatabaseServices, NamedPort } from '../../k8s/database-services';
import { SITE_LABEL, workloadLabels } from '../../k8s/labels';
import { membersService } from '../../k8s/members-service';
import { restrictedNamespace } from '../../k8s/namespaces';
import { OutputCharts } from '../../k8s/output-charts';
import { restrictedContainerSecurity, restrictedPodSecurity } from '../../k8s/restricted-security';
import { spreadOverNodes } from '../../k8s/spread-over-nodes';
import { useStableSelectors } from '../../k8s/stable-selectors';
import { DesignModel } from '../../model/design';

/** The chart's `memoryLimitHardPercentage` (values.yaml L634, L794): the servers' hard memory limit. */
const MEMORY_LIMIT_HARD_PERCENT = 85;

/**
 * Writes a YugabyteDB cluster as the `stable/yugabyte` chart renders one per zone with
 * `isMultiAz` (yugabyte/charts 1349b41fba098899d08e54106164edd72013787c,
 * templates/service.yaml, master-gflags-secret.yaml, tserver-gflags-secret.yaml): per member
 * site a yb-master StatefulSet (the site's masters; none where it has none) and a yb-tserver StatefulSet pinned to the site with
 * their headless Services; per Kubernetes cluster the namespace, client Service, the masters'
 * and tservers' PodDisruptionBudgets and NetworkPolicies; once, the Job that runs yb-admin
 * `modify_placement_info` and `set_preferred_zones`; with `backup`, the snapshot CronJob and one
 * uploader CronJob per tserver (`./backup-writer.ts`).
 */
export function writeYugabyteDb(design: DesignModel, analysis: AnalyzedCluster<YugabyteDbModel, YugabyteAnalysis>, charts: OutputCharts): void {
  const cluster = analysis.cluster;
  const details = analysis.details;
  const masters = masterAddresses(design, cluster, details.mastersPerSite);
  const scope = (chart: Chart) => (chart.node.tryFindChild(cluster.name) as Construct | undefined) ?? new Construct(chart, cluster.name);

  for (const m of cluster.members) {
    new YugabyteSiteServers(scope(charts.forSite(m.site)), 'servers', { design, cluster, details, site: m.site, tservers: m.voters, masters });
  }
  const jobSite = placementJobSiteOf(design, cluster);
  if (cluster.backup) writeBackup(design, cluster, masters, charts, scope);
  if (design.shape.kind === 'stretched') {
    const wide = scope(charts.clusterWide());
    writeClusterObjects(wide, design, cluster, details.tserverBudget.total, details.masterBudget.total);
    writeYugabyteCertificates(wide, design, cluster);
    new YugabytePlacementJob(wide, 'placement', { cluster, details, masters });
    return;
  }
  for (const m of cluster.members) {
    const local = scope(charts.forSite(m.site));
    writeClusterObjects(local, design, cluster, details.tserverBudget.perSite!.get(m.site)!, details.masterBudget.perSite!.get(m.site)!, m.site);
    writeYugabyteCertificates(local, design, cluster);
  }
  new YugabytePlacementJob(scope(charts.forSite(jobSite)), 'placement', { cluster, details, masters });
}

/** The snapshot CronJob in the plan's site and each tserver's uploader in that tserver's site (`./backup-writer.ts`). */
function writeBackup(design: DesignModel, cluster: YugabyteCluster, masters: string, charts: OutputCharts, scope: (chart: Chart) => Construct): void {
  const plan = yugabyteBackupPlan(design, cluster);
  const props = { cluster, backup: cluster.backup!, plan, masters };
  new YugabyteSnapshotCronJob(scope(charts.forSite(plan.site)), 'backup', props);
  for (const tserver of plan.tservers) new YugabyteUploadCronJob(scope(charts.forSite(tserver.site)), `backup-${tserver.pod}`, { ...props, tserver });
}

function tserverLabels(cluster: YugabyteCluster): Record<string, string> {
  // `database`: the component the shared client Service, PodDisruptionBudget and NetworkPolicy select.
  return workloadLabels('yugabytedb', cluster.name, 'database');
}

function masterLabels(cluster: YugabyteCluster): Record<string, string> {
  return workloadLabels('yugabytedb', cluster.name, 'master');
}

/**
 * What one Kubernetes cluster holds once: through `DatabaseServices` the namespace, the client
 * Service (YSQL, YCQL), the tservers' PodDisruptionBudget and NetworkPolicy; then the masters'
 * PodDisruptionBudget and NetworkPolicy, masters' ports from the cluster's own pods and, with one
 * cluster per site, from the other member sites' pod CIDRs.
 */
function writeClusterObjects(
  scope: Construct, design: DesignModel, cluster: YugabyteCluster, tserverBudget: number, masterBudget: number, site?: string,
): void {
  const engine = cluster.engine;
  new DatabaseServices(scope, 'services', {
    design,
    cluster,
    site,
    databaseLabels: tserverLabels(cluster),
    clientPorts: [{ name: 'tcp-ysql-port', port: YUGABYTE_PORTS.ysql }, { name: 'tcp-yql-port', port: YUGABYTE_PORTS.ycql }],
    sqlPort: YUGABYTE_PORTS.ysql,
    peerPorts: [YUGABYTE_PORTS.tserverRpc, YUGABYTE_PORTS.tserverHttp],
    maxUnavailable: tserverBudget,
    sqlClientNamespaces: engine.sqlClientNamespaces,
    writeHealthProbes: { namespaces: writeHealthNamespaces(design, cluster.name), port: YUGABYTE_PORTS.ysql },
  });
  const namespace = restrictedNamespace(Chart.of(scope), cluster.namespace);
  const labels = masterLabels(cluster);
  const pdb = new kplus.k8s.KubePodDisruptionBudget(scope, 'master-disruption-budget', {
    metadata: { name: `${cluster.name}-masters`, namespace: cluster.namespace, labels },
    spec: {
      maxUnavailable: kplus.k8s.IntOrString.fromNumber(masterBudget),
      selector: { matchLabels: { 'app.kubernetes.io/instance': cluster.name, 'app.kubernetes.io/component': 'master' } },
    },
  });
  const policy = new kplus.NetworkPolicy(scope, 'master-network-policy', {
    metadata: { name: `${cluster.name}-masters`, namespace: cluster.namespace, labels },
    selector: kplus.Pods.select(scope, 'masters', { labels }),
    ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
  });
  const ports = [YUGABYTE_PORTS.masterRpc, YUGABYTE_PORTS.masterHttp].map((p) => kplus.NetworkPolicyPort.tcp(p));
  policy.addIngressRule(kplus.Pods.select(scope, 'master-peers', { labels: { 'app.kubernetes.io/instance': cluster.name } }), ports);
  if (site !== undefined) {
    for (const s of design.sites.filter((x) => x.name !== site && cluster.members.some((m) => m.site === x.name))) {
      for (const [i, cidr] of s.podCidrs.entries()) {
        const block = cidr.includes(':')
          ? kplus.NetworkPolicyIpBlock.ipv6(scope, `master-${s.name}-pods-${i}`, cidr)
          : kplus.NetworkPolicyIpBlock.ipv4(scope, `master-${s.name}-pods-${i}`, cidr);
        policy.addIngressRule(block, ports);
      }
    }
  }
  pdb.node.addDependency(namespace);
  policy.node.addDependency(namespace);
}

/** The server certificate, issued in one Kubernetes cluster from the shared CA. */
function writeYugabyteCertificates(scope: Construct, design: DesignModel, cluster: YugabyteCluster): void {
  const engine = cluster.engine;
  if (!engine.certManagerCaSecret) return;
  writeCertificates(new Construct(scope, 'certificates'), cluster.name, cluster.namespace, engine.certManagerCaSecret, [
    { id: 'server', secretName: engine.certificatesSecret, commonName: 'yugabyte', dnsNames: certificateNames(design, cluster), usages: ['server auth', 'client auth'] },
  ]);
}

/** Flags both servers take: TLS, placement, the WAN heartbeat setting, logging and memory. */
function commonFlags(cluster: YugabyteCluster, details: YugabyteAnalysis, site: string, memoryMebibytes: number): string[] {
  const p = placementOf(cluster, site);
  return [
    `--fs_data_dirs=${DATA_DIR}`,
    '--webserver_interface=0.0.0.0',
    // Placement flags of the docs' multi-region Helm guide (gflags.master and gflags.tserver:
    // placement_cloud/region/zone and leader_failure_max_missed_heartbeat_periods),
    // https://docs.yugabyte.com/stable/deploy/kubernetes/multi-cluster/gke/helm-chart/.
    `--placement_cloud=${p.cloud}`,
    `--placement_region=${p.region}`,
    `--placement_zone=${p.zone}`,
    `--leader_failure_max_missed_heartbeat_periods=${details.missedHeartbeatPeriods}`,
    // The chart's hard memory limit, logging and hostname flags (master-gflags-secret.yaml L58-63).
    `--memory_limit_hard_bytes=${Math.floor((memoryMebibytes * 1024 * 1024 * MEMORY_LIMIT_HARD_PERCENT) / 100)}`,
    '--stderrthreshold=0',
    '--max_log_size=256',
    '--use_node_hostname_for_local_tserver=true',
  ];
}

interface SiteServersProps {
  readonly design: DesignModel;
  readonly cluster: YugabyteCluster;
  readonly details: YugabyteAnalysis;
  readonly site: string;
  readonly tservers: number;
  /** `--master_addresses`: every master of every site. */
  readonly masters: string;
}

/** One site's master and tservers, each a StatefulSet pinned to the site with its headless Service. */
class YugabyteSiteServers extends Construct {
  constructor(scope: Construct, id: string, props: SiteServersProps) {
    super(scope, id);
    const { design, cluster, details, site } = props;
    const engine = cluster.engine;
    const tls = !engine.insecure;
    // master-gflags-secret.yaml L28-69: replication factor (totalMasters with isMultiAz), the
    // master list, YSQL, TLS; the bind and broadcast addresses are the pod's own name (_helpers.tpl L296-345).
    const masterArgs = [
      `--master_addresses=${props.masters}`,
      `--replication_factor=${engine.replicationFactor}`,
      `--rpc_bind_addresses=${selfAddress(design, cluster, site, 'master')}`,
      `--server_broadcast_addresses=${selfAddress(design, cluster, site, 'master')}`,
      '--enable_ysql=true',
      ...commonFlags(cluster, details, site, engine.masterMemoryMebibytes),
      ...(tls ? [
        `--certs_dir=${CERTS_DIR}`,
        `--cert_node_filename=${CERT_NODE_NAME}`,
        '--use_node_to_node_encryption=true',
        '--allow_insecure_connections=false',
      ] : []),
    ];
    // tserver-gflags-secret.yaml L28-84: the masters, YSQL and YCQL listeners, authentication
    // (L41-49), TLS node-to-node and client-to-server.
    const tserverArgs = [
      `--tserver_master_addrs=${props.masters}`,
      `--rpc_bind_addresses=${selfAddress(design, cluster, site, 'tserver')}`,
      `--server_broadcast_addresses=${selfAddress(design, cluster, site, 'tserver')}`,
      '--enable_ysql=true',
      `--pgsql_proxy_bind_address=0.0.0.0:${YUGABYTE_PORTS.ysql}`,
      `--cql_proxy_bind_address=0.0.0.0:${YUGABYTE_PORTS.ycql}`,
      '--ysql_enable_auth=true',
      '--use_cassandra_authentication=true',
      ...commonFlags(cluster, details, site, engine.tserverMemoryMebibytes),
      ...(tls ? [
        `--certs_dir=${CERTS_DIR}`,
        `--certs_for_client_dir=${CERTS_DIR}`,
        `--cert_node_filename=${CERT_NODE_NAME}`,
        '--use_node_to_node_encryption=true',
        '--use_client_to_server_encryption=true',
        '--allow_insecure_connections=false',
      ] : []),
    ];

    const siteMasters = details.mastersPerSite.get(site) ?? 0;
    if (siteMasters > 0) {
      this.server(props, 'master', {
        name: masterSetName(cluster, site),
        serviceName: masterServiceName(cluster, site),
        replicas: siteMasters,
        binary: '/home/yugabyte/bin/yb-master',
        args: masterArgs,
        ports: [{ name: 'http-ui', port: YUGABYTE_PORTS.masterHttp }, { name: 'tcp-rpc-port', port: YUGABYTE_PORTS.masterRpc }],
        rpcPort: YUGABYTE_PORTS.masterRpc,
        cpuMillis: engine.masterCpuMillis,
        memoryMebibytes: engine.masterMemoryMebibytes,
        storageSize: engine.masterStorageSize,
        labels: masterLabels(cluster),
      });
    }
    this.server(props, 'tserver', {
      name: tserverSetName(cluster, site),
      serviceName: tserverServiceName(cluster, site),
      replicas: props.tservers,
      binary: '/home/yugabyte/bin/yb-tserver',
      args: tserverArgs,
      ports: [
        { name: 'http-ui', port: YUGABYTE_PORTS.tserverHttp },
        { name: 'tcp-rpc-port', port: YUGABYTE_PORTS.tserverRpc },
        { name: 'tcp-yql-port', port: YUGABYTE_PORTS.ycql },
        { name: 'tcp-ysql-port', port: YUGABYTE_PORTS.ysql },
      ],
      rpcPort: YUGABYTE_PORTS.tserverRpc,
      cpuMillis: engine.tserverCpuMillis,
      memoryMebibytes: engine.tserverMemoryMebibytes,
      storageSize: engine.tserverStorageSize,
      labels: tserverLabels(cluster),
    });
  }

  private server(props: SiteServersProps, role: 'master' | 'tserver', s: ServerSpec): void {
    const { design, cluster, site } = props;
    const engine = cluster.engine;
    const scope = new Construct(this, role);
    const labels = { ...s.labels, [SITE_LABEL]: site };
    const headless = membersService(scope, s.serviceName, cluster.namespace, labels, s.ports);
    const statefulSet = new kplus.StatefulSet(scope, 'statefulset', {
      metadata: { name: s.name, namespace: cluster.namespace, labels },
      select: false,
      podMetadata: { labels },
      service: headless,
      replicas: s.replicas,
      // service.yaml L148 and L285: pods start in parallel and get 300 s to stop.
      podManagementPolicy: kplus.PodManagementPolicy.PARALLEL,
      terminationGracePeriod: Duration.seconds(300),
      securityContext: restrictedPodSecurity(YUGABYTE_UID),
      containers: [{
        name: `yb-${role}`,
        image: engine.image,
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        // The chart starts the binary with its flags (service.yaml L631-652); here they are
        // arguments, with $(POD_NAME) expanded by Kubernetes.
        command: [s.binary],
        args: [...s.args],
        ports: s.ports.map((p) => ({ name: p.name, number: p.port })),
        envVariables: { POD_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAME) },
        resources: {
          cpu: { request: kplus.Cpu.millis(s.cpuMillis), limit: kplus.Cpu.millis(s.cpuMillis) },
          memory: { request: Size.mebibytes(s.memoryMebibytes), limit: Size.mebibytes(s.memoryMebibytes) },
        },
        // Pod Security `restricted`, but a writable root filesystem: the chart never runs the
        // servers on a read-only one (its master writes /tmp/yugabyte with no volume there), and
        // the image's other write paths are not documented. `restricted` does not require it.
        securityContext: { ...restrictedContainerSecurity(YUGABYTE_UID), readOnlyRootFilesystem: false },
        // The chart's startup probe: TCP on the RPC port (_helpers.tpl L547-649), 10 s × 30.
        startup: kplus.Probe.fromTcpSocket({ port: s.rpcPort, periodSeconds: Duration.seconds(10), failureThreshold: 30 }),
        readiness: kplus.Probe.fromTcpSocket({ port: s.rpcPort, periodSeconds: Duration.seconds(10), failureThreshold: 3 }),
        liveness: kplus.Probe.fromTcpSocket({ port: s.rpcPort, periodSeconds: Duration.seconds(10), failureThreshold: 6 }),
      }],
    });
    statefulSet.select(kplus.LabelSelector.of({ labels }));
    useStableSelectors(statefulSet, headless);
    if (design.shape.kind === 'stretched') {
      statefulSet.scheduling.attract(kplus.Node.labeled(kplus.NodeLabelQuery.is(design.shape.siteLabel, site)));
    }
    // The tservers hold the data; a site has one master, which has no peer of its own to avoid.
    if (role === 'tserver') spreadOverNodes(statefulSet, labels, cluster.nodeSpread);
    const container = statefulSet.containers[0];
    container.mount('/tmp', kplus.Volume.fromEmptyDir(scope, 'tmp', 'tmp'));
    if (!engine.insecure) container.mount(CERTS_DIR, certificateVolume(scope, engine.certificatesSecret, false), { readOnly: true });
    addDataVolume(statefulSet, { labels, storageSize: s.storageSize, storageClassName: engine.storageClassName, mountPath: DATA_DIR });
  }
}

interface ServerSpec {
  readonly name: string;
  readonly serviceName: string;
  readonly replicas: number;
  readonly binary: string;
  readonly args: readonly string[];
  readonly ports: readonly NamedPort[];
  readonly rpcPort: number;
  readonly cpuMillis: number;
  readonly memoryMebibytes: number;
  readonly storageSize: string;
  readonly labels: Record<string, string>;
}
