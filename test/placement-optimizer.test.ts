/**
 * Property: `Placement.optimal` equals the brute-force optimum on random designs of up to 7 sites.
 * The brute force, written here, tries every placement of the votes over every site (voters and,
 * for engines with them, arbitrators), keeps those that pass every rule and survive every
 * single-site loss, and ranks them by the order: lowest commit floor, then fewer sites,
 * then fewer votes.
 */
import { Duration } from 'cdk8s';
import * as fc from 'fast-check';
import { ActiveActiveSite, DeploymentShape, DistributedSqlCluster, Latency, MultiSiteApp, Placement, Site, SqlEngine, WitnessSite } from '../lib';
import { tempOutdir } from './support/designs';
import { engineOfKind } from '../lib/engines/registry';
import { CandidateJudge } from '../lib/placement/candidate';

interface Spec {
  readonly galera: boolean;
  readonly witness: boolean[];
  readonly rtt: number[];
  readonly votes: number;
  readonly writer: number;
}

const spec = fc.integer({ min: 3, max: 7 }).chain((n) => fc.record({
  galera: fc.boolean(),
  witness: fc.array(fc.boolean(), { minLength: n, maxLength: n }),
  rtt: fc.array(fc.integer({ min: 1, max: 40 }), { minLength: (n * (n - 1)) / 2, maxLength: (n * (n - 1)) / 2 }),
  votes: fc.constantFrom(3, 4, 5),
  writer: fc.integer({ min: -1, max: n - 1 }),
}));

function build(s: Spec): { app: MultiSiteApp; sites: Site[] } {
  const app = new MultiSiteApp({ outdir: tempOutdir() });
  const sites: Site[] = s.witness.map((w, i) => (w ? new WitnessSite(app, `s${i}`) : new ActiveActiveSite(app, `s${i}`)));
  let k = 0;
  for (let i = 0; i < sites.length; i++) for (let j = i + 1; j < sites.length; j++) app.addLink(sites[i], sites[j], Latency.ofRttMillis(s.rtt[k++]));
  return { app, sites };
}

/** Every placement of exactly `votes` votes over `n` sites, each vote a voter or (when allowed) an arbitrator. */
function everyPlacement(n: number, votes: number, arbitrators: boolean): { v: number[]; a: number[] }[] {
  const out: { v: number[]; a: number[] }[] = [];
  const rec = (i: number, left: number, v: number[], a: number[]) => {
    if (i === n) {
      if (left === 0) out.push({ v: [...v], a: [...a] });
      return;
    }
    for (let t = 0; t <= left; t++) {
      for (let arb = 0; arb <= (arbitrators ? t : 0); arb++) {
        v.push(t - arb);
        a.push(arb);
        rec(i + 1, left - t, v, a);
        v.pop();
        a.pop();
      }
    }
  };
  rec(0, votes, [], []);
  return out;
}

