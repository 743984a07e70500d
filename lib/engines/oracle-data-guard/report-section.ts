import { AnalyzedDataGuard, connectStringOf } from './analysis';
import { OracleDataGuardModel } from './model';
import { brokerName, databaseSid } from './names';
import { DataGuardOutcome } from './outcome';
import { lagLimitSeconds, MIN_LAG_LIMIT_SECONDS } from './rpo-limits';
import { AnalyzedDesign } from '../../analysis/analyzed-design';
import { apiServerAfter } from '../../report/control-plane-section';

/** The report's section on a Data Guard configuration: roles, RPO, and what each loss does. */
export function dataGuardSection(design: AnalyzedDesign, a: AnalyzedDataGuard): string[] {
  const c = a.cluster;
  const e = c.engine;
  const { primary, standbys, observers } = a.details.roles;
  const out = [`## Cluster \`${c.name}\` (Oracle Data Guard)`, ''];
  out.push('| role | site | database (SID) |', '| --- | --- | --- |');
  out.push(`| primary | ${primary} | ${databaseSid(c, primary)} |`);
  for (const s of standbys) out.push(`| ${s === standbys[0] ? 'standby, failover target' : 'standby'} | ${s} | ${databaseSid(c, s)} |`);
  for (const s of observers) out.push(`| observer | ${s} | - |`);
  out.push('');
  out.push(`Protection mode ${e.protectionMode} (${e.protectionMode === 'MaxPerformance' ? 'asynchronous redo' : 'synchronous redo while the standby keeps up, asynchronous when it does not'}); accepted data loss (RPO): ${e.rpoSeconds === undefined ? 'not stated' : `${e.rpoSeconds} s`}.`);
  out.push(`Failover is ${e.fastStartFailover ? `automatic: the observer in ${observers.join(', ') || '(none)'} and ${standbys[0]} fail over when ${primary} is lost` : `manual: a person follows RUNBOOK-${c.name}.md`}.`);
  out.push('', e.insecure
    ? 'Redo and broker traffic cross sites in clear (TCP 1521): `insecure` is set.'
    : 'Redo and broker traffic run over TCPS (2484). A new standby\'s first copy does not: the operator clones it from the primary\'s TCP connect string, so the whole database crosses sites in clear on 1521 once; seed standbys over a link you trust, or from a backup.');
  out.push('', 'The operator\'s database pods need capabilities that Pod Security `restricted` and `baseline` refuse (SYS_NICE, a root init container): the namespace enforces `privileged` and warns against `restricted`.');
  if (a.details.crossCluster || e.externalMembers.length > 0) out.push('', ...regionLines(design, a));
  out.push('', '### Single-site loss', '', ...outcomeTable(design, a.details.singleSiteOutcomes, e.rpoSeconds));
  out.push('', '### Two-site loss', '', ...outcomeTable(design, a.details.twoSiteOutcomes, e.rpoSeconds));
  out.push('');
  return out;
}

function outcomeTable(design: AnalyzedDesign, rows: readonly DataGuardOutcome[], rpoSeconds?: number): string[] {
  const out = ['| lost | writes | primary afterwards | data loss | Kubernetes API |', '| --- | --- | --- | --- | --- |'];
  for (const r of rows) {
    const loss = r.verdict === 'down' ? '**all of it since the last backup** (no copy left)'
      : r.mayLoseData ? `up to the RPO (${rpoSeconds === undefined ? 'not stated' : `${rpoSeconds} s`})` : 'none';
    out.push(`| ${r.lost.join(' + ')} | ${VERDICTS[r.verdict]} | ${r.primaryAfter ?? '-'} | ${loss} | ${apiServerAfter(design, r.lost)} |`);
  }
  return out;
}

const VERDICTS = {
  'continue': 'continue',
  'automatic-failover': 'continue after automatic failover',
  'manual-failover': '**stop until a person fails over**',
  'halt': '**halt**: the primary shuts down, isolated from observer and target',
  'down': '**down**: no database left',
} as const;

/**
 * Across regions (seed 002): where each database is published, where the broker runs, what the
 * library does not manage, and what losing each region, the witness, or the link between the
 * regions does to writes and to where DNS sends clients.
 */
