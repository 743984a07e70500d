import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

/**
 * The operators' installs as upstream ships them, vendored at the pinned versions in
 * `../shared/operators/` (its README.md: what to build offline, and how).
 */
export function operatorsDir(): string {
  return path.resolve(__dirname, '..', '..', '..', 'shared', 'operators');
}

/** Whether the vendored installs are there. */
export function operatorsAvailable(): boolean {
  return fs.existsSync(path.join(operatorsDir(), 'README.md'));
}

/** One upstream install, built offline: the kinds its CRDs define and the namespaces its controllers watch. */
export interface BuiltInstall {
  /** `group/Kind` of every CRD it installs. */
  readonly kinds: Set<string>;
  /** Namespaces its controllers reconcile custom resources in; undefined = every namespace; empty = no controller. */
  readonly watched?: readonly string[];
  /** Every object of the build. */
  readonly objects: any[];
  /** Whether only some of the install's CRDs are vendored, so its kinds are a subset of the real install's. */
  readonly partial?: boolean;
}

/** The documents of YAML files, each file its own stream (the mcs-api files do not start with `---`). */
function readYamlFiles(files: string[]): any[] {
  return files.flatMap((f) => parseAllDocuments(fs.readFileSync(f, 'utf-8')).map((d) => d.toJSON())).filter((d) => d);
}

const yamlIn = (dir: string) => fs.readdirSync(dir).filter((f) => f.endsWith('.yaml')).sort().map((f) => path.join(dir, f));

/**
 * How each prerequisite id's install is built here (README.md "What to build"): the k8ssandra
 * deployments with `kubectl kustomize`, single manifests and CRD folders read as they are. The
 * CRD-only builds (cert-manager, k8gb: their full installs are not buildable offline) carry the
 * watch scope the README records from their Deployments; mcs-api has no controller upstream, and
 * the MCS implementation that brings one honours ServiceExports in every namespace (KEP-1645).
 */
export const INSTALL_BUILDS: Record<string, () => { objects: any[]; watchedWithoutDeployment?: readonly string[] | 'all'; partial?: boolean }> = {
  'cert-manager': () => ({ objects: readYamlFiles(yamlIn(path.join(operatorsDir(), 'cert-manager/v1.21.1/deploy/crds'))), watchedWithoutDeployment: 'all' }),
  'metallb': () => ({ objects: readYamlFiles([path.join(operatorsDir(), 'metallb/v0.16.1/config/manifests/metallb-frr.yaml')]), watchedWithoutDeployment: ['metallb-system'] }),
  'k8gb': () => ({ objects: readYamlFiles(yamlIn(path.join(operatorsDir(), 'k8gb/v0.20.0/chart/k8gb/crd'))), watchedWithoutDeployment: 'all' }),
  'oracle-database-operator': () => ({ objects: readYamlFiles([path.join(operatorsDir(), 'oracle-database-operator/sidbdevbranch-e390bb952d5e/oracle-database-operator.yaml')]) }),
  'k8ssandra-operator-control-plane': () => ({ objects: kustomizeBuild('k8ssandra-operator/v1.32.5/config/deployments/control-plane/cluster-scope') }),
  'k8ssandra-operator-data-plane': () => ({ objects: kustomizeBuild('k8ssandra-operator/v1.32.5/config/deployments/data-plane/cluster-scope') }),
  // Only three of its CRDs are vendored (../shared/schemas/crds/prometheus-operator/): a partial build, checked as a subset.
  'prometheus-operator': () => ({ objects: readYamlFiles(yamlIn(path.resolve(operatorsDir(), '..', 'schemas', 'crds', 'prometheus-operator'))), watchedWithoutDeployment: 'all', partial: true }),
  'mcs-api': () => ({ objects: readYamlFiles(yamlIn(path.join(operatorsDir(), 'mcs-api/v0.5.0/config/crd'))), watchedWithoutDeployment: 'all' }),
};

/** `kubectl kustomize` of a folder under the vendored installs, as objects. */
export function kustomizeBuild(dir: string): any[] {
  const out = execFileSync('kubectl', ['kustomize', path.join(operatorsDir(), dir)], { encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'ignore'] });
  return parseAllDocuments(out).map((d) => d.toJSON()).filter((d) => d);
}

/**
 * What an install's objects say: its CRDs' kinds, and the namespaces its controllers watch,
 * read from each Deployment's `WATCH_NAMESPACE` (`""` = all, `fieldRef: metadata.namespace` =
 * the Deployment's own namespace, a comma-separated list = those).
 */
export function describeInstall(objects: any[], watchedWithoutDeployment?: readonly string[] | 'all'): BuiltInstall {
  const kinds = new Set(objects.filter((o) => o.kind === 'CustomResourceDefinition').map((o) => `${o.spec.group}/${o.spec.names.kind}`));
  const scopes: (readonly string[] | undefined)[] = [];
  for (const d of objects.filter((o) => o.kind === 'Deployment')) {
    for (const c of d.spec.template.spec.containers ?? []) {
      const env = (c.env ?? []).find((e: any) => e.name === 'WATCH_NAMESPACE');
      if (!env) continue;
      if (env.valueFrom?.fieldRef?.fieldPath === 'metadata.namespace') scopes.push([d.metadata.namespace]);
      else if (!env.value) scopes.push(undefined);
      else scopes.push(String(env.value).split(',').map((s) => s.trim()));
    }
  }
  let watched: readonly string[] | undefined;
  if (scopes.length > 0) {
    // Every controller of the install must reach the namespace: the narrowest scope wins.
    const limited = scopes.filter((s): s is readonly string[] => s !== undefined);
    watched = limited.length === 0 ? undefined : limited.reduce((a, b) => a.filter((x) => b.includes(x)));
  } else {
    watched = watchedWithoutDeployment === 'all' || watchedWithoutDeployment === undefined ? undefined : watchedWithoutDeployment;
  }
  return { kinds, watched, objects };
}

const cache = new Map<string, BuiltInstall>();

/** The built install of a prerequisite id (built once per test file). */
export function builtInstall(id: string): BuiltInstall {
  if (!cache.has(id)) {
    const build = INSTALL_BUILDS[id];
    if (!build) throw new Error(`no offline build for prerequisite ${id}`);
    const { objects, watchedWithoutDeployment, partial } = build();
    cache.set(id, { ...describeInstall(objects, watchedWithoutDeployment), partial });
  }
  return cache.get(id)!;
}
