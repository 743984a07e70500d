/**
 * The health checks of a Galera data node: readiness means Synced, liveness stays cheap.
 *
 * Readiness passes only when the node reports `wsrep_ready=ON` and `wsrep_local_state=4`.
 * - `wsrep_local_state` is the wsrep API's member status: 0 undefined, 1 joiner, 2 donor,
 *   3 joined, 4 synced (`wsrep_member_status_t` in codership/wsrep-API `wsrep_api.h`, commit
 *   3cc456a74d6bf898f224e0529426632a02cdcb62; MariaDB documents the same states as
 *   `wsrep_local_state_comment`:
 *   https://mariadb.com/docs/reference/mdb/status-variables/wsrep_local_state_comment/).
 * - `wsrep_ready` says whether the node accepts queries through the wsrep API
 *   (https://mariadb.com/docs/reference/mdb/status-variables/wsrep_ready/). A node cut off from
 *   the Primary component answers other statements with ERROR 1047 (WSREP has not yet prepared
 *   node for application use); SHOW statements still work there, so the probe can read why.
 *
 * A donor (state 2) is NOT ready. With `mariabackup` SST the donor keeps serving, but it is
 * desynced: it leaves flow control while it sends the snapshot, so what it reads may lag the
 * group, and mariabackup pauses its commits while it takes the final locks (MDEV-33211,
 * MariaDB/server commit 41b435fea9). MaxScale's Galera monitor does not route to a donor
 * either unless told to (`available_when_donor`, default false:
 * https://mariadb.com/docs/server/architecture/components/maxscale/monitors/galeramon/use-sst-donors-for-queries-maxscale-galera-monitor).
 * The cost: while a site with two data nodes gives one of them a full copy, that site has no
 * ready node and the client Service sends its clients to the other sites (one Kubernetes
 * cluster) or has no endpoint there (one per site) until the copy ends. An IST from gcache, the
 * usual rejoin, keeps the donor in that state only for an instant.
 *
 * How the probe logs in: as root over the unix socket, with the password of the root password
 * Secret (the container's `MARIADB_ROOT_PASSWORD`) in `MYSQL_PWD`, as the image's own entrypoint
 * talks to the server (`docker_process_sql` in MariaDB/mariadb-docker `11.4/docker-entrypoint.sh`,
 * commit 0de351bfed7c9aa93908f252f61bf3985a59a092; that script also initializes root@localhost
 * with a password, `--auth-root-authentication-method=normal`, on every node from the same
 * Secret). `--no-defaults`: no option file changes what the probe checks; the socket is the
 * client's built-in default, the same as the server's (the writer sets none). TLS: the 11.4
 * client verifies the server certificate by default, and accepts a unix socket connection as
 * secure without one (MDEV-31855, MariaDB/server commit 1ef1bab99e), as the server's
 * `require_secure_transport` does.
 *
 * Not the image's `healthcheck.sh --galera_online`: it reads `wsrep_local_state` only, as a
 * `healthcheck` user whose password the entrypoint draws at random on each node, unreplicated;
 * a joiner's SST brings the donor's user table, so the joiner's copy of the password no longer
 * matches (same file: `create_healthcheck_users`).
 */

import { CLEAR_STALE_DESYNC } from './backup-guard';

/** The two status values a Synced node reports, as `SHOW GLOBAL STATUS` prints them. */
export const GALERA_SYNCED_STATUS = { wsrep_ready: 'ON', wsrep_local_state: '4' } as const;

const QUERY = `SHOW GLOBAL STATUS WHERE Variable_name IN (${Object.keys(GALERA_SYNCED_STATUS).map((k) => `'${k}'`).join(', ')})`;

/** Seconds the client may take to connect; below {@link GALERA_READINESS_TIMING} `.timeoutSeconds`. */
const CONNECT_TIMEOUT_SECONDS = 2;

/** The client as the probe runs it: root over the unix socket. */
const CLIENT = `MYSQL_PWD="$MARIADB_ROOT_PASSWORD" mariadb --no-defaults --protocol=socket --user=root --connect-timeout=${CONNECT_TIMEOUT_SECONDS} --batch --skip-column-names`;

/** `wsrep_local_state` of a desynced node: 2, Donor/Desynced (`wsrep_member_status_t`, see above). */
const DESYNCED_STATE = '2';

/**
 * The readiness script (bash): exits 0 only when the node is ready and Synced; otherwise prints
 * what it read (Kubernetes shows it in the probe's event) and exits 1. On a desynced node it
 * first clears a backup's desync that no backup holds any more (./backup-guard.ts), so a backup
 * killed before it could set `wsrep_desync` back OFF leaves the node out of flow control for a
 * probe period or two, not until someone notices.
 */
export const GALERA_READINESS_SCRIPT = [
  'set -u',
  `status=$(${CLIENT} --execute="${QUERY}") || exit 1`,
  'ready=; state=',
  'while IFS=$\'\\t\' read -r name value; do',
  '  case "$name" in wsrep_ready) ready=$value ;; wsrep_local_state) state=$value ;; esac',
  'done <<<"$status"',
  `if [ "$ready" = ${GALERA_SYNCED_STATUS.wsrep_ready} ] && [ "$state" = ${GALERA_SYNCED_STATUS.wsrep_local_state} ]; then exit 0; fi`,
  // Desynced (a backup, an SST donor): clear a backup's desync that outlived it (./backup-guard.ts).
  `if [ "$state" = ${DESYNCED_STATE} ]; then ${CLIENT} --execute="${CLEAR_STALE_DESYNC}" >/dev/null 2>&1 || true; fi`,
  'echo "not Synced: wsrep_ready=${ready:-?} wsrep_local_state=${state:-?}"',
  'exit 1',
].join('\n');

/** The readiness probe's exec command. */
export const GALERA_READINESS_COMMAND: readonly string[] = ['/bin/bash', '-c', GALERA_READINESS_SCRIPT];

/** Timing of the readiness probe (the query answers in milliseconds; the timeout covers a busy node). */
export const GALERA_READINESS_TIMING = { periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 2 } as const;
