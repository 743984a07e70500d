import { VotingGroup } from './voting-group';

/**
 * Where a diversity-first allocator (CockroachDB's) puts the `replicas` of one range over
 * sites holding the given node counts: at most one replica per node, and as evenly over the
 * sites as their nodes allow. Water-filling finds the level L where every site holds
 * min(nodes, L) and the remaining replicas go one each to sites with more than L nodes;
 * when fewer remain than such sites, the allocator may pick any of them, so those
 * replicas float.
 *
 * Replicas beyond the node count cannot be placed: the group holds min(replicas, nodes).
 */
export function diversityFirstPlacement(
  label: string,
  replicas: number,
  nodesPerSite: ReadonlyMap<string, number>,
): VotingGroup {
  let totalNodes = 0;
  for (const n of nodesPerSite.values()) totalNodes += n;
  const placeable = Math.min(replicas, totalNodes);

  const filledAt = (level: number) => {
    let sum = 0;
    for (const n of nodesPerSite.values()) sum += Math.min(n, level);
    return sum;
  };
  let level = 0;
  while (filledAt(level + 1) <= placeable && filledAt(level + 1) > filledAt(level)) level++;

  const fixed = new Map<string, number>();
  const above = new Set<string>();
  let placed = 0;
  for (const [site, n] of nodesPerSite) {
    const held = Math.min(n, level);
    if (held > 0) fixed.set(site, held);
    placed += held;
    if (n > level) above.add(site);
  }
  const remaining = placeable - placed;
  if (remaining === above.size) {
    for (const site of above) fixed.set(site, (fixed.get(site) ?? 0) + 1);
    return { label, total: placeable, fixed, floating: 0, floatingSites: new Set() };
  }
  return { label, total: placeable, fixed, floating: remaining, floatingSites: remaining > 0 ? above : new Set() };
}
