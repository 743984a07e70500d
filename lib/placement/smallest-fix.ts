import { CandidateJudge, SiteVoteCount } from './candidate';
import { optimizePlacement } from './optimizer';
import { RuledOut } from './ruled-out';
import { formatMillis } from '../core/types';
import { EngineAlternative } from '../engines/engine';
import { engineOfKind } from '../engines/registry';
import { DesignModel, EngineModel, SiteMembersModel, SiteModel, SqlClusterModel } from '../model/design';
import { RttMatrix } from '../model/latency';

/**
 * What a computed fix costs, compared in this order (the first difference decides):
 *
 * 1. votes changed: for voters and for arbitrators each, the larger of the votes added and the
 *    votes removed (so moving one vote from a site to another is 1, adding one is 1, removing
 *    one is 1), plus the votes an engine setting changes (CockroachDB's replication factor 5 → 3
 *    is 2);
 * 2. sites added (a new WitnessSite is 1);
 * 3. the commit floor, the lowest from any site holding voters (unknown counts as the highest);
 * 4. fewer votes in all; then the first found, in site order.
 */
export const FIX_COST_ORDER = ['votes changed', 'sites added', 'commit floor', 'votes in all'] as const;

/**
 * How many candidate placements one search may analyze, the lowest-floor hint included: the bound
 * that gives the same answer on every machine (on one idle core a placement costs 50–150 µs, so
 * about 1–1.5 s at 20 sites).
 */
export const FIX_SEARCH_BUDGET = 10_000;

/** How long one search may run (ms): the safety bound for a loaded machine; the finding says when it stopped the search. */
export const FIX_SEARCH_MILLIS = 10_000;

/** How many empty sites of one role the search may put members in: the nearest to the cluster's sites. */
export const FIX_EMPTY_SITES_PER_ROLE = 3;

/** The smallest change to one cluster that makes every rule pass. */
export interface SmallestFix {
  /** The change, for people: "add a WitnessSite ("witness") and move 1 voter from dc-a to witness". */
  readonly change: string;
  /** The placement before, e.g. "3+2 over dc-a, dc-b". */
  readonly before: string;
  /** The placement after, e.g. "2+2+1 over dc-a, dc-b, witness". */
  readonly after: string;
  readonly votesChanged: number;
  readonly sitesAdded: number;
  /** The commit floor after the change (ms); undefined when an RTT is unknown (a new site's links). */
  readonly commitFloorMillis?: number;
  /** The members after the change. */
  readonly members: readonly SiteVoteCount[];
  /** The engine model after the change. */
  readonly engine: EngineModel;
  /** The new witness site's name, when the fix adds one. */
  readonly newSite?: string;
  /** The engine setting changed, e.g. `set replicationFactor 3`. */
  readonly engineChange?: string;
  /** The lowest-floor placement of as many votes over the design's sites (`Placement.optimal`), when its floor is lower. */
  readonly lowestFloor?: { readonly placement: string; readonly commitFloorMillis: number };
  /** The whole fix as one sentence. */
  readonly text: string;
  /** Candidates analyzed. */
  readonly examined: number;
  /** Whether a placement of the same cost with a lower commit floor may exist: the bound stopped the search within the fix's cost. */
  readonly unfinished: boolean;
}

/** Where the search looks. */
export interface FixSearchInput {
  readonly design: DesignModel;
  readonly cluster: SqlClusterModel;
  /** Sites the engine's options name (they are never traded for others by the optimizer). */
  readonly pinned: readonly string[];
  /** @default FIX_SEARCH_BUDGET */
  readonly budget?: number;
  /** @default FIX_SEARCH_MILLIS */
  readonly millis?: number;
}

/** What one search answers: the fix, or why there is none, and what it cost. */
export interface FixSearchOutcome {
  /** The smallest change found; undefined when none. */
  readonly fix?: SmallestFix;
  /** Why there is no fix, for people (set when `fix` is not). */
  readonly noFix?: string;
  /** The search's cost, for people: "searched 37 placements". */
  readonly searched: string;
  /** Placements analyzed in all, the lowest-floor hint's included: what the search took of its budget. */
  readonly spent: number;
}

