import { galeraPodLabels } from './flows';
import { GaleraCluster } from './model';
import { GALERA_PORTS } from './ports';
import { GaleraSettings } from './settings';
import { NetworkFlow } from '../../analysis/network-flow';
import { WriteHealthProbe, hostsWritingTo, writeHealthFlows } from '../../analysis/write-health';
import { ApplyStep } from '../../k8s/cluster-setup';
import { writeHealthPodLabels } from '../../k8s/labels';
import { DesignModel } from '../../model/design';
import { membersName } from '../../model/member-addresses';

/** uid of the `mysql` user in the official MariaDB image (the health pod runs the same image). */
const MARIADB_UID = 999;

/** The database account the write-path probe logs in as (`[a-z_]`: no quoting anywhere). */
export const WRITE_HEALTH_ACCOUNT = 'write_health';

/** The probe's environment variable that carries the account's password. */
const PASSWORD_ENV = 'WRITE_HEALTH_PASSWORD';

/** The three status values of a node that takes writes in the Primary component. */
export const GALERA_WRITABLE_STATUS = { wsrep_cluster_status: 'Primary', wsrep_ready: 'ON', wsrep_local_state: '4' } as const;

const QUERY = `SHOW GLOBAL STATUS WHERE Variable_name IN (${Object.keys(GALERA_WRITABLE_STATUS).map((k) => `'${k}'`).join(', ')})`;

/**
 * The write-path probe of a Galera site: a data node of the site, reached through the site's
 * client Service (`<cluster>-public`, which in one Kubernetes cluster per site selects only that
 * site's nodes), reports `wsrep_cluster_status=Primary` (its component holds the quorum:
 * https://mariadb.com/docs/server/reference/galera-cluster/galera-status-variables#wsrep_cluster_status),
 * `wsrep_ready=ON` and `wsrep_local_state=4` (Synced; see ./readiness.ts). A site cut off in a
 * minority answers `non-Primary`, or no node of it is ready at all, and the probe fails. It
 * answers so once the site's nodes have given up on the others: when they all suspect them
 * (`evs.suspect_timeout`), at the latest after `evs.inactive_timeout`, the hard limit
 * (https://galeracluster.com/library/documentation/galera-parameters.html#evs-inactive-timeout);
 * until then a cut-off site still says Primary, so the withdrawal counts the latter.
 *
 * It logs in over TCP as {@link WRITE_HEALTH_ACCOUNT}, an account with no privilege beyond
 * logging in (see {@link galeraWriteHealthAccountEnv}), with the password from
 * `writeHealthPasswordSecret` (by reference; the root password never leaves the cluster's
 * namespace). With TLS on, the 11.4 client verifies the server's certificate without a CA file by
 * the password's fingerprint (MDEV-31855, zero-configuration TLS), so the pod needs no copy of the
 * CA; `--ssl` is said explicitly so that the server's `require_secure_transport` never meets a
 * plain client.
 */
export function galeraWriteHealthProbe(
  design: DesignModel, cluster: GaleraCluster, settings: GaleraSettings, site: string,
): WriteHealthProbe | undefined {
  const member = cluster.members.find((m) => m.site === site && m.voters > 0);
  if (!member) return undefined;
  const domain = design.sites.find((s) => s.name === site)!.clusterDomain;
  const host = `${cluster.name}-public.${cluster.namespace}.svc.${domain}`;
  // The server refuses TCP clients without TLS (`require_secure_transport`, ./writer.ts): say
  // `--ssl` rather than rely on the 11.4 client's default, and not to a server without TLS.
  const tls = cluster.engine.insecure ? '' : ' --ssl';
  const script = [
    'set -u',
    `status=$(MYSQL_PWD="$${PASSWORD_ENV}" mariadb --no-defaults --host=${host} --port=${GALERA_PORTS.sql}${tls} --user=${WRITE_HEALTH_ACCOUNT} --connect-timeout=2 --batch --skip-column-names --execute="${QUERY}") || exit 1`,
    'primary=; ready=; state=',
    'while IFS=$\'\\t\' read -r name value; do',
    '  case "$name" in wsrep_cluster_status) primary=$value ;; wsrep_ready) ready=$value ;; wsrep_local_state) state=$value ;; esac',
    'done <<<"$status"',
    `if [ "$primary" = ${GALERA_WRITABLE_STATUS.wsrep_cluster_status} ] && [ "$ready" = ${GALERA_WRITABLE_STATUS.wsrep_ready} ] && [ "$state" = ${GALERA_WRITABLE_STATUS.wsrep_local_state} ]; then exit 0; fi`,
    'echo "site cannot write: wsrep_cluster_status=${primary:-?} wsrep_ready=${ready:-?} wsrep_local_state=${state:-?}"',
    'exit 1',
  ].join('\n');
  return {
    checks: 'a node of the site is Synced in the Primary component',
    image: cluster.engine.image,
    uid: MARIADB_UID,
    command: ['/bin/bash', '-c', script],
    secretEnv: [{ name: PASSWORD_ENV, secretName: cluster.engine.writeHealthPasswordSecret, key: WRITE_HEALTH_PASSWORD_KEY }],
    detectionSeconds: Math.ceil(settings.evs.inactiveTimeoutMillis / 1000),
    periodSeconds: 5,
    timeoutSeconds: 5,
    failureThreshold: 2,
    target: { role: 'data node', namespace: cluster.namespace, podLabels: galeraPodLabels(cluster, 'database', site), pods: member.voters, port: GALERA_PORTS.sql },
  };
}

