/**
 * The command that takes one site's StatefulSet to `replicas` members during a rollout, one member
 * at a time: a StatefulSet that does not exist yet (the site's first member) is applied from the
 * new output first; one scaled to zero is deleted, its claims left for a person to delete once the
 * data lives elsewhere (StatefulSet claims outlive the set,
 * https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention).
 */
export function scaleStatefulSet(namespace: string, statefulSet: string, replicas: number): string {
  const scale = `kubectl -n ${namespace} scale statefulset ${statefulSet} --replicas=${replicas}`;
  if (replicas === 1) return `${scale} (if the StatefulSet is new, apply it from the new output first, its replicas set to 1)`;
  if (replicas === 0) return `${scale}, then kubectl -n ${namespace} delete statefulset ${statefulSet} (its PersistentVolumeClaims stay: delete them once the data has moved)`;
  return scale;
}

/** Members of a cluster in `site`, from its placement. */
export function membersIn(cluster: { readonly members: readonly { readonly site: string; readonly voters: number }[] }, site: string): number {
  return cluster.members.find((m) => m.site === site)?.voters ?? 0;
}
