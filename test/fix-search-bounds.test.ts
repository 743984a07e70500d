/**
 * The computed fix answers in bounded time (issue 30): the worst refusals it used to search for
 * seconds, or a minute, now end with a fix found within a small budget, because the rules say what
 * a placement change can do (`Violation.placement`) and the search skips what they rule out; an
 * error no placement clears stops the search at once; every answer states its bounds.
 */
import { Duration } from 'cdk8s';
import { ActiveActiveSite, DeploymentShape, DistributedSqlCluster, Latency, MultiSiteApp, Site, SqlEngine, WitnessSite } from '../lib';
import { tempOutdir } from './support/designs';
import { smallestFix } from '../lib/placement/smallest-fix';

/** Sites s0…, every pair linked at 5 + 3·|i − j| ms, one cluster `db`. */
function design(counts: readonly number[], engine: (sites: Site[]) => SqlEngine, siteName = (i: number) => `s${i}`): MultiSiteApp {
  const app = new MultiSiteApp({ outdir: tempOutdir() });
  const sites: Site[] = counts.map((_, i) => new ActiveActiveSite(app, siteName(i)));
  for (let i = 0; i < sites.length; i++) {
    for (let j = i + 1; j < sites.length; j++) app.addLink(sites[i], sites[j], Latency.ofRttMillis(5 + 3 * (j - i)));
  }
  new DistributedSqlCluster(app, 'db', { engine: engine(sites), placement: sites.map((site, i) => ({ site, voters: counts[i] })).filter((p) => p.voters > 0) });
  return app;
}

/** Cassandra as it runs: one Kubernetes cluster per site and a control-plane witness. */
function cassandra(counts: readonly number[], rf: number): MultiSiteApp {
  const app = new MultiSiteApp({ outdir: tempOutdir(), shape: DeploymentShape.clusterPerSite() });
  const sites: Site[] = counts.map((_, i) => new ActiveActiveSite(app, `s${i}`, { clusterDomain: `s${i}.example`, podCidrs: [`10.${i}.0.0/16`], clusterDnsAddress: `192.0.2.${i + 1}` }));
  sites.push(new WitnessSite(app, 'control', { clusterDomain: 'control.example', podCidrs: ['10.99.0.0/16'] }));
  for (let i = 0; i < sites.length; i++) for (let j = i + 1; j < sites.length; j++) app.addLink(sites[i], sites[j], Latency.ofRttMillis(10));
  new DistributedSqlCluster(app, 'db', {
    engine: SqlEngine.cassandra({ keyspaces: [{ name: 'orders', replicationFactor: rf }] }),
    placement: counts.map((voters, i) => ({ site: sites[i], voters })),
  });
  return app;
}

/** The search on the app's only cluster, with a small budget: what the rules rule out must carry it. */
function search(app: MultiSiteApp, budget: number) {
  const model = app._designModel();
  return smallestFix({ design: model, cluster: model.sqlClusters[0], pinned: [], budget });
}

const dataGuard = (sites: Site[]) => SqlEngine.oracleDataGuard({ primary: sites[0], rpo: Duration.minutes(1) });

describe('the computed fix answers in bounded time', () => {
  test('Data Guard 4+4+4: one database per site, within 50 placements (MS-DG-PLACEMENT rules out more than one per site)', () => {
    const outcome = search(design([4, 4, 4], dataGuard), 50);
    expect(outcome.fix?.after).toBe('1+1+2 over s0, s1, s2 (arbitrators: 1 in s2)');
    expect(outcome.fix?.votesChanged).toBe(10);
    expect(outcome.fix?.unfinished).toBe(false);
  });

  test('Cassandra RF 7 over four datacenters of 3: two datacenters of 7, within 50 placements (replicas never exceed nodes)', () => {
    const outcome = search(cassandra([3, 3, 3, 3], 7), 50);
    expect(outcome.fix?.after).toBe('7+7 over s2, s3');
    expect(outcome.fix?.votesChanged).toBe(8);
  });

  test('an object name no placement shortens ends the search at once, saying why', () => {
    const app = design([2, 2, 1], () => SqlEngine.cockroachDb(), (i) => `${'long-site-name-'.repeat(4)}${i}`);
    const outcome = search(app, 20_000);
    expect(outcome.fix).toBeUndefined();
    expect(outcome.noFix).toMatch(/^No change of up to \d+ votes over long-site-name-.* passes every rule\.$/);
    const refused = app.check({ computedFixes: true }).filter((f) => f.ruleId === 'MS-OBJECT-NAMES');
    expect(refused[0].fix).toMatch(/No computed fix\. .* Searched \d+ placements \(bounds: 10,000 placements, 10 s, shared by every fix of this check\)\.$/);
  });

  test('a bound hit before any fix says which levels were searched whole', () => {
    const outcome = search(design([3, 2], () => SqlEngine.cockroachDb()), 3);
    expect(outcome.fix).toBeUndefined();
    expect(outcome.noFix).toBe('The search stopped at its placement bound without a passing placement: no cost level was searched whole (over s0, s1, witness).');
    expect(outcome.searched).toBe('searched 3 placements');
  });

  test('a bound hit within the fix\'s cost level returns the fix found so far, marked unfinished', () => {
    const outcome = search(design([4, 4, 4], () => SqlEngine.cockroachDb({ replicationFactor: 3 })), 3);
    expect(outcome.fix?.votesChanged).toBe(1);
    expect(outcome.fix?.unfinished).toBe(true);
  });
});
