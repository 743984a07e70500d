import { quorumOf } from './voting-group';

/** Where moving a voting group's votes breaks: the votes in between, and the site whose loss they do not survive. */
export interface VoteTransitionFailure {
  /** Votes per site of the first configuration on the way that fails, in the order of the sites given. */
  readonly votes: ReadonlyMap<string, number>;
  readonly lost: string;
}

/**
 * Whether a voting group can go from `from` to `to` votes per site one vote at a time, each
 * configuration on the way keeping a strict majority after losing any one site of `mustSurvive`.
 * Raft changes its membership one server at a time, each configuration committing with its own
 * majority (Ongaro, "Consensus: Bridging Theory and Practice", §4.1, single-server changes), so a
 * replication factor that grows 3 → 5 passes through 4 voters. (Joint consensus, which CockroachDB
 * uses to swap a voter atomically, needs majorities of both ends at once: it is never safer than
 * the best single-vote order, so this order is a sound plan for it too.)
 * Returns undefined when an order exists (adds or removes, any order), else the failure on the
 * add-first order. The two ends are not judged: the caller has judged them.
 */
export function voteTransitionFailure(
  from: ReadonlyMap<string, number>, to: ReadonlyMap<string, number>, mustSurvive: readonly string[],
): VoteTransitionFailure | undefined {
  const sites = [...new Set([...from.keys(), ...to.keys()])];
  const start = sites.map((s) => from.get(s) ?? 0);
  const goal = sites.map((s) => to.get(s) ?? 0);
  const brokenBy = (votes: readonly number[]): string | undefined => {
    const total = votes.reduce((a, b) => a + b, 0);
    return mustSurvive.find((lost) => {
      const i = sites.indexOf(lost);
      return total - (i < 0 ? 0 : votes[i]) < quorumOf(total);
    });
  };
  const isGoal = (v: readonly number[]) => v.every((x, i) => x === goal[i]);
  const next = (v: readonly number[]): number[][] => {
    const adds = v.flatMap((x, i) => (x < goal[i] ? [v.map((y, j) => (j === i ? y + 1 : y))] : []));
    const removes = v.flatMap((x, i) => (x > goal[i] ? [v.map((y, j) => (j === i ? y - 1 : y))] : []));
    return [...adds, ...removes];
  };
  const seen = new Set<string>([start.join()]);
  const queue = [start];
  while (queue.length > 0) {
    for (const v of next(queue.shift()!)) {
      if (isGoal(v)) return undefined;
      if (seen.has(v.join()) || brokenBy(v) !== undefined) continue;
      seen.add(v.join());
      queue.push(v);
    }
  }
  if (isGoal(start)) return undefined;
  // No order: the first failing configuration on the add-first order.
  for (let v = next(start)[0]; !isGoal(v); v = next(v)[0]) {
    const lost = brokenBy(v);
    if (lost !== undefined) return { votes: new Map(sites.map((s, i) => [s, v[i]])), lost };
  }
  return { votes: new Map(sites.map((s, i) => [s, start[i]])), lost: mustSurvive[0] };
}
