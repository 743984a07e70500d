/**
 * One fast-check property split over several test files, so that jest runs its parts in parallel
 * workers while the property keeps its power: every shard runs the same generator with the same
 * seed and numRuns, so the same values come in the same order (fast-check draws each run's value
 * from the seed alone, whatever the predicate returned before), and a shard checks only the runs
 * whose index it owns. Together the shards check every run exactly once, as one file did.
 *
 * Once a check fails, fast-check shrinks that value by calling the predicate again with smaller
 * ones: from then on every call is checked, so the shard that found the failure reports the
 * smallest counterexample as before.
 */

/** Which part of the runs one test file checks: shard `index` (1-based) of `count`. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/**
 * Wraps a predicate so that it checks run i (0-based, in fast-check's order) only when
 * i % count === index - 1, and every call after a failure (the shrinking).
 */
export function sharded<Ts extends unknown[]>(shard: Shard, check: (...values: Ts) => void): (...values: Ts) => void {
  if (!Number.isInteger(shard.index) || !Number.isInteger(shard.count) || shard.index < 1 || shard.index > shard.count) {
    throw new Error(`shard ${shard.index} of ${shard.count}: the index must be an integer from 1 to the count`);
  }
  let run = 0;
  let shrinking = false;
  return (...values: Ts) => {
    const mine = run++ % shard.count === shard.index - 1;
    if (!mine && !shrinking) return;
    try {
      check(...values);
    } catch (e) {
      shrinking = true;
      throw e;
    }
  };
}
