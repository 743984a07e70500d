import { ApiObject, App, Chart, DependencyGraph } from 'cdk8s';
import { stringifyYaml } from './fast-yaml';
import { ENGINES } from '../engines/registry';
import { applyRank } from '../k8s/api-groups';
import { omitApiDefaults } from '../k8s/omit-api-defaults';
import { ObjectReference, producedSecrets, referencesOf } from '../k8s/references';

/**
 * Every chart of the app with its objects rendered (library objects without fields stated at their
 * API default: see `omitApiDefaults`), in dependency order, one chart at a time
 * (the objects of a chart can be dropped before the next is rendered). cdk8s resolves
 * dependencies and runs construct validations for the whole app on a chart's `toJson()`: that
 * happens once, on the first chart, whose objects it returns; every other chart is walked on its
 * own (the same walk `toJson()` makes), so rendering stays linear in the app.
 */
export function* apiObjectsPerChart(app: App): Generator<{ chart: Chart; objects: any[] }> {
  const [first, ...rest] = app.charts;
  if (!first) return;
  yield { chart: first, objects: first.toJson().map((o) => omitApiDefaults(o)) };
  for (const chart of rest) {
    yield {
      chart,
      objects: new DependencyGraph(chart.node).topology()
        .filter((x): x is ApiObject => x instanceof ApiObject && Chart.of(x) === chart)
        .map((o) => omitApiDefaults(o.toJson())),
    };
  }
}

/** One object synth wrote: where, and what the apply entry points and prerequisites need to know of it. */
export interface WrittenObject {
  /** The chart's folder, e.g. `dc-a` or `cluster-wide`. */
  readonly folder: string;
  /** The file under the folder, e.g. `crdb/statefulset-crdb-dc-a.yaml`. */
  readonly file: string;
  readonly apiVersion: string;
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
  /** What it names and does not create (`referencesOf`). */
  readonly references: readonly ObjectReference[];
  /** Secrets it makes (a cert-manager Certificate's). */
  readonly producesSecrets: readonly string[];
  /** The object as written, kept for StatefulSets only: the design record reads their identity (`lib/synth/change/current-design-record.ts`). */
  readonly statefulSet?: any;
}

/**
 * The kustomization of an entry point: its files, applied in the order listed. kustomize
 * re-sorts by kind (Jobs before NetworkPolicies and custom resources) unless `sortOptions.order`
 * is `fifo` (kustomize v5.0+, kubectl 1.27+; `api/types/kustomization.go` SortOptions).
 */
export function kustomizationOf(resources: readonly string[]): unknown {
  return { apiVersion: 'kustomize.config.k8s.io/v1beta1', kind: 'Kustomization', sortOptions: { order: 'fifo' }, resources };
}

/**
 * The files of one chart's folder: one YAML file per object, and a kustomization listing them in
 * apply order (`applyRank`: Namespaces, cluster-scoped objects, namespaced built-in objects,
 * CRD-backed objects, Jobs; cdk8s's dependency order within each). A namespaced object goes into
 * a subfolder named after its namespace (`crdb/statefulset-crdb-dc-a.yaml`), so objects of the
 * same kind and name in two namespaces of one site (each namespace's `default-deny-ingress`
 * policy) get files of their own. Each object is also added to `written` when given.
 */
export function renderChartFolder(objects: readonly any[], folder: string, written?: WrittenObject[]): Map<string, string> {
  const files = new Map<string, string>();
  const resources: string[] = [];
  const ordered = objects.map((obj, i) => ({ obj, i, rank: applyRank(obj) }))
    .sort((a, b) => a.rank - b.rank || a.i - b.i)
    .map((x) => x.obj);
  for (const obj of ordered) {
    const namespace: string | undefined = obj.metadata?.namespace;
    const file = `${namespace ? `${namespace}/` : ''}${String(obj.kind).toLowerCase()}-${obj.metadata?.name ?? 'unnamed'}.yaml`;
    if (files.has(`${folder}/${file}`)) {
      throw new Error(`Two objects in ${folder} would both be written to ${file}: give them different names.`);
    }
    files.set(`${folder}/${file}`, stringifyYaml(obj));
    resources.push(file);
    written?.push({
      folder,
      file,
      apiVersion: String(obj.apiVersion),
      kind: String(obj.kind),
      namespace,
      name: String(obj.metadata?.name ?? 'unnamed'),
      references: [...referencesOf(obj), ...ENGINES.flatMap((engine) => engine.customResourceReferences?.(obj) ?? [])],
      producesSecrets: producedSecrets(obj),
      ...(obj.kind === 'StatefulSet' ? { statefulSet: obj } : {}),
    });
  }
  files.set(`${folder}/kustomization.yaml`, stringifyYaml(kustomizationOf(resources)));
  return files;
}
