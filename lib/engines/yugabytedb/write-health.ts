import { YUGABYTE_UID } from './image';
import { YugabyteCluster } from './model';
import { tserverServiceName } from './names';
import { YUGABYTE_PORTS } from './ports';
import { NetworkFlow } from '../../analysis/network-flow';
import { WriteHealthProbe, writeHealthFlows } from '../../analysis/write-health';
import { SITE_LABEL, workloadLabels, writeHealthPodLabels } from '../../k8s/labels';
import { DesignModel } from '../../model/design';
import { podSubdomain } from '../../model/member-addresses';

/** The YSQL role the write-path probe logs in as (`[a-z_]`: no quoting anywhere). */
export const WRITE_HEALTH_ROLE = 'write_health';

/** The table the probe writes its site's row to: `site` (primary key) and `written_at`. */
export const WRITE_HEALTH_TABLE = 'write_health.sites';

/** The key of `writeHealthPasswordSecret` that holds the password. */
export const WRITE_HEALTH_PASSWORD_KEY = 'password';

/** The database the probe connects to: the one every YSQL cluster has (`yugabyte`). */
const DATABASE = 'yugabyte';

/**
 * ysqlsh in the image: the path the chart's own notes run it from (yugabyte/charts
 * stable/yugabyte/templates/NOTES.txt, "Run YSQL shell from inside of a tablet server").
 */
export const YSQLSH = '/home/yugabyte/bin/ysqlsh';

/** How long libpq waits for each address to connect (s, `PGCONNECT_TIMEOUT`). */
const CONNECT_TIMEOUT_SECONDS = 2;

/** How long the probe's write may take on the server before it gives up (ms). */
const STATEMENT_TIMEOUT_MILLIS = 3000;

/** The probe's statement: its site's row, upserted. */
export function writeHealthStatement(site: string): string {
  return `INSERT INTO ${WRITE_HEALTH_TABLE} (site, written_at) VALUES ('${site}', now()) ON CONFLICT (site) DO UPDATE SET written_at = now()`;
}

/**
 * The write-path probe of a YugabyteDB site: a real write, through a tserver of the site, of the
 * site's row in {@link WRITE_HEALTH_TABLE}, as the least-privileged role {@link WRITE_HEALTH_ROLE}.
 *
 * Why a write and not the servers' status pages: a site can write when its tserver can reach the
 * master leader (which keeps the system catalog, the roles a login reads included:
 * https://docs.yugabyte.com/stable/architecture/yb-master/) and the tablet's Raft leader can get
 * a majority of the tablet's peers to persist the write (a write commits only then:
 * https://docs.yugabyte.com/stable/architecture/docdb-replication/replication/). The master leader
 * usually lives in another site, and a follower master's web server sends its requests on to the
 * leader's (`./ports.ts`), so no status page in the site says both, and a tserver's own pages say
 * only that it runs; the write is the path itself. A new session every probe (ysqlsh exits) logs in afresh, so the
 * login's catalog read is exercised too. One row stands for every tablet: by the placement each
 * tablet's majority lies outside any one site the design survives losing, so a site cut off in a
 * minority can commit none, and a site in the majority commits every one once leaders are elected.
 *
 * The write fails as soon as the site is cut off: the leader, wherever it is, cannot gather a
 * majority through the cut, and the statement hits `statement_timeout` (3 s, inside the probe's
 * timeout); no timer must expire first, so there is no detection term. (Leaders lost with a site
 * are re-elected in the surviving sites after the heartbeat timeout of `./heartbeat.ts`: that
 * delays the surviving sites' first passing probe, not the withdrawal.)
 *
 * The tserver is reached through the site's own headless Service (`<cluster>-<site>-tservers`),
 * which names only that site's tservers; libpq tries each address a host name resolves to, in
 * order, until one connects (https://www.postgresql.org/docs/15/libpq-connect.html, multiple
 * hosts), `PGCONNECT_TIMEOUT` bounding each. With TLS on the probe asks for it (`sslmode=require`) without verifying the server: it
 * sends only its own role's password, and the CA stays in the database's namespace. The
 * password comes from `writeHealthPasswordSecret` as `PGPASSWORD` (libpq's own variable, never on a
 * command line). The role and table are made once (`./write-health-setup.ts`).
 */
export function yugabyteWriteHealthProbe(design: DesignModel, cluster: YugabyteCluster, site: string): WriteHealthProbe | undefined {
  const member = cluster.members.find((m) => m.site === site && m.voters > 0);
  if (!member) return undefined;
  const host = podSubdomain(design, site, tserverServiceName(cluster, site), cluster.namespace);
  const env = [
    `PGCONNECT_TIMEOUT=${CONNECT_TIMEOUT_SECONDS}`,
    `PGSSLMODE=${cluster.engine.insecure ? 'disable' : 'require'}`,
    `PGOPTIONS='-c statement_timeout=${STATEMENT_TIMEOUT_MILLIS}'`,
  ];
  const script = [
    'set -u',
    `export ${env.join(' ')}`,
    `exec ${YSQLSH} -X -q -v ON_ERROR_STOP=1 -h ${host} -p ${YUGABYTE_PORTS.ysql} -U ${WRITE_HEALTH_ROLE} -d ${DATABASE} -c "${writeHealthStatement(site)}"`,
  ].join('\n');
  return {
    checks: `a tserver of the site commits a write of the site's row (YSQL upsert as ${WRITE_HEALTH_ROLE})`,
    image: cluster.engine.image,
    uid: YUGABYTE_UID,
    command: ['/bin/bash', '-c', script],
    secretEnv: [{ name: 'PGPASSWORD', secretName: cluster.engine.writeHealthPasswordSecret, key: WRITE_HEALTH_PASSWORD_KEY }],
    detectionSeconds: 0,
    periodSeconds: 5,
    // libpq tries the site's tservers one by one, each for up to the connect timeout, before the
    // statement's own timeout: the probe waits for all of them, so a site whose first addresses are
    // dead tservers still passes through a live one.
    timeoutSeconds: CONNECT_TIMEOUT_SECONDS * member.voters + STATEMENT_TIMEOUT_MILLIS / 1000,
    failureThreshold: 2,
    target: {
      role: 'yb-tserver',
      namespace: cluster.namespace,
      podLabels: { ...workloadLabels('yugabytedb', cluster.name, 'database'), [SITE_LABEL]: site },
      pods: member.voters,
      port: YUGABYTE_PORTS.ysql,
    },
  };
}

/** The flows of the write-health pods of hosts that write to `cluster` (checked by `MS-NETWORK-FLOW-BLOCKED`). */
export function yugabyteWriteHealthFlows(design: DesignModel, cluster: YugabyteCluster): NetworkFlow[] {
  return writeHealthFlows(design, cluster, (site) => yugabyteWriteHealthProbe(design, cluster, site),
    (site) => writeHealthPodLabels(cluster.name, site));
}
