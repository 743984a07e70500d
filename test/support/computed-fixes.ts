/**
 * Property: for random refused designs (2–6 sites, up to 9 votes, all five engines), the computed fix
 * makes the design pass every rule, and no change of lower cost does.
 *
 * The cost is written here from the definition, without the library: per kind of member
 * (voters, arbitrators) the larger of the members added and removed, plus the change of the
 * replication factor; then the sites added. The brute force enumerates every placement whose cost
 * is below the fix's, independently of the library's search, and asks the rules (the library's own
 * `ALL_RULES`, which is what "passes every rule" means) about each.
 *
 * The runs are split over test/computed-fix-property-<k>-of-2.test.ts (see property-shards.ts).
 */
import { Duration } from 'cdk8s';
import * as fc from 'fast-check';
import { tempOutdir } from './designs';
import { Shard, sharded } from './property-shards';
import { ActiveActiveSite, DeploymentShape, DistributedSqlCluster, Finding, Latency, MultiSiteApp, Site, SqlEngine, WitnessSite } from '../../lib';
import { analyzeDesign } from '../../lib/check/analyze-design';
import { ALL_RULES } from '../../lib/check/rule-registry';
import { DesignModel, SiteModel } from '../../lib/model/design';
import { checkDesign } from '../../lib/rules/check-design';

type EngineKind = 'cockroachdb' | 'galera' | 'dataguard' | 'cassandra' | 'yugabytedb';

interface Spec {
  readonly engine: EngineKind;
  readonly rf: number;
  readonly fastStartFailover: boolean;
  readonly witness: boolean[];
  readonly rtt: number[];
  readonly voters: number[];
  readonly arbitrators: number[];
}

const spec = fc.integer({ min: 2, max: 6 }).chain((n) => fc.record({
  engine: fc.constantFrom<EngineKind>('cockroachdb', 'galera', 'dataguard', 'cassandra', 'yugabytedb'),
  rf: fc.constantFrom(1, 3, 5),
  fastStartFailover: fc.boolean(),
  witness: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
  rtt: fc.array(fc.integer({ min: 1, max: 8 }), { minLength: (n * (n - 1)) / 2, maxLength: (n * (n - 1)) / 2 }),
  voters: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }),
  arbitrators: fc.array(fc.integer({ min: 0, max: 1 }), { minLength: n, maxLength: n }),
})).map((s) => ({ ...s, arbitrators: withArbitrators(s.engine) ? s.arbitrators : s.arbitrators.map(() => 0) }))
  .filter((s) => {
    const total = s.voters.reduce((a, b) => a + b, 0) + s.arbitrators.reduce((a, b) => a + b, 0);
    return total >= 1 && total <= 9 && (s.engine !== 'dataguard' || s.voters[0] > 0);
  });

const siteName = (i: number) => `s${i}`;

/** Galera's garbd and Data Guard's observer vote without data; CockroachDB, Cassandra and YugabyteDB have no such member. */
function withArbitrators(engine: EngineKind): boolean {
  return engine === 'galera' || engine === 'dataguard';
}