/** A data node's environment variable: a value, or a Secret's key. */
export interface AccountEnv {
  readonly name: string;
  readonly value?: string;
  readonly secret?: { readonly name: string; readonly key: string };
}

/** The key of `writeHealthPasswordSecret` that holds the password. */
export const WRITE_HEALTH_PASSWORD_KEY = 'password';

/**
 * The data nodes' environment that makes the image's entrypoint create the probe's account when
 * it initializes an empty data directory, as it creates root: `MARIADB_USER` and `MARIADB_PASSWORD`
 * without `MARIADB_DATABASE` run `CREATE USER '<user>'@'%' IDENTIFIED BY '<password>'` and grant
 * nothing (`docker_setup_db` in MariaDB/mariadb-docker 11.4/docker-entrypoint.sh at 1b6429ba3544,
 * lines 445-459: the `GRANT ALL ON <database>.*` is written only with `MARIADB_DATABASE`), so the
 * account holds USAGE only. `SHOW GLOBAL STATUS`, which is all the probe runs, needs no privilege
 * ("does not require any privilege. It requires only the ability to connect to the server": MySQL
 * 5.7 Reference Manual, SHOW STATUS; MariaDB keeps that; the Galera write-health lab logs in
 * with it and reads the status). The bootstrap node's account reaches every joiner with the SST
 * (the `mysql` schema is replicated), as root's does. Empty when no GSLB host depends on the
 * cluster: then no probe runs and no Secret is needed.
 *
 * A cluster initialized before the account existed does not get it from the entrypoint (it runs
 * its setup only on an empty data directory): create it once, as REPORT.md says.
 */
export function galeraWriteHealthAccountEnv(design: DesignModel, cluster: GaleraCluster): AccountEnv[] {
  if (hostsWritingTo(design, cluster.name).length === 0) return [];
  return [
    { name: 'MARIADB_USER', value: WRITE_HEALTH_ACCOUNT },
    { name: 'MARIADB_PASSWORD', secret: { name: cluster.engine.writeHealthPasswordSecret, key: WRITE_HEALTH_PASSWORD_KEY } },
  ];
}

/**
 * The step that makes the probe's account on a Galera cluster that already runs (the entrypoint
 * made it only on an empty data directory: {@link galeraWriteHealthAccountEnv}), for `ROLLOUT.md`
 * when a host starts depending on the cluster: `CREATE USER IF NOT EXISTS` with no grant, as the
 * entrypoint would, on one data node over its local socket as root (root's password stays in the
 * pod: the container's own `MARIADB_ROOT_PASSWORD`). The statement reaches the pod on stdin with
 * the probe's password read from its Secret in the host's namespace, its `\` and `'` escaped for a
 * MariaDB string literal. Galera replicates CREATE USER to every node, as it replicates DDL; only
 * direct DML on the `mysql` tables is not replicated (MariaDB Galera Cluster known limitations,
 * https://mariadb.com/docs/galera-cluster/reference/mariadb-galera-cluster-known-limitations).
 * Empty without a dependent host.
 */
export function galeraWriteHealthAccountSteps(design: DesignModel, cluster: GaleraCluster): ApplyStep[] {
  const dependent = hostsWritingTo(design, cluster.name)[0];
  const member = cluster.members.find((m) => m.voters > 0);
  if (!dependent || !member) return [];
  const hostSite = dependent.zone.sites.includes(member.site) ? member.site : dependent.zone.sites[0];
  const password = `$(kubectl --context ${hostSite} -n ${dependent.host.namespace} get secret ${cluster.engine.writeHealthPasswordSecret} -o jsonpath='{.data.${WRITE_HEALTH_PASSWORD_KEY}}' | base64 -d | sed -e 's/\\\\/\\\\\\\\/g' -e "s/'/''/g")`;
  return [{
    title: `Create the write-path probe's account \`${WRITE_HEALTH_ACCOUNT}\` (USAGE only) on the running cluster ${cluster.name}, once: the data nodes' entrypoint makes it only on an empty data directory. Its password comes from Secret \`${cluster.engine.writeHealthPasswordSecret}\` on stdin; root's stays in the pod.`,
    commands: [
      `printf '%s\\n' "CREATE USER IF NOT EXISTS '${WRITE_HEALTH_ACCOUNT}'@'%' IDENTIFIED BY '${password}';" | kubectl --context ${member.site} -n ${cluster.namespace} exec -i ${membersName(cluster, member.site)}-0 -c mariadb -- sh -c 'MYSQL_PWD="$MARIADB_ROOT_PASSWORD" mariadb --no-defaults --user=root'`,
    ],
  }];
}

/** The flows of the write-health pods of hosts that write to `cluster` (checked by `MS-NETWORK-FLOW-BLOCKED`). */
export function galeraWriteHealthFlows(design: DesignModel, cluster: GaleraCluster, settings: GaleraSettings): NetworkFlow[] {
  return writeHealthFlows(design, cluster, (site) => galeraWriteHealthProbe(design, cluster, settings, site),
    (site) => writeHealthPodLabels(cluster.name, site));
}
