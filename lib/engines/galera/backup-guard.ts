/**
 * How a backup's `wsrep_desync=ON` cannot outlive the backup: the backup holds a guard session
 * on the node while it is desynced, and the node's readiness probe clears a desync that no guard
 * holds.
 *
 * Why: the backup sets `wsrep_desync=ON` (./backup-writer.ts) and sets it back OFF in a bash
 * trap; a container killed by SIGKILL (the OOM killer taking the container's cgroup, a pod deleted
 * with `--grace-period=0 --force`, a node's kubelet restarting it) runs no trap, and
 * `wsrep_desync` is a global variable that no session owns, so it stays ON: the node stays out of
 * flow control, reports `Donor/Desynced` (state 2), fails readiness, and every later backup
 * refuses it as not Synced (shown by test/failure-lab/galera-backup-lab.test.ts).
 *
 * The guard: before it desyncs, the backup opens a session that runs `SELECT '<tag>',
 * SLEEP(<a day>)` and keeps it until the desync is OFF again. Its statement is in
 * `information_schema.PROCESSLIST` exactly while its client lives: a killed client's connection
 * is closed by the kernel, and the server ends `SLEEP` once it sees the client gone (it checks
 * the connection while it waits, every 5 s: `interruptible_wait` in MariaDB/server
 * `sql/item_func.cc`, `INTERRUPT_INTERVAL`; measured in the backup lab). Not `GET_LOCK()`, whose
 * lock a session holds the same way: MariaDB refuses it with `wsrep_on=ON` (MDEV-30473,
 * MariaDB/server commit 844ddb1109, "GET_LOCK in cluster (WSREP_ON=ON)").
 *
 * The clearing: the readiness probe (./readiness.ts, every 5 s) runs {@link CLEAR_STALE_DESYNC}
 * when the node is not Synced: one statement that sets `wsrep_desync` OFF when it is ON and no
 * guard runs, and leaves it as it is otherwise (setting it to its own value only warns: MariaDB
 * `wsrep_desync_check`, sql/wsrep_var.cc). A killed backup's desync thus ends within about two
 * probe periods. The cost: a desync set by hand (`SET GLOBAL wsrep_desync=ON`) is cleared too,
 * unless a session that runs the guard's statement holds it (see docs/backups.md).
 */

/** The text only a guard's statement carries. */
export const BACKUP_GUARD_TAG = 'galera-backup-guard';

/** How long a guard may hold, in seconds: one day, longer than a backup of one node's volume takes. */
const GUARD_SECONDS = 86400;

/** The guard session's statement. */
export const BACKUP_GUARD_STATEMENT = `SELECT '${BACKUP_GUARD_TAG}' AS guard, SLEEP(${GUARD_SECONDS})`;

/**
 * The pattern that finds a guard in the process list, built with CONCAT so that the statement
 * that looks for guards does not carry the tag and find itself.
 */
const GUARD_PATTERN = `CONCAT('%${BACKUP_GUARD_TAG.slice(0, 7)}', '${BACKUP_GUARD_TAG.slice(7)}%')`;

/** Counts the guards running on the node. */
export const COUNT_BACKUP_GUARDS = `SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE INFO LIKE ${GUARD_PATTERN}`;

/** Sets `wsrep_desync` OFF when it is ON and no guard runs; otherwise sets it to its own value (a warning, no change). */
export const CLEAR_STALE_DESYNC = `SET GLOBAL wsrep_desync = IF(@@global.wsrep_desync AND (${COUNT_BACKUP_GUARDS}) = 0, 0, @@global.wsrep_desync)`;
