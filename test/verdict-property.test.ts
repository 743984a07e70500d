import * as fs from 'fs';
import * as fc from 'fast-check';
import { allowedPlacements } from './support/allowed-placements';
import { cockroachDesign, SiteSpec, tempOutdir } from './support/designs';

const quorum = (n: number) => Math.floor(n / 2) + 1;

/**
 * Brute force, written without the library: every placement CockroachDB's allocator may pick
 * (at most one replica per node; no site two or more above a site with a free node), for the
 * default ranges and for the system ranges (at least 5 replicas). The design is sound when
 * votes sit in three sites or more, the nodes can hold the replicas, and removing any one site
 * leaves a majority of every range in every allowed placement.
 */
function bruteForceAccepts(voters: number[], replicationFactor: number): boolean {
  const nodes = voters.reduce((a, b) => a + b, 0);
  if (voters.filter((v) => v > 0).length < 3) return false;
  if (replicationFactor > nodes) return false;
  for (const rf of [replicationFactor, Math.max(5, replicationFactor)]) {
    const total = Math.min(rf, nodes);
    for (const placement of allowedPlacements(total, voters)) {
      for (let s = 0; s < voters.length; s++) {
        if (total - placement[s] < quorum(total)) return false;
      }
    }
  }
  return true;
}

describe('synth verdict equals the brute force', () => {
  test('for random sites and voter counts', () => {
    fc.assert(fc.property(
      fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 2, maxLength: 5 }),
      fc.constantFrom(1, 3, 5, 7),
      (voters, rf) => {
        fc.pre(voters.some((v) => v > 0));
        const sites: SiteSpec[] = voters.map((v, i) => ({ name: `s${i}`, witness: i === voters.length - 1, voters: v }));
        const outdir = tempOutdir();
        const app = cockroachDesign(outdir, sites, rf);
        let accepted = true;
        try {
          app.synth();
        } catch (e) {
          expect((e as Error).message).toMatch(/^cdk-multisite refused this design/);
          accepted = false;
        }
        expect(accepted).toBe(bruteForceAccepts(voters, rf));
        if (!accepted) expect(fs.readdirSync(outdir)).toEqual([]);
        fs.rmSync(outdir, { recursive: true, force: true });
      },
    ), {
      numRuns: 200,
      // Always include the cases the issue names, and ones where only the system ranges fail.
      examples: [[[2, 2, 1], 5], [[3, 2], 3], [[2, 2], 3], [[4, 1, 1], 3], [[2, 1, 1], 3], [[2, 2, 1], 3]],
    });
  });
});
