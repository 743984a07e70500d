/**
 * How the members of a cluster that share a site spread over that site's nodes: a pod
 * anti-affinity by `kubernetes.io/hostname` among the site's data pods.
 *
 * Sites are the fault domains the rules judge; within a site, a node is a smaller one. Two
 * members on one node are lost together, which REPORT.md counts under "One node's loss".
 * @see https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#inter-pod-affinity-and-anti-affinity
 */
export enum NodeSpread {
  /**
   * The scheduler keeps a site's members on different nodes when it can, and still places
   * them when the site has fewer free nodes than members (one node's loss may then take more
   * than one member).
   */
  PREFERRED = 'preferred',
  /**
   * A site's members never share a node: a member that finds no free node stays Pending, so
   * the site needs at least as many schedulable nodes as members; one node's loss takes one.
   */
  REQUIRED = 'required',
}
