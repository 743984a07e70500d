import { AnalyzedDataGuard } from './analysis';
import { databaseSid } from './names';
import { DataGuardOutcome } from './outcome';

/** The report's section on a Data Guard configuration: roles, RPO, and what each loss does. */
export function dataGuardSection(a: AnalyzedDataGuard): string[] {
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
  out.push('', 'The operator\'s database pods need capabilities that Pod Security `restricted` and `baseline` refuse (SYS_NICE, a root init container): the namespace enforces `privileged` and warns against `restricted`.');
  out.push('', '### Single-site loss', '', ...outcomeTable(a.details.singleSiteOutcomes, e.rpoSeconds));
  out.push('', '### Two-site loss', '', ...outcomeTable(a.details.twoSiteOutcomes, e.rpoSeconds));
  out.push('');
  return out;
}

function outcomeTable(rows: readonly DataGuardOutcome[], rpoSeconds?: number): string[] {
  const out = ['| lost | writes | primary afterwards | data loss |', '| --- | --- | --- | --- |'];
  for (const r of rows) {
    const loss = r.mayLoseData ? `up to the RPO (${rpoSeconds === undefined ? 'not stated' : `${rpoSeconds} s`})` : 'none';
    out.push(`| ${r.lost.join(' + ')} | ${VERDICTS[r.verdict]} | ${r.primaryAfter ?? '-'} | ${loss} |`);
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