/**
 * The smallest change (by `FIX_COST_ORDER`) to the cluster's placement, its arbitrators and its
 * engine's fix alternatives (`SqlEngineDefinition.fixAlternatives`) after which no rule reports an
 * error on the cluster, or why there is none. Answers in bounded time: at most `budget` candidates
 * judged, at most `millis` ms.
 *
 * - Where: the cluster's own sites, the nearest `FIX_EMPTY_SITES_PER_ROLE` empty sites of each role
 *   (sites the engine's options name always), and a new WitnessSite. Empty sites of one role are
 *   interchangeable for the verdict (property (A) in `optimizer.ts`), so among them the search only
 *   tries placements whose counts never rise from a nearer site to a farther one. An error that
 *   reads the links between sites (`PlacementRemedy` `links`, MS-GALERA-LATENCY) breaks (A): the
 *   search then starts again with those empty sites each free.
 * - Order: cost level by cost level (every change of k votes before any of k + 1), so the first
 *   level with a passing candidate holds the smallest fix and the tie-breaks pick within it.
 * - Early stops, by what the rules state (`Violation.placement`), never by message text: an error
 *   that no placement clears ends the search at once; an error that stays while one site holds
 *   certain counts rules those counts out for that site, for every later candidate, unjudged.
 * - Bounds: when one is hit, the fix found within the current level is returned (marked
 *   `unfinished`), or the answer says which levels were searched whole.
 */
export function smallestFix(input: FixSearchInput): FixSearchOutcome {
  const { design, cluster } = input;
  const budget = input.budget ?? FIX_SEARCH_BUDGET;
  const millis = input.millis ?? FIX_SEARCH_MILLIS;
  const started = Date.now();
  const engine = engineOfKind(cluster.engine.kind);
  const judge = new CandidateJudge(design, cluster);
  const newSite = newWitnessSite(design);
  const has = (site: string) => cluster.members.find((m) => m.site === site);
  let canonical = true;
  let slots = searchSites(input, newSite, canonical);
  let sites = slots.map((x) => x.site);
  let voters = sites.map((s) => has(s)?.voters ?? 0);
  let arbitrators = sites.map((s) => has(s)?.arbitrators ?? 0);
  const alternatives: EngineAlternative<EngineModel>[] = [
    { model: cluster.engine, votesChanged: 0, change: '' },
    ...(engine.fixAlternatives?.(cluster.engine) ?? []),
  ];
  const totalOf = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
  const maxLevel = totalOf(voters) + totalOf(arbitrators) + 9 + Math.max(...alternatives.map((a) => a.votesChanged));
  const searched = () => `searched ${FIX_SEARCH_NUMBER.format(judge.analyzed)} placement${judge.analyzed === 1 ? '' : 's'}`;

  // What the errors of judged candidates rule out, per engine alternative.
  const ruledOut = alternatives.map(() => new RuledOut());
  const allowed = (alt: number, slot: number, v: number, a: number) => ruledOut[alt].allows(sites[slot], v, a);
  const hopeless = () => ruledOut.find((r) => r.hopeless)?.hopeless;
  const linksMatter = () => ruledOut.some((r) => r.linksMatter);

  ruledOut[0].learn(judge.placedErrors(judge.analyze(cluster.members, cluster.engine)));
  if (hopeless()) return { noFix: `No placement change clears ${hopeless()}.`, searched: searched(), spent: judge.analyzed };

  let stopped: string | undefined;
  let visits = 0;
  const outOfBounds = () => {
    if (stopped) return true;
    if (judge.analyzed >= budget) stopped = 'its placement bound';
    else if (++visits % 256 === 0 && Date.now() - started > millis) stopped = 'its time bound';
    return stopped !== undefined;
  };

  for (let k = 1; k <= maxLevel; k++) {
    if (canonical && linksMatter()) {
      // An error read the links between sites: empty sites of a role are not interchangeable, so
      // they are searched each free, from the first level again.
      canonical = false;
      slots = searchSites(input, newSite, canonical);
      sites = slots.map((x) => x.site);
      voters = sites.map((s) => has(s)?.voters ?? 0);
      arbitrators = sites.map((s) => has(s)?.arbitrators ?? 0);
      k = 1;
    }
    let best: { key: number[]; members: SiteVoteCount[]; alt: EngineAlternative<EngineModel>; floor: number } | undefined;
    for (const [altIndex, alt] of alternatives.entries()) {
      if (alt.votesChanged > k) continue;
      const rest = k - alt.votesChanged;
      for (let kv = rest; kv >= 0 && !stopped; kv--) {
        const ka = rest - kv;
        if (ka > 0 && !engine.hasArbitrators) continue;
        const voterOk = (slot: number, v: number, prev: readonly number[]) => allowed(altIndex, slot, v, 0) && slots[slot].canonical(v, prev);
        for (const v of changesOf(voters, kv, voterOk)) {
          if (outOfBounds()) break;
          const arbitratorOk = (slot: number, a: number, prev: readonly number[]) =>
            allowed(altIndex, slot, v[slot], a) && slots[slot].canonicalArbitrators(v, a, prev);
          for (const a of changesOf(arbitrators, ka, arbitratorOk)) {
            if (outOfBounds()) break;
            const members = sites.map((site, i) => ({ site, voters: v[i], arbitrators: a[i] })).filter((m) => m.voters + m.arbitrators > 0);
            if (members.length === 0) continue;
            const usesNew = v[sites.length - 1] + a[sites.length - 1] > 0;
            const candidate = judge.analyze(members, alt.model, usesNew ? newSite : undefined);
            const floor = judge.floorMillis(candidate, []);
            const key = [usesNew ? 1 : 0, floor, totalOf(v) + totalOf(a)];
            if (best && !less(key, best.key)) continue;
            const errors = judge.placedErrors(candidate);
            ruledOut[altIndex].learn(errors);
            if (hopeless()) return { noFix: `No placement change clears ${hopeless()}.`, searched: searched(), spent: judge.analyzed };
            if (errors.length > 0) continue;
            best = { key, members: candidate.members as SiteVoteCount[], alt, floor };
          }
        }
      }
    }
    if (best) {
      const added = best.key[0] === 1 ? newSite.name : undefined;
      // The lowest-floor hint (Placement.optimal) spends what the search left of both bounds.
      const left = { budget: Math.max(0, budget - judge.analyzed), millis: Math.max(0, millis - (Date.now() - started)) };
      const votes = best.members.reduce((n, m) => n + m.voters + m.arbitrators, 0);
      const hint = lowerFloorPlacement(input, best.alt.model, votes, best.floor, left);
      const fix = describeFix(input, best.members, best.alt, best.floor, k, added, judge.analyzed, stopped !== undefined, hint.lowestFloor);
      return { fix, searched: searched(), spent: judge.analyzed + hint.examined };
    }
    if (stopped) {
      const whole = k - 1;
      return {
        noFix: `The search stopped at ${stopped} without a passing placement: ${whole === 0 ? 'no cost level was searched whole' : `no change of up to ${whole} vote${whole === 1 ? '' : 's'} passes`} (over ${describeSites(sites)}).`,
        searched: searched(),
        spent: judge.analyzed,
      };
    }
  }
  return { noFix: `No change of up to ${maxLevel} votes over ${describeSites(sites)} passes every rule.`, searched: searched(), spent: judge.analyzed };
}

