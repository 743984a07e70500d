import { SynthOutput } from './synth-output';
import { AnalyzedDesign } from '../../analysis/analyzed-design';
import { apiGroupOf, applyRank, isCrdBacked } from '../../k8s/api-groups';
import { ClusterContext, prerequisitesFor } from '../../k8s/prerequisites';
import { stringifyYaml } from '../fast-yaml';
import { WrittenObject } from '../render-manifests';

/** One Kubernetes cluster of the design and what applies to it. */
interface ClusterPlan extends ClusterContext {
  /** For people: `dc-a` or `the stretched cluster`. */
  readonly label: string;
  readonly objects: readonly WrittenObject[];
}

/**
 * Per Kubernetes cluster, what must be installed first and the one entry point that
 * `kubectl apply -k` takes in one go: `APPLY.md` for people, `prerequisites.json` as data, and
 * for the stretched cluster a `kustomization.yaml` at the top of the output listing every
 * folder's objects in apply order (a site folder of a stretched cluster uses the namespaces
 * `cluster-wide/` defines). With one cluster per site the site's folder is its entry point
 * already. The entry points list files, not folders, so kustomize from v2.0 (kubectl 1.14–1.20,
 * which takes folders only under `bases:`) to v5 builds them alike.
 */
export const APPLY_OUTPUT: SynthOutput = {
  label: 'Apply order and prerequisites',
  write({ design, objects }, write) {
    const clusters = clusterPlans(design, objects);
    const stretched = clusters.find((c) => c.entryPoint === '.');
    if (stretched) {
      const ordered = stretched.objects
        .map((o, i) => ({ o, i, rank: applyRank({ apiVersion: o.apiVersion, kind: o.kind, metadata: { namespace: o.namespace } }) }))
        .sort((a, b) => a.rank - b.rank || a.i - b.i)
        .map((x) => `${x.o.folder}/${x.o.file}`);
      write('kustomization.yaml', stringifyYaml({ apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', resources: ordered }));
    }
    write('APPLY.md', renderApplyMd(design, clusters, objects));
    write('prerequisites.json', `${JSON.stringify(prerequisitesData(clusters), undefined, 2)}\n`);
  },
  describe: (files) => files.join(', '),
};

function clusterPlans(design: AnalyzedDesign, objects: readonly WrittenObject[]): ClusterPlan[] {
  if (design.shape.kind === 'stretched') {
    return objects.length === 0 ? [] : [{ label: 'the stretched cluster', entryPoint: '.', objects }];
  }
  return design.sites
    .map((s) => ({ label: s.name, site: s.name, entryPoint: s.name, objects: objects.filter((o) => o.folder === s.name) }))
    .filter((c) => c.objects.length > 0);
}

/** The CRD groups of a cluster's objects, sorted. */
function crdGroups(objects: readonly WrittenObject[]): string[] {
  return [...new Set(objects.filter((o) => isCrdBacked(o.apiVersion)).map((o) => apiGroupOf(o.apiVersion)))].sort();
}

function prerequisitesData(clusters: readonly ClusterPlan[]): unknown {
  return {
    clusters: clusters.map((c) => ({
      cluster: c.site ?? 'stretched',
      entryPoint: c.entryPoint,
      apply: `kubectl apply -k ${c.entryPoint}`,
      crdGroups: crdGroups(c.objects),
      prerequisites: prerequisitesFor(crdGroups(c.objects)).map((p) => ({
        id: p.id, name: p.name, version: p.version, groups: p.groups, install: p.install(c), source: p.source,
      })),
    })),
  };
}

function renderApplyMd(design: AnalyzedDesign, clusters: readonly ClusterPlan[], objects: readonly WrittenObject[]): string {
  const out = [
    '# Apply order',
    '',
    'Run the commands from inside this folder, against each cluster in turn (`kubectl config use-context ...`).',
    'First what the cluster must run before its objects apply (the versions are those whose schemas the objects were',
    'validated against), then one `kubectl apply -k` that applies everything synth wrote for it: Namespaces first,',
    'then cluster-scoped objects, namespaced objects, objects of the CRDs installed first, and Jobs last.',
    '',
  ];
  for (const c of clusters) {
    out.push(`## ${c.site ? `Cluster of site ${c.site}` : 'The stretched cluster'}`, '');
    const groups = crdGroups(c.objects);
    const prerequisites = prerequisitesFor(groups);
    if (prerequisites.length === 0) {
      out.push('Prerequisites: none (only built-in Kubernetes objects).', '');
    } else {
      out.push(`Prerequisites, in order (CRD groups used: ${groups.map((g) => `\`${g}\``).join(', ')}):`, '');
      prerequisites.forEach((p, i) => {
        out.push(`${i + 1}. ${p.name} ${p.version} (installs ${p.groups.map((g) => `\`${g}\``).join(', ')}; ${p.source}):`, '');
        out.push('   ```sh', ...p.install(c).map((line) => `   ${line}`), '   ```', '');
      });
    }
    const notes = clusterNotes(c.objects);
    if (notes.length > 0) out.push(...notes.map((n) => `- ${n}`), '');
    out.push('Then:', '', '```sh', `kubectl apply -k ${c.entryPoint}`, '```', '');
  }
  if (design.shape.kind === 'cluster-per-site') {
    const others = [...new Set(objects.filter((o) => !design.sites.some((s) => s.name === o.folder)).map((o) => o.folder))];
    if (others.length > 0) out.push(`Not applied by any entry point (charts that are not sites): ${others.map((f) => `\`${f}/\``).join(', ')}.`, '');
  }
  return out.join('\n');
}

/** What a cluster needs that no CRD says: CoreDNS importing `coredns-custom`, an Ingress controller. */
function clusterNotes(objects: readonly WrittenObject[]): string[] {
  const notes: string[] = [];
  if (objects.some((o) => o.kind === 'ConfigMap' && o.namespace === 'kube-system' && o.file.endsWith('configmap-coredns-custom.yaml'))) {
    notes.push('CoreDNS must import the `coredns-custom` ConfigMap (k3s, RKE2 and AKS do); elsewhere paste its `multisite.server` blocks into the Corefile.');
  }
  if (objects.some((o) => o.kind === 'Ingress')) notes.push('Ingress objects need an Ingress controller in the cluster.');
  return notes;
}
