/**
 * The flow check renders only the NetworkPolicies and Namespaces of a scratch write (a chart
 * renders as the `toJson()` of each of its objects, so rendering some of them gives those
 * objects exactly): the same objects, byte for byte, as rendering the whole charts and keeping
 * those kinds, for every cluster of every example.
 */
import { tempOutdir } from './support/designs';
import { EXAMPLE_DESIGNS } from './support/examples';
import { analyzeDesign } from '../lib/check/analyze-design';
import { writeClusterInScratch } from '../lib/check/scratch-write';

const KINDS = new Set(['NetworkPolicy', 'Namespace']);

describe.each(Object.keys(EXAMPLE_DESIGNS))('%s', (name) => {
  const app = EXAMPLE_DESIGNS[name](tempOutdir());
  const design = analyzeDesign(app._designModel());

  test.each(design.analyses.map((a) => [a.cluster.name, a] as const))('%s: the objects of the kinds asked for, as the whole charts render them', (_cluster, analysis) => {
    const whole = writeClusterInScratch(design, analysis).filter((w) => KINDS.has(w.object.kind));
    const some = writeClusterInScratch(design, analysis, KINDS);
    const key = (w: { site?: string; object: any }) => `${w.site ?? ''}/${w.object.kind}/${w.object.metadata.namespace ?? ''}/${w.object.metadata.name}`;
    expect(whole.length).toBeGreaterThan(0);
    expect(new Map(some.map((w) => [key(w), w.object]))).toEqual(new Map(whole.map((w) => [key(w), w.object])));
    expect(some).toHaveLength(whole.length);
  });
});
