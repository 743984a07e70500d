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
