/**
 * The HTTP health check a data node answers for the routers: 200 only while the node is Synced
 * (`wsrep_local_state` 4) in the Primary component (`wsrep_cluster_status` Primary), 503
 * otherwise; the routers' HAProxy asks it with `option httpchk` (`./haproxy-config.ts`).
 *
 * - `wsrep_local_state` 4 is Synced (`wsrep_member_status_t` in codership/wsrep-API `wsrep_api.h`;
 *   see `./readiness.ts`).
 * - `wsrep_cluster_status` is `Primary` in the Primary component and `non-Primary` on a node cut
 *   off from it, which refuses queries with ERROR 1047
 *   (https://mariadb.com/docs/server/reference/galera-cluster/galera-status-variables#wsrep_cluster_status).
 *
 * It runs in a sidecar of the data node from the same image (the MariaDB image installs `socat`
 * for SST: MariaDB/mariadb-docker `11.4/Dockerfile`), which listens with `socat … fork` and runs
 * this script per connection with the connection on stdin/stdout. The script logs in as the
 * readiness probe does (root over the shared unix socket, `MYSQL_PWD` from the root password
 * Secret; see `./readiness.ts`), and reads the request's header lines before it answers so
 * that closing the connection does not reset it under HAProxy's read.
 */

/** The two status values a node routers may use reports, as `SHOW GLOBAL STATUS` prints them. */
export const GALERA_ROUTABLE_STATUS = { wsrep_local_state: '4', wsrep_cluster_status: 'Primary' } as const;

const QUERY = `SHOW GLOBAL STATUS WHERE Variable_name IN (${Object.keys(GALERA_ROUTABLE_STATUS).map((k) => `'${k}'`).join(', ')})`;

/** The check script (bash), run once per connection. */
export const GALERA_HEALTH_CHECK_SCRIPT = [
  'set -u',
  'while IFS= read -r -t 1 line; do line=${line%$\'\\r\'}; [ -z "$line" ] && break; done',
  `status=$(MYSQL_PWD="$MARIADB_ROOT_PASSWORD" mariadb --no-defaults --protocol=socket --user=root --connect-timeout=1 --batch --skip-column-names --execute="${QUERY}" 2>&1) || status=`,
  'state=; cluster=',
  'while IFS=$\'\\t\' read -r name value; do',
  '  case "$name" in wsrep_local_state) state=$value ;; wsrep_cluster_status) cluster=$value ;; esac',
  'done <<<"$status"',
  `if [ "$state" = ${GALERA_ROUTABLE_STATUS.wsrep_local_state} ] && [ "$cluster" = ${GALERA_ROUTABLE_STATUS.wsrep_cluster_status} ]; then code='200 OK'; else code='503 Service Unavailable'; fi`,
  'body="wsrep_local_state=${state:-?} wsrep_cluster_status=${cluster:-?}"',
  'printf \'HTTP/1.1 %s\\r\\nContent-Type: text/plain\\r\\nContent-Length: %d\\r\\nConnection: close\\r\\n\\r\\n%s\\n\' "$code" $((${#body} + 1)) "$body"',
].join('\n');

/** Where the sidecar finds the script (a ConfigMap volume). */
export const HEALTH_CHECK_DIR = '/opt/galera-health';
/** The script's file name in its ConfigMap. */
export const HEALTH_CHECK_FILE = 'check.sh';

/** The sidecar's command: listen on `port`, one script run per connection. */
export function healthCheckCommand(port: number): string[] {
  return ['socat', `TCP-LISTEN:${port},reuseaddr,fork`, `EXEC:/bin/bash ${HEALTH_CHECK_DIR}/${HEALTH_CHECK_FILE}`];
}
