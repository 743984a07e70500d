import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { DataGuardAnalysis, DataGuardMember, ORACLE_LISTENER_PORT } from './analysis';
import { DataGuardCluster } from './model';
import { lagLimitSeconds, rpoFloorOf } from './rpo-limits';
import { MetricsEndpoint } from '../../analysis/metrics-endpoint';
import { SITE_LABEL, workloadLabels } from '../../k8s/labels';
import { restrictedContainerSecurity, restrictedPodSecurity } from '../../k8s/restricted-security';
import { useStableSelectors } from '../../k8s/stable-selectors';

/**
 * Oracle's own Prometheus exporter for the database, at its current release. The pinned Oracle
 * Database Operator 2.2 has no observability resource (no `observability.oracle.com` CRD among
 * ../shared/schemas/crds/oracle-database-operator-2.2), so the library runs the exporter itself.
 * @see https://github.com/oracle/oracle-db-appdev-monitoring/tree/2.4.2 (Makefile `VERSION ?= 2.4.2`)
 */
export const DG_EXPORTER_IMAGE = 'container-registry.oracle.com/database/observability-exporter:2.4.2';
/** The exporter's port (2.4.2 collector/config.go mergeWebConfig: `:9161` unless configured; Dockerfile `EXPOSE 9161`). */
export const DG_EXPORTER_PORT = 9161;
/** The exporter image's user (2.4.2 Dockerfile: `USER 1000` in both final stages), so Pod Security `restricted` admits it. */
const EXPORTER_UID = 1000;
const PORT_NAME = 'metrics';
/** Where the ConfigMap is mounted. */
const CONFIG_DIR = '/config';
const CONFIG_FILE = 'exporter-config.yaml';
const METRICS_FILE = 'dataguard-metrics.toml';

/**
 * The account the exporter logs in as. A common user (`C##`), since it connects to the container
 * database's own service, as the write-path probe does. It logs in `AS SYSDG`: a physical
 * standby that is mounted, not open, admits only administrative connections, and SYSDG is the
 * administrative privilege for Data Guard, the least that reads a mounted standby's
 * `v$dataguard_stats` (Oracle Enterprise Manager 24.1, Monitoring Credentials: "If your standby
 * database is in read-only mode (Active Data Guard), you can use regular monitoring credentials
 * ... Otherwise, grant the monitoring user for the standby database either SYSDBA role or SYSDG
 * privilege", https://docs.oracle.com/en/enterprise-manager/cloud-control/enterprise-manager-cloud-control/24.1/emmon/monitoring-credentials.html;
 * https://docs.oracle.com/en/database/oracle/oracle-database/19/dbseg/managing-administrative-privileges.html).
 * Exporter 2.4.2 connects with it by `role: SYSDG` in its godror build (collector/connect_godror.go,
 * the Makefile's `DOCKER_TARGET ?= exporter-godror`); its go-ora build (collector/connect_goora.go)
 * reads no role, so with an image of that build a mounted standby refuses the login.
 */
export const DG_MONITORING_ACCOUNT = 'C##DG_MONITOR';

/** The key of `monitoringPasswordSecret` that holds the password. */
export const DG_MONITORING_PASSWORD_KEY = 'password';

/**
 * The statements that create the exporter's account on the primary: the user and SYSDG, no
 * role and no other grant. Administrative privileges live in the password file, which Oracle
 * (12.2 and later) carries to the standbys with the redo, so the account logs in on every
 * database after a failover too. `password` is filled by the caller.
 */
export function monitoringAccountStatements(password: string): string[] {
  return [
    `CREATE USER ${DG_MONITORING_ACCOUNT} IDENTIFIED BY "${password}";`,
    `GRANT SYSDG TO ${DG_MONITORING_ACCOUNT};`,
  ];
}

/** The gauges the exporter publishes from the metrics file below (`oracledb_<context>_<column>`: 2.4.2 collector/collector.go, BuildFQName). */
export const DG_METRICS = {
  /** 1 while the exporter reaches its database (2.4.2 collector/database.go UpMetric). */
  up: 'oracledb_up',
  applyLag: 'oracledb_dataguard_apply_lag_seconds',
  /** TIME_COMPUTED − DATUM_TIME of the apply lag's row: how old its datum was when it was computed. */
  applyDatumAge: 'oracledb_dataguard_apply_datum_age_seconds',
  transportLag: 'oracledb_dataguard_transport_lag_seconds',
  /** TIME_COMPUTED − DATUM_TIME of the transport lag's row: how old its datum was when it was computed. */
  transportDatumAge: 'oracledb_dataguard_transport_datum_age_seconds',
  role: 'oracledb_dataguard_role',
} as const;

