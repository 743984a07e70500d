/**
 * How a donor's `mariabackup` logs in for a state snapshot transfer (SST), with no secret in the
 * output: as `mysql@localhost` over the unix socket (unix_socket authentication: the server
 * admits the OS user of the same name, and the SST script runs as mariadbd's own user, `mysql`,
 * uid 999 in the image).
 *
 * - The official image creates that account only when `MARIADB_MYSQL_LOCALHOST_USER` is set, with
 *   the grants in `MARIADB_MYSQL_LOCALHOST_GRANTS` (`docker_setup_db` in MariaDB/mariadb-docker
 *   `11.4/docker-entrypoint.sh`, commit 1b6429ba3544e134715c15f8c56cc6f665f827c9: `CREATE USER
 *   mysql@localhost IDENTIFIED VIA unix_socket`); its data directory is initialized with
 *   `--auth-root-authentication-method=normal`, so without it no account authenticates by socket.
 * - Every pod runs that initialization on its first start, the bootstrap pod's account reaches
 *   every joiner with the SST (the joiner receives the donor's `mysql` schema), so any node can
 *   donate later.
 * - `wsrep_sst_mariabackup` passes `--user` only when `wsrep_sst_auth` names a user, and a
 *   password (`MYSQL_PWD`) only when it has one; `wsrep_sst_common` splits `user:password` at the
 *   first `:` (MariaDB/server `scripts/wsrep_sst_mariabackup.sh` and `wsrep_sst_common.sh`, read in
 *   Debian's 10.11.19 package; the failure lab's donor logs "user: mysql, password: not set").
 *
 * The grants are those MariaDB documents for mariadb-backup in the official image from 10.5 on
 * (https://mariadb.com/docs/server/server-management/automated-mariadb-deployment-and-administration/docker-and-mariadb/container-backup-and-restoration),
 * plus `REPLICA MONITOR`, which mariadb-backup checks when run with `--galera-info`, as the SST
 * script runs it (MDEV-34053, MariaDB/server commit 034ababa50).
 *
 * Why not mariadb-operator's way: it writes `wsrep_sst_auth="root:<root password>"` into the
 * config file it renders in the pod (pkg/galera/config/config.go); here the config is a ConfigMap,
 * which must hold no secret, and root needs no more than these grants for a backup.
 */

/**
 * The database account (and OS user) the donor's mariabackup runs as; the metrics exporter
 * sidecar logs in with it too (./metrics-exporter.ts).
 */
export const SST_USER = 'mysql';

/** What the SST account is granted `ON *.*`. */
export const SST_GRANTS = ['RELOAD', 'PROCESS', 'LOCK TABLES', 'BINLOG MONITOR', 'REPLICA MONITOR'] as const;

/** `wsrep_sst_auth`: the user, an empty password (unix_socket needs none). */
export const SST_AUTH = `${SST_USER}:`;

/** The container environment that makes the image's entrypoint create the SST account. */
export const SST_ACCOUNT_ENV: Readonly<Record<string, string>> = {
  MARIADB_MYSQL_LOCALHOST_USER: '1',
  MARIADB_MYSQL_LOCALHOST_GRANTS: SST_GRANTS.join(', '),
};
