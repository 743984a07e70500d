import * as fc from 'fast-check';
import { ActiveActiveSite, DistributedSqlCluster, Latency, MultiSiteApp, SqlEngine, WitnessSite } from '../lib';
import { isAllowedPlacement, voterCountOf } from './support/cockroach-model';
import { tempOutdir } from './support/designs';
import { AnalyzedDesign } from '../lib/analysis/analyzed-design';
import { analyzeDesign } from '../lib/check/analyze-design';
import { ClusterRollout, rolloutPlan } from '../lib/check/change/rollout-plan';
import { DESIGN_RECORD_KIND, DESIGN_RECORD_VERSION, DesignRecord } from '../lib/model/design-record';
import { buildDesign } from '../lib/synth/build-design';

/**
 * Every step of every rollout plan, checked with brute-force survival models written from each
 * database's documented rule, not from the library:
 * - CockroachDB: a range runs voterCountOf(asked, nodes) voters (`test/support/cockroach-model.ts`,
 *   from the allocator's GetNeededVoters), the default ranges asking the replication factor and the
 *   system ranges max(5, it), placed by a diversity-first allocator in any of its allowed ways
 *   (`allowedPlacements`); a range commits with a strict majority of its voters (Raft §5.2-5.4).
 *   A site loss is survived when every range, however placed, keeps a majority.
 * - Galera: the primary component is the one that keeps more than half of the members' weight
 *   (each node and each garbd weighs 1, https://galeracluster.com/library/documentation/weighted-quorum.html),
 *   and it serves only with a data node in it.
 * - etcd: writes need ⌊n/2⌋ + 1 of its n voting members (https://etcd.io/docs/v3.4/faq/).
 * A plan must end at the target, change one member (or the settings) per step toward it, and leave
 * after each step a configuration that survives every site whose loss both ends survive; a plan
 * that says no order exists must be right, by a brute-force search over every order.
 */

type Counts = number[];
const SITES = ['dc-a', 'dc-b', 'dc-c', 'dc-d'];
const majority = (n: number) => Math.floor(n / 2) + 1;

/** A survival model: whether the configuration (voters and arbitrators per site, settings) survives losing site `lost`. */
type Model = (voters: Counts, arbitrators: Counts, newSettings: boolean, lost: number) => boolean;

/** One configuration: voters and arbitrators per site, and whether the new settings apply. */
type Config = [Counts, Counts, boolean];

/**
 * Whether the database can go from one configuration to the next without a moment that a
 * required loss halts (votes moving inside it); undefined: a step is one vote, nothing in between.
 */
type Transition = (before: Config, after: Config, required: number[]) => boolean;

/**
 * Raft changes membership one server at a time, each configuration committing with its own
 * majority (Ongaro, "Consensus: Bridging Theory and Practice", §4.1): some order of one-vote
 * changes from `from` to `to` keeps a strict majority on every required loss (brute force).
 */
function votesCanMove(from: Counts, to: Counts, required: number[]): boolean {
  const ok = (v: Counts) => required.every((l) => 2 * (v.reduce((a, b) => a + b, 0) - v[l]) > v.reduce((a, b) => a + b, 0));
  const go = (v: Counts): boolean => {
    if (v.every((x, i) => x === to[i])) return true;
    return v.some((x, i) => {
      if (x === to[i]) return false;
      const next = v.map((y, j) => (j === i ? y + Math.sign(to[i] - x) : y));
      return (next.every((y, j) => y === to[j]) || ok(next)) && go(next);
    });
  };
  return go(from);
}

/**
 * CockroachDB with the zone configuration each step runs: the voters per site it pins (read from
 * the written configuration's analysis, `pinned`) must be a placement the allocator may choose for
 * the count the allocator runs, and keep a majority.
 */