/** The design as the user writes it, with `members` per site and an extra witness when asked. */
function build(s: Spec, voters: readonly number[], arbitrators: readonly number[], rf: number, extraWitness?: string): MultiSiteApp {
  // Cassandra runs one Kubernetes cluster per site (MS-CASSANDRA-CLUSTER-PER-SITE): each site its domain and pod CIDR.
  const perSite = s.engine === 'cassandra';
  const app = new MultiSiteApp({ outdir: tempOutdir(), ...(perSite ? { shape: DeploymentShape.clusterPerSite() } : {}) });
  const props = (i: number) => (perSite ? { clusterDomain: `s${i}.example`, podCidrs: [`10.${i}.0.0/16`], clusterDnsAddress: `192.0.2.${i + 1}` } : {});
  const sites: Site[] = s.witness.map((w, i) => (w ? new WitnessSite(app, siteName(i), props(i)) : new ActiveActiveSite(app, siteName(i), props(i))));
  let k = 0;
  for (let i = 0; i < sites.length; i++) for (let j = i + 1; j < sites.length; j++) app.addLink(sites[i], sites[j], Latency.ofRttMillis(s.rtt[k++]));
  if (extraWitness) {
    const w = new WitnessSite(app, extraWitness, perSite ? { clusterDomain: 'witness.example', podCidrs: ['10.99.0.0/16'] } : {});
    for (const other of sites) app.addLink(other, w, Latency.ofRttMillis(1));
    sites.push(w);
  }
  const engines: Record<EngineKind, () => SqlEngine> = {
    cockroachdb: () => SqlEngine.cockroachDb({ replicationFactor: rf }),
    galera: () => SqlEngine.galera({ arbitratorImage: 'example/garbd:4' }),
    dataguard: () => SqlEngine.oracleDataGuard({ primary: sites[0], rpo: Duration.minutes(1), fastStartFailover: s.fastStartFailover }),
    // The control plane named, so that the witness a fix adds does not become it.
    cassandra: () => SqlEngine.cassandra({ controlPlane: sites[0] }),
    yugabytedb: () => SqlEngine.yugabyteDb({ replicationFactor: rf }),
  };
  const engine = engines[s.engine]();
  const placement = sites.map((site, i) => ({ site, voters: voters[i] ?? 0, arbitrators: arbitrators[i] ?? 0 }))
    .filter((p) => p.voters + p.arbitrators > 0);
  new DistributedSqlCluster(app, 'db', { engine, placement });
  return app;
}

const errorsOf = (findings: readonly Finding[]) => findings.filter((f) => f.severity === 'error' && !f.acknowledgedBecause && f.path === 'db');

/** Cost of a change, from the issue: [members changed (+ replication factor change), sites added]. */
interface Members { readonly v: readonly number[]; readonly a: readonly number[]; readonly rf: number }

function costOf(from: Members, to: Members): [number, number] {
  const kind = (x: readonly number[], y: readonly number[]) => {
    let added = 0;
    let removed = 0;
    for (let i = 0; i < y.length; i++) {
      const d = (y[i] ?? 0) - (x[i] ?? 0);
      if (d > 0) added += d;
      else removed -= d;
    }
    return Math.max(added, removed);
  };
  // The last slot is the witness site a change may add.
  const n = from.v.length - 1;
  const usesNew = (to.v[n] ?? 0) + (to.a[n] ?? 0) > 0;
  return [kind(from.v, to.v) + kind(from.a, to.a) + Math.abs(to.rf - from.rf), usesNew ? 1 : 0];
}

/** Every count vector over `n` slots whose total change from `o` adds at most `k` and removes at most `k`. */
function vectorsWithin(o: readonly number[], k: number): number[][] {
  const out: number[][] = [];
  const rec = (i: number, acc: number[], added: number, removed: number) => {
    if (i === o.length) {
      out.push([...acc]);
      return;
    }
    for (let x = Math.max(0, o[i] - (k - removed)); x <= o[i] + (k - added); x++) {
      acc.push(x);
      rec(i + 1, acc, added + Math.max(0, x - o[i]), removed + Math.max(0, o[i] - x));
      acc.pop();
    }
  };
  rec(0, [], 0, 0);
  return out;
}

function less(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}

/** The property's runs and seed, split over the test files computed-fix-property-<k>-of-2.test.ts. */
const NUM_RUNS = 50;
const SEED = 19;

