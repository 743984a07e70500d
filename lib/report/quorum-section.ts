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
  const siteNames = design.sites.map((s) => s.name);
  out.push(`| | ${siteNames.join(' | ')} | total | quorum |`, `| --- |${siteNames.map(() => ' --- |').join('')} --- | --- |`);
  const row = (label: string, perSite: (site: string) => number) => {
    const counts = siteNames.map(perSite);
    out.push(`| ${label} | ${counts.join(' | ')} | ${counts.reduce((x, y) => x + y, 0)} | - |`);
  };
  row('voters (data nodes)', (s) => a.membersPerSite.get(s) ?? 0);
  if (c.members.some((m) => m.arbitrators > 0)) row('arbitrators (no data)', (s) => c.members.find((m) => m.site === s)?.arbitrators ?? 0);
  for (const g of a.votesPerSite) {
    out.push(`| ${g.label} | ${siteNames.map((s) => g.perSite.get(s)).join(' | ')} | ${g.total} | ${g.quorum} |`);
  }
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
