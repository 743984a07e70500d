/** The `app.kubernetes.io/managed-by` value on every object the library writes. */
export const MANAGED_BY_LABEL_VALUE = 'cdk-multisite';

/** Label that carries the site name on every pod the library writes. */
export const SITE_LABEL = 'cdk-multisite/site';

/** Labels every object of a workload carries (the recommended `app.kubernetes.io` set). */
export function workloadLabels(app: string, instance: string, component: string): Record<string, string> {
  return {
    'app.kubernetes.io/name': app,
    'app.kubernetes.io/instance': instance,
    'app.kubernetes.io/component': component,
    'app.kubernetes.io/managed-by': MANAGED_BY_LABEL_VALUE,
  };
}

/** Labels of the write-health pod of SQL cluster `cluster` in `site` (`lib/k8s/write-health.ts`). */
export function writeHealthPodLabels(cluster: string, site: string): Record<string, string> {
  return { ...writeHealthSelectorLabels(cluster), [SITE_LABEL]: site };
}

/** Labels every write-health pod of SQL cluster `cluster` carries, whatever its site. */
export function writeHealthSelectorLabels(cluster: string): Record<string, string> {
  return workloadLabels('write-health', cluster, 'probe');
}
