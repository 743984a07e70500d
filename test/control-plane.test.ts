import * as fc from 'fast-check';
import {
  analyzeControlPlane, ControlPlaneSiteMembers, controlPlaneInputProblems, controlPlaneLossOf, controlPlaneQuorum,
  describeControlPlaneLoss, describeControlPlanePlacement,
} from '../lib/analysis/control-plane';

const SITES = ['dc-a', 'dc-b', 'dc-witness'];
const place = (counts: number[], sites = SITES): ControlPlaneSiteMembers[] => counts.map((members, i) => ({ site: sites[i], members }));

/**
 * Brute force, written from etcd's documented rule and not from the module: etcd commits a
 * write only when a majority of its configured voting members (lost ones included) agree,
 * https://etcd.io/docs/v3.4/faq/ ("What is failure tolerance?") and
 * https://etcd.io/docs/v3.4/op-guide/failures/ ("Majority failure"). Every member is listed
 * one by one with its site; a member is up unless its site is lost; a write is accepted when
 * the members up outnumber the members down (a strict majority of the configured n).
 */
function bruteForce(counts: number[], sites: string[]) {
  const members: string[] = [];
  counts.forEach((c, i) => {
    for (let k = 0; k < c; k++) members.push(sites[i]);
  });
  const accepts = (lost: Set<string>) => {
    const up = members.filter((m) => !lost.has(m)).length;
    const down = members.length - up;
    return { up, accepts: up > down };
  };
  const single = sites.map((s) => ({ lost: [s], ...accepts(new Set([s])) }));
  const pairs: { lost: string[]; up: number; accepts: boolean }[] = [];
  // Every subset of the sites (each site in or out), kept when it has exactly two sites.
  const subsets = sites.reduce<string[][]>((acc, site) => [...acc, ...acc.map((sub) => [...sub, site])], [[]]);
  for (const lost of subsets) {
    if (lost.length === 2) pairs.push({ lost, ...accepts(new Set(lost)) });
  }
  const order = (names: string[]) => names.map((n) => String(sites.indexOf(n)).padStart(3, '0')).join();
  pairs.sort((x, y) => order(x.lost).localeCompare(order(y.lost)));
  // A site holds a majority when its members alone outnumber all the others.
  const majority = sites.filter((s) => {
    const mine = members.filter((m) => m === s).length;
    return mine > members.length - mine;
  });
  return {
    single,
    pairs,
    survivesAnyOne: single.every((l) => l.accepts),
    noMajority: majority.length === 0,
    threeSites: new Set(members).size >= 3,
  };
}

