import * as fc from 'fast-check';
import { sharded } from './support/property-shards';

/** The values one shard checks over a seeded run of fc.nat(). */
function checkedBy(index: number, count: number, numRuns: number): number[] {
  const checked: number[] = [];
  fc.assert(fc.property(fc.nat(), sharded({ index, count }, (n: number) => {
    checked.push(n);
  })), { numRuns, seed: 42 });
  return checked;
}

describe('a property split over shards', () => {
  test('the shards together check every run of the unsplit property exactly once', () => {
    const all = checkedBy(1, 1, 100);
    expect(all).toHaveLength(100);
    for (const count of [2, 3, 4, 7]) {
      const shards = Array.from({ length: count }, (_, k) => checkedBy(k + 1, count, 100));
      // Run i belongs to shard i % count: interleaving the shards gives back the unsplit order.
      const interleaved = all.map((_, i) => shards[i % count][Math.floor(i / count)]);
      expect(interleaved).toEqual(all);
      expect(shards.flat()).toHaveLength(100);
    }
  });

  test('a failure is shrunk as without shards: every call after it is checked', () => {
    for (let index = 1; index <= 3; index++) {
      const run = fc.check(fc.property(fc.nat(), sharded({ index, count: 3 }, (n: number) => {
        if (n >= 1000) throw new Error(`${n} is too big`);
      })), { numRuns: 100, seed: 42 });
      expect(run.failed).toBe(true);
      expect(run.counterexample).toEqual([1000]);
    }
  });

  test('a shard outside 1..count is refused', () => {
    expect(() => sharded({ index: 0, count: 3 }, () => {})).toThrow(/shard 0 of 3: the index must be an integer from 1 to the count/);
    expect(() => sharded({ index: 4, count: 3 }, () => {})).toThrow(/shard 4 of 3/);
  });
});
