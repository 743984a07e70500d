import * as fs from 'fs';
import * as path from 'path';
import { ActiveActiveSite, DeploymentShape, DistributedSqlCluster, Latency, MultiSiteApp, Site, SqlEngine, WitnessSite } from '../lib';
import { tempOutdir } from './support/designs';
import { SurvivalRule } from '../lib/analysis/survival';
import { analyzeDesign } from '../lib/check/analyze-design';
import { ALL_RULES } from '../lib/check/rule-registry';
import { ENGINES, engineOfKind } from '../lib/engines/registry';
import { buildDesign } from '../lib/synth/build-design';

/**
 * A valid three-site design for each registered engine: the seam test fails for an engine
 * registered without a sample here, so a new engine cannot skip it.
 */
const SAMPLES: Record<string, (primary: Site) => { engine: SqlEngine; witnessArbitrators: boolean }> = {
  'cockroachdb': () => ({ engine: SqlEngine.cockroachDb(), witnessArbitrators: false }),
  'galera': () => ({ engine: SqlEngine.galera({ arbitratorImage: 'example.com/garbd:1' }), witnessArbitrators: true }),
  'oracle-data-guard': (primary) => ({ engine: SqlEngine.oracleDataGuard({ primary, rpo: undefined }), witnessArbitrators: true }),
  'yugabytedb': () => ({ engine: SqlEngine.yugabyteDb(), witnessArbitrators: false }),
  'cassandra': () => ({ engine: SqlEngine.cassandra(), witnessArbitrators: false }),
};

function sampleApp(kind: string, outdir: string): MultiSiteApp {
  const app = new MultiSiteApp({ outdir, shape: DeploymentShape.stretchedCluster() });
  const dcA = new ActiveActiveSite(app, 'dc-a');
  const dcB = new ActiveActiveSite(app, 'dc-b');
  const witness = new WitnessSite(app, 'dc-witness');
  app.addLink(dcA, dcB, Latency.ofRttMillis(1));
  app.addLink(dcA, witness, Latency.ofRttMillis(3));
  app.addLink(dcB, witness, Latency.ofRttMillis(3));
  const sample = SAMPLES[kind](dcA);
  new DistributedSqlCluster(app, 'db', {
    engine: sample.engine,
    placement: [
      { site: dcA, voters: 1 },
      { site: dcB, voters: 1 },
      sample.witnessArbitrators ? { site: witness, arbitrators: 1 } : { site: witness, voters: 1 },
    ],
  });
  return app;
}

