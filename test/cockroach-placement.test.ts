import * as fs from 'fs';
import * as path from 'path';
import { ActiveActiveSite, DeploymentShape, DistributedSqlCluster, Latency, MultiSiteApp, SqlEngine, WitnessSite } from '../lib';
import { cockroachDesign, findObject, readObjects, tempOutdir } from './support/designs';
import { analyzeDesign } from '../lib/check/analyze-design';
import { buildDesign } from '../lib/synth/build-design';

function analysisOf(app: MultiSiteApp) {
  return analyzeDesign(buildDesign(app, app.shape, (app as any).links)).analyses[0];
}

function zoneSql(outdir: string): string {
  const job = findObject(readObjects(outdir), 'Job', 'crdb-init');
  return job.spec.template.spec.containers[0].env.find((e: any) => e.name === 'ZONE_SQL').value;
}

describe('CockroachDB runs what its allocator runs', () => {
  test('2+1+1 nodes at replication factor 3 is accepted and survives each single-site loss: the system ranges run 3 voters, one per site', () => {
    const outdir = tempOutdir();
    const app = cockroachDesign(outdir, [{ name: 'dc-a', voters: 2 }, { name: 'dc-b', voters: 1 }, { name: 'dc-witness', witness: true, voters: 1 }], 3);
    app.synth();
    const a = analysisOf(app);
    expect(a.votesPerSite.map((g) => [g.label, Object.fromEntries(g.perSite)])).toEqual([
      ['all ranges (3 replicas)', { 'dc-a': '1', 'dc-b': '1', 'dc-witness': '1' }],
    ]);
    expect(a.singleSiteLosses.map((s) => [s.lost.join(), s.survives])).toEqual([['dc-a', true], ['dc-b', true], ['dc-witness', true]]);
    expect(zoneSql(outdir)).toContain('ALTER RANGE liveness CONFIGURE ZONE USING num_replicas = 3, num_voters = 3, voter_constraints = \'{"+zone=dc-a": 1, "+zone=dc-b": 1, "+zone=dc-witness": 1}\';');
  });

  test('replicationFactor 2 is refused at construction, as CockroachDB refuses it', () => {
    expect(() => SqlEngine.cockroachDb({ replicationFactor: 2 })).toThrow(
      'SqlEngine.cockroachDb: replicationFactor 2 is refused by CockroachDB (a multi-replica zone needs at least 3 replicas); use 1 or 3.',
    );
  });
});

describe('the placement is pinned, so the commit floor is exact', () => {
  function threeByThree(leasePreferences: boolean) {
    const outdir = tempOutdir();
    const app = new MultiSiteApp({ outdir, shape: DeploymentShape.stretchedCluster() });
    const a = new ActiveActiveSite(app, 'dc-a');
    const b = new ActiveActiveSite(app, 'dc-b');
    const c = new ActiveActiveSite(app, 'dc-c');
    app.addLink(a, b, Latency.ofRttMillis(2));
    app.addLink(a, c, Latency.ofRttMillis(10));
    app.addLink(b, c, Latency.ofRttMillis(10));
    new DistributedSqlCluster(app, 'crdb', {
      engine: SqlEngine.cockroachDb({ replicationFactor: 5, leasePreferences: leasePreferences ? [a, b] : undefined }),
      placement: [{ site: a, voters: 3 }, { site: b, voters: 3 }, { site: c, voters: 3 }],
    });
    return { app, outdir };
  }

  test('3+3+3 nodes at 5 replicas, two sites 2 ms apart and the third 10 ms away: 2/2/1 with the lone voter far, writes from the close sites commit in 2 ms', () => {
    const { app, outdir } = threeByThree(false);
    app.synth();
    const a = analysisOf(app);
    expect(Object.fromEntries(a.votesPerSite[0].perSite)).toEqual({ 'dc-a': '2', 'dc-b': '2', 'dc-c': '1' });
    expect(Object.fromEntries(a.commitFloorMillis)).toEqual({ 'dc-a': 2, 'dc-b': 2, 'dc-c': 10 });
    expect(zoneSql(outdir)).toContain('ALTER RANGE default CONFIGURE ZONE USING num_replicas = 5, num_voters = 5, voter_constraints = \'{"+zone=dc-a": 2, "+zone=dc-b": 2, "+zone=dc-c": 1}\';');
  });

  test('lease preferences are written as lease_preferences on the default ranges', () => {
    const { app, outdir } = threeByThree(true);
    app.synth();
    expect(zoneSql(outdir)).toContain(
      'ALTER RANGE default CONFIGURE ZONE USING num_replicas = 5, num_voters = 5, voter_constraints = \'{"+zone=dc-a": 2, "+zone=dc-b": 2, "+zone=dc-c": 1}\', lease_preferences = \'[[+zone=dc-a], [+zone=dc-b]]\';',
    );
  });

  test('with leases preferred in dc-a, writes from dc-b and dc-c first cross to dc-a: their floors add the RTT there', () => {
    const { app, outdir } = threeByThree(true);
    app.synth();
    // dc-a leads: its floor is the 2 ms to dc-b, whose 2 voters complete the majority of 5 with dc-a's 2.
    expect(Object.fromEntries(analysisOf(app).commitFloorMillis)).toEqual({ 'dc-a': 2, 'dc-b': 4, 'dc-c': 12 });
    expect(fs.readFileSync(path.join(outdir, 'REPORT.md'), 'utf-8')).toContain('With leases preferred in dc-a, a write from another site first crosses to the leaseholder there');
  });

  test('a lease preference for a site without voters is refused', () => {
    const app = new MultiSiteApp({ outdir: tempOutdir() });
    const a = new ActiveActiveSite(app, 'dc-a');
    const b = new ActiveActiveSite(app, 'dc-b');
    const c = new ActiveActiveSite(app, 'dc-c');
    const w = new WitnessSite(app, 'dc-w');
    for (const [x, y] of [[a, b], [a, c], [a, w], [b, c], [b, w], [c, w]] as const) app.addLink(x, y, Latency.ofRttMillis(2));
    new DistributedSqlCluster(app, 'crdb', {
      engine: SqlEngine.cockroachDb({ leasePreferences: [w] }),
      placement: [{ site: a, voters: 1 }, { site: b, voters: 1 }, { site: c, voters: 1 }],
    });
    expect(() => app.synth()).toThrow('[ERROR] MS-LEASE-PREFERENCES at crdb: leasePreferences names dc-w, which holds no voter of the default ranges (voters in dc-a, dc-b, dc-c).');
  });
});