function cockroachModel(oldRf: number, newRf: number): Model {
  return (voters, _arb, newSettings, lost) => {
    const rf = newSettings ? newRf : oldRf;
    const nodes = voters.reduce((a, b) => a + b, 0);
    if (!voters.some((n, i) => n > 0 && i !== lost)) return false;
    return pinned(voters, rf).every((p, g) => {
      const count = voterCountOf(g === 0 ? rf : Math.max(5, rf), nodes);
      const total = p.reduce((a, b) => a + b, 0);
      return total === count && isAllowedPlacement(p, count, voters) && total - p[lost] >= majority(total);
    });
  };
}

/** CockroachDB's ranges move their voters from one step's pinned placement to the next one vote at a time. */
function cockroachTransition(oldRf: number, newRf: number): Transition {
  return ([v1, , s1], [v2, , s2], required) => {
    const [p1, p2] = [pinned(v1, s1 ? newRf : oldRf), pinned(v2, s2 ? newRf : oldRf)];
    // The zone configuration pins system ranges apart only when they are placed differently: else they move as the default ranges.
    const [q1, q2] = [[p1[0], p1[1] ?? p1[0]], [p2[0], p2[1] ?? p2[0]]];
    return q2.every((p, g) => votesCanMove(q1[g], p, required));
  };
}

/** The voters per site the zone configuration pins for each set of ranges (default, system), as synth writes it for this placement. */
function pinned(voters: Counts, rf: number): Counts[] {
  const design = analyzed(cockroachApp(voters, rf));
  return design.analyses[0].groups.map((g) => SITES.map((s) => g.fixed.get(s) ?? 0));
}

const galeraModel: Model = (voters, arbitrators, _s, lost) => {
  const weight = voters.reduce((a, b) => a + b, 0) + arbitrators.reduce((a, b) => a + b, 0);
  const left = weight - voters[lost] - arbitrators[lost];
  return 2 * left > weight && voters.some((n, i) => n > 0 && i !== lost);
};

const etcdModel: Model = (members, _a, _s, lost) => {
  const n = members.reduce((a, b) => a + b, 0);
  return n - members[lost] >= majority(n);
};

/** Whether some order of single moves toward the target keeps every configuration alive on each required loss (brute force, memoized). */
function someSafeOrder(
  from: [Counts, Counts], to: [Counts, Counts], settings: boolean, required: number[], model: Model, transition?: Transition,
): boolean {
  const seen = new Map<string, boolean>();
  const alive = (v: Counts, a: Counts, s: boolean) => required.every((l) => model(v, a, s, l));
  const go = (v: Counts, a: Counts, s: boolean): boolean => {
    const key = `${v}|${a}|${s}`;
    if (seen.has(key)) return seen.get(key)!;
    seen.set(key, false);
    if (v.every((x, i) => x === to[0][i]) && a.every((x, i) => x === to[1][i]) && s) return seen.set(key, true).get(key)!;
    const next: Array<[Counts, Counts, boolean]> = [];
    v.forEach((x, i) => {
      if (x !== to[0][i]) next.push([v.map((y, j) => (j === i ? y + Math.sign(to[0][i] - x) : y)), a, s]);
    });
    a.forEach((x, i) => {
      if (x !== to[1][i]) next.push([v, a.map((y, j) => (j === i ? y + Math.sign(to[1][i] - x) : y)), s]);
    });
    if (!s) next.push([v, a, true]);
    const ok = next.some(([nv, na, ns]) => alive(nv, na, ns) && (!transition || transition([v, a, s], [nv, na, ns], required)) && go(nv, na, ns));
    seen.set(key, ok);
    return ok;
  };
  return go(from[0], from[1], !settings);
}

/** How many plans the properties saw: with steps, and flagged (no safe order). */
const seen = { planned: 0, blocked: 0 };

