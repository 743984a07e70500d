/**
 * A set of votes spread over sites, where a strict majority must stay reachable.
 *
 * Some engines place votes exactly (one per member); others, like CockroachDB's
 * allocator, spread a fixed number of replicas as evenly as the nodes allow, which
 * leaves a few replicas free to land in any of several sites. Such a group is described
 * by a fixed part per site plus `floating` votes that may each land in one more of the
 * `floatingSites` (at most one per site). Analysis always takes the worst case.
 */
export interface VotingGroup {
  /** What the votes are, e.g. "default ranges (5 replicas)". */
  readonly label: string;
  readonly total: number;
  /** Votes certainly in each site. Sites absent hold none. */
  readonly fixed: ReadonlyMap<string, number>;
  /** Votes whose site the engine picks among `floatingSites`. */
  readonly floating: number;
  readonly floatingSites: ReadonlySet<string>;
}

/** Votes needed to act: a strict majority, ⌊n/2⌋ + 1. */
export function quorumOf(total: number): number {
  return Math.floor(total / 2) + 1;
}

/** A group whose votes sit exactly where given. */
export function exactGroup(label: string, votesPerSite: ReadonlyMap<string, number>): VotingGroup {
  let total = 0;
  for (const v of votesPerSite.values()) total += v;
  return { label, total, fixed: votesPerSite, floating: 0, floatingSites: new Set() };
}

/** The most votes the given sites can hold together, over every placement the group allows. */
export function worstCaseVotesIn(group: VotingGroup, sites: Iterable<string>): number {
  let fixed = 0;
  let floatingCandidates = 0;
  for (const site of new Set(sites)) {
    fixed += group.fixed.get(site) ?? 0;
    if (group.floatingSites.has(site)) floatingCandidates++;
  }
  return fixed + Math.min(group.floating, floatingCandidates);
}

/** Votes certainly left when the given sites are lost (worst case). */
export function votesLeftAfterLosing(group: VotingGroup, lost: Iterable<string>): number {
  return group.total - worstCaseVotesIn(group, lost);
}

/** Whether a majority of the group's votes survives the loss of the given sites. */
export function survivesLossOf(group: VotingGroup, lost: Iterable<string>): boolean {
  return votesLeftAfterLosing(group, lost) >= quorumOf(group.total);
}

/** How the group's votes are placed, for people: "2", or "1–2" when the engine picks. */
export function describeVotesIn(group: VotingGroup, site: string): string {
  const fixed = group.fixed.get(site) ?? 0;
  if (group.floating > 0 && group.floatingSites.has(site)) {
    return `${fixed}–${fixed + 1}`;
  }
  return `${fixed}`;
}
