/**
 * How long a refusal takes to answer, and whether it comes with a computed fix: the worst cases of
 * issue 30 (Data Guard 3+2+3, 4+4+4, 3+2+3 beside two empty sites; Cassandra RF 6 over three
 * datacenters and RF 7 over four; an object name no placement shortens) and the quick ones (CockroachDB
 * 3+2, Galera 2+2, YugabyteDB 2+1), each checked with `computedFixes` as a refused synth does.
 * On the small cases a brute force (every placement within the fix's cost, judged by every rule)
 * says whether a cheaper change exists. Then random refused designs of 3 to 20 sites (seeded; every
 * engine but Cassandra, whose designs need a cluster per site): the worst and median time to answer.
 *
 *   npx ts-node --transpile-only bench/fix-search.ts [--verbose] [--random 200]
 */
import { performance } from 'perf_hooks';
import { Duration } from 'cdk8s';
import { ActiveActiveSite, DeploymentShape, DistributedSqlCluster, Finding, Latency, MultiSiteApp, Site, SqlEngine, WitnessSite } from '../lib';
import { analyzeDesign } from '../lib/check/analyze-design';
import { ALL_RULES } from '../lib/check/rule-registry';
import { DesignModel } from '../lib/model/design';
import { checkDesign } from '../lib/rules/check-design';

interface Case {
  readonly name: string;
  /** Whether the brute force runs (small designs only). */
  readonly brute: boolean;
  readonly build: () => MultiSiteApp;
}

/** Sites s0…, witnesses where asked, every pair linked at 5 + 3·|i − j| ms; one cluster `db`. */
function design(counts: readonly number[], witness: readonly boolean[], engine: (sites: Site[]) => SqlEngine, siteName = (i: number) => `s${i}`): MultiSiteApp {
  const app = new MultiSiteApp({ outdir: '/tmp/cdk-multisite-bench-fix' });
  const sites: Site[] = counts.map((_, i) => (witness[i] ? new WitnessSite(app, siteName(i)) : new ActiveActiveSite(app, siteName(i))));
  for (let i = 0; i < sites.length; i++) {
    for (let j = i + 1; j < sites.length; j++) app.addLink(sites[i], sites[j], Latency.ofRttMillis(5 + 3 * (j - i)));
  }
  new DistributedSqlCluster(app, 'db', {
    engine: engine(sites),
    placement: sites.map((site, i) => ({ site, voters: counts[i] })).filter((p) => p.voters > 0),
  });
  return app;
}

const dataGuard = (sites: Site[]) => SqlEngine.oracleDataGuard({ primary: sites[0], rpo: Duration.minutes(1) });
/** Cassandra as it runs: one Kubernetes cluster per site (each its cluster domain and pod CIDR), a control-plane witness last. */
function cassandra(counts: readonly number[], rf: number): MultiSiteApp {
  const app = new MultiSiteApp({ outdir: '/tmp/cdk-multisite-bench-fix', shape: DeploymentShape.clusterPerSite() });
  const sites: Site[] = counts.map((_, i) => new ActiveActiveSite(app, `s${i}`, { clusterDomain: `s${i}.example`, podCidrs: [`10.${i}.0.0/16`], clusterDnsAddress: `192.0.2.${i + 1}` }));
  sites.push(new WitnessSite(app, 'control', { clusterDomain: 'control.example', podCidrs: ['10.99.0.0/16'] }));
  for (let i = 0; i < sites.length; i++) for (let j = i + 1; j < sites.length; j++) app.addLink(sites[i], sites[j], Latency.ofRttMillis(10));
  new DistributedSqlCluster(app, 'db', {
    engine: SqlEngine.cassandra({ keyspaces: [{ name: 'orders', replicationFactor: rf }] }),
    placement: counts.map((voters, i) => ({ site: sites[i], voters })),
  });
  return app;
}

const CASES: Case[] = [
  { name: 'CockroachDB 3+2', brute: true, build: () => design([3, 2], [false, false], () => SqlEngine.cockroachDb()) },
  { name: 'Galera 2+2', brute: true, build: () => design([2, 2], [false, false], () => SqlEngine.galera({ arbitratorImage: 'example/garbd:4' })) },
  { name: 'YugabyteDB 2+1', brute: true, build: () => design([2, 1], [false, false], () => SqlEngine.yugabyteDb()) },
  { name: 'Data Guard 3+2+3', brute: true, build: () => design([3, 2, 3], [false, false, false], dataGuard) },
  { name: 'Data Guard 4+4+4', brute: false, build: () => design([4, 4, 4], [false, false, false], dataGuard) },
  { name: 'Data Guard 3+2+3, two empty sites', brute: false, build: () => design([3, 2, 3, 0, 0], [false, false, false, false, false], dataGuard) },
  { name: 'Cassandra RF 6 over 3 datacenters', brute: false, build: () => cassandra([3, 3, 3], 6) },
  { name: 'Cassandra RF 7 over 4 datacenters', brute: false, build: () => cassandra([3, 3, 3, 3], 7) },
  { name: 'object name over 52 characters', brute: false, build: () => design([2, 2, 1], [false, false, true], () => SqlEngine.cockroachDb(), (i) => `${'long-site-name-'.repeat(4)}${i}`) },
];

