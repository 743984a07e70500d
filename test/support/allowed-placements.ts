/**
 * Brute force, written without the library: every placement a diversity-first allocator
 * (CockroachDB's) may choose for `replicas` over sites with `nodes` each: at most one replica
 * per node, as many as the nodes can hold, and no site two or more above a site that still has
 * a free node.
 */
export function allowedPlacements(replicas: number, nodes: readonly number[]): number[][] {
  const total = Math.min(replicas, nodes.reduce((a, b) => a + b, 0));
  const out: number[][] = [];
  const rec = (i: number, left: number, acc: number[]) => {
    if (i === nodes.length) {
      if (left === 0) out.push(acc);
      return;
    }
    for (let r = 0; r <= Math.min(nodes[i], left); r++) rec(i + 1, left - r, [...acc, r]);
  };
  rec(0, total, []);
  return out.filter((p) => p.every((a) => p.every((b, t) => !(a >= b + 2 && b < nodes[t]))));
}