/** The first thing wrong with `plan` against `model`, or undefined. */
function planProblem(
  plan: ClusterRollout | undefined, from: [Counts, Counts], to: [Counts, Counts], settings: boolean, model: Model, transition?: Transition,
  settingsMoveVotes?: boolean, sites = SITES,
): string | undefined {
  // A site that holds no member at either end cannot take one down: the sites that matter hold one at some end.
  const holds = (i: number) => from[0][i] + from[1][i] + to[0][i] + to[1][i] > 0;
  const required = sites.map((_, i) => i).filter((l) => holds(l) && model(from[0], from[1], false, l) && model(to[0], to[1], true, l));
  const same = from[0].every((x, i) => x === to[0][i]) && from[1].every((x, i) => x === to[1][i]);
  // Same members and settings that run the same voters (the model's counts) move nothing: no plan is right.
  if (!plan) return same && !(settingsMoveVotes ?? settings) ? undefined : 'no plan for a change';
  if (plan.mustSurvive.join() !== required.map((i) => sites[i]).join()) return `must survive ${plan.mustSurvive}, model ${required.map((i) => sites[i])}`;
  seen[plan.blocked ? 'blocked' : 'planned']++;
  if (plan.blocked) return someSafeOrder(from, to, settings, required, model, transition) ? `blocked at step ${plan.blocked.stepIndex + 1}, but a safe order exists` : undefined;
  // Settings that place the votes alike need no step of their own: the plan then runs every step with the new ones.
  const settingsStep = plan.steps.some((st) => st.change === 'apply the new placement settings');
  let [v, a, s] = [from[0], from[1], !settings || !settingsStep];
  for (const [k, step] of plan.steps.entries()) {
    const nv = sites.map((site) => step.placementAfter.find((p) => p.site === site)?.voters ?? 0);
    const na = sites.map((site) => step.placementAfter.find((p) => p.site === site)?.arbitrators ?? 0);
    const distance = (now: Counts, was: Counts) => now.reduce((n, x, i) => n + Math.abs(x - was[i]), 0);
    const moved = distance(nv, v) + distance(na, a) + (step.settingsApplied !== s ? 1 : 0);
    if (moved !== 1) return `step ${k + 1} (${step.change}) changes ${moved} things`;
    if (transition && !transition([v, a, s], [nv, na, step.settingsApplied], required)) return `step ${k + 1} (${step.change}) moves votes through a configuration a required loss halts`;
    [v, a, s] = [nv, na, step.settingsApplied];
    const broken = required.find((l) => !model(v, a, s, l));
    if (broken !== undefined) return `step ${k + 1} (${step.change}) leaves ${v}/${a}, which does not survive losing ${sites[broken]}`;
  }
  if (v.join() !== to[0].join() || a.join() !== to[1].join() || !s) return `the plan ends at ${v}/${a}, not ${to[0]}/${to[1]}`;
  return undefined;
}

/** The design record of an analyzed design (its clusters' placement and models; StatefulSets are not needed for a plan). */
function recordOf(design: AnalyzedDesign): DesignRecord {
  return {
    kind: DESIGN_RECORD_KIND,
    version: DESIGN_RECORD_VERSION,
    libraryVersion: 'test',
    sites: design.sites.map((s) => s.name),
    shape: design.shape,
    clusters: design.analyses.map(({ cluster }) => ({ ...cluster, identity: [], statefulSets: [] })),
    ...(design.controlPlane ? { controlPlane: design.controlPlane.placement.map((p) => ({ site: p.site, members: p.members })) } : {}),
  };
}

function analyzed(app: MultiSiteApp): AnalyzedDesign {
  return analyzeDesign(buildDesign(app, app.shape, (app as any).links));
}

/** The plan from `before` to `after` (both apps over the same sites). */
function planBetween(before: MultiSiteApp, after: MultiSiteApp) {
  const previous = recordOf(analyzed(before));
  const design = analyzed(after);
  return rolloutPlan({ ...design, change: { previous: { status: 'read', message: '', record: previous }, current: recordOf(design) } });
}

/**
 * The control plane's plan from `m0` to `m1` etcd members per site (over a fixed CockroachDB 1 + 1 + 1),
 * made once per pair: the etcd property and its "check can fail" twin draw the same pairs (same
 * generator, seed and runs), so the second reads the plans the first made.
 */
