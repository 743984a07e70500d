import { commitFloorFromAnySiteMillis, commitLatencyFloorMillis } from '../../analysis/latency-floor';
import { VotingGroup } from '../../analysis/voting-group';
import { RttMatrix } from '../../model/latency';

/**
 * The least commit latency of a CockroachDB write that starts in `site`, for the default ranges'
 * voters `group`. Only a full voter holds a range's lease and the gateway sends a write to the
 * leaseholder (cockroachdb/cockroach dc5fc21efd30, pkg/roachpb/metadata_replicas.go
 * CheckCanReceiveLease). With lease preferences, the allocator keeps each lease in the first
 * preferred locality that holds a voter (https://www.cockroachlabs.com/docs/stable/configure-replication-zones#lease_preferences;
 * MS-LEASE-PREFERENCES refuses a preferred site without one), so a write from any other site
 * first crosses to it: the RTT there plus its own floor. Without preferences, leases may be in
 * any voter site: from a voter site, a leaseholder there; from another, the nearest voter site.
 */
export function cockroachCommitFloorMillis(leaseSites: readonly string[], group: VotingGroup, site: string, rtt: RttMatrix): number | undefined {
  const lead = leaseSites[0];
  if (lead === undefined || (group.fixed.get(lead) ?? 0) === 0) return commitFloorFromAnySiteMillis(group, site, rtt);
  const leaderFloor = commitLatencyFloorMillis(group, lead, rtt);
  if (site === lead) return leaderFloor;
  const toLeader = rtt.between(site, lead);
  return toLeader === undefined || leaderFloor === undefined ? undefined : toLeader + leaderFloor;
}

/** The sentence before the floors: what a write waits for, and where it is led. */
export function cockroachFloorSentence(leaseSites: readonly string[]): string {
  const raft = 'Raft: a write commits when a majority of the range\'s voters, the leaseholder\'s own included, have it. The floor from a site is the RTT from a leaseholder there to the voter that completes that majority (the default ranges\' pinned voters, the leaseholder\'s site counting 0 ms), from the speed of light alone.';
  if (leaseSites.length === 0) {
    return `${raft} Only a voter holds a lease: from a site without a pinned voter, a write first crosses to the leaseholder, so its floor is the RTT to the nearest voter site plus that site's floor:`;
  }
  const lead = leaseSites[0];
  return `${raft} With leases preferred in ${lead}, a write from another site first crosses to the leaseholder there: its floor is the RTT to ${lead} plus ${lead}'s own floor:`;
}
