import { VotingGroup } from './voting-group';
import { DesignModel, SqlClusterModel } from '../model/design';

/**
 * How many pods of a replicated cluster voluntary evictions may take at once.
 *
 * A pod holds at most one replica of any range, so evicting k pods removes at most k
 * replicas of a range; a range of R replicas keeps its majority while at most ⌊(R−1)/2⌋
 * are gone. The smallest group (the tightest) sets the budget.
 */
export function evictionBudget(replicationFactors: readonly number[]): number {
  return Math.min(...replicationFactors.map((r) => Math.floor((r - 1) / 2)));
}

/**
 * Splits one eviction budget over clusters that cannot see each other's
 * PodDisruptionBudgets (one Kubernetes cluster per site): the per-site budgets add up to at
 * most the whole, one at a time, active sites first, never more than a site's pods.
 */
export function splitEvictionBudget(
  budget: number,
  sites: readonly { readonly site: string; readonly pods: number; readonly active: boolean }[],
): Map<string, number> {
  const order = [...sites.filter((s) => s.active), ...sites.filter((s) => !s.active)];
  const split = new Map<string, number>(sites.map((s) => [s.site, 0]));
  let left = budget;
  while (left > 0) {
    let gave = false;
    for (const s of order) {
      if (left === 0) break;
      const current = split.get(s.site)!;
      if (current < s.pods) {
        split.set(s.site, current + 1);
        left--;
        gave = true;
      }
    }
    if (!gave) break;
  }
  return split;
}

/** The eviction budget of a cluster: the whole, and its split per site when PDBs cannot span sites. */
export interface ClusterDisruptionBudget {
  readonly total: number;
  /** Per-site maxUnavailable; absent when one PDB covers every member (stretched cluster). */
  readonly perSite?: ReadonlyMap<string, number>;
}

/** What the PodDisruptionBudgets of `cluster` allow, given its voting groups, per the design's shape. */
export function disruptionBudgetOf(design: DesignModel, cluster: SqlClusterModel, groups: readonly VotingGroup[]): ClusterDisruptionBudget {
  const total = evictionBudget(groups.map((g) => g.total));
  if (design.shape.kind === 'stretched') return { total };
  const roleOf = new Map(design.sites.map((s) => [s.name, s.role]));
  return {
    total,
    perSite: splitEvictionBudget(total, cluster.members.map((m) => ({ site: m.site, pods: m.voters, active: roleOf.get(m.site) === 'active' }))),
  };
}
