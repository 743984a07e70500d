import { CidrRange } from '../model/cidr';

/** A range and whoever declared it: a site, a site and a kind of range, anything the caller names. */
export interface OwnedRange<T> {
  readonly range: CidrRange;
  readonly owner: T;
}

/** Two entries whose ranges share at least one address; `a` comes before `b` in sweep order. */
export interface Overlap<T> {
  readonly a: OwnedRange<T>;
  readonly b: OwnedRange<T>;
}

/** Which pairs `findOverlaps` leaves out. */
export interface FindOverlapsOptions<T> {
  /**
   * Entries whose owners fall in the same group (equal as Map keys, e.g. the same site name)
   * are never paired. They are not even visited, so the cost stays bounded by the pairs reported.
   * Any other filter (e.g. only sites that talk east-west) is a filter on the result: it costs
   * the same there as here.
   * @default - every entry is a group of its own: every overlapping pair is reported
   */
  readonly groupOf?: (owner: T) => unknown;
}

/** The entries of one group that may still overlap what the sweep meets next. */
interface OpenGroup {
  readonly key: unknown;
  /** Sweep positions, ascending. */
  members: number[];
}

/**
 * Every pair of entries whose ranges overlap, in O(n log n + k) for n entries and k pairs reported.
 *
 * Sweep order: family (IPv4 first), then `first` ascending, then `last` descending (so an
 * enclosing range comes before the ranges inside it), then input order. The sweep keeps the
 * open entries, grouped by `groupOf`; at each entry it drops, from every other group, the
 * entries that end before it starts or have another family, and pairs it with the rest. Every
 * open entry visited is either dropped (once in its life) or reported, and each group visited
 * either empties or reports, so the sweep costs O(n + k) after the O(n log n) sort. Nothing
 * relies on CIDRs nesting: it is correct for arbitrary closed ranges.
 *
 * Output order: by `a`'s sweep position, then `b`'s; within a pair, `a` comes first in sweep
 * order, so when one range holds the other `a` is the enclosing one. The order is the one a
 * nested loop over the entries in sweep order would give, and is rebuilt in O(n + k).
 */
export function findOverlaps<T>(ranges: readonly OwnedRange<T>[], options: FindOverlapsOptions<T> = {}): Overlap<T>[] {
  const sorted = [...ranges].sort(bySweepOrder);
  const groupOf = options.groupOf;
  const keyOf = groupOf ? (position: number): unknown => groupOf(sorted[position].owner) : (position: number): unknown => position;
  const groups = new Map<unknown, OpenGroup>();
  const open: OpenGroup[] = [];
  /** For each sweep position, the later positions it overlaps, ascending. */
  const partners: number[][] = sorted.map(() => []);
  sorted.forEach(({ range }, b) => {
    const key = keyOf(b);
    const own = groups.get(key);
    let kept = 0;
    for (const group of open) {
      if (group !== own) {
        group.members = group.members.filter((a) => sorted[a].range.family === range.family && sorted[a].range.last >= range.first);
        if (group.members.length === 0) {
          groups.delete(group.key);
          continue;
        }
        for (const a of group.members) partners[a].push(b);
      }
      open[kept++] = group;
    }
    open.length = kept;
    if (own) {
      own.members.push(b);
    } else {
      const group = { key, members: [b] };
      groups.set(key, group);
      open.push(group);
    }
  });
  const overlaps: Overlap<T>[] = [];
  partners.forEach((later, a) => later.forEach((b) => overlaps.push({ a: sorted[a], b: sorted[b] })));
  return overlaps;
}

/** Family, then start ascending, then end descending; `Array.prototype.sort` is stable, so ties keep input order. */
function bySweepOrder<T>(x: OwnedRange<T>, y: OwnedRange<T>): number {
  return x.range.family - y.range.family
    || compare(x.range.first, y.range.first)
    || compare(y.range.last, x.range.last);
}

function compare(x: bigint, y: bigint): number {
  return x < y ? -1 : x > y ? 1 : 0;
}
