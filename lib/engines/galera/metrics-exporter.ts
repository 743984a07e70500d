import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { GaleraModel } from './model';
import { SST_USER } from './sst';
import { MetricsEndpoint } from '../../analysis/metrics-endpoint';
import { workloadLabels } from '../../k8s/labels';
import { restrictedContainerSecurity } from '../../k8s/restricted-security';
import { SqlClusterOf } from '../../model/design';

/**
 * Prometheus' MySQL exporter, pinned at the release Debian bookworm ships
 * (`prometheus-mysqld-exporter` 0.14.0), which the Galera lab runs.
 * @see https://github.com/prometheus/mysqld_exporter/tree/v0.14.0
 */
export const MYSQLD_EXPORTER_IMAGE = 'prom/mysqld-exporter:v0.14.0';
/** The exporter's port (its default `--web.listen-address`, :9104). */
export const MYSQLD_EXPORTER_PORT = 9104;
/** The exporter's container port name. */
const PORT_NAME = 'metrics';

/**
 * The exporter's DSN: `mysql@localhost` over mariadbd's unix socket, no password. The image's
 * entrypoint creates that account `IDENTIFIED VIA unix_socket` for the SST (see ./sst.ts), so
 * the server admits a client whose process runs as the OS user `mysql` (uid 999 in the server's
 * /etc/passwd) and needs no secret. mysqld_exporter 0.14 reads `DATA_SOURCE_NAME` first and
 * only then `--config.my-cnf`, whose parser refuses a `[client]` section with no password nor
 * ssl-key (mysqld_exporter.go, `parseMycnf` and `main`), so the DSN goes by env; go-sql-driver's
 * DSN is `[user[:password]@][net[(addr)]]/dbname`, the password optional.
 * @see https://github.com/prometheus/mysqld_exporter/blob/v0.14.0/mysqld_exporter.go
 */
export const MYSQLD_EXPORTER_DSN = `${SST_USER}@unix(/run/mysqld/mysqld.sock)/`;

/**
 * Adds the exporter beside mariadbd in a data node's pod: it reads `SHOW GLOBAL STATUS` (the
 * `global_status` collector, on by default, which publishes every numeric status variable as
 * `mysql_global_status_<name>`, the wsrep ones included: collector/global_status.go) over the
 * unix socket in the shared `/run/mysqld`, logged in as `mysql@localhost` by unix_socket
 * ({@link MYSQLD_EXPORTER_DSN}): no Secret reaches this container. `uid` is mariadbd's (999,
 * `mysql`), which both reaches the socket and names the account; restricted like mariadbd.
 *
 * What that account's grants (`SST_GRANTS`) cover of what 0.14 queries with its default
 * collectors (mysqld_exporter.go `scraperFlags`; a collector refused a query is logged and counted
 * in `mysql_exporter_scrape_errors_total`, and the others still publish: collector/exporter.go):
 * - `SHOW GLOBAL STATUS`, `SHOW GLOBAL VARIABLES`, `SELECT @@version`: no privilege, only a
 *   login (https://mariadb.com/docs/server/reference/sql-statements/administrative-sql-statements/show/show-status
 *   lists none; the Galera alerts lab reads the wsrep series through this login);
 * - `SHOW ALL SLAVES STATUS` (slave_status): `REPLICA MONITOR`
 *   (https://mariadb.com/docs/server/ref/mdb/privileges/REPLICA_MONITOR);
 * - `information_schema.INNODB_CMP` / `INNODB_CMPMEM`: `PROCESS`
 *   (https://mariadb.com/kb/en/information-schema-innodb_cmp-and-innodb_cmp_reset-tables);
 * - `INFORMATION_SCHEMA.QUERY_RESPONSE_TIME`: skipped when the plugin is off
 *   (collector/info_schema_query_response_time.go checks `@@query_response_time_stats` first).
 */
export function addMetricsExporter(statefulSet: kplus.StatefulSet, uid: number): void {
  const run = statefulSet.containers[0].mounts.find((m) => m.path === '/run/mysqld');
  if (!run) throw new Error('addMetricsExporter: the mariadb container has no /run/mysqld volume to share its socket');
  statefulSet.addContainer({
    name: 'mysqld-exporter',
    image: MYSQLD_EXPORTER_IMAGE,
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    args: [`--web.listen-address=:${MYSQLD_EXPORTER_PORT}`, '--collect.global_status'],
    ports: [{ name: PORT_NAME, number: MYSQLD_EXPORTER_PORT }],
    envVariables: { DATA_SOURCE_NAME: kplus.EnvValue.fromValue(MYSQLD_EXPORTER_DSN) },
    resources: {
      cpu: { request: kplus.Cpu.millis(50), limit: kplus.Cpu.millis(100) },
      memory: { request: Size.mebibytes(32), limit: Size.mebibytes(64) },
    },
    securityContext: restrictedContainerSecurity(uid),
    liveness: kplus.Probe.fromHttpGet('/', { port: MYSQLD_EXPORTER_PORT }),
    volumeMounts: [{ path: '/run/mysqld', volume: run.volume }],
  });
}

/**
 * Where a Galera cluster's metrics are: the exporter of every data node. garbd publishes none.
 * A node serves when `mysql_global_status_wsrep_ready` is 1 (`wsrep_ready` ON: it is in the
 * Primary component and accepts queries, https://mariadb.com/docs/reference/mdb/status-variables/wsrep_ready/;
 * absent when the exporter cannot reach mariadbd). `mysql_global_status_wsrep_cluster_size` is the
 * members of the node's component, garbd included
 * (https://galeracluster.com/library/documentation/galera-status-variables.html#wsrep-cluster-size).
 * Exporter 0.14 does not publish `wsrep_cluster_status` (a string it cannot parse), so "not
 * Primary" is read from `wsrep_ready`.
 */
export function galeraMetricsEndpoints(cluster: SqlClusterOf<GaleraModel>): MetricsEndpoint[] {
  return [{
    component: 'database',
    podLabels: workloadLabels('mariadb', cluster.name, 'database'),
    port: PORT_NAME,
    portNumber: MYSQLD_EXPORTER_PORT,
    path: '/metrics',
    scheme: 'http',
    podsPerSite: new Map(cluster.members.filter((m) => m.voters > 0).map((m) => [m.site, m.voters])),
    servingMetric: 'mysql_global_status_wsrep_ready',
    groupSizeMetric: 'mysql_global_status_wsrep_cluster_size',
    // https://mariadb.com/docs/server/ref/mdb/status-variables/wsrep_flow_control_paused_ns: the total time paused, in ns.
    flowControlPausedNanosMetric: 'mysql_global_status_wsrep_flow_control_paused_ns',
    source: 'https://github.com/prometheus/mysqld_exporter (v0.14.0, collector/global_status.go: SHOW GLOBAL STATUS as mysql_global_status_<variable>)',
  }];
}
