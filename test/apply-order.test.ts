import * as fs from 'fs';
import * as path from 'path';
import { parse, parseAllDocuments } from 'yaml';
import { readObjects, readTree, tempOutdir } from './support/designs';
import { EXAMPLE_DESIGNS } from './support/examples';
import { kubectlTest, kustomize } from './support/kubectl';
import { multiClusterServicesLab } from './support/mcs-design';
import { schemasAvailable, schemasDir } from './support/schema-validator';

/** Every example, and the multi-cluster services design. */
const designs: Record<string, (outdir: string) => { synth(): void }> = { ...EXAMPLE_DESIGNS, 'multi-cluster services lab': multiClusterServicesLab };

/** The group of an apiVersion, written out here rather than taken from the library. */
const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.split('/')[0] : '');

/** Kubernetes' own groups in the objects the library writes (a CRD-backed group is any other). */
const KUBERNETES_GROUPS = new Set(['', 'apps', 'batch', 'policy', 'networking.k8s.io']);

/**
 * The release of each upstream schema folder, from `../shared/schemas/README.md`'s table:
 * `crds/cert-manager/` → `v1.21.1`; rows whose release is not a tag (a development branch) are left out.
 */
function schemaReleases(): Map<string, string> {
  const releases = new Map<string, string>();
  for (const line of fs.readFileSync(path.join(schemasDir(), 'README.md'), 'utf-8').split('\n')) {
    const cells = line.split('|').map((c) => c.trim());
    const folder = cells[1]?.match(/`(crds\/[^/`]+\/)/)?.[1];
    const release = cells[3]?.match(/^(v\d+\.\d+\.\d+)/)?.[1];
    if (folder && release) releases.set(folder, release);
  }
  return releases;
}

describe.each(Object.keys(designs))('%s', (name) => {
  const outdir = tempOutdir();
  designs[name](outdir).synth();
  const tree = readTree(outdir);
  const objects = readObjects(outdir);
  const prerequisites = JSON.parse(tree.get('prerequisites.json')!).clusters as any[];

  /** The objects of a cluster: its site folder, or every folder of the stretched cluster. */
  const objectsOf = (c: any) => objects.filter((o) => c.entryPoint === '.' || o.file.startsWith(`${c.entryPoint}/`));

  test('one entry point per cluster, and together they apply every object once', () => {
    const listed: string[] = [];
    for (const c of prerequisites) {
      const resources = parse(tree.get(c.entryPoint === '.' ? 'kustomization.yaml' : `${c.entryPoint}/kustomization.yaml`)!).resources as string[];
      listed.push(...resources.map((r) => path.normalize(path.join(c.entryPoint, r))));
    }
    expect(listed.sort()).toEqual(objects.map((o) => o.file).sort());
  });

  test('each entry point lists a Namespace before anything in it, and Jobs after everything else', () => {
    for (const c of prerequisites) {
      const resources = parse(tree.get(c.entryPoint === '.' ? 'kustomization.yaml' : `${c.entryPoint}/kustomization.yaml`)!).resources as string[];
      const docs = resources.map((r) => parse(tree.get(path.normalize(path.join(c.entryPoint, r)))!));
      const namespaceAt = new Map(docs.map((d, i) => [d, i] as const).filter(([d]) => d.kind === 'Namespace').map(([d, i]) => [d.metadata.name, i]));
      docs.forEach((d, i) => {
        const ns = d.metadata.namespace;
        if (ns && namespaceAt.has(ns)) expect({ object: `${d.kind}/${d.metadata.name}`, after: namespaceAt.get(ns)! < i }).toEqual({ object: `${d.kind}/${d.metadata.name}`, after: true });
      });
      const firstJob = docs.findIndex((d) => d.kind === 'Job');
      if (firstJob >= 0) expect(docs.slice(firstJob).every((d) => d.kind === 'Job')).toBe(true);
    }
  });

  kubectlTest('kubectl kustomize builds every entry point into exactly its objects', () => {
    for (const c of prerequisites) {
      const built = parseAllDocuments(kustomize(path.join(outdir, c.entryPoint))).map((d) => d.toJSON());
      const key = (o: any) => `${o.apiVersion}/${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
      expect(built.map(key).sort()).toEqual(objectsOf(c).map((o) => key(o.obj)).sort());
    }
  });

  test('the prerequisites of each cluster name every CRD group its objects use, and install each', () => {
    for (const c of prerequisites) {
      const used = [...new Set(objectsOf(c).map((o) => groupOf(o.obj.apiVersion)).filter((g) => !KUBERNETES_GROUPS.has(g)))].sort();
      expect(c.crdGroups).toEqual(used);
      for (const group of used) expect(c.prerequisites.filter((p: any) => p.groups.includes(group)).map((p: any) => p.id)).toHaveLength(1);
    }
  });

  (schemasAvailable() ? test : test.skip)('each prerequisite\'s version is the release of the schemas the objects were validated against', () => {
    const index = JSON.parse(fs.readFileSync(path.join(schemasDir(), 'index.json'), 'utf-8'));
    const releases = schemaReleases();
    for (const c of prerequisites) {
      for (const { obj } of objectsOf(c)) {
        const entry = index[`${obj.apiVersion}/${obj.kind}`];
        const folder = entry?.schema?.match(/^(crds\/[^/]+\/)/)?.[1];
        const release = folder && releases.get(folder);
        if (!release) continue;
        const installer = c.prerequisites.find((p: any) => p.groups.includes(groupOf(obj.apiVersion)));
        expect({ kind: `${obj.apiVersion}/${obj.kind}`, version: installer.version }).toEqual({ kind: `${obj.apiVersion}/${obj.kind}`, version: release });
      }
    }
  });
});

test('cert-manager comes before the Oracle operator, which needs it', () => {
  const outdir = tempOutdir();
  EXAMPLE_DESIGNS['data-guard-dr'](outdir).synth();
  const [cluster] = JSON.parse(fs.readFileSync(path.join(outdir, 'prerequisites.json'), 'utf-8')).clusters;
  expect(cluster.prerequisites.map((p: any) => p.id)).toEqual(['cert-manager', 'oracle-database-operator']);
});
