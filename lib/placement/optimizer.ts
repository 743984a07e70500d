import { Candidate, CandidateJudge, SiteVoteCount } from './candidate';
import { RuledOut } from './ruled-out';
import { survivesSiteLosses } from './survival';
import { DesignModel, SqlClusterModel } from '../model/design';
import { RttMatrix } from '../model/latency';

/** What the optimizer is asked. */
export interface OptimizeInput {
  /** The design: its sites, links, shape and acknowledgements (its clusters are ignored). */
  readonly design: DesignModel;
  /** The cluster to place: name, path, namespace and engine model; its members are ignored. */
  readonly cluster: SqlClusterModel;
  /** The sites votes may go to, in design order. */
  readonly sites: readonly string[];
  /** Sites the engine's options name (a primary, lease sites): never exchanged for another site. */
  readonly pinned: readonly string[];
  readonly minVotes: number;
  readonly maxVotes: number;
  /** Where writes start; empty: at whichever site holding voters gives the lowest floor. */
  readonly writers: readonly string[];
  /** Every loss of this many sites (1 or 2) must leave the cluster serving. */
  readonly siteLosses: number;
  /** Whether the engine has data-less voting members. */
  readonly arbitrators: boolean;
  /** @default OPTIMIZE_BUDGET */
  readonly budget?: number;
  /** @default OPTIMIZE_MILLIS */
  readonly millis?: number;
}

/**
 * How many placements one search may analyze before it stops: the bound that gives the same answer
 * on every machine (an analyzed placement costs 20–60 µs on one idle core; most are never checked by the rules).
 */
export const OPTIMIZE_BUDGET = 50_000;

/** How long one search may run (ms) before it stops: the safety bound for a loaded machine. */
export const OPTIMIZE_MILLIS = 10_000;

/** The best placement found, with what the search cost. */
export interface OptimizeOutcome {
  /** Undefined when no placement in the range passes every rule and survives the losses. */
  readonly best?: OptimalChoice;
  /** Placements analyzed (the engine's analysis and commit floor computed). */
  readonly examined: number;
  /** Placements also checked by every rule. */
  readonly checked: number;
  /** The most sites any subproblem kept after pruning. */
  readonly sitesKept: number;
  /** The bound that stopped the search before it was complete ("50,000 placements", "10 s"); then `best` is the best found so far. */
  readonly stoppedAt?: string;
  /** An error no placement clears, for people, when one stopped the search: then there is no `best`. */
  readonly hopeless?: string;
  /** The rules that refused placements which survive the losses, most often first: what the request lacks when there is no `best`. */
  readonly refusedBy: readonly string[];
}

/** One placement and its score. */
export interface OptimalChoice {
  readonly members: readonly SiteVoteCount[];
  readonly floorMillis: number;
  /** Where the floor is measured from: the writers, or the best site holding voters. */
  readonly floorFrom: readonly string[];
  readonly votes: number;
  readonly sites: number;
}

/**
 * The placement of `minVotes`..`maxVotes` votes that passes every rule, survives every loss of
 * `siteLosses` sites, and has the lowest commit floor; ties go to fewer sites, then fewer votes,
 * then the first in site order.
 *
 * Why the search may skip most placements (and stays exact). It relies on two properties of the
 * engines, which the property test in `test/placement-optimizer.test.ts` checks against brute force:
 *
 * (A) Whether a placement passes the rules and survives a loss depends on how many voters and
 *     arbitrators each site holds and on each site's role, not on which site of a role it is.
 *     Sites the engine's options name (`pinned`) and the writers' own sites are each a role of
 *     their own. A rule that reads the RTTs between the sites holding members breaks (A)
 *     (MS-GALERA-LATENCY; its violations say so, `PlacementRemedy` `links`). When such an error
 *     shows on any candidate, the search runs again over every site without pruning. It need not
 *     otherwise: the pruned search judges the canonical placement P' that the moves below make of
 *     an optimum P*, unless something at least as good is already found; P' differs from P* only
 *     in which sites of a role hold votes, so it passes where P* does unless such a rule refuses it.
 * (M) The commit floor never rises when a site's votes move to an unused site of the same role
 *     that is at least as near to every writer, nor when two sites of a role swap their votes so
 *     that the nearer one holds more. True of a Raft quorum (the floor is the RTT to the vote that
 *     completes a majority, counting nearest first), of Galera (the RTT to the farthest member)
 *     and of Data Guard (the primary's site, pinned).
 *
 * Say site t dominates s when both have the same role and t is at least as near to every writer
 * (ties broken by site order). A placement holds votes in at most V sites. Take an optimal one
 * that uses a site s dominated by V or more sites: among those dominators at most V − 1 are used,
 * and by transitivity an unused dominator of s with the fewest dominators of its own is itself
 * dominated by fewer than V sites. Moving the votes of s there keeps the counts per role (so the
 * verdict, by (A), and the number of sites and votes) and does not raise the floor (M). Repeating
 * this yields an equally good placement that only uses sites dominated by fewer than V others: the
 * search keeps just those (the V nearest per role when there is one writer), however many sites the
 * app has. Among them, swapping votes so that a dominating site holds at least as many (M) lets the
 * search try only placements whose counts never rise from a site to one it dominates.
 *
 * With no writers given, the floor of a placement is the lowest from any site holding voters. The
 * search then solves one subproblem per site w (writes start at w, which must hold a voter; w is a
 * role of its own) and keeps the best: the optimum's best site w* finds it in its subproblem, and
 * no subproblem's answer scores better than its own floor from its best site.
 */