/**
 * How often a healthy standby refreshes the datum of its lags (s). The Reference states no period
 * for DATUM_TIME ("periodically"); the documented number nearest to it: "The physical standby
 * samples the apply lag every second" (V$STANDBY_EVENT_HISTOGRAM,
 * https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-STANDBY_EVENT_HISTOGRAM.html).
 * DATUM_TIME and TIME_COMPUTED are whole seconds, so a datum refreshed every second reads 0 or 1.
 */
export const DG_DATUM_REFRESH_SECONDS = 1;

/** SQL: an INTERVAL DAY TO SECOND string of V$DATAGUARD_STATS.VALUE (`+DD HH:MI:SS`) in seconds. */
const SECONDS = ['day', 86400, 'hour', 3600, 'minute', 60, 'second', 1] as const;
const intervalSeconds = (column: string) => [0, 2, 4, 6]
  .map((i) => `extract(${SECONDS[i]} from to_dsinterval(${column}))${SECONDS[i + 1] === 1 ? '' : ` * ${SECONDS[i + 1]}`}`).join(' + ');
/** SQL: a V$DATAGUARD_STATS time string (`MM/DD/YYYY HH24:MI:SS`, the standby's local time). */
const statsTime = (column: string) => `to_date(${column}, 'MM/DD/YYYY HH24:MI:SS')`;
/** SQL: TIME_COMPUTED − DATUM_TIME in whole seconds (a DATE difference is in days). */
const datumAgeSeconds = `round((${statsTime('time_computed')} - ${statsTime('datum_time')}) * 86400)`;

/** One `[[metric]]` of the exporter's TOML: context, labels, description, request. */
function tomlMetric(context: string, desc: Record<string, string>, request: string, labels: readonly string[] = []): string {
  return [
    '[[metric]]',
    `context = "${context}"`,
    ...(labels.length > 0 ? [`labels = [ ${labels.map((l) => `"${l}"`).join(', ')} ]`] : []),
    `metricsdesc = { ${Object.entries(desc).map(([k, v]) => `${k} = "${v}"`).join(', ')} }`,
    `request = '''\n${request}\n'''`,
    // A primary has no V$DATAGUARD_STATS rows: no series, not an error.
    'ignorezeroresult = true',
  ].join('\n');
}

/**
 * The exporter's metrics, in its TOML format (2.4.2 custom-metrics-example/custom-metrics.toml,
 * collector/types.go `Metric`), as its default set: the file replaces the default metrics
 * (`metrics.default`, collector/default_metrics.go), whose queries (gv$session, gv$sysstat,
 * dba_segments, ...) the account has no need of. V$DATAGUARD_STATS has rows on a standby only,
 * its VALUE an interval string, converted to seconds in SQL. Each lag comes with the age of the
 * datum it was computed from, TIME_COMPUTED − DATUM_TIME: the lags "are computed based on data
 * that is periodically received from the primary database. An unchanging value in [DATUM_TIME]
 * across multiple queries indicates that the standby database is not receiving data from the
 * primary database", and the value then stays what it was, so the alert adds the age
 * (Database Reference 12.2, https://docs.oracle.com/database/122/REFRN/V-DATAGUARD_STATS.htm;
 * the view in 21c: https://docs.oracle.com/en/database/oracle/oracle-database/21/refrn/V-DATAGUARD_STATS.html).
 * A row whose value or either time is NULL (not yet computed) is left out, both gauges with it,
 * rather than published as 0, which is what the exporter makes of a NULL (collector/metrics.go
 * parseFloat). The role is V$DATABASE.DATABASE_ROLE as a label.
 */
export function dataGuardMetricsToml(): string {
  const lag = (name: string, kind: string) => tomlMetric('dataguard', {
    [`${kind}_lag_seconds`]: `${name[0].toUpperCase()}${name.slice(1)} of this standby (V$DATAGUARD_STATS), in seconds.`,
    [`${kind}_datum_age_seconds`]: `How old the datum of the ${name} was when it was computed (TIME_COMPUTED - DATUM_TIME), in seconds.`,
  }, [
    `select ${intervalSeconds('value')} as ${kind}_lag_seconds,`,
    `  ${datumAgeSeconds} as ${kind}_datum_age_seconds`,
    'from v$dataguard_stats',
    `where lower(name) = '${name}' and value is not null and datum_time is not null and time_computed is not null`,
  ].join('\n'));
  return [
    lag('apply lag', 'apply'),
    lag('transport lag', 'transport'),
    tomlMetric('dataguard', { role: '1, labelled with the database role (V$DATABASE.DATABASE_ROLE).' },
      'select database_role, 1 as role from v$database', ['database_role']),
  ].join('\n\n') + '\n';
}

