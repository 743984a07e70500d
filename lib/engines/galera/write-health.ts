import { galeraPodLabels } from './flows';
import { GaleraCluster } from './model';
import { GALERA_PORTS } from './ports';
import { NetworkFlow } from '../../analysis/network-flow';
import { WriteHealthProbe, writeHealthFlows } from '../../analysis/write-health';
import { writeHealthPodLabels } from '../../k8s/labels';
import { DesignModel } from '../../model/design';

/** uid of the `mysql` user in the official MariaDB image (the health pod runs the same image). */
const MARIADB_UID = 999;

/** The three status values of a node that takes writes in the Primary component. */
export const GALERA_WRITABLE_STATUS = { wsrep_cluster_status: 'Primary', wsrep_ready: 'ON', wsrep_local_state: '4' } as const;

const QUERY = `SHOW GLOBAL STATUS WHERE Variable_name IN (${Object.keys(GALERA_WRITABLE_STATUS).map((k) => `'${k}'`).join(', ')})`;

/**
 * The write-path probe of a Galera site: a data node of the site, reached through the site's
 * client Service (`<cluster>-public`, which in one Kubernetes cluster per site selects only that
 * site's nodes), reports `wsrep_cluster_status=Primary` (its component holds the quorum:
 * https://mariadb.com/docs/server/reference/galera-cluster/galera-status-variables#wsrep_cluster_status),
 * `wsrep_ready=ON` and `wsrep_local_state=4` (Synced; see ./readiness.ts). A site cut off in a
 * minority answers `non-Primary`, or no node of it is ready at all, and the probe fails.
 *
 * It logs in as root over TCP with the root password Secret the nodes use: the image's
 * entrypoint creates `root@'%'` (`MARIADB_ROOT_HOST`, default `%`:
 * https://mariadb.com/kb/en/mariadb-server-docker-official-image-environment-variables/). With TLS
 * on, the 11.4 client verifies the server's certificate without a CA file by the password's
 * fingerprint (MDEV-31855, zero-configuration TLS), so the pod needs no copy of the CA; `--ssl`
 * is said explicitly so that the server's `require_secure_transport` never meets a plain client.
 */
export function galeraWriteHealthProbe(design: DesignModel, cluster: GaleraCluster, site: string): WriteHealthProbe | undefined {
  const member = cluster.members.find((m) => m.site === site && m.voters > 0);
  if (!member) return undefined;
  const domain = design.sites.find((s) => s.name === site)!.clusterDomain;
  const host = `${cluster.name}-public.${cluster.namespace}.svc.${domain}`;
  // The server refuses TCP clients without TLS (`require_secure_transport`, ./writer.ts): say
  // `--ssl` rather than rely on the 11.4 client's default, and not to a server without TLS.
  const tls = cluster.engine.insecure ? '' : ' --ssl';
  const script = [
    'set -u',
    `status=$(MYSQL_PWD="$MARIADB_ROOT_PASSWORD" mariadb --no-defaults --host=${host} --port=${GALERA_PORTS.sql}${tls} --user=root --connect-timeout=2 --batch --skip-column-names --execute="${QUERY}") || exit 1`,
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
    secretEnv: [{ name: 'MARIADB_ROOT_PASSWORD', secretName: cluster.engine.rootPasswordSecret, key: 'password' }],
    periodSeconds: 5,
    timeoutSeconds: 5,
    failureThreshold: 2,
    target: { role: 'data node', namespace: cluster.namespace, podLabels: galeraPodLabels(cluster, 'database', site), pods: member.voters, port: GALERA_PORTS.sql },
  };
}

/** The flows of the write-health pods of hosts that write to `cluster` (checked by `MS-NETWORK-FLOW-BLOCKED`). */
export function galeraWriteHealthFlows(design: DesignModel, cluster: GaleraCluster): NetworkFlow[] {
  return writeHealthFlows(design, cluster, (site) => galeraWriteHealthProbe(design, cluster, site),
    (site) => writeHealthPodLabels(cluster.name, site));
}