const controlPlanePlans = new Map<string, ClusterRollout | undefined>();
function controlPlanePlan(m0: Counts, m1: Counts): ClusterRollout | undefined {
  const key = JSON.stringify([m0, m1]);
  if (!controlPlanePlans.has(key)) {
    const plan = planBetween(cockroachApp([1, 1, 1, 0], 3, m0), cockroachApp([1, 1, 1, 0], 3, m1));
    controlPlanePlans.set(key, plan.clusters.find((c) => c.path === 'control plane'));
  }
  return controlPlanePlans.get(key);
}

function linked(app: MultiSiteApp, sites: (ActiveActiveSite | WitnessSite)[]): void {
  for (let i = 0; i < sites.length; i++) for (let j = i + 1; j < sites.length; j++) app.addLink(sites[i], sites[j], Latency.ofRttMillis(2));
}

function cockroachApp(voters: Counts, rf: number, controlPlane?: Counts): MultiSiteApp {
  const app = new MultiSiteApp({ outdir: tempOutdir() });
  const sites = SITES.map((name, i) => new ActiveActiveSite(app, name, controlPlane ? { controlPlaneNodes: controlPlane[i] } : {}));
  linked(app, sites);
  new DistributedSqlCluster(app, 'crdb', {
    engine: SqlEngine.cockroachDb({ replicationFactor: rf }),
    placement: sites.map((site, i) => ({ site, voters: voters[i] })).filter((p) => p.voters > 0),
  });
  return app;
}

function galeraApp(voters: Counts, arbitrators: Counts): MultiSiteApp {
  const app = new MultiSiteApp({ outdir: tempOutdir() });
  const sites = SITES.map((name, i) => (i === 3 ? new WitnessSite(app, name) : new ActiveActiveSite(app, name)));
  linked(app, sites);
  new DistributedSqlCluster(app, 'galera', {
    engine: SqlEngine.galera({ arbitratorImage: 'registry.example.com/garbd:26.4' }),
    placement: sites.map((site, i) => ({ site, voters: voters[i], arbitrators: arbitrators[i] })).filter((p) => p.voters + p.arbitrators > 0),
  });
  return app;
}

const counts = (max: number) => fc.array(fc.integer({ min: 0, max }), { minLength: 4, maxLength: 4 });
const RUNS = 150;

describe('every step of every rollout plan survives by each database\'s own rule (brute force)', () => {
  beforeEach(() => Object.assign(seen, { planned: 0, blocked: 0 }));
  // Each property must see both safe plans and refusals, or it proves nothing about one of them.
  afterEach(() => {
    process.stdout.write(`${expect.getState().currentTestName}: ${seen.planned} plans, ${seen.blocked} with no safe order\n`);
    expect(seen.planned).toBeGreaterThan(20);
    expect(seen.blocked).toBeGreaterThan(0);
  });
  test(`CockroachDB: ${RUNS} random pairs of placements and replication factors`, () => {
    fc.assert(fc.property(counts(2), fc.constantFrom(3, 5), counts(2), fc.constantFrom(3, 5), (v0, rf0, v1, rf1) => {
      fc.pre(v0.filter((n) => n > 0).length >= 1 && v1.filter((n) => n > 0).length >= 1);
      const plan = planBetween(cockroachApp(v0, rf0), cockroachApp(v1, rf1)).clusters.find((c) => c.path === 'crdb');
      const zero = [0, 0, 0, 0];
      const nodes = v1.reduce((a, b) => a + b, 0);
      const moveVotes = [[rf0, rf1], [Math.max(5, rf0), Math.max(5, rf1)]].some(([x, y]) => voterCountOf(x, nodes) !== voterCountOf(y, nodes));
      const problem = planProblem(plan, [v0, zero], [v1, zero], rf0 !== rf1, cockroachModel(rf0, rf1), cockroachTransition(rf0, rf1), moveVotes);
      expect(problem).toBeUndefined();
    }), { numRuns: RUNS, seed: 33 });
  });

  test(`Galera: ${RUNS} random pairs of data nodes and arbitrators (the witness holds garbd only)`, () => {
    const data = fc.tuple(fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 3 }), fc.integer({ min: 0, max: 2 })).map((t) => [...t, 0]);
    const arb = fc.integer({ min: 0, max: 1 }).map((n) => [0, 0, 0, n]);
    fc.assert(fc.property(data, arb, data, arb, (v0, a0, v1, a1) => {
      fc.pre(v0.some((n) => n > 0) && v1.some((n) => n > 0));
      const plan = planBetween(galeraApp(v0, a0), galeraApp(v1, a1)).clusters.find((c) => c.path === 'galera');
      expect(planProblem(plan, [v0, a0], [v1, a1], false, galeraModel)).toBeUndefined();
    }), { numRuns: RUNS, seed: 33 });
  });

  test(`etcd control plane: ${RUNS} random pairs of members per site`, () => {
    fc.assert(fc.property(counts(2), counts(2), (m0, m1) => {
      fc.pre(m0.some((n) => n > 0) && m1.some((n) => n > 0));
      const plan = controlPlanePlan(m0, m1);
      const zero = [0, 0, 0, 0];
      expect(planProblem(plan, [m0, zero], [m1, zero], false, etcdModel)).toBeUndefined();
    }), { numRuns: RUNS, seed: 33 });
  });
});

