import { quorumOf, survivesLossOf, VotingGroup, votesLeftAfterLosing } from './voting-group';

/** What happens to one voting group when some sites are lost. */
export interface LossOutcome {
  readonly lost: readonly string[];
  readonly group: VotingGroup;
  readonly votesLeft: number;
  readonly quorum: number;
  readonly survives: boolean;
}

/** Outcome of losing exactly the given sites. */
export function outcomeOfLosing(group: VotingGroup, lost: readonly string[]): LossOutcome {
  return {
    lost,
    group,
    votesLeft: votesLeftAfterLosing(group, lost),
    quorum: quorumOf(group.total),
    survives: survivesLossOf(group, lost),
  };
}

/** Every single-site loss, in site order. */
export function singleSiteLosses(sites: readonly string[]): string[][] {
  return sites.map((s) => [s]);
}

/** Every loss of two sites at once (a partition that isolates them), in site order. */
export function twoSiteLosses(sites: readonly string[]): string[][] {
  const pairs: string[][] = [];
  for (let i = 0; i < sites.length; i++) {
    for (let j = i + 1; j < sites.length; j++) pairs.push([sites[i], sites[j]]);
  }
  return pairs;
}