describe('the engine seam', () => {
  test('engine kinds are unique and every engine has a sample design here', () => {
    const kinds = ENGINES.map((e) => e.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    expect(Object.keys(SAMPLES).sort()).toEqual([...kinds].sort());
  });

  test.each(ENGINES.map((e) => [e.kind]))('%s answers every part of the interface', (kind) => {
    const engine = engineOfKind(kind);
    expect(engine.label).toMatch(/\S/);
    expect(typeof engine.stronglyConsistent).toBe('boolean');
    expect(typeof engine.hasArbitrators).toBe('boolean');
    expect(typeof engine.resolvesPeersByClusterDns).toBe('boolean');
    expect(engine.writePath).toBeDefined();

    const app = sampleApp(kind, tempOutdir());
    const design = analyzeDesign(buildDesign(app, app.shape, (app as any).links));
    const cluster = design.sqlClusters[0];
    expect(cluster.engine.kind).toBe(kind);

    const details = engine.analyze(design, cluster);
    const groups = engine.votingGroups(cluster, details);
    expect(groups.length).toBeGreaterThan(0);
    for (const g of groups) expect(g.total).toBeGreaterThan(0);
    const floor = engine.commitFloorMillis(cluster, groups, 'dc-a', design.rtt);
    expect(floor === undefined || floor >= 0).toBe(true);
    expect(typeof engine.replicatesInClear(cluster.engine)).toBe('boolean');
    expect(Object.values(SurvivalRule)).toContain(engine.survivalRule);
    const verdict = engine.survivalAfterLosing(cluster, details, groups, ['dc-b']);
    expect(typeof verdict.survives).toBe('boolean');
    expect(verdict.reason).toMatch(/\S/);
    // The analysis carries the engine's verdict, not one of its own.
    expect(design.analyses[0].singleSiteLosses.find((l) => l.lost.join() === 'dc-b')).toMatchObject(verdict);
    const flows = engine.networkFlows(design, cluster, details);
    expect(flows.length).toBeGreaterThan(0);
    for (const f of flows) expect(f.port).toBeGreaterThan(0);

    for (const rule of engine.rules) expect(ALL_RULES.map((r) => r.id)).toContain(rule.id);
    // The registry gives an engine's rules the design's clusters of that engine only.
    const given: string[][] = [];
    const spy = jest.spyOn(engine.rules[0], 'checkClusters').mockImplementation((clusters) => {
      given.push(clusters.map((a) => a.cluster.engine.kind));
      return [];
    });
    const registered = ALL_RULES.find((r) => r.id === engine.rules[0].id)!;
    registered.check(design);
    const other = ENGINES.find((e) => e.kind !== kind)!.kind;
    const otherApp = sampleApp(other, tempOutdir());
    registered.check(analyzeDesign(buildDesign(otherApp, otherApp.shape, (otherApp as any).links)));
    spy.mockRestore();
    expect(given).toEqual([[kind], []]);
    const analysis = design.analyses[0];
    expect(analysis.engineLabel).toBe(engine.label);
    expect(analysis.stronglyConsistent).toBe(engine.stronglyConsistent);
    const section = engine.reportSection(design, analysis);
    expect(section.join('\n')).toContain('`db`');
    expect(engine.extraFiles(design, analysis)).toBeInstanceOf(Map);
    expect(() => engine.validateOptions({} as any)).not.toThrow(/registered/);
  });

  test.each(ENGINES.map((e) => [e.kind]))('%s: its report section names no other engine', (kind) => {
    const app = sampleApp(kind, tempOutdir());
    const design = analyzeDesign(buildDesign(app, app.shape, (app as any).links));
    const section = engineOfKind(kind).reportSection(design, design.analyses[0]).join('\n');
    const others = ENGINES.filter((e) => e.kind !== kind).flatMap((e) => e.label.split(/[\s()]+/).filter((w) => w.length >= 6));
    for (const other of others) expect(`${kind}: ${section.includes(other) ? other : ''}`).toBe(`${kind}: `);
  });

  test('the shared report code names no engine: engine wording comes from the engine', () => {
    const names = ENGINES.flatMap((e) => e.label.split(/[\s()]+/).filter((w) => w.length >= 6));
    const dir = path.join(__dirname, '..', 'lib', 'report');
    for (const file of fs.readdirSync(dir).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))) {
      const text = fs.readFileSync(path.join(dir, file), 'utf-8');
      expect(`${file}: ${names.filter((n) => text.includes(n)).join(', ')}`).toBe(`${file}: `);
    }
  });

  test('an unknown kind throws instead of falling through to another engine', () => {
    expect(() => engineOfKind('spanner')).toThrow('No engine is registered as "spanner"; registered: cockroachdb, galera, oracle-data-guard, yugabytedb, cassandra. Add it to lib/engines/registry.ts.');
  });
});

describe('synth is idempotent', () => {
  test('a second synth after adding a cluster writes that cluster\'s files, and the first cluster\'s unchanged', () => {
    const outdir = tempOutdir();
    const app = new MultiSiteApp({ outdir, shape: DeploymentShape.stretchedCluster() });
    const dcA = new ActiveActiveSite(app, 'dc-a');
    const dcB = new ActiveActiveSite(app, 'dc-b');
    const witness = new WitnessSite(app, 'dc-witness');
    app.addLink(dcA, dcB, Latency.ofRttMillis(1));
    app.addLink(dcA, witness, Latency.ofRttMillis(3));
    app.addLink(dcB, witness, Latency.ofRttMillis(3));
    const placement = [{ site: dcA, voters: 1 }, { site: dcB, voters: 1 }, { site: witness, voters: 1 }];
    new DistributedSqlCluster(app, 'orders', { engine: SqlEngine.cockroachDb(), placement });
    app.synth();
    const first = fs.readFileSync(path.join(outdir, 'dc-a/orders/statefulset-orders-dc-a.yaml'), 'utf-8');

    new DistributedSqlCluster(app, 'billing', { engine: SqlEngine.cockroachDb(), placement });
    app.synth();

    expect(fs.existsSync(path.join(outdir, 'dc-a/billing/statefulset-billing-dc-a.yaml'))).toBe(true);
    expect(fs.existsSync(path.join(outdir, 'cluster-wide/billing/job-billing-init.yaml'))).toBe(true);
    expect(fs.readFileSync(path.join(outdir, 'dc-a/orders/statefulset-orders-dc-a.yaml'), 'utf-8')).toBe(first);
    expect(fs.readFileSync(path.join(outdir, 'dc-a/kustomization.yaml'), 'utf-8')).toContain('billing/statefulset-billing-dc-a.yaml');
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'report.json'), 'utf-8'));
    expect(report.clusters.map((c: any) => c.name)).toEqual(['orders', 'billing']);
  });

  test('synthesizing twice writes the same bytes', () => {
    const outdir = tempOutdir();
    const app = sampleApp('galera', outdir);
    app.synth();
    const first = app.synthYaml();
    app.synth();
    expect(app.synthYaml()).toBe(first);
  });
});
