import { AnalyzedDataGuard } from './analysis';
import { brokerName, databaseObjectName, databaseSid } from './names';

/**
 * `RUNBOOK-<cluster>.md`: failover and failback of a Data Guard configuration, in the order a
 * person follows them: verify the loss, fail over, move traffic, reinstate, fail back.
 */
export function renderRunbook(a: AnalyzedDataGuard): string {
  const c = a.cluster;
  const { primary, standbys, observers } = a.details.roles;
  const target = standbys[0];
  const sid = (site: string) => databaseSid(c, site);
  const ns = c.namespace;
  const pod = (site: string) => `$(kubectl -n ${ns} get pods -l app=${databaseObjectName(c, site)} -o name | head -n 1)`;
  const dgmgrl = (site: string, command: string) =>
    `kubectl -n ${ns} exec -it ${pod(site)} -- dgmgrl sys@${sid(site)} "${command}"`;
  const rpo = c.engine.rpoSeconds === undefined ? 'not stated' : `${c.engine.rpoSeconds} s`;
  const out = [
    `# Runbook: failover of \`${c.name}\` from ${primary} to ${target}`,
    '',
    `Primary ${sid(primary)} (SingleInstanceDatabase \`${databaseObjectName(c, primary)}\`) runs in ${primary}; the failover target ${sid(target)} (\`${databaseObjectName(c, target)}\`) in ${target}.`
      + (observers.length ? ` The fast-start failover observer (\`${brokerName(c)}\`) runs in ${observers.join(', ')}.` : ' There is no observer: every failover is manual.'),
    `Protection mode ${c.engine.protectionMode}; accepted data loss (RPO) ${rpo}. The SYS password is in Secret \`${c.engine.adminPasswordSecret}\` (key \`oracle_pwd\`); dgmgrl asks for it.`,
    '',
    '## 1. Verify that the primary site is lost',
    '',
    'A person decides, not a timeout: a failover while the primary still takes writes loses them.',
    '',
    `1. From ${target} and from ${observers[0] ?? 'a third location'}, confirm that ${primary} does not answer (nodes, listener on port 1521), and confirm with the people who run ${primary} that it is down and will stay down longer than the RTO allows.`,
    `2. Check what the broker sees: \`${dgmgrl(target, 'SHOW CONFIGURATION VERBOSE')}\`.`,
    c.engine.fastStartFailover
      ? `3. If fast-start failover already happened (${sid(target)} is primary in SHOW CONFIGURATION), go on with section 3 (move traffic).`
      : '3. Fast-start failover is off: continue with the manual failover.',
    `4. Check the standby's transport and apply lag against the RPO (${rpo}): \`${dgmgrl(target, `SHOW DATABASE ${sid(target)}`)}\`.`,
    '',
    `## 2. Fail over to ${target}`,
    '',
    `1. \`${dgmgrl(target, `VALIDATE DATABASE ${sid(target)}`)}\``,
    `2. \`${dgmgrl(target, `FAILOVER TO ${sid(target)}`)}\``,
    `3. Confirm: \`${dgmgrl(target, 'SHOW CONFIGURATION')}\` lists ${sid(target)} as primary. The operator notices the new primary and repoints its service.`,
    '',
    '## 3. Move traffic',
    '',
  ];
  out.push(`- Point clients at ${target}: the operator's service in namespace \`${ns}\` follows the primary; clients that connect to ${primary} by address must be switched, and must retry while they reconnect.`);
  out.push(`- Tell the application owners that writes after the last shipped redo (up to ${rpo}) may be missing.`);
  out.push(
    '',
    `## 4. Reinstate ${primary} when it returns`,
    '',
    `Flashback is on, so the old primary can become a standby of ${sid(target)} without a rebuild.`,
    '',
    `1. \`${dgmgrl(target, `REINSTATE DATABASE ${sid(primary)}`)}\` (with fast-start failover on, the observer usually does this by itself).`,
    `2. \`${dgmgrl(target, 'SHOW CONFIGURATION')}\` lists ${sid(primary)} as a physical standby with no errors.`,
    '',
    `## 5. Fail back to ${primary} (planned)`,
    '',
    '1. In a maintenance window, with both databases healthy and in sync.',
    c.engine.fastStartFailover
      ? `2. The operator refuses a switchover while fast-start failover is on: set \`fastStartFailover: false\` on DataguardBroker \`${brokerName(c)}\` first.`
      : '2. Nothing to turn off first.',
    `3. \`kubectl -n ${ns} patch dataguardbroker ${brokerName(c)} --type merge -p '{"spec":{"setAsPrimaryDatabase":"${sid(primary)}"}}'\` (a switchover: no data loss).`,
    c.engine.fastStartFailover ? '4. Turn `fastStartFailover` back on.' : '4. Done.',
    '',
  );
  return out.join('\n');
}
