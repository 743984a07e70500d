import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { GaleraModel } from './model';
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
 * Adds the exporter beside mariadbd in a data node's pod: it reads `SHOW GLOBAL STATUS` (the
 * `global_status` collector, on by default, which publishes every numeric status variable as
 * `mysql_global_status_<name>`, the wsrep ones included: collector/global_status.go) over the
 * unix socket in the shared `/run/mysqld`, logged in as root with the password of the root
 * password Secret (by reference: `DATA_SOURCE_NAME` is expanded from the Secret's env var by
 * the kubelet), restricted like mariadbd. `uid` is mariadbd's, so the socket is reachable.
 */
export function addMetricsExporter(scope: Construct, statefulSet: kplus.StatefulSet, rootPasswordSecret: string, uid: number): void {
  const run = statefulSet.containers[0].mounts.find((m) => m.path === '/run/mysqld');
  if (!run) throw new Error('addMetricsExporter: the mariadb container has no /run/mysqld volume to share its socket');
  statefulSet.addContainer({
    name: 'mysqld-exporter',
    image: MYSQLD_EXPORTER_IMAGE,
    imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
    args: [`--web.listen-address=:${MYSQLD_EXPORTER_PORT}`, '--collect.global_status'],
    ports: [{ name: PORT_NAME, number: MYSQLD_EXPORTER_PORT }],
    envVariables: {
      MYSQL_ROOT_PASSWORD: kplus.EnvValue.fromSecretValue({ secret: kplus.Secret.fromSecretName(scope, 'exporter-root-password', rootPasswordSecret), key: 'password' }),
      // mysqld_exporter 0.14 reads its DSN from DATA_SOURCE_NAME; go-sql-driver takes the password as it is, unescaped.
      DATA_SOURCE_NAME: kplus.EnvValue.fromValue('root:$(MYSQL_ROOT_PASSWORD)@unix(/run/mysqld/mysqld.sock)/'),
    },
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
