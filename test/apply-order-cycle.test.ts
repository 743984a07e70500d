import * as fs from 'fs';
import * as path from 'path';
import { ActiveActiveSite, DeploymentShape, DistributedSqlCluster, Latency, MultiSiteApp, SqlEngine, WitnessSite } from '../lib';
import { tempOutdir } from './support/designs';

/**
 * A Cassandra cluster whose K8ssandra control plane is dc-a (applied after its other datacenter,
 * dc-b) beside a Galera cluster in both, whose bootstrap site is the one declared first (the
 * other data site is applied after it).
 */
function design(outdir: string, declaredFirst: 'dc-a' | 'dc-b'): MultiSiteApp {
  const app = new MultiSiteApp({ outdir, shape: DeploymentShape.clusterPerSite() });
  const site = (name: string, cidr: string) => new ActiveActiveSite(app, name, { clusterDomain: `${name}.example.internal`, podCidrs: [cidr] });
  const [a, b] = declaredFirst === 'dc-a'
    ? [site('dc-a', '10.10.0.0/16'), site('dc-b', '10.20.0.0/16')]
    : (([y, x]) => [x, y])([site('dc-b', '10.20.0.0/16'), site('dc-a', '10.10.0.0/16')]);
  const c = new WitnessSite(app, 'dc-c', { clusterDomain: 'dc-c.example.internal', podCidrs: ['10.30.0.0/16'] });
  app.addLink(a, b, Latency.ofRttMillis(2));
  app.addLink(a, c, Latency.ofRttMillis(4));
  app.addLink(b, c, Latency.ofRttMillis(4));
  new DistributedSqlCluster(app, 'cass', {
    engine: SqlEngine.cassandra({ controlPlane: a, kubernetesContexts: [{ site: a, context: 'k8s-a' }, { site: b, context: 'k8s-b' }] }),
    placement: [{ site: a, voters: 3 }, { site: b, voters: 3 }],
  });
  new DistributedSqlCluster(app, 'orders', {
    engine: SqlEngine.galera({ arbitratorImage: 'registry.example.com/garbd:26.4' }),
    placement: [{ site: a, voters: 2 }, { site: b, voters: 2 }, { site: c, arbitrators: 1 }],
  });
  return app;
}

// Mutation (checked by hand): with lib/synth/cluster-plans.ts as it was (a depth-first order that
// skipped a site already on its path) and the rule left out of OUTPUT_RULES, synth wrote APPLY.md
// with dc-b before dc-a, breaking Galera's first install, and the first test fails.
describe('MS-APPLY-ORDER-CYCLE', () => {
  test('refuses engines whose apply orders form a cycle, naming both clusters, the sites and the fix, and writes nothing', () => {
    const outdir = tempOutdir();
    let message = '';
    try {
      design(outdir, 'dc-a').synth();
    } catch (e) {
      message = (e as Error).message;
    }
    expect(message).toContain('[ERROR] MS-APPLY-ORDER-CYCLE at ');
    expect(message).toContain('the clusters cass, orders demand apply orders that form a cycle: dc-a after dc-b (cass at cass), dc-b after dc-a (orders at orders).');
    expect(message).toContain('a Galera cluster\'s bootstrap site is the first declared site holding its voters');
    expect(fs.existsSync(path.join(outdir, 'APPLY.md'))).toBe(false);
  });

  test('with dc-b declared first, one order serves both: dc-b (Galera\'s bootstrap, a K8ssandra data plane), then dc-a (K8ssandra\'s control plane), then the witness', () => {
    const outdir = tempOutdir();
    design(outdir, 'dc-b').synth();
    const clusters = JSON.parse(fs.readFileSync(path.join(outdir, 'prerequisites.json'), 'utf-8')).clusters as { entryPoint: string }[];
    expect(clusters.map((c) => c.entryPoint)).toEqual(['dc-b', 'dc-a', 'dc-c']);
  });
});
