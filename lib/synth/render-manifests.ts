import { ApiObject, App, Chart, DependencyGraph, Yaml } from 'cdk8s';
import { omitApiDefaults } from '../k8s/omit-api-defaults';

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

/**
 * The files of one chart's folder: one YAML file per object, and a kustomization listing them in
 * apply order. A namespaced object goes into a subfolder named after its namespace
 * (`crdb/statefulset-crdb-dc-a.yaml`), so objects of the same kind and name in two namespaces of
 * one site (each namespace's `default-deny-ingress` policy) get files of their own.
 */
export function renderChartFolder(objects: readonly any[], folder: string): Map<string, string> {
  const files = new Map<string, string>();
  const resources: string[] = [];
  for (const obj of objects) {
    const namespace: string | undefined = obj.metadata?.namespace;
    const file = `${namespace ? `${namespace}/` : ''}${String(obj.kind).toLowerCase()}-${obj.metadata?.name ?? 'unnamed'}.yaml`;
    if (files.has(`${folder}/${file}`)) {
      throw new Error(`Two objects in ${folder} would both be written to ${file}: give them different names.`);
    }
    files.set(`${folder}/${file}`, Yaml.stringify(obj));
    resources.push(file);
  }
  const kustomization = {
    apiVersion: 'kustomize.config.k8s.io/v1beta1',
    kind: 'Kustomization',
    resources,
  };
  files.set(`${folder}/kustomization.yaml`, Yaml.stringify(kustomization));
  return files;
}