const FIX_SEARCH_NUMBER = new Intl.NumberFormat('en-US', { maximumFractionDigits: 1 });

/** "a, b, c", or the first ten and how many more. */
function describeSites(sites: readonly string[]): string {
  return sites.length <= 10 ? sites.join(', ') : `${sites.slice(0, 10).join(', ')} and ${sites.length - 10} more`;
}

/** One site the search may change, with the tie-break that keeps interchangeable empty sites in one order. */
interface SearchSite {
  readonly site: string;
  /** Whether `voters` in this slot is the canonical order after the slots before it (`prev`). */
  canonical(voters: number, prev: readonly number[]): boolean;
  /** Whether `arbitrators` in this slot keeps the canonical order, given the voters of every slot. */
  canonicalArbitrators(voters: readonly number[], arbitrators: number, prev: readonly number[]): boolean;
}

/**
 * The sites the search may change: the cluster's own, then the nearest `FIX_EMPTY_SITES_PER_ROLE`
 * empty sites of each role (the sites the engine names always), then the new witness. When
 * `canonical`, among the empty sites of one role a farther one never holds more voters than the
 * nearer one before it (nor, with as many voters, more arbitrators); otherwise each is free.
 */
function searchSites(input: FixSearchInput, newSite: SiteModel, canonical: boolean): SearchSite[] {
  const { design, cluster } = input;
  const used = new Set(cluster.members.filter((m) => m.voters + m.arbitrators > 0).map((m) => m.site));
  const pinned = new Set(input.pinned);
  const rtt = RttMatrix.of(design.links);
  const index = new Map(design.sites.map((s, i) => [s.name, i]));
  const nearness = (s: string) => [...used].reduce((sum, u) => sum + (rtt.between(u, s) ?? 1e6), 0);
  const empty = design.sites.filter((s) => !used.has(s.name) && !pinned.has(s.name))
    .sort((a, b) => nearness(a.name) - nearness(b.name) || index.get(a.name)! - index.get(b.name)!);
  const perRole = new Map<string, string[]>();
  for (const s of empty) {
    const list = perRole.get(s.role) ?? [];
    if (list.length < FIX_EMPTY_SITES_PER_ROLE) list.push(s.name);
    perRole.set(s.role, list);
  }
  const free = (site: string): SearchSite => ({ site, canonical: () => true, canonicalArbitrators: () => true });
  const out: SearchSite[] = design.sites.filter((s) => used.has(s.name) || pinned.has(s.name)).map((s) => free(s.name));
  for (const list of perRole.values()) {
    list.forEach((site, i) => {
      if (i === 0 || !canonical) {
        out.push(free(site));
        return;
      }
      const before = out.length - 1;
      out.push({
        site,
        canonical: (v, prev) => v <= prev[before],
        canonicalArbitrators: (vs, a, prev) => vs[before + 1] < vs[before] || a <= prev[before],
      });
    });
  }
  out.push(free(newSite.name));
  return out;
}