function regionLines(design: AnalyzedDesign, a: AnalyzedDataGuard): string[] {
  const c = a.cluster;
  const e = c.engine;
  const d = a.details;
  const [primary, target] = d.members;
  const rpo = e.rpoSeconds === undefined ? 'not stated' : `${e.rpoSeconds} s`;
  const fsfo = e.fastStartFailover && d.roles.observers.length > 0;
  const out = ['### Across regions', ''];
  out.push('| site | database | run by | address | broker member |', '| --- | --- | --- | --- | --- |');
  for (const m of d.members) {
    out.push(`| ${m.site} | ${m.dbUniqueName} | ${m.managed ? `Kubernetes (SingleInstanceDatabase \`${m.objectName}\`)` : '**not Kubernetes**'} | ${connectStringOf(m) ?? '(none)'} | ${d.brokerMode === 'topology' ? (m.managed && !d.crossCluster ? 'localRef' : 'endpoint') : 'legacy ref'} |`);
  }
  out.push('');
  out.push(`DataguardBroker \`${brokerName(c)}\` (${d.brokerMode} mode) runs in ${d.brokerSite}` + (fsfo
    ? `, with the fast-start failover observer: failover is automatic when ${primary.site} is lost and ${target.dbUniqueName} is within FastStartFailoverLagLimit, ${lagLimitSentence(e)}. Automatic failover was reported not to fire on operator 2.2.0 (oracle-database-operator #259): rehearse it, and keep the manual runbook ready.`
    : `. There is no observer: **failover is manual** (RUNBOOK-${c.name}.md), and asynchronous redo means **RPO > 0**: up to ${rpo} of writes may be lost.`));
  const external = d.members.filter((m) => !m.managed);
  if (external.length > 0) {
    out.push('', `Not managed by this library: ${external.map((m) => `${m.dbUniqueName} in ${m.site}`).join(', ')}. It writes no object for ${external.length === 1 ? 'it' : 'them'}: creating the database, its listener and network access from the other sites, archive logging, force logging, flashback, standby redo logs, backups, patching and its SYS password (Secret \`${external[0].adminPasswordSecret}\` in namespace \`${c.namespace}\` of ${d.brokerSite}, key \`oracle_pwd\`) are yours; the broker topology, the traffic and the runbook name ${external.length === 1 ? 'it' : 'them'}.`);
  }
  const hosts = d.dependentHosts;
  const dns = (to: string) => (hosts.length === 0 ? 'no GSLB host depends on it' : `DNS sends ${hosts.map((h) => `\`${h.host.fqdn}\``).join(', ')} to ${to}`);
  out.push('', '| loss | writes | clients (DNS) |', '| --- | --- | --- |');
  for (const m of d.members) {
    if (m === primary) {
      out.push(`| ${m.site} (primary's region) | ${fsfo ? `automatic failover to ${target.dbUniqueName}` : `**stop until a person fails over** to ${target.dbUniqueName}`}; up to the RPO (${rpo}) lost | ${hosts.length === 0 ? 'no GSLB host depends on it' : `k8gb in the other clusters stops answering ${m.site} (unhealthy) and answers ${target.site}; the runbook then moves each zone's primary to ${target.site}, so ${m.site} does not take clients back when it returns`} |`);
    } else {
      out.push(`| ${m.site} (standby's region) | continue on ${primary.site}, with ${d.members.length > 2 ? 'fewer' : 'no'} standbys until it returns | ${dns(primary.site)} |`);
    }
  }
  for (const w of d.roles.observers.filter((s) => !d.members.some((m) => m.site === s))) {
    out.push(`| ${w} (witness, observer) | continue on ${primary.site}; fast-start failover cannot fire until the observer returns, so a primary-region loss meanwhile needs the manual runbook | ${dns(primary.site)} |`);
  }
  out.push(`| link ${primary.site} ↔ ${target.site} (both alive) | continue on ${primary.site}: ${fsfo ? 'fast-start failover does not fire while the observer still sees the primary (it needs the observer\'s agreement), and ' : ''}redo queues at the primary, so ${target.site} falls behind: losing ${primary.site} during the partition loses every write since it began, beyond the RPO (${rpo}) | ${dns(primary.site)} |`);
  const zones = [...new Set(hosts.map((h) => h.zone))];
  for (const z of zones) {
    out.push('', `Zone \`${z.zone}\` fails over from ${z.strategy.kind === 'failover' ? z.strategy.primary : '-'} (TTL ${z.ttlSeconds} s; resolvers and clients may cache longer) and is served by ${z.sites.join(', ')}.`);
  }
  void design;
  return out;
}

/** What to set FastStartFailoverLagLimit to, and how (the operator does not set it). */
function lagLimitSentence(e: OracleDataGuardModel): string {
  const limit = lagLimitSeconds(e);
  if (limit === undefined) return `which must be set within the RPO (at least ${MIN_LAG_LIMIT_SECONDS} s in MaxPerformance) once one that the configuration keeps is stated`;
  const why = limit === 0 ? 'so the observer fails over only to a synchronized standby' : 'the RPO';
  return `${limit} s (${why}); set it once with dgmgrl \`EDIT CONFIGURATION SET PROPERTY FastStartFailoverLagLimit = ${limit};\` (the operator does not)`;
}
