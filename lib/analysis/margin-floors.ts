import { MarginFloor, NextLossMargin } from './margin';
import { MembersDown } from './members-down';

/** The members of one component placed in one site, as the alerts count them. */
export interface PlacedMembers {
  readonly site: string;
  /** As its `MetricsEndpoint` names it; `ARBITRATOR_COMPONENT` for members without metrics, seen only as all there or some missing. */
  readonly component: string;
  readonly count: number;
}

/** The component name of arbitrators (garbd): the alerts see them only as all there or some missing. */
export const ARBITRATOR_COMPONENT = 'arbitrator';

/** Above this many states of members down per margin, the margin keeps whole-site sets at the first member down. */
const MAX_STATES = 20000;
/** Above this many smallest fatal states per margin, the same (the alert's expression would be too long to read). */
const MAX_FATAL_STATES = 64;

/**
 * Per margin, the smallest states of members down (each: per site and component, the members up
 * below which that part counts; every other member up) in which losing `next` as well halts the
 * cluster, by the engine's own verdict (`survivesWithDown`, its `survivalWithMembersDown`). Every
 * state of members down in the sites but `next` is judged (each component 0 to all of its members
 * down; arbitrators all there or some missing, the worst case of which counts: all), and the
 * fatal ones whose every part is needed are kept: losing more never helps (survival is monotone),
 * so the alert that fires in any of them fires in every fatal state, and in no other. Several
 * sites each a little degraded are a state too. Undefined for a margin with too many states to
 * judge or to write (`MAX_STATES`, `MAX_FATAL_STATES`): it keeps its whole-site sets at the first
 * member down (early, never late). Parallel to `margins`.
 */
export function fatalDownStates(
  margins: readonly NextLossMargin[], placed: readonly PlacedMembers[],
  survivesWithDown: (lost: readonly string[], down: readonly MembersDown[]) => boolean,
): (MarginFloor[][] | undefined)[] {
  return margins.map((margin) => {
    const dims = placed.filter((p) => p.site !== margin.next && p.count > 0);
    // Arbitrators: all there, or (as the alert sees them) missing.
    const values = dims.map((d) => (d.component === ARBITRATOR_COMPONENT ? [0, d.count] : [...Array(d.count + 1).keys()]));
    if (values.reduce((n, v) => n * v.length, 1) > MAX_STATES) return undefined;
    const fatal: number[][] = [];
    // States by members down, fewest first, so a state is kept only when no smaller fatal one is inside it.
    for (const state of statesOf(values).sort((a, b) => sum(a) - sum(b))) {
      if (fatal.some((f) => f.every((n, i) => n <= state[i]))) continue;
      const down = dims.map((d, i) => ({ site: d.site, component: d.component, count: state[i] })).filter((d) => d.count > 0);
      if (!survivesWithDown([margin.next], down)) fatal.push(state);
    }
    if (fatal.length > MAX_FATAL_STATES) return undefined;
    // For people: one site's states first, in the order of the placed members.
    const parts = (state: readonly number[]) => state.filter((n) => n > 0).length;
    fatal.sort((a, b) => parts(a) - parts(b) || a.findIndex((n) => n > 0) - b.findIndex((n) => n > 0));
    return fatal.map((state) => dims.flatMap((d, i) => (state[i] > 0
      ? [{ site: d.site, component: d.component, below: d.count - state[i] + 1 }]
      : [])));
  });
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** Every combination of one value per dimension. */
function statesOf(values: readonly (readonly number[])[]): number[][] {
  return values.reduce<number[][]>((states, v) => states.flatMap((s) => v.map((x) => [...s, x])), [[]]);
}
