import { DataGuardAnalysis, ORACLE_LISTENER_PORT } from './analysis';
import { DataGuardCluster } from './model';
import { NetworkFlow } from '../../analysis/network-flow';
import { WriteHealthProbe, writeHealthFlows } from '../../analysis/write-health';
import { writeHealthPodLabels } from '../../k8s/labels';
import { DesignModel } from '../../model/design';

/** uid of the `oracle` user in Oracle's database images (container-registry.oracle.com/database). */
const ORACLE_UID = 54321;

/** What `v$database` shows on the database that takes writes. */
export const DATA_GUARD_WRITABLE = { databaseRole: 'PRIMARY', openMode: 'READ WRITE' } as const;

/**
 * The write-path probe of a Data Guard site: the site's database reports `DATABASE_ROLE` PRIMARY
 * and `OPEN_MODE` READ WRITE in `v$database`
 * (https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/V-DATABASE.html). A standby
 * answers PHYSICAL STANDBY (MOUNTED or READ ONLY WITH APPLY), so after a failover, by the observer
 * or by hand, the old primary's site fails the probe and the new one passes: DNS follows the role.
 *
 * It logs in as SYS over the site's TCP listener (the SingleInstanceDatabase's Service, port 1521)
 * with the admin password Secret the operator already reads (`oracle_pwd`); the password goes to
 * sqlplus on stdin (`/nolog` then `connect`), never on its command line. A site without a managed
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
    `connect sys/"\${ORACLE_PWD}"@${address} as sysdba`,
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
    secretEnv: [{ name: 'ORACLE_PWD', secretName: member.adminPasswordSecret, key: 'oracle_pwd' }],
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
