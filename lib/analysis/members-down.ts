import { VotingGroup } from './voting-group';

/** Some members of one component down in one site (the site otherwise up). */
export interface MembersDown {
  readonly site: string;
  /** The component, as its `MetricsEndpoint` names it (`database`, `master`, `tserver`), or `arbitrator`. */
  readonly component: string;
  readonly count: number;
}

/** The name under which the down part of a site's votes is lost in `splitOffDown`. */
function downPart(site: string): string {
  return `${site} (members down)`;
}

/**
 * The voting groups with the votes held by members that are down split off their site into a
 * part that is then lost: the engine's own majority verdict on `[...lost, ...downSites]` is its
 * verdict with those sites' member counts reduced. The down members still count in every group's
 * total (a member down is still a voter: its quorum does not shrink). `votesIn(group, component)`
 * says whether one member of the component holds at most one vote of the group (one replica of a
 * range per node, one vote per Galera node): `count` members down then take at most `count` of
 * the group's votes in the site, and the worst case is that they take that many.
 */
export function splitOffDown(
  groups: readonly VotingGroup[], down: readonly MembersDown[], votesIn: (group: VotingGroup, component: string) => boolean,
): { readonly groups: VotingGroup[]; readonly downSites: string[] } {
  const downSites = [...new Set(down.filter((d) => d.count > 0).map((d) => downPart(d.site)))];
  const split = groups.map((g) => {
    const fixed = new Map(g.fixed);
    const floatingSites = new Set(g.floatingSites);
    for (const d of down.filter((x) => x.count > 0 && votesIn(g, x.component))) {
      const inSite = fixed.get(d.site) ?? 0;
      const taken = Math.min(d.count, inSite);
      fixed.set(d.site, inSite - taken);
      fixed.set(downPart(d.site), (fixed.get(downPart(d.site)) ?? 0) + taken);
      // A vote the engine may place in the site may be on a member that is down (worst case).
      if (g.floatingSites.has(d.site)) floatingSites.add(downPart(d.site));
    }
    return { ...g, fixed, floatingSites };
  });
  return { groups: split, downSites };
}
