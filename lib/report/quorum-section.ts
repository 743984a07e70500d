import { apiServerAfter } from './control-plane-section';
import { AnalyzedCluster, AnalyzedDesign, Scenario } from '../analysis/analyzed-design';
import { formatMillis } from '../core/types';

/** What an engine adds to the report's section on a quorum cluster. */
export interface QuorumSectionParts {
  /** Paragraphs after the votes table: how the engine votes, the settings derived for it. */
  readonly notes: readonly string[];
  /** The sentence before the commit floors: what a write waits for. */
  readonly floorSentence: string;
  /**
   * The disruption budget's paragraphs: what the engine's PodDisruptionBudgets allow
   * ({@link votingMembersBudget} for one budget over all voting members).
   */
  readonly disruptionBudget: readonly string[];
  /** Subsections after the disruption budget (certificates, ...). */
  readonly trailer: readonly string[];
}

/**
 * The report's section on a cluster that keeps a quorum: votes per site,
 * every single- and two-site loss, the commit floors and the disruption budget, with the
 * engine's own notes.
 */
export function quorumClusterSection(design: AnalyzedDesign, a: AnalyzedCluster, parts: QuorumSectionParts): string[] {
  const c = a.cluster;
  const out = [`## Cluster \`${c.name}\` (${a.engineLabel})`, ''];
  out.push(...votesTable(design, a));
  out.push('', ...parts.notes);
  out.push('', '### Single-site loss', '', ...scenarioTable(design, a.singleSiteLosses));
  out.push('', '### Two-site loss', '', ...scenarioTable(design, a.twoSiteLosses));
  out.push('', '### Commit latency floor', '');
  out.push(parts.floorSentence, '');
  for (const [site, floor] of a.commitFloorMillis) {
    out.push(`- ${site}: ${floor === undefined ? 'unknown (an RTT is missing)' : `${formatMillis(floor)} ms`}`);
  }
  out.push('', '### Disruption budget', '', ...parts.disruptionBudget);
  out.push(...parts.trailer);
  out.push('');
  return out;
}

/**
 * Votes per site, a row per site that holds any (a column per site would make lines of thousands
 * of characters at a thousand sites), then the totals and each group's quorum.
 */
function votesTable(design: AnalyzedDesign, a: AnalyzedCluster): string[] {
  const c = a.cluster;
  const arbitrators = c.members.some((m) => m.arbitrators > 0);
  const columns = ['voters (data nodes)', ...(arbitrators ? ['arbitrators (no data)'] : []), ...a.votesPerSite.map((g) => g.label)];
  const cellsOf = (site: string) => [
    a.membersPerSite.get(site) ?? 0,
    ...(arbitrators ? [c.members.find((m) => m.site === site)?.arbitrators ?? 0] : []),
    ...a.votesPerSite.map((g) => g.perSite.get(site) ?? 0),
  ];
  const members = new Set(c.members.filter((m) => m.voters + m.arbitrators > 0).map((m) => m.site));
  const holding = design.sites.map((s) => s.name).filter((site) => members.has(site));
  const out = [`| site | ${columns.join(' | ')} |`, `| --- |${columns.map(() => ' --- |').join('')}`];
  for (const site of holding) out.push(`| ${site} | ${cellsOf(site).join(' | ')} |`);
  const voters = holding.reduce((n, site) => n + (a.membersPerSite.get(site) ?? 0), 0);
  const arbitratorTotal = c.members.reduce((n, m) => n + m.arbitrators, 0);
  out.push(`| total | ${[voters, ...(arbitrators ? [arbitratorTotal] : []), ...a.votesPerSite.map((g) => g.total)].join(' | ')} |`);
  out.push(`| quorum | ${['-', ...(arbitrators ? ['-'] : []), ...a.votesPerSite.map((g) => g.quorum)].join(' | ')} |`);
  const others = design.sites.length - holding.length;
  if (others > 0) out.push('', `The other ${others} site${others === 1 ? '' : 's'} of the design hold${others === 1 ? 's' : ''} no member of \`${c.name}\`.`);
  return out;
}

function scenarioTable(design: AnalyzedDesign, rows: readonly Scenario[]): string[] {
  if (rows.length === 0) return ['(not applicable)'];
  const labels = rows[0].groups.map((g) => g.label);
  const out = [`| lost | ${labels.join(' | ')} | verdict | Kubernetes API |`, `| --- |${labels.map(() => ' --- |').join('')} --- | --- |`];
  for (const r of rows) {
    const cells = r.groups.map((g) => `${g.votesLeft} of ${g.total} left (needs ${g.quorum})`);
    const verdict = r.survives ? 'survives' : r.groups.every((g) => g.survives) ? '**halts: no member with data left**' : '**halts**';
    out.push(`| ${r.lost.join(' + ')} | ${cells.join(' | ')} | ${verdict} | ${apiServerAfter(design, r.lost)} |`);
  }
  return out;
}

/**
 * The disruption budget of an engine whose one PodDisruptionBudget (per Kubernetes cluster) covers
 * all voting members; `voteUnit` says what one vote is, in the engine's words (`replicas of a range`).
 */
export function votingMembersBudget(a: AnalyzedCluster, voteUnit: string): string[] {
  const budget = a.disruptionBudget;
  if (!budget.perSite) {
    return [`One PodDisruptionBudget over all voting members: maxUnavailable ${budget.total}, so voluntary evictions never take more than ${budget.total} vote(s) (${voteUnit}) and never the quorum.`];
  }
  const parts = [...budget.perSite].map(([s, n]) => `${s} ${n}`).join(', ');
  return [
    `PodDisruptionBudgets cannot see across Kubernetes clusters, so the budget of ${budget.total} is split: ${parts} (maxUnavailable per site).`,
    'A site with 0 cannot be drained by evictions; take it down only while every other site is whole, by deleting its pods one at a time.',
  ];
}
