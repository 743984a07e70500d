import { CockroachCluster } from './model';
import { votersCockroachRuns } from './voter-count';
import { commitFloorFromAnySiteMillis } from '../../analysis/latency-floor';
import { diversityFirstPlacement } from '../../analysis/replica-placement';
import { singleSiteLosses, twoSiteLosses } from '../../analysis/site-loss';
import { exactGroup, survivesLossOf, VotingGroup } from '../../analysis/voting-group';
import { RttMatrix } from '../../model/latency';

/** The replicas of one set of ranges (the default ranges, or the system ranges) as the library pins them. */
export interface PinnedRanges {
  /** `default ranges`, `system ranges`, or `all ranges` when both are placed alike. */
  readonly ranges: string;
  /** Replicas the zone configuration asks for. */
  readonly asked: number;
  /** Voting replicas CockroachDB runs (`votersCockroachRuns`). */
  readonly voters: number;
  /** Voters per site, pinned by `voter_constraints`; sites without voters are absent. */
  readonly perSite: ReadonlyMap<string, number>;
}

/** Above this many choices, the sites that get the allocator's free replicas are taken in site order. */
const MAX_CHOICES = 2000;

/**
 * Pins where the voters of a set of ranges go, among the placements CockroachDB's allocator may
 * choose on its own: one replica per node and one per locality first, then as evenly as the nodes
 * allow (see `diversityFirstPlacement`; allocator_scorer.go ranks diversity before balance).
 * When the allocator would have a choice (3+3+3 nodes at 5 replicas: which site gets only one),
 * the library makes it, preferring the placement that survives the most single-site losses, then
 * the most two-site losses, then has the lowest commit floors from the lease sites (every member
 * site when none is preferred); the init Job writes it as `voter_constraints`, so the verdict and
 * the commit floors describe the placement that runs.
 */
export function pinVoters(
  ranges: string, asked: number, cluster: CockroachCluster, rtt: RttMatrix, leaseSites: readonly string[],
): PinnedRanges {
  const nodes = new Map(cluster.members.map((m) => [m.site, m.voters]));
  let totalNodes = 0;
  for (const n of nodes.values()) totalNodes += n;
  const voters = votersCockroachRuns(asked, totalNodes);
  const spread = diversityFirstPlacement(ranges, voters, nodes);
  const sites = cluster.members.map((m) => m.site);
  const inSiteOrder = (placed: ReadonlyMap<string, number>) =>
    new Map(sites.filter((s) => (placed.get(s) ?? 0) > 0).map((s) => [s, placed.get(s)!]));
  if (spread.floating === 0) return { ranges, asked, voters, perSite: inSiteOrder(spread.fixed) };

  const choices = combinations([...spread.floatingSites], spread.floating);
  const floorSites = leaseSites.length > 0 ? leaseSites : sites;
  let best: { perSite: Map<string, number>; score: number[] } | undefined;
  for (const chosen of choices) {
    const perSite = new Map(spread.fixed);
    for (const s of chosen) perSite.set(s, (perSite.get(s) ?? 0) + 1);
    const group = exactGroup(ranges, perSite);
    const score = [
      singleSiteLosses(sites).filter((lost) => survivesLossOf(group, lost)).length,
      twoSiteLosses(sites).filter((lost) => survivesLossOf(group, lost)).length,
      -floorSites.reduce((sum, s) => sum + (commitFloorFromAnySiteMillis(group, s, rtt) ?? Number.MAX_SAFE_INTEGER / sites.length), 0),
    ];
    if (!best || isBetter(score, best.score)) best = { perSite, score };
  }
  return { ranges, asked, voters, perSite: inSiteOrder(best!.perSite) };
}

/** The pinned placement as a voting group, labelled with what runs. */
export function pinnedGroup(p: PinnedRanges): VotingGroup {
  return exactGroup(`${p.ranges} (${p.voters} replicas)`, p.perSite);
}

function isBetter(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] > b[i];
  return false;
}

/** `k` of `items`, in lexicographic order; beyond `MAX_CHOICES` only the first (site order). */
function combinations(items: readonly string[], k: number): string[][] {
  let count = 1;
  for (let i = 0; i < k; i++) count = (count * (items.length - i)) / (i + 1);
  if (count > MAX_CHOICES) return [items.slice(0, k)];
  const out: string[][] = [];
  const rec = (start: number, acc: string[]) => {
    if (acc.length === k) {
      out.push(acc);
      return;
    }
    for (let i = start; i <= items.length - (k - acc.length); i++) rec(i + 1, [...acc, items[i]]);
  };
  rec(0, []);
  return out;
}