export function optimizePlacement(input: OptimizeInput): OptimizeOutcome {
  const judge = new CandidateJudge(input.design, input.cluster);
  const budget = input.budget ?? OPTIMIZE_BUDGET;
  const millis = input.millis ?? OPTIMIZE_MILLIS;
  const started = Date.now();
  const ruledOut = new RuledOut();
  const refusals = new Map<string, number>();
  let stoppedAt: string | undefined;
  let calls = 0;
  const stop = () => {
    if (stoppedAt === undefined && judge.analyzed >= budget) stoppedAt = `${budget.toLocaleString('en-US')} placements`;
    if (stoppedAt === undefined && ++calls % 256 === 0 && Date.now() - started > millis) stoppedAt = `${(millis / 1000).toLocaleString('en-US')} s`;
    return stoppedAt !== undefined || ruledOut.hopeless !== undefined;
  };
  const rtt = RttMatrix.of(input.design.links);
  let best: { choice: OptimalChoice; key: number[] } | undefined;
  let sitesKept = 0;
  const subproblems: { writers: readonly string[]; mustUse: readonly string[] }[] = input.writers.length > 0
    ? [{ writers: input.writers, mustUse: [] }]
    : input.sites.map((w) => ({ writers: [w], mustUse: [w] }));

  const search = (prune: boolean) => {
    for (const { writers, mustUse } of subproblems) {
      const kept = prune ? keptSites(input, rtt, writers, mustUse) : everySite(input.sites);
      sitesKept = Math.max(sitesKept, kept.sites.length);
      for (let votes = input.minVotes; votes <= input.maxVotes; votes++) {
        enumerate(kept, votes, input.arbitrators, new Set(mustUse), ruledOut, stop, (members) => {
          const candidate = judge.analyze(members);
          const used = candidate.members.length;
          const floor = judge.floorMillis(candidate, writers);
          const key = [floor, used, votes];
          if (best && !less(key, best.key)) return;
          if (!survivesSiteLosses(candidate, input.siteLosses)) return;
          const errors = judge.placedErrors(candidate);
          ruledOut.learn(errors);
          for (const id of new Set(errors.map((e) => e.finding.ruleId))) refusals.set(id, (refusals.get(id) ?? 0) + 1);
          if (errors.length > 0) return;
          const floorFrom = input.writers.length > 0 ? writers : bestSites(judge, candidate);
          const objective = input.writers.length > 0 ? floor : judge.floorMillis(candidate, []);
          const finalKey = [objective, used, votes];
          if (best && !less(finalKey, best.key)) return;
          best = { key: finalKey, choice: { members: candidate.members, floorMillis: objective, floorFrom, votes, sites: used } };
        });
      }
    }
  };
  search(true);
  // (A) failed: an error read the links between sites, so search again over every site (see above);
  // what the pruned search found passes, and stays unless something better turns up.
  if (ruledOut.linksMatter && !stop()) search(false);
  const refusedBy = [...refusals].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map(([id]) => id);
  if (ruledOut.hopeless) return { examined: judge.analyzed, checked: judge.checked, sitesKept, hopeless: ruledOut.hopeless, refusedBy };
  return { best: best?.choice, examined: judge.analyzed, checked: judge.checked, sitesKept, stoppedAt, refusedBy };
}

