/**
 * Where a cluster's margin runs out: for each member site `next`, the smallest sets of other sites
 * whose loss (or degradation) leaves the cluster unable to survive losing `next` as well. An alert
 * per site fires when every site of one such set is degraded; the answer comes from the engine's
 * own verdict (`survives`, its `survivalAfterLosing`), never from counting here.
 */
export interface NextLossMargin {
  /** The site whose loss would be the one too many. */
  readonly next: string;
  /**
   * The smallest sets of other sites (each in site order) whose loss together with `next` halts
   * the cluster. Empty when no loss of other sites makes `next` fatal; `[[]]` when losing `next`
   * alone already halts it (the design has no margin there, so no alert can warn of it).
   */
  readonly afterLosing: readonly (readonly string[])[];
  /**
   * The smallest states of members down in which losing `next` halts the cluster, by the engine's
   * verdict with members down (`fatalDownStates`): the alert fires when every part of one state
   * has fewer members up than its `below`. Unset: a site of an `afterLosing` set counts as
   * degraded at its first member down.
   */
  readonly fatalDowns?: readonly (readonly MarginFloor[])[];
}

/** One part of a state of members down: fewer than `below` of a component's members up in a site. */
export interface MarginFloor {
  readonly site: string;
  /** As its `MetricsEndpoint` names it, or `arbitrator` (then: some arbitrator missing). */
  readonly component: string;
  /** The part holds when fewer than this many of the component's members are up in the site. */
  readonly below: number;
}

/**
 * The margin of every member site, from `survives(lost)` over every subset of `sites` (in site
 * order). Survival is monotone (losing more never helps), so the sets that make `next` fatal are
 * closed upwards and the smallest ones describe them all. 2^n verdicts: `maxSites` bounds n.
 */
export function nextLossMargins(sites: readonly string[], survives: (lost: readonly string[]) => boolean, maxSites = 12): NextLossMargin[] {
  if (sites.length > maxSites) throw new Error(`nextLossMargins: ${sites.length} member sites is above ${maxSites}; the margin search asks the engine about every subset.`);
  return sites.map((next) => {
    const others = sites.filter((s) => s !== next);
    const fatal: string[][] = [];
    // Subsets by size, so a set is kept only when no smaller fatal set is inside it.
    const subsets = subsetsOf(others).sort((a, b) => a.length - b.length);
    for (const set of subsets) {
      if (fatal.some((f) => f.every((s) => set.includes(s)))) continue;
      const lost = sites.filter((s) => s === next || set.includes(s));
      if (!survives(lost)) fatal.push(set);
    }
    return { next, afterLosing: fatal };
  });
}

/** Every subset of `items`, each in the items' order. */
function subsetsOf(items: readonly string[]): string[][] {
  return items.reduce<string[][]>((sets, item) => [...sets, ...sets.map((set) => [...set, item])], [[]]);
}

/** The group size below which the margin may be gone, from the engine's verdicts. */
export interface GroupSizeThreshold {
  /** The largest size of the group (members left, arbitrators included) at which one more site loss can halt the cluster. */
  readonly atMost: number;
  /** Whether every size above `atMost` keeps a margin and every size at or below it has none; false when sizes overlap (the alert then also fires early). */
  readonly exact: boolean;
}

/**
 * The group size threshold of a cluster whose members each publish the size of their group:
 * over every set of lost sites the cluster survives, the sizes left where one more site loss halts
 * it (the largest is `atMost`) and those where none does. Undefined when no surviving loss
 * leaves the cluster without a margin.
 */
export function groupSizeThreshold(
  membersPerSite: ReadonlyMap<string, number>, survives: (lost: readonly string[]) => boolean,
): GroupSizeThreshold | undefined {
  const sites = [...membersPerSite.keys()];
  const total = [...membersPerSite.values()].reduce((a, b) => a + b, 0);
  let noMargin = -Infinity;
  let withMargin = Infinity;
  for (const lost of subsetsOf(sites)) {
    if (!survives(lost)) continue;
    const size = total - lost.reduce((n, s) => n + membersPerSite.get(s)!, 0);
    const fatalNext = sites.some((s) => !lost.includes(s) && !survives(sites.filter((x) => x === s || lost.includes(x))));
    if (fatalNext) noMargin = Math.max(noMargin, size);
    else withMargin = Math.min(withMargin, size);
  }
  if (noMargin === -Infinity) return undefined;
  return { atMost: noMargin, exact: withMargin > noMargin };
}