/**
 * The exporter's configuration file (2.4.2 kubernetes/metrics-exporter-config.yaml; it is
 * required: main.go parseConfigFile), its `${VAR}`s expanded from the environment
 * (collector/config.go LoadMetricsConfiguration): one database, logged in `AS SYSDG`; the
 * metrics file above as the default set; the alert-log export off (it would need more grants
 * and a writable /log).
 */
export function exporterConfigYaml(): string {
  return [
    'databases:',
    '  default:',
    '    username: ${DB_USERNAME}',
    '    password: ${DB_PASSWORD}',
    '    url: ${DB_CONNECT_STRING}',
    '    role: SYSDG',
    '    queryTimeout: 5',
    'metrics:',
    `  default: ${CONFIG_DIR}/${METRICS_FILE}`,
    'log:',
    '  disable: 1',
    '',
  ].join('\n');
}

/** Labels of the exporter pods of `cluster` (without the site). */
export function dataGuardExporterLabels(cluster: DataGuardCluster): Record<string, string> {
  return workloadLabels('oracledb-exporter', cluster.name, 'metrics');
}

/** The name of the exporter's objects for the database of `member`. */
const exporterName = (member: DataGuardMember) => `${member.objectName}-metrics`;

/**
 * Per database Kubernetes runs, with monitoring on: a Deployment of the exporter (restricted;
 * pinned to the site's nodes in a stretched cluster), its ConfigMap (configuration and metrics
 * file) and a Service on the metrics port. The exporter reaches the database over the TCP
 * listener of its SingleInstanceDatabase's Service in the same namespace, as the write-path
 * probe does; the password comes from `monitoringPasswordSecret` by reference. The PodMonitor
 * is `Monitoring`'s, from `dataGuardMetricsEndpoints`.
 * @see https://github.com/oracle/oracle-db-appdev-monitoring/blob/2.4.2/kubernetes/metrics-exporter-deployment.yaml
 */
export function writeMetricsExporter(scope: Construct, cluster: DataGuardCluster, member: DataGuardMember, siteLabel: string | undefined): void {
  const name = exporterName(member);
  const labels = { ...dataGuardExporterLabels(cluster), [SITE_LABEL]: member.site };
  const config = new kplus.ConfigMap(scope, `metrics-config-${member.site}`, {
    metadata: { name, namespace: cluster.namespace, labels },
    data: { [CONFIG_FILE]: exporterConfigYaml(), [METRICS_FILE]: dataGuardMetricsToml() },
  });
  const deployment = new kplus.Deployment(scope, `metrics-exporter-${member.site}`, {
    metadata: { name, namespace: cluster.namespace, labels },
    select: false,
    podMetadata: { labels },
    replicas: 1,
    securityContext: restrictedPodSecurity(EXPORTER_UID),
    automountServiceAccountToken: false,
    containers: [{
      name: 'exporter',
      image: DG_EXPORTER_IMAGE,
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      args: [`--config.file=${CONFIG_DIR}/${CONFIG_FILE}`],
      ports: [{ name: PORT_NAME, number: DG_EXPORTER_PORT }],
      envVariables: {
        DB_USERNAME: kplus.EnvValue.fromValue(DG_MONITORING_ACCOUNT),
        DB_PASSWORD: kplus.EnvValue.fromSecretValue({
          secret: kplus.Secret.fromSecretName(scope, `metrics-secret-${member.site}`, cluster.engine.monitoringPasswordSecret),
          key: DG_MONITORING_PASSWORD_KEY,
        }),
        DB_CONNECT_STRING: kplus.EnvValue.fromValue(`${member.objectName}.${cluster.namespace}.svc:${ORACLE_LISTENER_PORT}/${member.serviceName}`),
      },
      // Oracle's own Deployment's requests and limits (kubernetes/metrics-exporter-deployment.yaml).
      resources: {
        cpu: { request: kplus.Cpu.millis(250), limit: kplus.Cpu.millis(500) },
        memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) },
      },
      securityContext: restrictedContainerSecurity(EXPORTER_UID),
      liveness: kplus.Probe.fromTcpSocket({ port: DG_EXPORTER_PORT }),
      volumeMounts: [{ path: CONFIG_DIR, volume: kplus.Volume.fromConfigMap(scope, `metrics-config-volume-${member.site}`, config), readOnly: true }],
    }],
  });
  deployment.select(kplus.LabelSelector.of({ labels }));
  useStableSelectors(deployment);
  // The Instant Client may write temporary files; the root filesystem is read-only (Oracle's Deployment mounts /tmp too).
  deployment.containers[0].mount('/tmp', kplus.Volume.fromEmptyDir(scope, `metrics-tmp-${member.site}`, 'tmp'));
  if (siteLabel) deployment.scheduling.attract(kplus.Node.labeled(kplus.NodeLabelQuery.is(siteLabel, member.site)));
  new kplus.k8s.KubeService(scope, `metrics-service-${member.site}`, {
    metadata: { name, namespace: cluster.namespace, labels },
    spec: { selector: labels, ports: [{ name: PORT_NAME, port: DG_EXPORTER_PORT, targetPort: kplus.k8s.IntOrString.fromString(PORT_NAME) }] },
  });
}

