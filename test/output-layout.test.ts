import { parse } from 'yaml';
import {
  ActiveActiveSite, DeploymentShape, DistributedSqlCluster, Latency, MultiSiteApp, SqlEngine, WitnessSite,
} from '../lib';
import { readObjects, readTree, tempOutdir } from './support/designs';

/** Two CockroachDB clusters and one Galera cluster on the same three sites, in the given shape. */
function threeClusters(shape: DeploymentShape): { files: Map<string, string>; objects: { file: string; obj: any }[] } {
  const outdir = tempOutdir();
  const app = new MultiSiteApp({ outdir, shape });
  const dcA = new ActiveActiveSite(app, 'dc-a', { clusterDomain: 'dc-a.example', podCidrs: ['10.1.0.0/16'] });
  const dcB = new ActiveActiveSite(app, 'dc-b', { clusterDomain: 'dc-b.example', podCidrs: ['10.2.0.0/16'] });
  const witness = new WitnessSite(app, 'dc-witness', { clusterDomain: 'dc-witness.example', podCidrs: ['10.3.0.0/16'] });
  app.addLink(dcA, dcB, Latency.ofRttMillis(1));
  app.addLink(dcA, witness, Latency.ofRttMillis(2));
  app.addLink(dcB, witness, Latency.ofRttMillis(2));
  for (const name of ['orders', 'payments']) {
    new DistributedSqlCluster(app, name, {
      engine: SqlEngine.cockroachDb({ replicationFactor: 5 }),
      placement: [{ site: dcA, voters: 2 }, { site: dcB, voters: 2 }, { site: witness, voters: 1 }],
    });
  }
  new DistributedSqlCluster(app, 'sessions', {
    engine: SqlEngine.galera({ arbitratorImage: 'registry.example/garbd:26.4' }),
    placement: [{ site: dcA, voters: 2 }, { site: dcB, voters: 2 }, { site: witness, arbitrators: 1 }],
  });
  app.synth();
  const files = readTree(outdir);
  return { files, objects: readObjects(outdir) };
}

describe.each([
  ['stretched', DeploymentShape.stretchedCluster()],
  ['cluster per site', DeploymentShape.clusterPerSite()],
])('several clusters sharing the sites (%s)', (_name, shape) => {
  const { files, objects } = threeClusters(shape);

  test('every namespace gets its own default-deny policy, each in a file of its own', () => {
    const denies = objects.filter((o) => o.obj.kind === 'NetworkPolicy' && o.obj.metadata.name === 'default-deny-ingress');
    const namespaces = [...new Set(denies.map((o) => o.obj.metadata.namespace))].sort();
    expect(namespaces).toEqual(['orders', 'payments', 'sessions']);
    expect(new Set(denies.map((o) => o.file)).size).toBe(denies.length);
  });

  test('a namespaced object sits in the subfolder of its namespace; a cluster-scoped one at the top', () => {
    for (const { file, obj } of objects) {
      const parts = file.split('/');
      if (obj.metadata.namespace) expect(parts.slice(1, -1)).toEqual([obj.metadata.namespace]);
      else expect(parts).toHaveLength(2);
      expect(parts[parts.length - 1]).toBe(`${String(obj.kind).toLowerCase()}-${obj.metadata.name}.yaml`);
    }
  });

  test('each kustomization lists every file of its folder and nothing else', () => {
    const kustomizations = [...files.keys()].filter((f) => f.endsWith('/kustomization.yaml'));
    expect(kustomizations.length).toBeGreaterThan(0);
    for (const k of kustomizations) {
      const folder = k.slice(0, -'/kustomization.yaml'.length);
      const listed = (parse(files.get(k)!).resources as string[]).map((r) => `${folder}/${r}`).sort();
      const present = [...files.keys()]
        .filter((f) => f.startsWith(`${folder}/`) && f !== k && f.endsWith('.yaml') && !f.endsWith('/k8gb-values.yaml'))
        .sort();
      expect(listed).toEqual(present);
    }
  });
});