/** The sites with voters whose floor is the candidate's lowest. */
function bestSites(judge: CandidateJudge, candidate: Candidate): string[] {
  const floor = judge.floorMillis(candidate, []);
  return [...candidate.analysis.commitFloorMillis].filter(([, f]) => f === floor).map(([s]) => s);
}

function less(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

interface KeptSites {
  /** In a linear extension of dominance: a dominating site comes before the sites it dominates. */
  readonly sites: readonly string[];
  /** For each kept site, the kept sites that dominate it. */
  readonly dominators: ReadonlyMap<string, readonly string[]>;
}

/** Every site, none dominating another: the search without pruning. */
function everySite(sites: readonly string[]): KeptSites {
  return { sites, dominators: new Map(sites.map((s) => [s, []])) };
}

/** The sites dominated by fewer than `maxVotes` sites of their role (see `optimizePlacement`). */
export function keptSites(input: OptimizeInput, rtt: RttMatrix, writers: readonly string[], mustUse: readonly string[]): KeptSites {
  const roleOf = new Map(input.design.sites.map((s) => [s.name, s.role as string]));
  const own = new Set([...input.pinned, ...mustUse, ...writers]);
  const classOf = (s: string) => (own.has(s) ? `own:${s}` : roleOf.get(s) ?? 'active');
  const index = new Map(input.sites.map((s, i) => [s, i]));
  const dist = new Map(input.sites.map((s) => [s, writers.map((w) => rtt.between(w, s) ?? Infinity)]));
  const dominates = (t: string, s: string) => {
    if (t === s || classOf(t) !== classOf(s)) return false;
    const dt = dist.get(t)!;
    const ds = dist.get(s)!;
    let strictly = false;
    for (let i = 0; i < dt.length; i++) {
      if (dt[i] > ds[i]) return false;
      if (dt[i] < ds[i]) strictly = true;
    }
    return strictly || index.get(t)! < index.get(s)!;
  };
  // Per role, sorted by the sum of the distances (a linear extension of dominance).
  const sum = (s: string) => dist.get(s)!.reduce((a, b) => a + b, 0);
  const sorted = [...input.sites].sort((a, b) => sum(a) - sum(b) || index.get(a)! - index.get(b)!);
  const kept: string[] = [];
  const dominators = new Map<string, string[]>();
  const byClass = new Map<string, string[]>();
  for (const s of sorted) {
    const peers = byClass.get(classOf(s)) ?? [];
    byClass.set(classOf(s), peers);
    // Dominators come earlier in `sorted`; once a role has maxVotes kept sites that all dominate s, s is out.
    const over = peers.filter((t) => dominates(t, s));
    if (over.length >= input.maxVotes) continue;
    // A dominator that was not kept is dominated by ≥ maxVotes sites, all of which dominate s too.
    peers.push(s);
    kept.push(s);
    dominators.set(s, over);
  }
  return { sites: kept, dominators };
}

/**
 * Every placement of exactly `votes` votes over the kept sites in which no site holds more than
 * a site that dominates it, each must-use site holding a voter, and no site holding counts that
 * the errors seen so far rule out; until `stop` says so.
 */
function enumerate(
  kept: KeptSites, votes: number, arbitrators: boolean, mustUse: ReadonlySet<string>, ruledOut: RuledOut, stop: () => boolean,
  visit: (members: SiteVoteCount[]) => void,
): void {
  const totals = new Map<string, number>();
  const acc: SiteVoteCount[] = [];
  const rec = (i: number, left: number) => {
    if (stop()) return;
    if (i === kept.sites.length) {
      if (left === 0) visit([...acc]);
      return;
    }
    const site = kept.sites[i];
    let bound = left;
    for (const t of kept.dominators.get(site)!) bound = Math.min(bound, totals.get(t)!);
    const least = mustUse.has(site) ? 1 : 0;
    for (let total = bound; total >= least; total--) {
      totals.set(site, total);
      const maxArb = arbitrators ? total - least : 0;
      for (let arb = 0; arb <= maxArb; arb++) {
        if (!ruledOut.allows(site, total - arb, arb)) continue;
        if (total > 0) acc.push({ site, voters: total - arb, arbitrators: arb });
        rec(i + 1, left - total);
        if (total > 0) acc.pop();
      }
    }
    totals.delete(site);
  };
  rec(0, votes);
}