const errorsOf = (findings: readonly Finding[]) => findings.filter((f) => f.severity === 'error' && !f.acknowledgedBecause);

/** The cost of a change, as the issue defines it: per kind of member, the larger of added and removed. */
function cost(from: readonly number[], to: readonly number[]): number {
  let added = 0;
  let removed = 0;
  to.forEach((x, i) => (x > from[i] ? (added += x - from[i]) : (removed += from[i] - x)));
  return Math.max(added, removed);
}

/** The cheapest voter change (over the design's sites, without engine settings or a new site) that passes every rule, by brute force. */
function bruteForce(app: MultiSiteApp, maxCost: number): number | undefined {
  const base: DesignModel = app._designModel();
  const cluster = base.sqlClusters[0];
  const names = base.sites.map((s) => s.name);
  const from = names.map((n) => cluster.members.find((m) => m.site === n)?.voters ?? 0);
  let best: number | undefined;
  const limit = Math.max(...from) + maxCost;
  const rec = (i: number, acc: number[]) => {
    if (i === names.length) {
      const c = cost(from, acc);
      if (c === 0 || c > maxCost || (best !== undefined && c >= best)) return;
      const members = names.map((site, j) => ({ site, voters: acc[j], arbitrators: 0 })).filter((m) => m.voters > 0);
      if (members.length === 0) return;
      const candidate = analyzeDesign({ ...base, sqlClusters: [{ ...cluster, members }] });
      const found = checkDesign(candidate, ALL_RULES).errors.filter((f) => f.path === cluster.path);
      if (found.length === 0) best = c;
      return;
    }
    for (let x = 0; x <= limit; x++) rec(i + 1, [...acc, x]);
  };
  rec(0, []);
  return best;
}

function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

/** `count` random refused designs of 3–20 sites: the worst and median ms to answer, and how many got a fix. */
function randomRefusals(count: number): void {
  const rand = random(30);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)];
  const engines: ((sites: Site[]) => SqlEngine)[] = [
    () => SqlEngine.cockroachDb({ replicationFactor: pick([3, 5]) }),
    () => SqlEngine.galera({ arbitratorImage: 'example/garbd:4' }),
    () => SqlEngine.yugabyteDb(),
    dataGuard,
  ];
  const times: number[] = [];
  let fixes = 0;
  let worst = '';
  while (times.length < count) {
    const n = 3 + Math.floor(rand() * 18);
    const counts = Array.from({ length: n }, () => (rand() < 0.3 ? Math.floor(rand() * 4) : 0));
    counts[0] = Math.max(counts[0], 1);
    const app = design(counts, counts.map(() => rand() < 0.2), pick(engines));
    const start = performance.now();
    const errors = errorsOf(app.check({ computedFixes: true }));
    const ms = performance.now() - start;
    if (errors.length === 0) continue;
    times.push(ms);
    if (errors.some((e) => e.computedFix)) fixes++;
    if (ms >= Math.max(...times)) worst = `${n} sites, ${errors[0].ruleId}`;
  }
  times.sort((a, b) => a - b);
  console.log(`\n${count} random refused designs of 3–20 sites: median ${times[Math.floor(count / 2)].toFixed(0)} ms, worst ${times[count - 1].toFixed(0)} ms (${worst}); ${fixes} with a fix`);
}

function main(): void {
  console.log('case                                   |  check ms | fix (cost)                                   | brute force');
  for (const c of CASES) {
    const app = c.build();
    const start = performance.now();
    const errors = errorsOf(app.check({ computedFixes: true }));
    const ms = performance.now() - start;
    const fix = errors.find((e) => e.computedFix)?.computedFix;
    const answer = fix ? `${fix.after} (cost ${fix.votesChanged}${fix.sitesAdded ? ' +site' : ''})` : `none: ${[...new Set(errors.map((e) => e.ruleId))].join(', ')}`;
    const brute = c.brute ? bruteForce(app, fix && !fix.sitesAdded && !fix.engineChange ? fix.votesChanged : 6) : undefined;
    const bruteText = c.brute ? (brute === undefined ? 'no cheaper change' : `cheapest passing change costs ${brute}`) : '-';
    console.log(`${c.name.padEnd(38)} | ${ms.toFixed(0).padStart(9)} | ${answer.padEnd(44)} | ${bruteText}`);
    if (process.argv.includes('--verbose')) console.log(`    ${errors[0]?.fix}`);
  }
  const randomAt = process.argv.indexOf('--random');
  randomRefusals(randomAt > 0 ? Number(process.argv[randomAt + 1]) : 200);
}

main();