describe('the check can fail', () => {
  test('plans put in remove-first order (the defect the search prevents) are caught', () => {
    // The same pairs as above, each safe plan's steps re-ordered removes first: the model must find broken steps.
    let caught = 0;
    fc.assert(fc.property(counts(2), counts(2), (m0, m1) => {
      fc.pre(m0.some((n) => n > 0) && m1.some((n) => n > 0));
      const plan = controlPlanePlan(m0, m1);
      if (!plan || plan.blocked) return;
      const removeFirst = { ...plan, steps: removesFirst(plan, m0) };
      const zero = [0, 0, 0, 0];
      if (planProblem(removeFirst, [m0, zero], [m1, zero], false, etcdModel)) caught++;
    }), { numRuns: RUNS, seed: 33 });
    expect(caught).toBeGreaterThan(10);
  });

  test('a plan that hides the votes moving inside a step (the transition defect) is caught', () => {
    // 2 + 2 nodes in dc-c, dc-d → 1 + 1: the system ranges go from 5 voters to 3 through 4, two of them in one site.
    const [v0, v1] = [[0, 1, 2, 2], [0, 1, 1, 1]];
    const plan = planBetween(cockroachApp(v0, 3), cockroachApp(v1, 3)).clusters[0];
    expect(plan.blocked).toBeDefined();
    const zero = [0, 0, 0, 0];
    const { blocked: _, ...claimedSafe } = plan;
    expect(planProblem(claimedSafe, [v0, zero], [v1, zero], false, cockroachModel(3, 3), cockroachTransition(3, 3))).toMatch(/moves votes through a configuration a required loss halts/);
  });

  test('a plan that claims no order exists where one does is caught', () => {
    const plan = planBetween(cockroachApp([1, 1, 1, 0], 3, [1, 1, 1, 0]), cockroachApp([1, 1, 1, 0], 3, [1, 1, 1, 1])).clusters[0];
    const zero = [0, 0, 0, 0];
    expect(planProblem({ ...plan, blocked: { stepIndex: 0, lost: 'dc-a', reason: 'mutant' } }, [[1, 1, 1, 0], zero], [[1, 1, 1, 1], zero], false, etcdModel))
      .toBe('blocked at step 1, but a safe order exists');
  });
});

/** The plan's moves re-done removes first: the placements after each step recomputed from `from`. */
function removesFirst(plan: ClusterRollout, from: Counts) {
  const order = [...plan.steps].sort((x, y) => Number(y.change.startsWith('remove')) - Number(x.change.startsWith('remove')));
  let v = [...from];
  return order.map((step) => {
    const i = SITES.indexOf(step.site!);
    v = v.map((x, j) => (j === i ? x + (step.change.startsWith('remove') ? -1 : 1) : x));
    return { ...step, placementAfter: SITES.map((site, j) => ({ site, voters: v[j], arbitrators: 0 })) };
  });
}
