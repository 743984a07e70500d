import { Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { galeraBackupPlan } from './backup';
import { GaleraBackupCronJob } from './backup-writer';
import { GALERA_HEALTH_CHECK_SCRIPT, HEALTH_CHECK_DIR, HEALTH_CHECK_FILE, healthCheckCommand } from './health-check';
import { addMetricsExporter } from './metrics-exporter';
import { GaleraCluster, GaleraModel } from './model';
import { NEW_CLUSTER_ENV, NEW_CLUSTER_KEY, newClusterAllowedFunction, newClusterMarkerName } from './new-cluster-marker';
import { GALERA_HEALTH_CHECK_PORT, GALERA_PORTS } from './ports';
import { GALERA_READINESS_COMMAND, GALERA_READINESS_TIMING } from './readiness';
import { GaleraRouter, routerNames } from './router-writer';
import { GaleraSettings } from './settings';
import { SST_ACCOUNT_ENV, SST_AUTH } from './sst';
import { galeraWriteHealthAccountEnv } from './write-health';
import { AnalyzedCluster } from '../../analysis/analyzed-design';
import { writeHealthNamespaces } from '../../analysis/write-health';
import { writeCertificates } from '../../k8s/cert-manager';
import { addDataVolume } from '../../k8s/data-volume';
import { DatabaseServices, DatabaseServicesProps } from '../../k8s/database-services';
import { SITE_LABEL, workloadLabels } from '../../k8s/labels';
import { membersService } from '../../k8s/members-service';
import { OutputCharts } from '../../k8s/output-charts';
import { peerPolicy } from '../../k8s/peer-policy';
import { restrictedContainerSecurity, restrictedPodSecurity } from '../../k8s/restricted-security';
import { spreadOverNodes } from '../../k8s/spread-over-nodes';
import { useStableSelectors } from '../../k8s/stable-selectors';
import { DesignModel } from '../../model/design';
import { clusterDomainOf, memberHostnames, membersName, podSubdomain } from '../../model/member-addresses';

const GALERA_NAMED_PORTS = Object.entries(GALERA_PORTS).map(([name, port]) => ({ name, port }));

/** uid of the `mysql` user in the official MariaDB image. */
const MARIADB_UID = 999;
/** garbd needs no files: it runs as `nobody`. */
const GARBD_UID = 65534;
/** garbd's working directory, where it keeps `gvwstate.dat`. */
const GARBD_STATE_DIR = '/var/lib/garbd';
const TLS_DIR = '/etc/mysql/tls';
const SECRET_FILE_MODE = 0o440;

/**
 * Writes a MariaDB Galera cluster, the same way in both deployment shapes: per site with data
 * nodes a StatefulSet pinned to the site (replicas = its data nodes) with the site's
 * `gmcast.segment`, its config and headless Service; per site with arbitrators a `garbd`
 * Deployment; per Kubernetes cluster the namespace, client Service, PDB and NetworkPolicy.
 *
 * Why not mariadb-operator's `MariaDB` with `spec.galera`: it runs one StatefulSet, which can
 * spread pods over sites but not pin a given number to each; its provider options are
 * cluster-wide, so every site would share one `gmcast.segment`; and it has no arbitrator.
 */
export function writeGalera(design: DesignModel, analysis: AnalyzedCluster<GaleraModel, GaleraSettings>, charts: OutputCharts): void {
  const { cluster, details: settings, disruptionBudget: budget } = analysis;
  const peers = memberHostnames(design, cluster).map((h) => `${h}:${GALERA_PORTS.group}`);
  const scope = (chart: Chart) => (chart.node.tryFindChild(cluster.name) as Construct | undefined) ?? new Construct(chart, cluster.name);
  const bootstrapSite = cluster.members.find((m) => m.voters > 0)!.site;

  for (const m of cluster.members) {
    const site = scope(charts.forSite(m.site));
    if (m.voters > 0) {
      new GaleraSiteMembers(site, 'members', { design, cluster, settings, site: m.site, voters: m.voters, peers, bootstrap: m.site === bootstrapSite });
    }
    if (m.voters > 0 && settings.router) {
      new GaleraRouter(site, 'router', { design, cluster, plan: settings.router, site: m.site });
    }
    if (m.arbitrators > 0) {
      new GaleraArbitrator(site, 'arbitrator', { design, cluster, settings, site: m.site, replicas: m.arbitrators, peers });
    }
  }
  if (cluster.backup) {
    const plan = galeraBackupPlan(design, cluster, settings);
    new GaleraBackupCronJob(scope(charts.forSite(plan.node.site)), 'backup', { cluster, backup: cluster.backup, plan });
  }
  if (!budget.perSite) {
    new DatabaseServices(scope(charts.clusterWide()), 'services', servicesProps(design, cluster, budget.total));
    writeGaleraCertificates(scope(charts.clusterWide()), design, cluster, settings);
    return;
  }
  for (const m of cluster.members) {
    new DatabaseServices(scope(charts.forSite(m.site)), 'services', { ...servicesProps(design, cluster, budget.perSite.get(m.site)!), site: m.site });
    writeGaleraCertificates(scope(charts.forSite(m.site)), design, cluster, settings);
  }
}

/** The replication certificate, issued in one Kubernetes cluster from the shared CA. */
function writeGaleraCertificates(scope: Construct, design: DesignModel, cluster: GaleraCluster, settings: GaleraSettings): void {
  const engine = cluster.engine;
  if (!engine.certManagerCaSecret || !engine.tlsSecret) return;
  const dataSites = cluster.members.filter((m) => m.voters > 0).map((m) => m.site);
  const dnsNames = dataSites.map((site) => `*.${podSubdomain(design, site, membersName(cluster, site), cluster.namespace)}`);
  // Clients reach the nodes through the routers' Services (TCP passed through, TLS end to end):
  // the certificate names them too, so a client that verifies the server's name can use them.
  // The `<cluster>-public` Service (REPORT.md offers it to tools that must reach any node) likewise.
  for (const site of dataSites) {
    const services = [`${cluster.name}-public`, ...(settings.router ? [routerNames(cluster, site).writer, routerNames(cluster, site).reader] : [])];
    for (const service of services) dnsNames.push(service, `${service}.${cluster.namespace}.svc.${clusterDomainOf(design, site)}`);
  }
  writeCertificates(new Construct(scope, 'certificates'), cluster.name, cluster.namespace, engine.certManagerCaSecret, [
    { id: 'replication', secretName: engine.tlsSecret, commonName: cluster.name, dnsNames: [...new Set(dnsNames)], usages: ['server auth', 'client auth'] },
  ]);
}

function servicesProps(design: DesignModel, cluster: GaleraCluster, maxUnavailable: number): DatabaseServicesProps {
  return {
    design,
    cluster,
    databaseLabels: workloadLabels('mariadb', cluster.name, 'database'),
    clientPorts: [{ name: 'sql', port: GALERA_PORTS.sql }],
    sqlPort: GALERA_PORTS.sql,
    peerPorts: [GALERA_PORTS.group, GALERA_PORTS.ist, GALERA_PORTS.sst],
    maxUnavailable,
    sqlClientNamespaces: cluster.engine.sqlClientNamespaces,
    // The write-path probe logs in over SQL (./write-health.ts): admitted from its pods only.
    writeHealthProbes: { namespaces: writeHealthNamespaces(design, cluster.name), port: GALERA_PORTS.sql },
  };
}

/**
 * `wsrep_provider_options` of a member in `site`: the given settings (a data node's or an
 * arbitrator's), the site's segment, and TLS.
 */
export function providerOptionsFor(cluster: GaleraCluster, settings: GaleraSettings, shared: ReadonlyMap<string, string>, site: string): string {
  const options = new Map(shared);
  options.set('gmcast.segment', `${settings.segments.get(site)}`);
  if (!cluster.engine.insecure) {
    options.set('socket.ssl_ca', `${TLS_DIR}/ca.crt`);
    options.set('socket.ssl_cert', `${TLS_DIR}/tls.crt`);
    options.set('socket.ssl_key', `${TLS_DIR}/tls.key`);
  }
  return [...options].map(([k, v]) => `${k}=${v}`).join('; ');
}

/** The `galera.cnf` of the data nodes in one site. */
export function galeraConfig(cluster: GaleraCluster, settings: GaleraSettings, site: string, peers: readonly string[]): string {
  const lines = [
    `# Galera settings of ${cluster.name} in site ${site}, written by cdk-multisite.`,
    '[mysqld]',
    'binlog_format=ROW',
    'default_storage_engine=InnoDB',
    'innodb_autoinc_lock_mode=2',
    `innodb_buffer_pool_size=${settings.bufferPoolMebibytes}M`,
    'wsrep_on=ON',
    'wsrep_provider=/usr/lib/galera/libgalera_smm.so',
    `wsrep_cluster_name=${cluster.name}`,
    `wsrep_cluster_address=gcomm://${peers.join(',')}`,
    'wsrep_sst_method=mariabackup',
    // The donor's mariabackup logs in as this user over the unix socket (see ./sst.ts).
    `wsrep_sst_auth=${SST_AUTH}`,
    `wsrep_provider_options="${providerOptionsFor(cluster, settings, settings.providerOptions, site)}"`,
  ];
  if (!cluster.engine.insecure) {
    // require_secure_transport (MariaDB 10.5.2 and later): the server refuses a TCP client that
    // did not negotiate TLS and still admits unix socket connections, which the readiness probe
    // and the image's entrypoint use
    // (https://mariadb.com/docs/server/ref/mdb/cli/mariadbd/require-secure-transport). The
    // failure lab shows it on MariaDB 10.11: a clear-text login is refused (ERROR 1045), the same
    // login over TLS is admitted, and the readiness probe passes.
    // mariadb-operator's MariaDB has the same switch as `spec.tls.required` (v26.6.0,
    // config/crd/bases/k8s.mariadb.com_mariadbs.yaml); this library writes the server config itself.
    lines.push(
      '', '[mariadb]', `ssl_ca=${TLS_DIR}/ca.crt`, `ssl_cert=${TLS_DIR}/tls.crt`, `ssl_key=${TLS_DIR}/tls.key`, 'require_secure_transport=ON',
      '', '[sst]', 'ssl-mode=VERIFY_CA',
    );
  }
  return `${lines.join('\n')}\n`;
}

/**
 * The container command's lines that start a new cluster: only from `pod` (the bootstrap site's
 * first pod), only when its datadir has no Galera state, only while the new-cluster marker allows
 * it (./new-cluster-marker.ts: a ConfigMap that the first install and a restore create, with a
 * deadline, and delete once this pod runs), and only when no other member of
 * `wsrep_cluster_address` (`peers`, `host:port`) runs. An empty datadir
 * while the cluster runs (a replaced disk, a deleted PVC, the bootstrap site back on new storage)
 * must join by SST, even when no peer answers at that moment (its site cut off): the marker is
 * what tells that apart from a first install. Bootstrapping is for when every node is offline
 * ("if all nodes in a cluster are offline, you must start the first node using a special method":
 * MariaDB, Bootstrap a Galera Cluster, https://mariadb.com/docs/service-management/operations/start-stop-status/bootstrap-galera-cluster/;
 * galera_new_cluster(1): "Used to bootstrap a new Galera Cluster when all nodes are down");
 * started while a Primary Component exists, the node forms a second cluster of the same name
 * instead of joining it (shown by test/failure-lab/galera-rejoin-empty.test.ts with every peer
 * reachable, and test/failure-lab/galera-empty-cutoff.test.ts with none).
 *
 * What counts as a running peer: a joiner that waits for a Primary Component already listens on
 * its gcomm port, so a gcomm answer does not tell a running member from another pod of the same
 * first install; counted so, the bootstrap pod started as a joiner too and every pod crash-looped
 * (test/failure-lab/galera-first-install.test.ts). A peer in this pod's Kubernetes cluster
 * (`localPeerPrefix`: every peer in the stretched cluster, the site's own pods otherwise) counts
 * when its SQL port accepts a connection: mariadbd opens it only once it is in a Primary Component
 * with the state (a joiner after its SST; the image's entrypoint initializes with
 * `--skip-networking`), and the NetworkPolicy admits it within the namespace. A peer in another
 * Kubernetes cluster counts on its gcomm port (the only port the policy opens across sites):
 * APPLY.md applies those sites only after this pod is Ready (./cluster-setup.ts), so on a first
 * install no such joiner runs yet. A peer that does not resolve or refuses counts as silent; each
 * try is bounded by `timeout` (coreutils, in the image). After a full outage, bootstrap by hand
 * (see the report section).
 */
function bootstrapLines(cluster: GaleraCluster, pod: string, peers: readonly string[], localPeerPrefix: string | undefined): string[] {
  const others = peers.filter((p) => !p.startsWith(`${pod}.`)).map((p) => {
    const host = p.slice(0, p.lastIndexOf(':'));
    const local = localPeerPrefix === undefined || host.startsWith(localPeerPrefix);
    return { host, port: local ? GALERA_PORTS.sql : GALERA_PORTS.group };
  });
  const joiner = `${pod}: no grastate.dat, starting as a joiner (SST from a running member); only ConfigMap ${newClusterMarkerName(cluster)} (APPLY.md, first install) lets it start a new cluster`;
  return [
    'peer_answers() {',
    ...others.map((o) => `  timeout ${PEER_TIMEOUT_SECONDS} bash -c "</dev/tcp/${o.host}/${o.port}" 2>/dev/null && return 0`),
    '  return 1',
    '}',
    ...newClusterAllowedFunction(),
    `if [ "$POD_NAME" = "${pod}" ] && [ ! -e /var/lib/mysql/grastate.dat ]; then if new_cluster_allowed && ! peer_answers; then set -- "$@" --wsrep-new-cluster; else echo "${joiner}" >&2; fi; fi`,
  ];
}

/** Seconds the bootstrap pod waits for each peer's port before counting it silent. */
const PEER_TIMEOUT_SECONDS = 2;

interface SiteMembersProps {
  readonly design: DesignModel;
  readonly cluster: GaleraCluster;
  readonly settings: GaleraSettings;
  readonly site: string;
  readonly voters: number;
  readonly peers: readonly string[];
  /** Whether this site's first pod may start a new cluster when it finds no state, the marker allows it and no peer answers. */
  readonly bootstrap: boolean;
}

/** The data nodes of one cluster in one site. */
class GaleraSiteMembers extends Construct {
  constructor(scope: Construct, id: string, props: SiteMembersProps) {
    super(scope, id);
    const { design, cluster, site } = props;
    const engine = cluster.engine;
    const name = membersName(cluster, site);
    const labels = { ...workloadLabels('mariadb', cluster.name, 'database'), [SITE_LABEL]: site };
    const host = `$(POD_NAME).${podSubdomain(design, site, name, cluster.namespace)}`;

    const config = new kplus.ConfigMap(this, 'config', {
      metadata: { name: `${name}-config`, namespace: cluster.namespace, labels },
      data: { 'galera.cnf': galeraConfig(cluster, props.settings, site, props.peers) },
    });
    const headless = membersService(this, name, cluster.namespace, labels, GALERA_NAMED_PORTS);
    const script = [
      'set -eu',
      `set -- --wsrep-node-name="$POD_NAME" --wsrep-node-address="${host.replace('$(POD_NAME)', '$POD_NAME')}"`,
      ...(props.bootstrap ? bootstrapLines(cluster, `${name}-0`, props.peers, design.shape.kind === 'stretched' ? undefined : `${name}-`) : []),
      'exec docker-entrypoint.sh mariadbd "$@"',
    ].join('\n');

    const tcp = (failureThreshold: number, period: number) =>
      kplus.Probe.fromTcpSocket({ port: GALERA_PORTS.sql, periodSeconds: Duration.seconds(period), failureThreshold });
    const statefulSet = new kplus.StatefulSet(this, 'statefulset', {
      metadata: { name, namespace: cluster.namespace, labels },
      select: false,
      podMetadata: { labels },
      service: headless,
      replicas: props.voters,
      podManagementPolicy: kplus.PodManagementPolicy.ORDERED_READY,
      securityContext: restrictedPodSecurity(MARIADB_UID),
      terminationGracePeriod: Duration.seconds(120),
      containers: [{
        name: 'mariadb',
        image: engine.image,
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        command: ['/bin/bash', '-c', script],
        ports: GALERA_NAMED_PORTS.map((p) => ({ name: p.name, number: p.port })),
        envVariables: {
          POD_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAME),
          MARIADB_ROOT_PASSWORD: kplus.EnvValue.fromSecretValue({
            secret: kplus.Secret.fromSecretName(this, 'root-password', engine.rootPasswordSecret),
            key: 'password',
          }),
          // The bootstrap pod's permission to start a new cluster, while the marker exists.
          ...(props.bootstrap ? {
            [NEW_CLUSTER_ENV]: kplus.EnvValue.fromConfigMap(
              kplus.ConfigMap.fromConfigMapName(this, 'new-cluster-marker', newClusterMarkerName(cluster)), NEW_CLUSTER_KEY, { optional: true }),
          } : {}),
          ...Object.fromEntries(Object.entries(SST_ACCOUNT_ENV).map(([k, v]) => [k, kplus.EnvValue.fromValue(v)])),
          ...Object.fromEntries(galeraWriteHealthAccountEnv(design, cluster).map((e) => [e.name, e.secret
            ? kplus.EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(this, `secret-${e.name}`, e.secret.name), key: e.secret.key })
            : kplus.EnvValue.fromValue(e.value!)])),
        },
        resources: {
          cpu: { request: kplus.Cpu.millis(engine.cpuMillis), limit: kplus.Cpu.millis(engine.cpuMillis) },
          memory: { request: Size.mebibytes(engine.memoryMebibytes), limit: Size.mebibytes(engine.memoryMebibytes) },
        },
        securityContext: restrictedContainerSecurity(MARIADB_UID),
        // A joiner receives a full copy (SST) before it listens: allow it an hour. Liveness stays
        // a TCP connect: a node cut off from the Primary component is alive and rejoins by itself.
        startup: tcp(360, 10),
        liveness: tcp(6, 10),
        readiness: galeraReadinessProbe(),
      }],
    });
    statefulSet.select(kplus.LabelSelector.of({ labels }));
    useStableSelectors(statefulSet, headless);
    if (design.shape.kind === 'stretched') {
      statefulSet.scheduling.attract(kplus.Node.labeled(kplus.NodeLabelQuery.is(design.shape.siteLabel, site)));
    }
    spreadOverNodes(statefulSet, labels, cluster.nodeSpread);
    const container = statefulSet.containers[0];
    container.mount('/etc/mysql/conf.d', kplus.Volume.fromConfigMap(this, 'config-volume', config, { name: 'config' }), { readOnly: true });
    container.mount('/run/mysqld', kplus.Volume.fromEmptyDir(this, 'run', 'run'));
    container.mount('/tmp', kplus.Volume.fromEmptyDir(this, 'tmp', 'tmp'));
    if (engine.tlsSecret) container.mount(TLS_DIR, tlsVolume(this, engine.tlsSecret), { readOnly: true });
    if (props.settings.router) this.addHealthCheck(statefulSet, name, labels, engine.rootPasswordSecret);
    if (design.monitoring) addMetricsExporter(statefulSet, MARIADB_UID);

    addDataVolume(statefulSet, { labels, storageSize: engine.storageSize, storageClassName: engine.storageClassName, mountPath: '/var/lib/mysql' });
  }

  /**
   * The routers' health check (./health-check.ts): a sidecar from the MariaDB image that answers
   * on GALERA_HEALTH_CHECK_PORT, reading the node's status over the unix socket it shares.
   */
  private addHealthCheck(statefulSet: kplus.StatefulSet, name: string, labels: Record<string, string>, rootPasswordSecret: string): void {
    const script = new kplus.ConfigMap(this, 'health-check', {
      metadata: { name: `${name}-health-check`, namespace: statefulSet.metadata.namespace, labels },
      data: { [HEALTH_CHECK_FILE]: `${GALERA_HEALTH_CHECK_SCRIPT}\n` },
    });
    const sidecar = statefulSet.addContainer({
      name: 'health-check',
      image: statefulSet.containers[0].image,
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      command: healthCheckCommand(GALERA_HEALTH_CHECK_PORT),
      ports: [{ name: 'health-check', number: GALERA_HEALTH_CHECK_PORT }],
      envVariables: {
        MARIADB_ROOT_PASSWORD: kplus.EnvValue.fromSecretValue({
          secret: kplus.Secret.fromSecretName(this, 'health-check-password', rootPasswordSecret),
          key: 'password',
        }),
      },
      resources: {
        cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(200) },
        memory: { request: Size.mebibytes(32), limit: Size.mebibytes(128) },
      },
      securityContext: restrictedContainerSecurity(MARIADB_UID),
      liveness: kplus.Probe.fromTcpSocket({ port: GALERA_HEALTH_CHECK_PORT, periodSeconds: Duration.seconds(10), failureThreshold: 3 }),
    });
    sidecar.mount(HEALTH_CHECK_DIR, kplus.Volume.fromConfigMap(this, 'health-check-volume', script, { name: 'health-check' }), { readOnly: true });
    const run = statefulSet.containers[0].mounts.find((m) => m.path === '/run/mysqld')!;
    sidecar.mount('/run/mysqld', run.volume);
  }
}