/**
 * Every vector of counts per site whose change from `original` costs exactly `k` (the larger of
 * the counts added and the counts removed is k) and whose every count `ok` accepts, given the
 * counts chosen before it.
 */
export function* changesOf(
  original: readonly number[], k: number, ok: (slot: number, count: number, prev: readonly number[]) => boolean = () => true,
): Generator<number[]> {
  const held = original.reduce((a, b) => a + b, 0);
  for (let added = 0; added <= k; added++) {
    for (let removed = 0; removed <= Math.min(k, held); removed++) {
      if (Math.max(added, removed) !== k) continue;
      yield* spread(original, added, removed, ok);
    }
  }
}

function* spread(
  original: readonly number[], added: number, removed: number, ok: (slot: number, count: number, prev: readonly number[]) => boolean,
): Generator<number[]> {
  const x = [...original];
  function* rec(i: number, addLeft: number, removeLeft: number): Generator<number[]> {
    if (i === x.length) {
      if (addLeft === 0 && removeLeft === 0) yield [...x];
      return;
    }
    for (let d = -Math.min(original[i], removeLeft); d <= addLeft; d++) {
      x[i] = original[i] + d;
      if (!ok(i, x[i], x)) continue;
      yield* rec(i + 1, addLeft - Math.max(d, 0), removeLeft - Math.max(-d, 0));
    }
    x[i] = original[i];
  }
  yield* rec(0, added, removed);
}

