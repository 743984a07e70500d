import * as fc from 'fast-check';
import { allowedPlacements } from './support/allowed-placements';
import { diversityFirstPlacement } from '../lib/analysis/replica-placement';
import { quorumOf, survivesLossOf, worstCaseVotesIn } from '../lib/analysis/voting-group';

const nodes = (...counts: number[]) => new Map(counts.map((n, i) => [`s${i}`, n]));

describe('diversityFirstPlacement', () => {
  test('5 replicas over 2+2+1 nodes: 2/2/1, exactly', () => {
    const g = diversityFirstPlacement('r', 5, nodes(2, 2, 1));
    expect([...g.fixed]).toEqual([['s0', 2], ['s1', 2], ['s2', 1]]);
    expect(g.floating).toBe(0);
  });

  test('3 replicas over 2+2+1 nodes: one per site', () => {
    const g = diversityFirstPlacement('r', 3, nodes(2, 2, 1));
    expect([...g.fixed]).toEqual([['s0', 1], ['s1', 1], ['s2', 1]]);
    expect(g.floating).toBe(0);
  });

  test('3 replicas over 2+2 nodes: the third may land in either site', () => {
    const g = diversityFirstPlacement('r', 3, nodes(2, 2));
    expect([...g.fixed]).toEqual([['s0', 1], ['s1', 1]]);
    expect(g.floating).toBe(1);
    expect([...g.floatingSites]).toEqual(['s0', 's1']);
    expect(worstCaseVotesIn(g, ['s0'])).toBe(2);
  });

  test('5 replicas over 4+1+1 nodes: 3/1/1, a majority in the big site', () => {
    const g = diversityFirstPlacement('r', 5, nodes(4, 1, 1));
    expect([...g.fixed]).toEqual([['s0', 3], ['s1', 1], ['s2', 1]]);
    expect(worstCaseVotesIn(g, ['s0'])).toBeGreaterThanOrEqual(quorumOf(5));
  });

  test('more replicas than nodes: only as many as nodes are placed', () => {
    const g = diversityFirstPlacement('r', 5, nodes(1, 1, 1));
    expect(g.total).toBe(3);
  });
});

describe('placement against brute force', () => {
  test('worst-case survival of every site loss equals the brute force over all allowed placements', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 5 }),
      fc.integer({ min: 1, max: 9 }),
      (counts, replicas) => {
        fc.pre(counts.some((c) => c > 0));
        const group = diversityFirstPlacement('r', replicas, nodes(...counts));
        const placements = allowedPlacements(replicas, counts);
        const total = Math.min(replicas, counts.reduce((a, b) => a + b, 0));
        expect(group.total).toBe(total);
        for (let s = 0; s < counts.length; s++) {
          const bruteSurvives = placements.every((p) => total - p[s] >= quorumOf(total));
          expect(survivesLossOf(group, [`s${s}`])).toBe(bruteSurvives);
          const bruteWorst = Math.max(...placements.map((p) => p[s]));
          expect(worstCaseVotesIn(group, [`s${s}`])).toBe(bruteWorst);
        }
      },
    ), { numRuns: 500 });
  });
});
