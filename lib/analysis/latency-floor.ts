import { quorumOf, VotingGroup } from './voting-group';
import { RttMatrix } from '../model/latency';

/**
 * The least time a write led from `site` waits for a majority, from the speed of light
 * alone: the RTT to the nearest set of sites that, with the leader's own, holds a quorum.
 * Floating votes are not counted (worst case). Undefined when an RTT is unknown or no
 * quorum is reachable.
 */
export function commitLatencyFloorMillis(group: VotingGroup, site: string, rtt: RttMatrix): number | undefined {
  const need = quorumOf(group.total);
  const byDistance: { rtt: number; votes: number }[] = [];
  for (const [other, votes] of group.fixed) {
    const r = rtt.between(site, other);
    if (r === undefined) return undefined;
    byDistance.push({ rtt: r, votes });
  }
  byDistance.sort((a, b) => a.rtt - b.rtt);
  let have = 0;
  for (const { rtt: r, votes } of byDistance) {
    have += votes;
    if (have >= need) return r;
  }
  return undefined;
}

/**
 * The RTT from `site` to the farthest other member site: what a write waits for when every
 * member must see it (Galera). Undefined when an RTT is unknown.
 */
export function farthestMemberRttMillis(memberSites: readonly string[], site: string, rtt: RttMatrix): number | undefined {
  let farthest = 0;
  for (const other of memberSites) {
    const r = rtt.between(site, other);
    if (r === undefined) return undefined;
    farthest = Math.max(farthest, r);
  }
  return farthest;
}

/**
 * The least commit latency of a write that starts in `site` when only a voter can lead it (a
 * Raft leader or leaseholder is a voter): from a site that holds a voter, the floor of a leader
 * there; from a site that holds none, the write first crosses to a leader in a voter site, so the
 * least over voter sites of the RTT there plus that site's floor. Undefined when an RTT is unknown
 * or no voter site is reachable.
 */
export function commitFloorFromAnySiteMillis(group: VotingGroup, site: string, rtt: RttMatrix): number | undefined {
  if ((group.fixed.get(site) ?? 0) > 0) return commitLatencyFloorMillis(group, site, rtt);
  let best: number | undefined;
  for (const [leader, votes] of group.fixed) {
    if (votes === 0) continue;
    const toLeader = rtt.between(site, leader);
    const floor = commitLatencyFloorMillis(group, leader, rtt);
    if (toLeader === undefined || floor === undefined) return undefined;
    if (best === undefined || toLeader + floor < best) best = toLeader + floor;
  }
  return best;
}
