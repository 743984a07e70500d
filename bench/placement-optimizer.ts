/**
 * How `Placement.optimal` grows: at 10, 20 and 50 sites with 5, 7 and 9 votes, the placements it
 * analyzes against the count a brute force would (every placement of the votes over every site,
 * C(sites + votes − 1, votes)), and its time against the brute force's, estimated from the cost
 * of one placement measured in the same run (a full brute force at 50 sites would take years).
 *
 *   npx ts-node --transpile-only bench/placement-optimizer.ts
 *
 * Sites are points on a 4,000 km square (seeded), one in five a witness; RTTs come from the
 * distance (Latency.ofDistanceKm). The engine is CockroachDB with the replication factor equal to
 * the votes; writes start in the first site, and, in the second table, anywhere (the optimizer
 * then solves one subproblem per site).
 */
import { performance } from 'perf_hooks';
import { ActiveActiveSite, Latency, MultiSiteApp, Placement, Site, SqlEngine, WitnessSite } from '../lib';
import { engineOfKind } from '../lib/engines/registry';
import { CandidateJudge } from '../lib/placement/candidate';

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

function design(n: number): { app: MultiSiteApp; sites: Site[] } {
  const rand = random(1000 + n);
  const app = new MultiSiteApp({ outdir: '/tmp/cdk-multisite-bench-placement' });
  const points = Array.from({ length: n }, () => [rand() * 4000, rand() * 4000]);
  const sites: Site[] = points.map((_, i) => (i % 5 === 4 ? new WitnessSite(app, `s${i}`) : new ActiveActiveSite(app, `s${i}`)));
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const km = Math.max(1, Math.hypot(points[i][0] - points[j][0], points[i][1] - points[j][1]));
      app.addLink(sites[i], sites[j], Latency.ofDistanceKm(Math.round(km)));
    }
  }
  return { app, sites };
}

function binomial(n: number, k: number): number {
  let r = 1;
  for (let i = 1; i <= k; i++) r = (r * (n - k + i)) / i;
  return r;
}

/** Milliseconds to analyze and check one placement, averaged over `count` random ones. */
function perPlacementMillis(app: MultiSiteApp, sites: Site[], votes: number, count: number): number {
  const engineModel = engineOfKind('cockroachdb').toModel('placement', { replicationFactor: votes });
  const judge = new CandidateJudge(app._designModel(), { name: 'placement', path: 'placement', namespace: 'placement', engine: engineModel, members: [] });
  const rand = random(7);
  const start = performance.now();
  for (let i = 0; i < count; i++) {
    const perSite = new Map<string, number>();
    for (let v = 0; v < votes; v++) {
      const s = sites[Math.floor(rand() * sites.length)].siteName;
      perSite.set(s, (perSite.get(s) ?? 0) + 1);
    }
    const candidate = judge.analyze([...perSite].map(([site, voters]) => ({ site, voters, arbitrators: 0 })), engineModel);
    judge.floorMillis(candidate, [sites[0].siteName]);
    judge.passes(candidate);
  }
  return (performance.now() - start) / count;
}

function main(): void {
  for (const anywhere of [false, true]) {
    console.log(anywhere ? '\nwrites start anywhere (one subproblem per site)' : 'writes start in s0');
    console.log('sites votes | examined  brute-force count   ratio | optimizer ms  brute-force ms (est.)  ratio');
    for (const n of [10, 20, 50]) {
      const { app, sites } = design(n);
      for (const votes of [5, 7, 9]) {
        const start = performance.now();
        const engine = SqlEngine.cockroachDb({ replicationFactor: votes });
        const result = Placement.optimal({ app, engine, votes, writers: anywhere ? undefined : [sites[0]] });
        const ms = performance.now() - start;
        const brute = binomial(n + votes - 1, votes);
        const bruteMs = brute * perPlacementMillis(app, sites, votes, 200);
        console.log(`${String(n).padStart(5)} ${String(votes).padStart(5)} | ${String(result.placementsExamined).padStart(8)} ${brute.toExponential(2).padStart(18)} ${(brute / result.placementsExamined).toExponential(1).padStart(7)} | `
          + `${ms.toFixed(0).padStart(12)} ${bruteMs.toExponential(2).padStart(21)} ${(bruteMs / ms).toExponential(1).padStart(6)}   ${result.describe()} floor ${result.commitFloorMillis} ms`);
      }
    }
  }
}

main();
