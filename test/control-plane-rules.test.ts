import * as fc from 'fast-check';
import { ActiveActiveSite, DeploymentShape, DistributedSqlCluster, Latency, MultiSiteApp, Severity, Site, SqlEngine, WitnessSite } from '../lib';
import { tempOutdir } from './support/designs';

/** A stretched design whose sites declare the given control-plane nodes (undefined: not declared), with a sound database. */
function design(controlPlane: readonly (number | undefined)[], shape = DeploymentShape.stretchedCluster()): MultiSiteApp {
  const app = new MultiSiteApp({ outdir: tempOutdir(), shape });
  const sites: Site[] = controlPlane.map((n, i) => (i === controlPlane.length - 1
    ? new WitnessSite(app, `dc-${i}`, { controlPlaneNodes: n, clusterDomain: `dc-${i}.example`, podCidrs: [`10.${i}.0.0/16`] })
    : new ActiveActiveSite(app, `dc-${i}`, { controlPlaneNodes: n, clusterDomain: `dc-${i}.example`, podCidrs: [`10.${i}.0.0/16`] })));
  for (let i = 0; i < sites.length; i++) for (let j = i + 1; j < sites.length; j++) app.addLink(sites[i], sites[j], Latency.ofRttMillis(2));
  new DistributedSqlCluster(app, 'crdb', { engine: SqlEngine.cockroachDb(), placement: sites.slice(0, 3).map((site) => ({ site, voters: 1 })) });
  return app;
}

const controlPlaneFindings = (app: MultiSiteApp) => app.check().filter((f) => f.ruleId.startsWith('MS-CONTROL-PLANE-'));
const lines = (app: MultiSiteApp) => controlPlaneFindings(app).map((f) => `${f.ruleId} at ${f.path}: ${f.message} fix: ${f.fix}`);

describe('the stretched cluster\'s control plane is checked like any quorum', () => {
  test('1 + 1 + 1 passes', () => {
    const app = design([1, 1, 1]);
    expect(controlPlaneFindings(app)).toEqual([]);
  });

  test('2 + 1 + 0 (the issue\'s example) is refused: losing dc-0 takes the API server, dc-0 holds a majority, two sites only', () => {
    expect(lines(design([2, 1, 0]))).toEqual([
      'MS-CONTROL-PLANE-SITE-LOSS at dc-0: losing dc-0 leaves 1 of the 3 etcd members; a quorum needs 2. fix: Set controlPlaneNodes to 1 + 1 + 1 over dc-0, dc-1, dc-2 (and 0 elsewhere): no site then holds half of the 3 etcd members.',
      'MS-CONTROL-PLANE-MAJORITY at dc-0: dc-0 holds 2 of the 3 etcd members, a majority inside one site. fix: Move control-plane nodes out of dc-0: set controlPlaneNodes to 1 + 1 + 1 over dc-0, dc-1, dc-2 (and 0 elsewhere): no site then holds half of the 3 etcd members.',
      'MS-CONTROL-PLANE-THREE-SITES at /: etcd members sit in 2 site(s) (dc-0, dc-1); the control plane needs three. fix: Set controlPlaneNodes to 1 + 1 + 1 over dc-0, dc-1, dc-2 (and 0 elsewhere): no site then holds half of the 3 etcd members.',
    ]);
  });

  test('the seed lab\'s single control-plane node is refused, with the fix', () => {
    expect(lines(design([1, 0, 0]))[0]).toBe(
      'MS-CONTROL-PLANE-SITE-LOSS at dc-0: losing dc-0 leaves 0 of the 1 etcd members; a quorum needs 1. fix: Set controlPlaneNodes to 1 + 1 + 1 over dc-0, dc-1, dc-2 (and 0 elsewhere): no site then holds half of the 3 etcd members.',
    );
  });

  test('3 + 2 over two sites is refused with 2 + 2 + 1 as the fix; 2 + 2 + 2 passes', () => {
    expect(lines(design([3, 2, 0]))[0]).toBe(
      'MS-CONTROL-PLANE-SITE-LOSS at dc-0: losing dc-0 leaves 2 of the 5 etcd members; a quorum needs 3. fix: Set controlPlaneNodes to 2 + 2 + 1 over dc-0, dc-1, dc-2 (and 0 elsewhere): no site then holds half of the 5 etcd members.',
    );
    expect(controlPlaneFindings(design([2, 2, 2]))).toEqual([]);
  });

  test('declared with no member at all', () => {
    expect(lines(design([0, 0, 0]))).toEqual([
      'MS-CONTROL-PLANE-SITE-LOSS at /: the sites declare no control-plane node at all. fix: Set controlPlaneNodes to 1 + 1 + 1 over dc-0, dc-1, dc-2 (and 0 elsewhere): no site then holds half of the 3 etcd members.',
    ]);
  });

  test('not declared: a warning, never an error; one cluster per site: no control-plane finding', () => {
    const undeclared = controlPlaneFindings(design([undefined, undefined, undefined]));
    expect(undeclared.map((f) => [f.severity, f.ruleId])).toEqual([[Severity.WARNING, 'MS-CONTROL-PLANE-UNDECLARED']]);
    expect(controlPlaneFindings(design([2, 1, 0], DeploymentShape.clusterPerSite()))).toEqual([]);
  });

  test('the verdict equals a brute force over etcd\'s majority rule (a write needs ⌊n/2⌋ + 1 of the n configured members)', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 3, maxLength: 6 }), (members) => {
      fc.pre(members.some((m) => m > 0));
      const n = members.reduce((a, b) => a + b, 0);
      // Brute force: lose each site in turn and count what is left.
      const survivesEveryLoss = members.every((_, lost) => members.reduce((left, m, i) => left + (i === lost ? 0 : m), 0) >= Math.floor(n / 2) + 1);
      const errors = controlPlaneFindings(design(members)).filter((f) => f.severity === Severity.ERROR);
      expect(errors.length === 0).toBe(survivesEveryLoss);
      if (!survivesEveryLoss) expect(errors.map((f) => f.ruleId)).toContain('MS-CONTROL-PLANE-SITE-LOSS');
    }), { numRuns: 300 });
  });
});
