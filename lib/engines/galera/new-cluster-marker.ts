/**
 * The explicit permission to start a new Galera cluster: a ConfigMap that only the first install
 * (and a restore from backup) creates, with a deadline, and that is deleted once the first node
 * runs.
 *
 * Why a marker: the start script cannot tell a first install from a node on an empty disk (a
 * replaced PVC) whose peers it cannot reach at the moment (its site cut off, the peers
 * restarting). Both see no `grastate.dat` and no peer answering; started with
 * `--wsrep-new-cluster`, the second forms a Primary Component of its own beside the running one
 * under the same `wsrep_cluster_name`: two clusters that take writes (shown by
 * test/failure-lab/galera-empty-cutoff.test.ts). Bootstrapping is for when every node is down
 * and the operator says so (MariaDB, Bootstrap a Galera Cluster:
 * https://mariadb.com/docs/service-management/operations/start-stop-status/bootstrap-galera-cluster/).
 * Without the marker, the node starts as a joiner: mariadbd finds no Primary Component, exits,
 * and the kubelet restarts it until a peer answers and it joins by SST.
 *
 * How the pod reads it without an API client: an env entry from the ConfigMap's key, `optional`,
 * so the container starts without it. The kubelet resolves it at each container start, so a
 * deleted marker is gone at the next restart. The deadline (seconds since the epoch, compared with
 * the node's clock) keeps a marker that was never deleted from allowing a bootstrap later.
 */
import { GaleraCluster } from './model';

/** The container env entry that carries the marker's deadline. */
export const NEW_CLUSTER_ENV = 'GALERA_NEW_CLUSTER_UNTIL';

/** The marker ConfigMap's key: the deadline, in seconds since the epoch (UTC). */
export const NEW_CLUSTER_KEY = 'until';

/** How long a marker allows a bootstrap after it is created: one hour. */
export const NEW_CLUSTER_WINDOW_SECONDS = 3600;

/** The marker ConfigMap's name. */
export function newClusterMarkerName(cluster: GaleraCluster): string {
  return `${cluster.name}-new-cluster`;
}

/**
 * The command that creates the marker, with a deadline one window from now; `kubectl` may carry a
 * `--context`.
 */
export function createMarkerCommand(cluster: GaleraCluster, kubectl = 'kubectl'): string {
  return `${kubectl} -n ${cluster.namespace} create configmap ${newClusterMarkerName(cluster)} --from-literal=${NEW_CLUSTER_KEY}=$(( $(date +%s) + ${NEW_CLUSTER_WINDOW_SECONDS} ))`;
}

/**
 * The command that waits for `pod`, the node the marker lets start a new cluster, to be Ready.
 * Right after `kubectl apply` or `kubectl scale` the StatefulSet controller may not have created
 * the pod yet, and `kubectl wait` on a pod that does not exist fails at once ("NotFound":
 * https://github.com/kubernetes/kubectl/issues/1516) instead of waiting, so the command deleting
 * the marker after it would run before the pod read it, and the pod would start as a joiner with
 * no cluster to join. So it first waits for the pod to exist, then for Ready.
 */
export function waitForBootstrapPodCommand(cluster: GaleraCluster, pod: string, timeoutMinutes: number, kubectl = 'kubectl'): string {
  // Bounded like the wait itself: a pod that never appears (a wrong context, a StatefulSet not applied) ends the step.
  return `timeout ${timeoutMinutes}m sh -c 'until ${kubectl} -n ${cluster.namespace} get pod/${pod} > /dev/null 2>&1; do sleep 2; done' && `
    + `${kubectl} -n ${cluster.namespace} wait --for=condition=Ready pod/${pod} --timeout=${timeoutMinutes}m`;
}

/** The command that deletes the marker once the new cluster's first node is Ready. */
export function deleteMarkerCommand(cluster: GaleraCluster, kubectl = 'kubectl'): string {
  return `${kubectl} -n ${cluster.namespace} delete configmap ${newClusterMarkerName(cluster)}`;
}

/**
 * The start script's shell function that succeeds only while a marker allows a new cluster (set
 * and its deadline not passed); a deadline that is not a number counts as none.
 */
export function newClusterAllowedFunction(): string[] {
  return [
    'new_cluster_allowed() {',
    `  [ -n "\${${NEW_CLUSTER_ENV}:-}" ] && [ "$(date +%s)" -lt "$${NEW_CLUSTER_ENV}" ] 2>/dev/null`,
    '}',
  ];
}