function less(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

/** A witness site the design does not have yet: `witness`, or `witness-2`, … when taken. Its links are unknown. */
export function newWitnessSite(design: DesignModel): SiteModel {
  const taken = new Set(design.sites.map((s) => s.name));
  let name = 'witness';
  for (let i = 2; taken.has(name); i++) name = `witness-${i}`;
  return {
    name,
    role: 'witness',
    path: name,
    clusterDomain: `${name}.cluster.local`,
    podCidrs: [],
    serviceCidrs: [],
    nodeCidrs: [],
    statefulFirewall: false,
    geoTag: name,
  };
}

/** "3+2 over dc-a, dc-b"; with arbitrators, "2+2+1 over dc-a, dc-b, w (arbitrators: 1 in w)". */
export function describePlacement(members: readonly SiteMembersModel[]): string {
  const used = members.filter((m) => m.voters + m.arbitrators > 0);
  const counts = used.map((m) => m.voters + m.arbitrators).join('+');
  const arbs = used.filter((m) => m.arbitrators > 0).map((m) => `${m.arbitrators} in ${m.site}`);
  return `${counts} over ${used.map((m) => m.site).join(', ')}${arbs.length > 0 ? ` (arbitrators: ${arbs.join(', ')})` : ''}`;
}

function describeFix(
  input: FixSearchInput, members: SiteVoteCount[], alt: EngineAlternative<EngineModel>, floor: number, k: number,
  newSite: string | undefined, examined: number, unfinished: boolean, lowestFloor: SmallestFix['lowestFloor'],
): SmallestFix {
  const before = input.cluster.members;
  const steps: string[] = [];
  if (newSite) steps.push(`add a WitnessSite ("${newSite}", linked to the other sites)`);
  for (const kind of ['voter', 'arbitrator'] as const) {
    const count = (ms: readonly SiteMembersModel[], site: string) => {
      const m = ms.find((x) => x.site === site);
      return m ? (kind === 'voter' ? m.voters : m.arbitrators) : 0;
    };
    const sites = [...new Set([...before.map((m) => m.site), ...members.map((m) => m.site)])];
    const gains = sites.map((s) => ({ site: s, n: count(members, s) - count(before, s) })).filter((d) => d.n > 0);
    const losses = sites.map((s) => ({ site: s, n: count(before, s) - count(members, s) })).filter((d) => d.n > 0);
    const plural = (n: number) => `${n} ${kind}${n === 1 ? '' : 's'}`;
    // Pair removals with additions, in site order: each pair is a move.
    while (gains.length > 0 && losses.length > 0) {
      const n = Math.min(gains[0].n, losses[0].n);
      steps.push(`move ${plural(n)} from ${losses[0].site} to ${gains[0].site}`);
      gains[0].n -= n;
      losses[0].n -= n;
      if (gains[0].n === 0) gains.shift();
      if (losses[0].n === 0) losses.shift();
    }
    for (const g of gains) steps.push(`add ${plural(g.n)} in ${g.site}`);
    for (const l of losses) steps.push(`remove ${plural(l.n)} from ${l.site}`);
  }
  if (alt.change) steps.push(alt.change);
  const change = joinSteps(steps);
  const floorMillis = Number.isFinite(floor) ? floor : undefined;
  const beforeText = describePlacement(before);
  const afterText = describePlacement(members);
  const votes = members.reduce((n, m) => n + m.voters + m.arbitrators, 0);
  const floorText = floorMillis !== undefined
    ? `commit floor ${formatMillis(floorMillis)} ms`
    : `commit floor known once ${newSite ?? 'every site'}'s links are declared`;
  const cost = `${k} vote${k === 1 ? '' : 's'} changed${newSite ? ', 1 site added' : ''}`;
  const placementText = beforeText === afterText ? `the placement stays ${afterText}` : `${beforeText} → ${afterText}`;
  const text = `Smallest change that passes every rule: ${change}: ${placementText} (${floorText}; cost: ${cost}).`
    + (lowestFloor ? ` Lowest commit floor with ${votes} votes over the existing sites: ${lowestFloor.placement} (${formatMillis(lowestFloor.commitFloorMillis)} ms, Placement.optimal).` : '');
  return {
    change,
    before: beforeText,
    after: afterText,
    votesChanged: k,
    sitesAdded: newSite ? 1 : 0,
    commitFloorMillis: floorMillis,
    members,
    engine: alt.model,
    newSite,
    engineChange: alt.change || undefined,
    lowestFloor,
    text,
    examined,
    unfinished,
  };
}

/**
 * The optimizer's placement of `votes` votes over the design's sites, when its floor beats `floor`
 * and the search ran to the end within what `left` allows; with what it analyzed.
 */
function lowerFloorPlacement(
  input: FixSearchInput, engine: EngineModel, votes: number, floor: number, left: { readonly budget: number; readonly millis: number },
): { lowestFloor: SmallestFix['lowestFloor']; examined: number } {
  if (left.budget <= 0 || left.millis <= 0) return { lowestFloor: undefined, examined: 0 };
  const outcome = optimizePlacement({
    design: input.design,
    cluster: { ...input.cluster, engine },
    sites: input.design.sites.map((s) => s.name),
    pinned: input.pinned,
    minVotes: votes,
    maxVotes: votes,
    writers: [],
    siteLosses: 1,
    arbitrators: engineOfKind(engine.kind).hasArbitrators,
    budget: left.budget,
    millis: left.millis,
  });
  const best = outcome.best;
  // A search the bounds cut short has not found the lowest floor: no hint rather than a wrong one.
  if (!best || outcome.stoppedAt !== undefined || !(best.floorMillis < floor)) return { lowestFloor: undefined, examined: outcome.examined };
  return { lowestFloor: { placement: describePlacement(best.members), commitFloorMillis: best.floorMillis }, examined: outcome.examined };
}

function joinSteps(steps: readonly string[]): string {
  if (steps.length <= 1) return steps.join('');
  return `${steps.slice(0, -1).join(', ')} and ${steps[steps.length - 1]}`;
}