describe('Placement.optimal', () => {
  test('equals the brute-force optimum (random designs up to 7 sites, CockroachDB and Galera)', () => {
    fc.assert(fc.property(spec, (s) => {
      const { app, sites } = build(s);
      const engine = s.galera ? SqlEngine.galera({ arbitratorImage: 'example/garbd:4', maxRttMillis: 100 }) : SqlEngine.cockroachDb({ replicationFactor: s.votes % 2 === 1 ? s.votes : 3 });
      const writers = s.writer >= 0 ? [sites[s.writer]] : undefined;
      let result: ReturnType<typeof Placement.optimal> | undefined;
      try {
        result = Placement.optimal({ app, engine, votes: s.votes, writers });
      } catch (e) {
        result = undefined;
      }

      // Brute force over every placement.
      const design = app._designModel();
      const model = engine._settings;
      const definition = engineOfKind(model.kind);
      const judge = new CandidateJudge(design, { name: 'placement', path: 'placement', namespace: 'placement', engine: definition.toModel('placement', model.options), members: [] });
      let best: { key: number[]; text: string } | undefined;
      for (const p of everyPlacement(sites.length, s.votes, definition.hasArbitrators)) {
        const members = sites.map((site, i) => ({ site: site.siteName, voters: p.v[i], arbitrators: p.a[i] }))
          .filter((m) => m.voters + m.arbitrators > 0);
        if (writers === undefined && members.every((m) => m.voters === 0)) continue;
        const candidate = judge.analyze(members);
        if (!candidate.analysis.singleSiteLosses.every((x) => x.survives) || !judge.passes(candidate)) continue;
        const floor = judge.floorMillis(candidate, writers ? [writers[0].siteName] : []);
        const key = [floor, members.length, s.votes];
        if (!best || key.some((x, i) => x !== best!.key[i]) && lexLess(key, best.key)) best = { key, text: members.map((m) => `${m.site}:${m.voters}/${m.arbitrators}`).join(' ') };
      }
      if (!best) {
        expect(result).toBeUndefined();
        return;
      }
      expect(result).toBeDefined();
      expect([result!.commitFloorMillis, result!.sites.length, result!.votes]).toEqual(best.key);
    }), { numRuns: 60, seed: 7 });
  });

  test('the placement it returns builds a cluster that synth accepts', () => {
    const rtt = [2, 4, 30, 30, 4, 30, 30, 40, 40, 1];
    const { app, sites } = build({ galera: false, witness: [false, false, true, false, false], rtt, votes: 5, writer: 0 });
    const result = Placement.optimal({ app, engine: SqlEngine.cockroachDb({ replicationFactor: 5 }), votes: 5, writers: [sites[0]] });
    expect(result.describe()).toBe('2+2+1 over s0, s1, s2');
    expect(result.commitFloorMillis).toBe(2);
    expect(result.placementsExamined).toBeGreaterThan(0);
    new DistributedSqlCluster(app, 'crdb', { engine: SqlEngine.cockroachDb({ replicationFactor: 5 }), placement: result.toVoterPlacement() });
    expect(app.check().filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('bad input is refused with the value', () => {
    const { app } = build({ galera: false, witness: [false, false, true], rtt: [1, 1, 1], votes: 3, writer: -1 });
    expect(() => Placement.optimal({ app, engine: SqlEngine.cockroachDb(), votes: 0 })).toThrow('Placement.optimal: votes must be a whole number ≥ 1, got 0.');
    expect(() => Placement.optimal({ app, engine: SqlEngine.cockroachDb(), votes: 3, maxVotes: 2 })).toThrow('maxVotes must be a whole number ≥ votes (3), got 2.');
    expect(() => Placement.optimal({ app, engine: SqlEngine.cockroachDb(), votes: 3, siteLossesSurvived: 3 })).toThrow('siteLossesSurvived must be 1 or 2, got 3.');
  });

  test('answers for Cassandra by its own verdict: 3+3 over two datacenters at LOCAL_QUORUM (each keeps serving when the other is lost); no placement over them survives two losses', () => {
    // Cassandra's LOCAL_QUORUM needs a quorum of the local datacenter's replicas only, so either
    // datacenter serves on its own (https://cassandra.apache.org/doc/latest/cassandra/architecture/dynamo.html#tunable-consistency).
    const app = new MultiSiteApp({ outdir: tempOutdir(), shape: DeploymentShape.clusterPerSite() });
    const a = new ActiveActiveSite(app, 'a', { clusterDomain: 'a.example', podCidrs: ['10.1.0.0/16'], clusterDnsAddress: '192.0.2.1' });
    const b = new ActiveActiveSite(app, 'b', { clusterDomain: 'b.example', podCidrs: ['10.2.0.0/16'], clusterDnsAddress: '192.0.2.2' });
    const control = new WitnessSite(app, 'control', { clusterDomain: 'control.example', podCidrs: ['10.3.0.0/16'] });
    app.addLink(a, b, Latency.ofRttMillis(10));
    app.addLink(a, control, Latency.ofRttMillis(10));
    app.addLink(b, control, Latency.ofRttMillis(10));
    expect(Placement.optimal({ app, engine: SqlEngine.cassandra(), votes: 6 }).describe()).toBe('3+3 over a, b');
    expect(() => Placement.optimal({ app, engine: SqlEngine.cassandra(), votes: 6, siteLossesSurvived: 2 }))
      .toThrow('Placement.optimal: no placement of 6 Apache Cassandra (K8ssandra) votes over a, b, control passes every rule and survives the loss of any 2 site(s)');
  });

  test('a Data Guard request whose sites leave out the primary names the primary', () => {
    const { app, sites } = build({ galera: false, witness: [false, false, true], rtt: [1, 1, 1], votes: 3, writer: -1 });
    const engine = SqlEngine.oracleDataGuard({ primary: sites[0], rpo: Duration.minutes(1) });
    expect(() => Placement.optimal({ app, engine, votes: 2, sites: [sites[1], sites[2]] }))
      .toThrow('Placement.optimal: sites leaves out s0, which the Oracle Data Guard options name (it holds a member by design, e.g. the primary); add it to sites, or leave sites unset.');
    // Two databases and no observer: fast-start failover (the default) needs one, and the error names the rule.
    expect(() => Placement.optimal({ app, engine, votes: 2 })).toThrow('(those that survive are refused by MS-DG-OBSERVER');
  });

  test('answers at 200 sites within its placement bound (CockroachDB, 5 votes, writes anywhere: one subproblem per site)', () => {
    const rand = (() => {
      let state = 7;
      return () => (state = (state * 48271) % 2147483647) / 2147483647;
    })();
    const app = new MultiSiteApp({ outdir: tempOutdir() });
    const points = Array.from({ length: 200 }, () => [rand() * 4000, rand() * 4000]);
    const sites = points.map((_, i) => (i % 5 === 4 ? new WitnessSite(app, `s${i}`) : new ActiveActiveSite(app, `s${i}`)));
    const km = (i: number, j: number) => Math.max(1, Math.round(Math.hypot(points[i][0] - points[j][0], points[i][1] - points[j][1])));
    for (let i = 0; i < sites.length; i++) for (let j = i + 1; j < sites.length; j++) app.addLink(sites[i], sites[j], Latency.ofDistanceKm(km(i, j)));
    const result = Placement.optimal({ app, engine: SqlEngine.cockroachDb({ replicationFactor: 5 }), votes: 5 });
    // The bound is by placements (the same answer on every machine); this one finishes well within it.
    expect(result.searchComplete).toBe(true);
    expect(result.describe()).toBe('2+1+2 over s7, s98, s144');
  });
});

function lexLess(a: readonly number[], b: readonly number[]): boolean {
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return a[i] < b[i];
  return false;
}
