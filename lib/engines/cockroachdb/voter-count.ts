/**
 * How many voting replicas CockroachDB runs for a range whose zone asks for `asked`, in a cluster
 * of `nodes` nodes. A restatement of `GetNeededVoters` (cockroachdb/cockroach,
 * pkg/kv/kvserver/allocator/allocatorimpl/allocator.go): with enough nodes it runs exactly what
 * was asked; with fewer, it does not run an even count it was not asked for: the largest odd
 * count the nodes allow, at least 3, never above what was asked. The node count includes dead
 * nodes (only decommissioning removes one), so losing a site does not lower it.
 *
 * The target is not always what runs: one replica per node, and the allocator grows a range to
 * an even count only when the next odd count is reachable (`addOrReplaceVoters` in
 * pkg/kv/kvserver/replicate_queue.go, "up-replicating from 1 to 2 replicas only makes sense if it
 * is possible to be able to go to 3 replicas"), so a range asked for 3 on 2 nodes stays at 1.
 */
export function votersCockroachRuns(asked: number, nodes: number): number {
  let target = Math.min(asked, nodes);
  if (target !== asked) {
    if (target % 2 === 0) target -= 1;
    target = Math.min(Math.max(target, 3), asked);
  }
  if (target <= nodes) return target;
  // Fewer nodes than the target (at most 2 here): an even count is avoided, so one replica.
  return nodes % 2 === 0 ? nodes - 1 : nodes;
}
