import { Chart, Yaml } from 'cdk8s';

/** The files of one chart's folder: one YAML file per object, and a kustomization listing them in apply order. */
export function renderChartFolder(chart: Chart, folder: string): Map<string, string> {
  const files = new Map<string, string>();
  const resources: string[] = [];
  for (const obj of chart.toJson()) {
    const file = `${String(obj.kind).toLowerCase()}-${obj.metadata?.name ?? 'unnamed'}.yaml`;
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