/** The computed-fix property, or the part of its runs that `shard` owns. */
export function describeComputedFixes(shard: Shard): void {
  describe(`computed fixes (runs ${shard.index} of every ${shard.count})`, () => {
    if (shard.index === 1) {
      // Over all the runs, not only this shard's: which designs are refused needs no fix search.
      test('the generator reaches refused designs of all five engines', () => {
        let refused = 0;
        const refusedBy = new Set<EngineKind>();
        fc.assert(fc.property(spec, (s) => {
          if (errorsOf(build(s, s.voters, s.arbitrators, s.rf).check()).length === 0) return;
          refused++;
          refusedBy.add(s.engine);
        }), { numRuns: NUM_RUNS, seed: SEED });
        expect(refused).toBeGreaterThan(15);
        expect([...refusedBy].sort()).toEqual(['cassandra', 'cockroachdb', 'dataguard', 'galera', 'yugabytedb']);
      });
    }
    test('applying the fix passes every rule; no change of lower cost does (random refused designs, all five engines)', () => {
      let refused = 0;
      let noFixes = 0;
      fc.assert(fc.property(spec, sharded(shard, (s: Spec) => {
        const app = build(s, s.voters, s.arbitrators, s.rf);
        const errors = errorsOf(app.check({ computedFixes: true }));
        if (errors.length === 0) return;
        refused++;
        const fix = errors[0].computedFix;
        // every error of the cluster names the same fix
        for (const e of errors) expect(e.computedFix).toEqual(fix);
        const from = { v: [...s.voters, 0], a: [...s.arbitrators, 0], rf: s.rf };
        if (!fix) {
          // No fix found: the finding says so, and no change of up to 3 votes (with or without a new site) passes.
          noFixes++;
          expect(errors[0].fix).toContain('No computed fix.');
          assertNoneCheaper(s, from, [...s.witness.map((_, i) => siteName(i)), 'witness'], [4, 0], 'no computed fix');
          return;
        }

        // 1. Applied, the fix passes every rule.
        const names = [...s.witness.map((_, i) => siteName(i)), fix!.newSite ?? 'witness'];
        const v = names.map((name) => fix!.placement.find((p) => p.site === name)?.voters ?? 0);
        const a = names.map((name) => fix!.placement.find((p) => p.site === name)?.arbitrators ?? 0);
        const rf = Number(/replicationFactor (\d+)/.exec(fix!.engineChange ?? '')?.[1] ?? s.rf);
        const fixed = build(s, v, a, rf, fix!.newSite);
        expect(errorsOf(fixed.check())).toEqual([]);
        const fixCost = costOf(from, { v, a, rf });
        expect(fixCost).toEqual([fix!.votesChanged, fix!.sitesAdded]);

        // 2. Brute force: no change of lower cost passes.
        assertNoneCheaper(s, from, names, fixCost, fix!.change);
      })), { numRuns: NUM_RUNS, seed: SEED });
      // Fewer than a third without a fix in every shard, so in all the runs together too.
      expect(noFixes).toBeLessThan(refused / 3);
    });
  });
}

/** Throws when a change from `from` that costs less than `bound` passes every rule (`names`: the sites, the possible new witness last). */
function assertNoneCheaper(s: Spec, from: Members, names: readonly string[], bound: [number, number], fixText: string): void {
  const n = s.witness.length;
  const base = build(s, s.voters, s.arbitrators, s.rf, 'witness')._designModel();
  const cluster = base.sqlClusters[0];
  const rfs = s.engine === 'cockroachdb' ? [1, 3, 5, 7, 9] : [s.rf];
  const k = bound[0];
  for (const rfTry of rfs.filter((r) => Math.abs(r - s.rf) <= k)) {
    for (const vTry of vectorsWithin(from.v, k)) {
      for (const aTry of withArbitrators(s.engine) ? vectorsWithin(from.a, k) : [from.a]) {
        const cost = costOf(from, { v: vTry, a: aTry, rf: rfTry });
        if (!less(cost, bound)) continue;
        const members = names.map((site, i) => ({ site, voters: vTry[i], arbitrators: aTry[i] })).filter((m) => m.voters + m.arbitrators > 0);
        if (members.length === 0) continue;
        const usesNew = (vTry[n] ?? 0) + (aTry[n] ?? 0) > 0;
        const sites: SiteModel[] = usesNew ? [...base.sites] : base.sites.filter((x) => x.name !== 'witness');
        const engine = s.engine === 'cockroachdb' ? { ...cluster.engine, replicationFactor: rfTry } : cluster.engine;
        const candidate: DesignModel = { ...base, sites, sqlClusters: [{ ...cluster, engine, members }] };
        const found = checkDesign(analyzeDesign(candidate), ALL_RULES).errors.filter((f) => f.path === 'db');
        if (found.length === 0) throw new Error(`cheaper change passes: ${JSON.stringify({ cost, members, rf: rfTry })}, bound ${bound}: ${fixText}`);
      }
    }
  }
}
