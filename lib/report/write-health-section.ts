import { writeHealthRows } from './write-health-rows';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { Failover } from '../analysis/survival';
import { HostWriteHealth, K8GB_RECONCILE_REQUEUE_SECONDS, slowestWithdrawal } from '../analysis/traffic-withdrawal';
import { GslbZoneModel } from '../model/design';

const FAILOVER_TEXT: Record<Failover, string> = {
  [Failover.NONE]: 'no failover',
  [Failover.AUTOMATIC]: 'automatic failover',
  [Failover.MANUAL]: 'a person fails over',
};

/**
 * What clients of a host that writes to a database see when a site or the database's primary is
 * lost: which sites k8gb still answers with once the write-path probes have seen it, after how
 * long, beside what the database does.
 */
export function writeHealthSection(design: AnalyzedDesign, zone: GslbZoneModel, host: HostWriteHealth): string[] {
  const out = [`### \`${host.fqdn}\` follows the write path of \`${host.cluster}\``, ''];
  const withoutProbe = zone.sites.filter((s) => !host.probes.has(s));
  for (const [site, probe] of host.probes) {
    out.push(`- ${site}: ready while ${probe.checks} (every ${probe.periodSeconds} s, ${probe.failureThreshold} failures, timeout ${probe.timeoutSeconds} s).`);
  }
  const services = zone.hosts.find((h) => h.fqdn === host.fqdn)!.backendServices.map((s) => `\`${s.name}\``).join(', ');
  if (host.probes.size > 0) {
    out.push(`- In ${[...host.probes.keys()].join(', ')} k8gb counts the site healthy only while the probe passes and the application's Services (${services}) have a ready endpoint (\`serviceHealthPolicy: All\`): either failing withdraws the site.`);
  }
  if (withoutProbe.length > 0) out.push(`- ${withoutProbe.join(', ')}: no member of \`${host.cluster}\` there; answered while the host's own backends are ready.`);
  const t = slowestWithdrawal(zone, host);
  if (t) {
    out.push('', `A site that cannot write stops being answered within ${t.totalSeconds} s: `
      + (t.detectionSeconds > 0 ? `its members say so after ${t.detectionSeconds} s at the latest, ` : '')
      + `the probe ${t.probeSeconds} s, `
      + `k8gb's reconcile in the other sites ${t.reconcileSeconds} s (\`reconcileRequeueSeconds\` ${K8GB_RECONCILE_REQUEUE_SECONDS}), the TTL ${t.ttlSeconds} s; `
      + 'clients that cache past the TTL wait longer and must retry. '
      + (zone.rtoSeconds === undefined ? 'The zone states no recoveryTimeObjective.' : `The zone's recoveryTimeObjective is ${zone.rtoSeconds} s (MS-GSLB-RTO).`));
  }
  out.push('', '| site lost | sites whose probe passes | k8gb answers with | the database |', '| --- | --- | --- | --- |');
  for (const { lost, healthy, answers, onceFailedOver, scenario } of writeHealthRows(design, zone, host)) {
    const database = lost.length === 0 ? 'as designed'
      : !scenario ? 'no member there: unaffected'
        : `${scenario.survives ? 'survives' : '**does not survive**'}, ${FAILOVER_TEXT[scenario.failover]}: ${scenario.reason}`;
    // Until a failover is done no site passes the probe; the table shows the sites after it.
    const after = onceFailedOver ? ' once failed over (none before)' : '';
    out.push(`| ${lost.map((l) => `\`${l}\``).join(', ') || 'nothing'} | ${healthy.join(', ') || '**none**'}${healthy.length > 0 ? after : ''} | ${answers.join(', ') || '**nothing**'}${answers.length > 0 ? after : ''} | ${database} |`);
  }
  out.push('');
  return out;
}
