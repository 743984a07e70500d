import { MarginFloor, NextLossMargin } from './margin';
import { MembersDown } from './members-down';

/** The members of one component placed in one site, as the alerts count them. */
export interface PlacedMembers {
  readonly site: string;
  /** As its `MetricsEndpoint` names it; `arbitrator` for members without metrics, seen only as missing or not. */
  readonly component: string;
  readonly count: number;
}

/** The component name of arbitrators (garbd): the alerts see them only as all there or some missing. */
export const ARBITRATOR_COMPONENT = 'arbitrator';

/** Above this many states of members down (per margin), the floors are not checked and every site counts degraded at its first member down. */
const MAX_STATES = 20000;

/**
 * Per margin set and site, the members up below which the site counts as degraded: from the
 * engine's own verdict (`survivesWithDown`, its `survivalWithMembersDown`), the fewest members of
 * a component down in that site that, with the set's other sites and `next` lost, halt the
 * cluster. A component that cannot halt it alone there gets no floor.
 *
 * Floors per site are exact for one degraded site, but several sites each a little degraded can
 * together make the next loss fatal while none is below its floor. So every state of members down
 * (every count of every component in every site but `next`; arbitrators all there or some missing,
 * which counts every arbitrator site degraded, as the alert does) is judged by the engine's
 * verdict, and when some fatal state would not fire the alert, that margin falls back to the first
 * member down (`undefined` in its place: early, never late). Parallel to `margins`.
 */
export function marginFloors(
  margins: readonly NextLossMargin[], placed: readonly PlacedMembers[],
  survivesWithDown: (lost: readonly string[], down: readonly MembersDown[]) => boolean,
  siteOrder: readonly string[],
): (MarginFloor[][] | undefined)[] {
  const inOrder = (sites: readonly string[]) => siteOrder.filter((s) => sites.includes(s));
  return margins.map((margin) => {
    const floors = margin.afterLosing.map((set) => set.flatMap((site) => placed
      .filter((p) => p.site === site && p.component !== ARBITRATOR_COMPONENT && p.count > 0)
      .flatMap((p) => {
        const lost = inOrder([margin.next, ...set.filter((s) => s !== site)]);
        const halting = [...Array(p.count).keys()].map((i) => i + 1)
          .find((k) => !survivesWithDown(lost, [{ site, component: p.component, count: k }]));
        return halting === undefined ? [] : [{ site, component: p.component, below: p.count - halting + 1 }];
      })));
    return neverLate(margin, floors, placed.filter((p) => p.site !== margin.next && p.count > 0), survivesWithDown) ? floors : undefined;
  });
}

/** Whether the alert with `floors` fires in every state of members down in which losing `next` halts the cluster. */
function neverLate(
  margin: NextLossMargin, floors: readonly (readonly MarginFloor[])[], dims: readonly PlacedMembers[],
  survivesWithDown: (lost: readonly string[], down: readonly MembersDown[]) => boolean,
): boolean {
  // Arbitrators: all there, or (one value) some missing.
  const values = dims.map((d) => (d.component === ARBITRATOR_COMPONENT ? [0, d.count] : [...Array(d.count + 1).keys()]));
  if (values.reduce((n, v) => n * v.length, 1) > MAX_STATES) return false;
  const arbitratorSites = new Set(dims.filter((d) => d.component === ARBITRATOR_COMPONENT).map((d) => d.site));
  const fires = (down: readonly MembersDown[]) => {
    const arbitratorMissing = down.some((d) => d.component === ARBITRATOR_COMPONENT && d.count > 0);
    const degraded = (site: string, setFloors: readonly MarginFloor[]) => (arbitratorMissing && arbitratorSites.has(site))
      || setFloors.filter((f) => f.site === site).some((f) => {
        const d = down.find((x) => x.site === site && x.component === f.component);
        const placedHere = dims.find((x) => x.site === site && x.component === f.component)!.count;
        return placedHere - (d?.count ?? 0) < f.below;
      });
    return margin.afterLosing.some((set, i) => set.every((site) => degraded(site, floors[i])));
  };
  const state: number[] = values.map(() => 0);
  for (;;) {
    const down = dims.map((d, i) => ({ site: d.site, component: d.component, count: values[i][state[i]] })).filter((d) => d.count > 0);
    if (!survivesWithDown([margin.next], down) && !fires(down)) return false;
    let i = 0;
    while (i < state.length && state[i] === values[i].length - 1) state[i++] = 0;
    if (i === state.length) return true;
    state[i]++;
  }
}
