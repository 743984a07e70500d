import { Chart, Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { BACKUP_KEY_ENV, backupScheduleLines } from './backup';
import { initSiteOf } from './flows';
import { CockroachCluster, CockroachDbModel } from './model';
import { COCKROACH_PORTS } from './ports';
import { CockroachAnalysis } from './voting-groups';
import { zoneConfigStatements } from './zone-config';
import { AnalyzedCluster } from '../../analysis/analyzed-design';
import { writeHealthNamespaces } from '../../analysis/write-health';
import { writeCertificates } from '../../k8s/cert-manager';
import { addDataVolume } from '../../k8s/data-volume';
import { DatabaseServices, DatabaseServicesProps } from '../../k8s/database-services';
import { SITE_LABEL, workloadLabels } from '../../k8s/labels';
import { membersService } from '../../k8s/members-service';
import { OutputCharts } from '../../k8s/output-charts';
import { restrictedContainerSecurity, restrictedPodSecurity } from '../../k8s/restricted-security';
import { spreadOverNodes } from '../../k8s/spread-over-nodes';
import { useStableSelectors } from '../../k8s/stable-selectors';
import { BackupModel } from '../../model/backup';
import { DesignModel } from '../../model/design';
import { clusterDomainOf, memberHostnames, membersName, nodeCertificateNames, podSubdomain } from '../../model/member-addresses';

const CERTS_DIR = '/cockroach/cockroach-certs';
const DATA_DIR = '/cockroach/cockroach-data';
/** Secret files readable by the owner and fsGroup only; CockroachDB accepts group-readable keys owned by root. */
const SECRET_FILE_MODE = 0o440;

/**
 * Writes a CockroachDB cluster: per member site a StatefulSet pinned to the site with
 * replicas = its voters and a headless Service; per Kubernetes cluster the namespace,
 * client Service, PodDisruptionBudget and NetworkPolicy; once, the init Job that sets the
 * zone configuration.
 */
export function writeCockroachDb(design: DesignModel, analysis: AnalyzedCluster<CockroachDbModel, CockroachAnalysis>, charts: OutputCharts): void {
  const cluster = analysis.cluster;
  const join = memberHostnames(design, cluster).map((h) => `${h}:${COCKROACH_PORTS.rpc}`);
  const budget = analysis.disruptionBudget;
  const zoneSql = zoneConfigStatements(analysis.details, localityTier(design)).join(' ');

  const scope = (chart: Chart) => (chart.node.tryFindChild(cluster.name) as Construct | undefined) ?? new Construct(chart, cluster.name);

  for (const m of cluster.members) {
    new CockroachSiteMembers(scope(charts.forSite(m.site)), 'members', { design, cluster, site: m.site, voters: m.voters, join });
  }
  if (!budget.perSite) {
    const wide = scope(charts.clusterWide());
    new DatabaseServices(wide, 'services', servicesProps(design, cluster, budget.total));
    writeCockroachCertificates(wide, design, cluster);
    new CockroachInitJob(wide, 'init', { design, cluster, initSite: initSiteOf(design, cluster), zoneSql });
    return;
  }
  for (const m of cluster.members) {
    new DatabaseServices(scope(charts.forSite(m.site)), 'services', { ...servicesProps(design, cluster, budget.perSite.get(m.site)!), site: m.site });
    writeCockroachCertificates(scope(charts.forSite(m.site)), design, cluster);
  }
  const initSite = initSiteOf(design, cluster);
  new CockroachInitJob(scope(charts.forSite(initSite)), 'init', { design, cluster, initSite, zoneSql });
}

function servicesProps(design: DesignModel, cluster: CockroachCluster, maxUnavailable: number): DatabaseServicesProps {
  return {
    design,
    cluster,
    databaseLabels: databaseLabels(cluster),
    clientPorts: [{ name: 'sql', port: COCKROACH_PORTS.sql }, { name: 'http', port: COCKROACH_PORTS.http }],
    sqlPort: COCKROACH_PORTS.sql,
    peerPorts: [COCKROACH_PORTS.rpc],
    maxUnavailable,
    sqlClientNamespaces: cluster.engine.sqlClientNamespaces,
    // The write-path probe reads /health?ready=1 on the HTTP port (./write-health.ts).
    writeHealthProbes: { namespaces: writeHealthNamespaces(design, cluster.name), port: COCKROACH_PORTS.http },
  };
}

function databaseLabels(cluster: CockroachCluster): Record<string, string> {
  return workloadLabels('cockroachdb', cluster.name, 'database');
}

/**
 * The certificate Secret as CockroachDB reads it. cert-manager's Secrets hold `tls.crt` and
 * `tls.key`, so their keys are mapped to the names CockroachDB expects (`node.crt`, `client.root.key`, …).
 */
function certificateVolume(scope: Construct, secretName: string, certManager: boolean, holder: 'node' | 'client.root'): kplus.Volume {
  return kplus.Volume.fromSecret(scope, 'certs', kplus.Secret.fromSecretName(scope, 'certs-secret', secretName), {
    name: 'certs',
    defaultMode: SECRET_FILE_MODE,
    ...(certManager
      ? { items: { 'ca.crt': { path: 'ca.crt' }, 'tls.crt': { path: `${holder}.crt` }, 'tls.key': { path: `${holder}.key` } } }
      : {}),
  });
}

/** The node and root-client certificates, issued in one Kubernetes cluster from the shared CA. */
function writeCockroachCertificates(scope: Construct, design: DesignModel, cluster: CockroachCluster): void {
  const engine = cluster.engine;
  if (!engine.certManagerCaSecret) return;
  writeCertificates(new Construct(scope, 'certificates'), cluster.name, cluster.namespace, engine.certManagerCaSecret, [
    { id: 'node', secretName: engine.nodeCertificatesSecret, commonName: 'node', dnsNames: nodeCertificateNames(design, cluster), usages: ['server auth', 'client auth'] },
    { id: 'root', secretName: engine.rootClientCertificatesSecret, commonName: 'root', usages: ['client auth'] },
  ]);
}

function securityArgs(engine: CockroachDbModel): string[] {
  return engine.insecure ? ['--insecure'] : [`--certs-dir=${CERTS_DIR}`];
}

interface SiteMembersProps {
  readonly design: DesignModel;
  readonly cluster: CockroachCluster;
  readonly site: string;
  readonly voters: number;
  readonly join: string[];
}

/** The members of one cluster in one site. */
class CockroachSiteMembers extends Construct {
  constructor(scope: Construct, id: string, props: SiteMembersProps) {
    super(scope, id);
    const { design, cluster, site } = props;
    const engine = cluster.engine;
    const name = membersName(cluster, site);
    const labels = { ...databaseLabels(cluster), [SITE_LABEL]: site };
    const self = `$(POD_NAME).${podSubdomain(design, site, name, cluster.namespace)}`;
    const scheme = engine.insecure ? kplus.ConnectionScheme.HTTP : kplus.ConnectionScheme.HTTPS;

    const headless = membersService(this, name, cluster.namespace, labels, [
      { name: 'rpc', port: COCKROACH_PORTS.rpc },
      { name: 'sql', port: COCKROACH_PORTS.sql },
      { name: 'http', port: COCKROACH_PORTS.http },
    ]);

    const statefulSet = new kplus.StatefulSet(this, 'statefulset', {
      metadata: { name, namespace: cluster.namespace, labels },
      select: false,
      podMetadata: { labels },
      service: headless,
      replicas: props.voters,
      podManagementPolicy: kplus.PodManagementPolicy.PARALLEL,
      securityContext: restrictedPodSecurity(),
      terminationGracePeriod: Duration.seconds(300),
      containers: [{
        name: 'cockroachdb',
        image: engine.image,
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        command: ['/cockroach/cockroach'],
        args: [
          'start',
          `--join=${props.join.join(',')}`,
          `--listen-addr=:${COCKROACH_PORTS.rpc}`,
          `--advertise-addr=${self}:${COCKROACH_PORTS.rpc}`,
          `--sql-addr=:${COCKROACH_PORTS.sql}`,
          `--advertise-sql-addr=${self}:${COCKROACH_PORTS.sql}`,
          `--http-addr=:${COCKROACH_PORTS.http}`,
          `--locality=${localityTier(design)}=${site}`,
          `--store=path=${DATA_DIR}`,
          '--cache=25%',
          '--max-sql-memory=25%',
          ...securityArgs(engine),
        ],
        ports: [
          { name: 'rpc', number: COCKROACH_PORTS.rpc },
          { name: 'sql', number: COCKROACH_PORTS.sql },
          { name: 'http', number: COCKROACH_PORTS.http },
        ],
        envVariables: {
          POD_NAME: kplus.EnvValue.fromFieldRef(kplus.EnvFieldPaths.POD_NAME),
          GOMAXPROCS: kplus.EnvValue.fromResource(kplus.ResourceFieldPaths.CPU_LIMIT, { divisor: '1' }),
        },
        resources: {
          cpu: { request: kplus.Cpu.millis(engine.cpuMillis), limit: kplus.Cpu.millis(engine.cpuMillis) },
          memory: { request: Size.mebibytes(engine.memoryMebibytes), limit: Size.mebibytes(engine.memoryMebibytes) },
        },
        securityContext: restrictedContainerSecurity(),
        startup: kplus.Probe.fromHttpGet('/health', {
          port: COCKROACH_PORTS.http, scheme, periodSeconds: Duration.seconds(10), failureThreshold: 60,
        }),
        liveness: kplus.Probe.fromHttpGet('/health', {
          port: COCKROACH_PORTS.http, scheme, periodSeconds: Duration.seconds(10), failureThreshold: 6,
        }),
        readiness: kplus.Probe.fromHttpGet('/health?ready=1', {
          port: COCKROACH_PORTS.http, scheme, periodSeconds: Duration.seconds(5), failureThreshold: 2,
        }),
      }],
    });
    statefulSet.select(kplus.LabelSelector.of({ labels: { ...databaseLabels(cluster), [SITE_LABEL]: site } }));
    useStableSelectors(statefulSet, headless);
    if (design.shape.kind === 'stretched') {
      statefulSet.scheduling.attract(kplus.Node.labeled(kplus.NodeLabelQuery.is(design.shape.siteLabel, site)));
    }
    spreadOverNodes(statefulSet, labels, cluster.nodeSpread);
    const container = statefulSet.containers[0];
    if (!engine.insecure) {
      container.mount(CERTS_DIR, certificateVolume(this, engine.nodeCertificatesSecret, engine.certManagerCaSecret !== undefined, 'node'), { readOnly: true });
    }
    addDataVolume(statefulSet, { labels, storageSize: engine.storageSize, storageClassName: engine.storageClassName, mountPath: DATA_DIR });
  }
}

/** CockroachDB locality tier: the tier named by the site label, `region` for whole clusters. */
export function localityTier(design: DesignModel): string {
  if (design.shape.kind === 'stretched') {
    return design.shape.siteLabel === 'topology.kubernetes.io/region' ? 'region' : 'zone';
  }
  return 'region';
}

interface InitJobProps {
  readonly design: DesignModel;
  readonly cluster: CockroachCluster;
  /** Site of the member that `cockroach init` talks to. */
  readonly initSite: string;
  /** The zone configuration the Job applies once the cluster is initialized. */
  readonly zoneSql: string;
}

/** The backup target's keys, from its Secret by reference. */
function backupKeyEnv(scope: Construct, backup: BackupModel): Record<string, kplus.EnvValue> {
  const secret = kplus.Secret.fromSecretName(scope, 'backup-credentials', backup.target.credentialsSecret);
  return {
    [BACKUP_KEY_ENV.accessKeyId]: kplus.EnvValue.fromSecretValue({ secret, key: backup.target.accessKeyIdKey }),
    [BACKUP_KEY_ENV.secretAccessKey]: kplus.EnvValue.fromSecretValue({ secret, key: backup.target.secretAccessKeyKey }),
  };
}

/**
 * Initializes the cluster once, writes its zone configuration and, with a backup, (re)creates its
 * backup schedules; safe to run again.
 */
class CockroachInitJob extends Construct {
  constructor(scope: Construct, id: string, props: InitJobProps) {
    super(scope, id);
    const { design, cluster } = props;
    const engine = cluster.engine;
    const first = membersName(cluster, props.initSite);
    const domain = clusterDomainOf(design, props.initSite);
    const rpcHost = `${first}-0.${podSubdomain(design, props.initSite, first, cluster.namespace)}:${COCKROACH_PORTS.rpc}`;
    const sqlHost = `${cluster.name}-public.${cluster.namespace}.svc.${domain}:${COCKROACH_PORTS.sql}`;
    const security = securityArgs(engine).join(' ');
    const script = [
      'set -u',
      'for attempt in $(seq 1 60); do',
      `  if out=$(/cockroach/cockroach init ${security} --host=${rpcHost} 2>&1); then echo "$out"; break; fi`,
      '  case "$out" in *"already been initialized"*) echo "cluster already initialized"; break;; esac',
      '  echo "attempt $attempt: $out"; sleep 10',
      'done',
      // The constraints name localities: CockroachDB refuses them until a node of each has joined.
      ...(cluster.backup === undefined ? [] : ['zoned=""']),
      'for attempt in $(seq 1 60); do',
      `  if /cockroach/cockroach sql ${security} --host=${sqlHost} --execute="$ZONE_SQL"; then ${cluster.backup === undefined ? 'exit 0' : 'zoned=1; break'}; fi`,
      '  echo "attempt $attempt: zone configuration not applied yet"; sleep 10',
      'done',
      ...(cluster.backup === undefined ? ['exit 1'] : [
        '[ -n "$zoned" ] || exit 1',
        // The backup schedules, once the cluster takes SQL.
        'set -e',
        `sql() { /cockroach/cockroach sql ${security} --host=${sqlHost} --execute="$1"; }`,
        ...backupScheduleLines(cluster.name, cluster.backup),
      ]),
    ].join('\n');

    const labels = workloadLabels('cockroachdb', cluster.name, 'init');
    const job = new kplus.Job(this, 'job', {
      metadata: { name: `${cluster.name}-init`, namespace: cluster.namespace, labels },
      podMetadata: { labels },
      backoffLimit: 10,
      securityContext: restrictedPodSecurity(),
      containers: [{
        name: 'init',
        image: engine.image,
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        command: ['/bin/bash', '-c', script],
        envVariables: {
          HOME: kplus.EnvValue.fromValue('/tmp'),
          ZONE_SQL: kplus.EnvValue.fromValue(props.zoneSql),
          ...(cluster.backup === undefined ? {} : backupKeyEnv(this, cluster.backup)),
        },
        resources: {
          cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
          memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
        },
        securityContext: restrictedContainerSecurity(),
      }],
    });
    useStableSelectors(job);
    const container = job.containers[0];
    container.mount('/tmp', kplus.Volume.fromEmptyDir(this, 'tmp', 'tmp'));
    if (!engine.insecure) {
      container.mount(CERTS_DIR, certificateVolume(this, engine.rootClientCertificatesSecret, engine.certManagerCaSecret !== undefined, 'client.root'), { readOnly: true });
    }
  }
}
