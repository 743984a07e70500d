/**
 * How the CIDR overlap check grows: the sweep against the all-pairs brute force, at 1,000 and
 * 10,000 ranges, measured in the same run.
 *
 *   npx ts-node --transpile-only bench/cidr-overlap.ts
 *
 * The address plans are what a large fleet declares: per site an IPv4 pod /20, service /24
 * and node /24 and an IPv6 pod /56 and service /112, drawn at random from their pools
 * without repeats, except that about 1% of sites copy another site's range or write its
 * supernet. Each check pairs ranges of different sites only, as an address-plan rule would.
 */
import { performance } from 'perf_hooks';
import { findOverlaps, OwnedRange } from '../lib/analysis/cidr-overlap';
import { parseCidr } from '../lib/model/cidr';

/** Ranges per site: pod, service and node IPv4, pod and service IPv6. */
const RANGES_PER_SITE = 5;
/** Share of sites whose plan collides with another site's. */
const COLLIDING_SITES = 0.01;

/** A small seeded generator (Park and Miller's minimal standard), so every run measures the same plans. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 48271) % 2147483647;
    return state / 2147483647;
  };
}

/** `count` distinct slots out of `size`, in random order. */
function distinctSlots(rand: () => number, size: number, count: number): number[] {
  const chosen = new Set<number>();
  while (chosen.size < count) chosen.add(Math.floor(rand() * size));
  return [...chosen];
}

/** The address plans of `n / RANGES_PER_SITE` sites, as CIDR texts, parsed once. */
function addressPlans(n: number, seed: number): OwnedRange<string>[] {
  const rand = random(seed);
  const sites = n / RANGES_PER_SITE;
  const pools: ((slot: number) => string)[] = [
    (s) => `10.${Math.floor(s / 16)}.${(s % 16) * 16}.0/20`,
    (s) => `172.${16 + Math.floor(s / 256)}.${s % 256}.0/24`,
    (s) => `100.${64 + Math.floor(s / 256)}.${s % 256}.0/24`,
    (s) => `fd00:10:${Math.floor(s / 256).toString(16)}:${((s % 256) * 256).toString(16)}::/56`,
    (s) => `fd00:20::${s.toString(16)}:0/112`,
  ];
  const poolSizes = [2 ** 12, 2 ** 12, 2 ** 14, 2 ** 16, 2 ** 16];
  const texts = pools.map((cidr, kind) => distinctSlots(rand, poolSizes[kind], sites).map(cidr));
  for (let i = 0; i < sites * COLLIDING_SITES; i++) {
    const [site, other, kind] = [rand() * sites, rand() * sites, rand() * RANGES_PER_SITE].map(Math.floor);
    const theirs = texts[kind][other];
    texts[kind][site] = rand() < 0.5 ? theirs : theirs.replace(/\/(\d+)$/, (_, prefix: string) => `/${Number(prefix) - 4}`);
  }
  return texts.flatMap((ofKind) => ofKind.map((text, site) => ({ range: parseCidr(text), owner: `site-${site}` })));
}

/** The baseline: every pair of ranges of different sites, compared. */
function bruteForce(ranges: readonly OwnedRange<string>[]): number {
  let found = 0;
  for (let i = 0; i < ranges.length; i++) {
    const x = ranges[i];
    for (let j = i + 1; j < ranges.length; j++) {
      const y = ranges[j];
      if (x.range.family === y.range.family && x.range.first <= y.range.last && y.range.first <= x.range.last && x.owner !== y.owner) found++;
    }
  }
  return found;
}

/** The check under test: the sweep, pairing ranges of different sites. */
function sweep(ranges: readonly OwnedRange<string>[]): number {
  return findOverlaps(ranges, { groupOf: (site) => site }).length;
}

/** Shortest sample: calls are batched until one batch takes this long, so the timer's grain hardly counts. */
const SAMPLE_MILLIS = 50;
/** Samples per measurement; the median is reported. */
const SAMPLES = 15;

/** How many calls make one sample; finding out is also the warm-up. */
function callsPerSample(check: () => unknown): number {
  let calls = 0;
  for (const start = performance.now(); performance.now() - start < SAMPLE_MILLIS; calls++) check();
  return calls;
}

/** Milliseconds per call over one batch. */
function sample(check: () => unknown, calls: number): number {
  const start = performance.now();
  for (let i = 0; i < calls; i++) check();
  return (performance.now() - start) / calls;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

const plans = [1_000, 10_000].map((n) => ({ n, ranges: addressPlans(n, n) }));
for (const { n, ranges } of plans) {
  const [swept, compared] = [sweep(ranges), bruteForce(ranges)];
  if (swept !== compared) throw new Error(`At n = ${n} the sweep found ${swept} pairs and the brute force ${compared}.`);
}
// The four measurements take turns, sample by sample, so a busy spell on the machine falls on all of them alike.
const series = plans.flatMap(({ n, ranges }) => [() => sweep(ranges), () => bruteForce(ranges)].map((check) => ({
  n, check, calls: callsPerSample(check), millis: [] as number[],
})));
for (let i = 0; i < SAMPLES; i++) series.forEach((s) => s.millis.push(sample(s.check, s.calls)));
const rows = plans.map(({ n, ranges }, i) => ({
  n,
  sweep: median(series[2 * i].millis),
  brute: median(series[2 * i + 1].millis),
  pairs: sweep(ranges),
}));

const column = (value: string | number, width: number) => String(value).padStart(width);
console.log(`${column('n', 7)}${column('sweep ms', 12)}${column('brute ms', 12)}${column('pairs', 8)}`);
for (const row of rows) {
  console.log(`${column(row.n, 7)}${column(row.sweep.toFixed(2), 12)}${column(row.brute.toFixed(2), 12)}${column(row.pairs, 8)}`);
}
const [small, large] = rows;
const growth = large.n / small.n;
const nLogN = growth * Math.log(large.n) / Math.log(small.n);
console.log(`\nfrom ${small.n} to ${large.n} ranges:`);
console.log(`  sweep grew ${(large.sweep / small.sweep).toFixed(1)}x (n log n predicts ${nLogN.toFixed(1)}x)`);
console.log(`  brute force grew ${(large.brute / small.brute).toFixed(1)}x (n² predicts ${(growth * growth).toFixed(0)}x)`);
