import * as fc from 'fast-check';
import { Acknowledge, DeploymentShape, Severity, Site } from '../lib';
import { tempOutdir } from './support/designs';
import { yugabyteDesign } from './support/yugabyte-designs';
import {
  floorByBruteForce, groupSurvives, halfIsEnough, MajorityRule, placedSites, replicasPerSite, strictMajority, YbDesignSpec, yugabyteVerdict,
} from './support/yugabyte-model';
import { analyzeDesign } from '../lib/check/analyze-design';
import { buildDesign } from '../lib/synth/build-design';

/** A random YugabyteDB design: 1–7 sites, 0–3 tservers each, RF 1–7, up to two preferred sites (placed or not), RTTs 1–45 ms. */
const designs: fc.Arbitrary<YbDesignSpec> = fc.integer({ min: 1, max: 7 }).chain((n) => fc.record({
  tservers: fc.array(fc.integer({ min: 0, max: 3 }), { minLength: n, maxLength: n }).filter((t) => t.some((x) => x > 0)),
  rf: fc.integer({ min: 1, max: 7 }),
  preferred: fc.uniqueArray(fc.integer({ min: 0, max: n - 1 }), { maxLength: Math.min(2, n) }),
  acknowledgeEven: fc.boolean(),
  rtt: fc.record(Object.fromEntries(
    Array.from({ length: n }, (_, i) => Array.from({ length: n - i - 1 }, (__, k) => `${i}-${i + k + 1}`)).flat()
      .map((key) => [key, fc.integer({ min: 1, max: 45 })]),
  ) as Record<string, fc.Arbitrary<number>>),
}));

/** What the library says about a design: the verdict of check() and its analysis. */
function libraryView(spec: YbDesignSpec) {
  const sites = spec.tservers.map((t, i) => ({ name: `s${i}`, tservers: t, witness: i === spec.tservers.length - 1 && i > 0 }));
  const options = (made: Site[]) => ({ replicationFactor: spec.rf, preferredLeaderSites: spec.preferred.map((i) => made[i]) });
  const app = yugabyteDesign(tempOutdir(), sites, options, DeploymentShape.clusterPerSite(), (i, j) => spec.rtt[`${i}-${j}`]);
  if (spec.acknowledgeEven) Acknowledge.rule(app, 'MS-YB-EVEN-SITES', 'the property test accepts an even site count that survives');
  const accepted = app.check().every((f) => f.severity !== Severity.ERROR || f.acknowledgedBecause !== undefined);
  const design = analyzeDesign(buildDesign(app, app.shape, (app as any).links));
  return { accepted, analysis: design.analyses[0] };
}

/** Compares the library with the model; returns the first difference, or undefined. */
function differenceFrom(spec: YbDesignSpec, majority: MajorityRule, evenNeedsAck: boolean): string | undefined {
  const { accepted, analysis } = libraryView(spec);
  const expected = yugabyteVerdict(spec, majority, evenNeedsAck);
  if (accepted !== expected) return `verdict ${accepted}, model ${expected}`;
  const replicas = replicasPerSite(spec);
  for (const scenario of [...analysis.singleSiteLosses, ...analysis.twoSiteLosses]) {
    const lost = scenario.lost.map((s) => Number(s.slice(1)));
    // Masters placed like the tablets: the same votes per site.
    const masters = groupSurvives(replicas, lost, majority);
    if (scenario.groups[1].survives !== masters) return `masters after losing ${scenario.lost}: library ${scenario.groups[1].survives}, model ${masters}`;
    const survives = masters && groupSurvives(replicas, lost, majority) && placedSites(spec).some((s) => !lost.includes(s));
    if (scenario.survives !== survives) return `losing ${scenario.lost}: library ${scenario.survives}, model ${survives}`;
  }
  if (expected) {
    for (const from of placedSites(spec).filter((i) => replicas[i] > 0)) {
      const floor = analysis.commitFloorMillis.get(`s${from}`);
      const model = floorByBruteForce(spec, from);
      if (floor !== model) return `floor from s${from}: library ${floor}, model ${model}`;
    }
  }
  return undefined;
}

describe('YugabyteDB verdicts equal a brute force written from Raft\'s majority rule and YugabyteDB\'s placement rules', () => {
  test('1,000 random designs: verdict, masters and tablets after every single- and two-site loss, commit floors', () => {
    fc.assert(fc.property(designs, (spec) => {
      expect(differenceFrom(spec, strictMajority, true)).toBeUndefined();
    }), {
      numRuns: 1000,
      examples: [
        [{ tservers: [3, 3, 3], rf: 3, preferred: [1, 0], acknowledgeEven: false, rtt: { '0-1': 22, '0-2': 33, '1-2': 24 } }],
        [{ tservers: [1, 1, 1, 1], rf: 4, preferred: [], acknowledgeEven: true, rtt: { '0-1': 2, '0-2': 2, '0-3': 2, '1-2': 2, '1-3': 2, '2-3': 2 } }],
        [{ tservers: [1, 1], rf: 2, preferred: [], acknowledgeEven: true, rtt: { '0-1': 2 } }],
        [{ tservers: [2, 0, 1, 1], rf: 3, preferred: [1], acknowledgeEven: false, rtt: { '0-1': 2, '0-2': 2, '0-3': 2, '1-2': 2, '1-3': 2, '2-3': 2 } }],
        // RF 5 over three regions, 2+2+1 (YugabyteDB's region-failure guide): accepted; with one tserver in a site of two replicas, refused.
        [{ tservers: [2, 2, 1], rf: 5, preferred: [0, 1], acknowledgeEven: false, rtt: { '0-1': 10, '0-2': 30, '1-2': 25 } }],
        [{ tservers: [1, 2, 1], rf: 5, preferred: [], acknowledgeEven: false, rtt: { '0-1': 10, '0-2': 30, '1-2': 25 } }],
      ],
    });
  });

  test('the property catches a model that takes half the votes as a majority', () => {
    const run = fc.check(fc.property(designs, (spec) => differenceFrom(spec, halfIsEnough, true) === undefined), { numRuns: 1000 });
    expect(run.failed).toBe(true);
  });

  test('the property catches a model that lets an even site count pass unacknowledged', () => {
    const run = fc.check(fc.property(designs, (spec) => differenceFrom(spec, strictMajority, false) === undefined), { numRuns: 1000 });
    expect(run.failed).toBe(true);
  });
});
