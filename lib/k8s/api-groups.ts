/**
 * API groups that every Kubernetes cluster serves without a CRD (the groups of
 * `kubernetes/v1.28.0/_definitions.json`, the schemas the output is validated against, plus the
 * groups added since). Any other group an object uses is CRD-backed: something must install it first.
 */
const BUILT_IN_GROUPS = new Set([
  '', 'admissionregistration.k8s.io', 'apiextensions.k8s.io', 'apiregistration.k8s.io', 'apps',
  'authentication.k8s.io', 'authorization.k8s.io', 'autoscaling', 'batch', 'certificates.k8s.io',
  'coordination.k8s.io', 'discovery.k8s.io', 'events.k8s.io', 'flowcontrol.apiserver.k8s.io',
  'internal.apiserver.k8s.io', 'networking.k8s.io', 'node.k8s.io', 'policy', 'rbac.authorization.k8s.io',
  'resource.k8s.io', 'scheduling.k8s.io', 'storage.k8s.io', 'storagemigration.k8s.io',
]);

/** The API group of an `apiVersion`: `apps/v1` → `apps`, `v1` → `` (core). */
export function apiGroupOf(apiVersion: string): string {
  const slash = apiVersion.indexOf('/');
  return slash < 0 ? '' : apiVersion.slice(0, slash);
}

/** Whether objects of this `apiVersion` need a CRD installed first. */
export function isCrdBacked(apiVersion: string): boolean {
  return !BUILT_IN_GROUPS.has(apiGroupOf(apiVersion));
}

/**
 * Where an object goes in an apply: Namespaces first (everything namespaced needs one), then the
 * other cluster-scoped objects, the namespaced built-in objects, the CRD-backed objects (whose
 * controllers act on what is already there), and Jobs last (they run against the rest).
 */
export function applyRank(obj: { apiVersion?: string; kind?: string; metadata?: { namespace?: string } }): number {
  const apiVersion = String(obj.apiVersion ?? '');
  if (obj.kind === 'Namespace' && apiVersion === 'v1') return 0;
  if (!obj.metadata?.namespace && !isCrdBacked(apiVersion)) return 1;
  if (obj.kind === 'Job' && apiVersion === 'batch/v1') return 4;
  if (isCrdBacked(apiVersion)) return 3;
  return 2;
}