/** Ready only when Synced (see ./readiness.ts). */
function galeraReadinessProbe(): kplus.Probe {
  const t = GALERA_READINESS_TIMING;
  return kplus.Probe.fromCommand([...GALERA_READINESS_COMMAND], {
    periodSeconds: Duration.seconds(t.periodSeconds),
    timeoutSeconds: Duration.seconds(t.timeoutSeconds),
    failureThreshold: t.failureThreshold,
  });
}

function tlsVolume(scope: Construct, secretName: string): kplus.Volume {
  return kplus.Volume.fromSecret(scope, 'tls', kplus.Secret.fromSecretName(scope, 'tls-secret', secretName), {
    name: 'tls',
    defaultMode: SECRET_FILE_MODE,
    // The keys galera.cnf names (socket.ssl_*, ssl_*): listed, so a missing key fails the mount
    // and APPLY.md's precondition names the keys to provide.
    items: Object.fromEntries(['ca.crt', 'tls.crt', 'tls.key'].map((k) => [k, { path: k }])),
  });
}

interface ArbitratorProps {
  readonly design: DesignModel;
  readonly cluster: GaleraCluster;
  readonly settings: GaleraSettings;
  readonly site: string;
  readonly replicas: number;
  readonly peers: readonly string[];
}

/** `garbd` in one site: a member of the group with one vote and no data. */
class GaleraArbitrator extends Construct {
  constructor(scope: Construct, id: string, props: ArbitratorProps) {
    super(scope, id);
    const { design, cluster, site } = props;
    const engine = cluster.engine;
    const labels = { ...workloadLabels('mariadb', cluster.name, 'arbitrator'), [SITE_LABEL]: site };
    const options = providerOptionsFor(cluster, props.settings, props.settings.arbitratorProviderOptions, site);
    const deployment = new kplus.Deployment(this, 'deployment', {
      metadata: { name: `${cluster.name}-arbitrator-${site}`, namespace: cluster.namespace, labels },
      select: false,
      podMetadata: { labels },
      replicas: props.replicas,
      securityContext: restrictedPodSecurity(GARBD_UID),
      containers: [{
        name: 'garbd',
        image: engine.arbitratorImage!,
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        command: ['garbd'],
        workingDir: GARBD_STATE_DIR,
        args: [`--group=${cluster.name}`, `--address=gcomm://${props.peers.join(',')}`, `--options=${options}`],
        ports: [{ name: 'group', number: GALERA_PORTS.group }],
        resources: {
          cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
          memory: { request: Size.mebibytes(256), limit: Size.mebibytes(512) },
        },
        securityContext: restrictedContainerSecurity(GARBD_UID),
        liveness: kplus.Probe.fromTcpSocket({ port: GALERA_PORTS.group, periodSeconds: Duration.seconds(10), failureThreshold: 6 }),
      }],
    });
    deployment.select(kplus.LabelSelector.of({ labels }));
    useStableSelectors(deployment);
    if (design.shape.kind === 'stretched') {
      deployment.scheduling.attract(kplus.Node.labeled(kplus.NodeLabelQuery.is(design.shape.siteLabel, site)));
    }
    // garbd saves the primary component (`gvwstate.dat`, pc.recovery) in its working directory; on
    // the read-only root it logs "open file(./gvwstate.dat.tmp) failed(Permission denied)" and
    // cannot help restore the component after every member crashed (measured with Debian's garbd 26.4).
    deployment.containers[0].mount(GARBD_STATE_DIR, kplus.Volume.fromEmptyDir(this, 'state', 'garbd-state'));
    if (engine.tlsSecret) deployment.containers[0].mount(TLS_DIR, tlsVolume(this, engine.tlsSecret), { readOnly: true });
    // gcomm is a full mesh that either end may open (./flows.ts): garbd must admit the data nodes
    // and the other arbitrators, or after a partition heals only its own retries bring its vote back.
    peerPolicy(this, 'network-policy', {
      design,
      cluster,
      name: `${cluster.name}-arbitrator-${site}`,
      labels,
      ports: [GALERA_PORTS.group],
      site: design.shape.kind === 'stretched' ? undefined : site,
    });
  }
}
