import { DataGuardAnalysis, ORACLE_LISTENER_PORT } from './analysis';
import { DataGuardCluster } from './model';
import { NetworkFlow } from '../../analysis/network-flow';
import { WriteHealthProbe, writeHealthFlows } from '../../analysis/write-health';
import { writeHealthPodLabels } from '../../k8s/labels';
import { DesignModel } from '../../model/design';

/** uid of the `oracle` user in Oracle's database images (container-registry.oracle.com/database). */
const ORACLE_UID = 54321;

/**
 * The account the write-path probe logs in as: a common user (`C##`), because the probe connects to
 * the container database's own service, where `v$database` shows the role
 * (https://docs.oracle.com/en/database/oracle/oracle-database/19/multi/overview-of-managing-a-multitenant-environment.html:
 * common user names start with `C##`).
 */
export const WRITE_HEALTH_ACCOUNT = 'C##WRITE_HEALTH';

/** The key of `writeHealthPasswordSecret` that holds the password. */
export const WRITE_HEALTH_PASSWORD_KEY = 'password';

/** The probe's environment variable that carries the account's password. */
const PASSWORD_ENV = 'WRITE_HEALTH_PASSWORD';

/**
 * The statements that create the probe's account on the primary (the standbys receive it with the
 * redo, so it is there after a failover): it may open a session and select from `V_$DATABASE`, the
 * view behind the public synonym `V$DATABASE`, which by default only SYS and SYSDBA may read
 * (https://docs.oracle.com/database/122/REFRN/about-dynamic-performance-views.htm: "only user SYS
 * or anyone with SYSDBA privilege has access"; "The actual dynamic performance views are identified
 * by the prefix V_$"). No role, no other grant; `password` is a SQL*Plus substitution the caller fills.
 */
export function writeHealthAccountStatements(password: string): string[] {
  return [
    `CREATE USER ${WRITE_HEALTH_ACCOUNT} IDENTIFIED BY "${password}";`,
    `GRANT CREATE SESSION TO ${WRITE_HEALTH_ACCOUNT};`,
    `GRANT SELECT ON SYS.V_$DATABASE TO ${WRITE_HEALTH_ACCOUNT};`,
  ];
}

/** What `v$database` shows on the database that takes writes. */
export const DATA_GUARD_WRITABLE = { databaseRole: 'PRIMARY', openMode: 'READ WRITE' } as const;

/**
 * The write-path probe of a Data Guard site: the site's database reports `DATABASE_ROLE` PRIMARY
 * and `OPEN_MODE` READ WRITE in `v$database`
 * (https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-DATABASE.html). A standby
 * answers PHYSICAL STANDBY (MOUNTED or READ ONLY WITH APPLY), so after a failover, by the observer
 * or by hand, the old primary's site fails the probe and the new one passes: DNS follows the role.
 *
 * It logs in as {@link WRITE_HEALTH_ACCOUNT} over the site's TCP listener (the
 * SingleInstanceDatabase's Service, port 1521) with the password from `writeHealthPasswordSecret`
 * (by reference; SYS's password never leaves the database's namespace); the password goes to
 * sqlplus on stdin (`/nolog` then `connect`), never on its command line. The account may log in
 * and read `v$database`, nothing more ({@link writeHealthAccountStatements}). A mounted standby
 * admits no such account at all (a mounted database is "accessible only to database
 * administrators": Oracle Database Administrator's Guide 19c, Starting Up a Database, "Starting an
 * Instance and Mounting a Database"), so there the login fails, which is the probe's answer too. A site without a managed
 * database gets no probe.
 */
export function dataGuardWriteHealthProbe(
  design: DesignModel, cluster: DataGuardCluster, details: DataGuardAnalysis, site: string,
): WriteHealthProbe | undefined {
  const member = details.members.find((m) => m.site === site && m.managed);
  if (!member || !member.objectName) return undefined;
  const domain = design.sites.find((s) => s.name === site)!.clusterDomain;
  const address = `//${member.objectName}.${cluster.namespace}.svc.${domain}:${ORACLE_LISTENER_PORT}/${member.serviceName}`;
  const expected = `${DATA_GUARD_WRITABLE.databaseRole} ${DATA_GUARD_WRITABLE.openMode}`;
  const script = [
    'set -u',
    'out=$(sqlplus -s -L /nolog <<SQL',
    'whenever sqlerror exit failure',
    `connect ${WRITE_HEALTH_ACCOUNT}/"\${${PASSWORD_ENV}}"@${address}`,
    'set heading off feedback off pagesize 0',
    'select database_role || \' \' || open_mode from v\\$database;',
    'SQL',
    ') || exit 1',
    `if [ "$(echo $out)" = "${expected}" ]; then exit 0; fi`,
    'echo "site cannot write: v\\$database says ${out:-nothing}"',
    'exit 1',
  ].join('\n');
  return {
    checks: `the site's database is ${DATA_GUARD_WRITABLE.databaseRole} and open ${DATA_GUARD_WRITABLE.openMode}`,
    image: cluster.engine.image,
    uid: ORACLE_UID,
    command: ['/bin/bash', '-c', script],
    secretEnv: [{ name: PASSWORD_ENV, secretName: cluster.engine.writeHealthPasswordSecret, key: WRITE_HEALTH_PASSWORD_KEY }],
    imagePullSecret: cluster.engine.imagePullSecret,
    periodSeconds: 10,
    timeoutSeconds: 8,
    failureThreshold: 2,
    target: { role: 'database', namespace: cluster.namespace, podLabels: {}, pods: 1, port: ORACLE_LISTENER_PORT },
  };
}

/** The flows of the write-health pods of hosts that write to `cluster` (checked by `MS-NETWORK-FLOW-BLOCKED`). */
export function dataGuardWriteHealthFlows(design: DesignModel, cluster: DataGuardCluster, details: DataGuardAnalysis): NetworkFlow[] {
  return writeHealthFlows(design, cluster, (site) => dataGuardWriteHealthProbe(design, cluster, details, site),
    (site) => writeHealthPodLabels(cluster.name, site));
}
