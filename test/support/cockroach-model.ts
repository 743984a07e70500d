import { allowedPlacements } from './allowed-placements';

/**
 * CockroachDB's documented replica rules, written without the library (see
 * pkg/kv/kvserver/allocator/allocatorimpl/allocator.go, GetNeededVoters, and its comment: "don't
 * up- or down-replicate to an even number of replicas unless an even number of replicas was
 * specifically requested"; the node count includes dead nodes).
 *
 *   nodes ≥ asked        → asked
 *   otherwise            → the largest odd number ≤ nodes, raised to 3, capped at asked
 *   more than the nodes  → a new range stays at 1 (it grows to 2 only when 3 is reachable)
 */
export function voterCountOf(asked: number, nodes: number): number {
  if (nodes >= asked) return asked;
  const odd = nodes % 2 === 1 ? nodes : nodes - 1;
  const target = Math.min(Math.max(odd, 3), asked);
  return target > nodes ? 1 : target;
}

/** A mutant of the count rule that runs even counts: `min(asked, nodes)`. A test checks the property catches it. */
export function evenCountMutant(asked: number, nodes: number): number {
  return Math.min(asked, nodes);
}

const majority = (n: number) => Math.floor(n / 2) + 1;

/** What the model says about one CockroachDB design. */
export interface CockroachVerdict {
  /** Every rule passes: three sites with nodes, the declared factor can run, every single-site loss keeps a majority of every range. */
  readonly accepted: boolean;
}

/**
 * The verdict for nodes per site (sites with 0 hold none) at a replication factor: the default
 * ranges ask for it, the system ranges for max(5, it). Each set of ranges runs `count(asked,
 * nodes)` voters, placed one per node and one per site first (every placement `allowedPlacements`
 * gives); a site loss is survived when every such placement keeps a majority.
 */
export function cockroachVerdict(nodesPerSite: readonly number[], replicationFactor: number, count = voterCountOf): CockroachVerdict {
  const nodes = nodesPerSite.reduce((a, b) => a + b, 0);
  if (nodesPerSite.filter((n) => n > 0).length < 3) return { accepted: false };
  if (replicationFactor > nodes) return { accepted: false };
  for (const asked of [replicationFactor, Math.max(5, replicationFactor)]) {
    const voters = count(asked, nodes);
    for (const placement of allowedPlacements(voters, nodesPerSite)) {
      const total = placement.reduce((a, b) => a + b, 0);
      if (placement.some((held) => total - held < majority(total))) return { accepted: false };
    }
  }
  return { accepted: true };
}

/** Whether a placement is one CockroachDB's allocator may choose for `voters` over these nodes. */
export function isAllowedPlacement(placement: readonly number[], voters: number, nodesPerSite: readonly number[]): boolean {
  return allowedPlacements(voters, nodesPerSite).some((p) => p.every((v, i) => v === placement[i]));
}

/** Whether a majority of a placement's voters is left after losing the given sites. */
export function keepsMajority(placement: readonly number[], lost: readonly number[]): boolean {
  const total = placement.reduce((a, b) => a + b, 0);
  const left = placement.reduce((sum, v, i) => sum + (lost.includes(i) ? 0 : v), 0);
  return left >= majority(total);
}