describe('control-plane analysis', () => {
  test('quorum is ⌊n/2⌋ + 1: the etcd FAQ fault tolerance table', () => {
    // n → majority, from https://etcd.io/docs/v3.4/faq/ (cluster sizes 1 to 9).
    const table: [number, number, number][] = [[1, 1, 0], [2, 2, 0], [3, 2, 1], [4, 3, 1], [5, 3, 2], [6, 4, 2], [7, 4, 3], [8, 5, 3], [9, 5, 4]];
    for (const [n, majority, tolerance] of table) {
      expect(controlPlaneQuorum(n)).toBe(majority);
      expect(analyzeControlPlane([{ site: 'dc-a', members: n }], ['dc-a']).faultTolerance).toBe(tolerance);
    }
  });

  test('the lab placement 2 + 2 + 1 survives any one site, not two', () => {
    const a = analyzeControlPlane(place([2, 2, 1]), SITES);
    expect(a.members).toBe(5);
    expect(a.quorum).toBe(3);
    expect(describeControlPlanePlacement(a)).toBe('2 + 2 + 1');
    expect(a.singleSiteLosses.map((l) => [l.lost, l.membersLeft, l.keepsQuorum])).toEqual([
      [['dc-a'], 3, true], [['dc-b'], 3, true], [['dc-witness'], 4, true],
    ]);
    expect(a.twoSiteLosses.map((l) => [l.lost, l.membersLeft, l.keepsQuorum])).toEqual([
      [['dc-a', 'dc-b'], 1, false], [['dc-a', 'dc-witness'], 2, false], [['dc-b', 'dc-witness'], 2, false],
    ]);
    expect(a.checks).toEqual({
      survivesAnyOneSiteLoss: true,
      sitesWhoseLossLosesQuorum: [],
      noSiteHoldsMajority: true,
      majoritySite: undefined,
      atLeastThreeSites: true,
      sitesWithMembers: SITES,
      sound: true,
    });
    expect(describeControlPlaneLoss(controlPlaneLossOf(a, ['dc-witness', 'dc-a']))).toBe('lose dc-a + dc-witness: 2 of 5 etcd members left, quorum 3 → writes refused');
  });

  test('3 + 2 in two sites: dc-a holds a majority, and losing it takes the API server away', () => {
    const a = analyzeControlPlane(place([3, 2]), SITES);
    expect(a.placement).toEqual(place([3, 2, 0]));
    expect(a.singleSiteLosses.map((l) => l.keepsQuorum)).toEqual([false, true, true]);
    expect(a.twoSiteLosses.map((l) => [l.lost.join('+'), l.membersLeft, l.keepsQuorum])).toEqual([
      ['dc-a+dc-b', 0, false], ['dc-a+dc-witness', 2, false], ['dc-b+dc-witness', 3, true],
    ]);
    expect(a.checks).toEqual({
      survivesAnyOneSiteLoss: false,
      sitesWhoseLossLosesQuorum: ['dc-a'],
      noSiteHoldsMajority: false,
      majoritySite: 'dc-a',
      atLeastThreeSites: false,
      sitesWithMembers: ['dc-a', 'dc-b'],
      sound: false,
    });
  });

  test('the issue\'s 2 + 1 + 0: losing dc-a leaves 1 of 3', () => {
    const a = analyzeControlPlane(place([2, 1, 0]), SITES);
    expect(controlPlaneLossOf(a, ['dc-a'])).toMatchObject({ membersLeft: 1, quorum: 2, keepsQuorum: false });
    expect(a.checks.sitesWhoseLossLosesQuorum).toEqual(['dc-a']);
  });

  test('an even membership: 2 + 2 in two sites has no majority site and still loses quorum with either site', () => {
    const a = analyzeControlPlane(place([2, 2], ['dc-a', 'dc-b']), ['dc-a', 'dc-b']);
    expect(a.checks).toMatchObject({ noSiteHoldsMajority: true, survivesAnyOneSiteLoss: false, sitesWhoseLossLosesQuorum: ['dc-a', 'dc-b'], atLeastThreeSites: false });
    expect(a.twoSiteLosses).toHaveLength(1);
  });

  test('2 + 2 + 2: a site loss leaves 4 of 6 (quorum 4), two leave 2', () => {
    const a = analyzeControlPlane(place([2, 2, 2]), SITES);
    expect(a.quorum).toBe(4);
    expect(a.singleSiteLosses.every((l) => l.keepsQuorum && l.membersLeft === 4)).toBe(true);
    expect(a.twoSiteLosses.every((l) => !l.keepsQuorum)).toBe(true);
  });

  test('3 + 2 + 1 survives a site loss only where it is not the 3', () => {
    const a = analyzeControlPlane(place([3, 2, 1]), SITES);
    expect(a.checks.sitesWhoseLossLosesQuorum).toEqual(['dc-a']);
    expect(a.checks.noSiteHoldsMajority).toBe(true); // 3 of 6 is half, not a majority
  });

  test('bad input: every problem in one error, naming the value and the fix', () => {
    expect(() => analyzeControlPlane([{ site: 'dc-c', members: 1 }, { site: 'dc-a', members: 1.5 }, { site: 'dc-a', members: -1 }], SITES, 'App/ControlPlane'))
      .toThrow([
        'App/ControlPlane: control-plane members placed in "dc-c", which is not a site of the design (sites: dc-a, dc-b, dc-witness); use one of those names',
        'App/ControlPlane: control-plane members in "dc-a" is 1.5; give a whole number ≥ 0',
        'App/ControlPlane: site "dc-a" is given twice in the control-plane placement; give each site once with its total',
        'App/ControlPlane: control-plane members in "dc-a" is -1; give a whole number ≥ 0',
      ].join('\n'));
    expect(controlPlaneInputProblems(place([0, 0, 0]), SITES)).toEqual([
      'control plane: the control plane has no members; place etcd members in at least three sites (for example 1 + 1 + 1)',
    ]);
    expect(controlPlaneInputProblems([], [])).toEqual(['control plane: the design has no sites; declare the sites before placing control-plane members']);
    expect(controlPlaneInputProblems(place([1, 1], ['dc-a', 'dc-a']), ['dc-a', 'dc-a'])).toEqual([
      'control plane: site "dc-a" is listed twice in the site names; give each site once',
      'control plane: site "dc-a" is given twice in the control-plane placement; give each site once with its total',
    ]);
    expect(() => controlPlaneLossOf(analyzeControlPlane(place([1, 1, 1]), SITES), ['dc-a', 'dc-b', 'dc-witness']))
      .toThrow('control plane: no analysed loss of dc-a + dc-b + dc-witness; losses cover one or two of the sites dc-a, dc-b, dc-witness');
  });
});

describe('control-plane analysis equals the brute force from etcd\'s majority rule', () => {
  const arbitraryPlacement = fc
    .array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 6 })
    .filter((counts) => counts.some((c) => c > 0));

  test('for random sites and member counts', () => {
    fc.assert(fc.property(arbitraryPlacement, fc.boolean(), (counts, omitEmpty) => {
      const sites = counts.map((_, i) => `s${i}`);
      // Sites without members may be left out of the placement: they count as 0.
      const placement = place(counts, sites).filter((p) => !omitEmpty || p.members > 0);
      const a = analyzeControlPlane(placement, sites);
      const b = bruteForce(counts, sites);
      expect(a.singleSiteLosses.map((l) => [l.lost, l.membersLeft, l.keepsQuorum])).toEqual(b.single.map((l) => [l.lost, l.up, l.accepts]));
      expect(a.twoSiteLosses.map((l) => [l.lost, l.membersLeft, l.keepsQuorum])).toEqual(b.pairs.map((l) => [l.lost, l.up, l.accepts]));
      expect(a.checks.survivesAnyOneSiteLoss).toBe(b.survivesAnyOne);
      expect(a.checks.noSiteHoldsMajority).toBe(b.noMajority);
      expect(a.checks.atLeastThreeSites).toBe(b.threeSites);
      expect(a.checks.sound).toBe(b.survivesAnyOne && b.noMajority && b.threeSites);
    }), { numRuns: 500 });
  });

  test('surviving any one site loss implies the two other checks (the module comment\'s claim)', () => {
    fc.assert(fc.property(arbitraryPlacement, (counts) => {
      const b = bruteForce(counts, counts.map((_, i) => `s${i}`));
      if (b.survivesAnyOne) expect([b.noMajority, b.threeSites]).toEqual([true, true]);
    }), { numRuns: 500 });
  });
});