/**
 * Where a Data Guard configuration's metrics are: the exporter of every database Kubernetes
 * runs, one per site. A database serves while its exporter reaches it (`oracledb_up`, a ping
 * that logs in), so the margin alerts count the databases up per site against the engine's
 * own verdict (survival.ts); the observer publishes nothing (an arbitrator). On a standby the
 * apply and transport lags have a ceiling: the stated RPO, each lag counted with its datum's age
 * beyond the refresh period, so a standby that stops hearing from its primary crosses it too.
 */
export function dataGuardMetricsEndpoints(cluster: DataGuardCluster, details: DataGuardAnalysis): MetricsEndpoint[] {
  const managed = details.members.filter((m) => m.managed);
  if (managed.length === 0) return [];
  const rpo = cluster.engine.rpoSeconds;
  const floor = rpoFloorOf(cluster.engine);
  // Why the datum's age counts beyond the refresh only, and when a standby cut off alerts.
  const staleness = (lag: string) => `The ${lag} counts the time since the standby last received the datum from the primary beyond ${DG_DATUM_REFRESH_SECONDS} s (Oracle samples a standby's lag every second) `
    + `(V$DATAGUARD_STATS TIME_COMPUTED − DATUM_TIME): a healthy standby's 0–${DG_DATUM_REFRESH_SECONDS} s never counts, so ${rpo === 0 ? 'the RPO of 0 does' : 'it does'} not flap, `
    + `and a standby cut off from its primary passes the RPO (RPO − its last ${lag} + ${DG_DATUM_REFRESH_SECONDS}) s after its last datum and alerts \`for\` (Monitoring alertAfter) later, give or take a scrape and an evaluation interval`;
  return [{
    component: 'database',
    podLabels: dataGuardExporterLabels(cluster),
    port: PORT_NAME,
    portNumber: DG_EXPORTER_PORT,
    path: '/metrics',
    scheme: 'http',
    podsPerSite: new Map(managed.map((m) => [m.site, 1])),
    servingMetric: DG_METRICS.up,
    notServingMeans: 'its exporter cannot log in to the database (down, or not open to SYSDG logins)',
    ceilings: rpo === undefined ? [] : [
      {
        metric: DG_METRICS.transportLag,
        above: rpo,
        alert: 'TransportLagAboveRpo',
        what: `transport lag above the RPO of ${rpo} s`,
        why: `redo the standby has not received is what a failover to it loses: more than the stated RPO of ${rpo} s now (${floor.reason}). ${staleness('transport lag')}. `
          + 'Find what slows or cuts redo transport (network, the primary\'s archiver) before a failover is needed',
        datumAge: { metric: DG_METRICS.transportDatumAge, refreshSeconds: DG_DATUM_REFRESH_SECONDS },
      },
      // In MaxAvailability redo ships synchronously and the lag limit is not used (FastStartFailoverLagLimit:
      // "used when fast-start failover is enabled and the configuration is operating in maximum performance mode");
      // a standby applying behind then loses nothing on failover, so only transport counts there.
      ...(cluster.engine.protectionMode === 'MaxPerformance' ? [{
        metric: DG_METRICS.applyLag,
        above: rpo,
        alert: 'ApplyLagAboveRpo',
        what: `apply lag above the RPO of ${rpo} s`,
        why: `the standby has applied redo more than the stated RPO of ${rpo} s behind the primary`
          + (lagLimitSeconds(cluster.engine) === rpo
            ? ', the FastStartFailoverLagLimit the cluster\'s section has you set (measured "in terms of redo applied"): fast-start failover to it is not allowed now (https://docs.oracle.com/en/database/oracle/oracle-database/26/dgbkr/faststartfailoverlaglimit.html), so losing the primary needs a person'
            : ': a failover to it would have to apply that redo first, or lose it if it never arrived')
          + `. ${staleness('apply lag')}. Find what slows redo apply on the standby`,
        datumAge: { metric: DG_METRICS.applyDatumAge, refreshSeconds: DG_DATUM_REFRESH_SECONDS },
      }] : []),
    ],
    source: 'https://github.com/oracle/oracle-db-appdev-monitoring (2.4.2): oracledb_up and the Data Guard metrics file of lib/engines/oracle-data-guard/metrics-exporter.ts',
  }];
}
