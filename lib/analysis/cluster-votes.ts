import { diversityFirstPlacement } from './replica-placement';
import { exactGroup, VotingGroup } from './voting-group';
import { isCockroach, SqlClusterModel } from '../model/design';

/**
 * CockroachDB keeps its system ranges (meta, liveness, system) at 5 replicas unless told
 * otherwise; the library raises them with the default ranges when those go above 5.
 */
export const COCKROACH_SYSTEM_RANGE_REPLICAS = 5;

/** Data-holding members (nodes) of the cluster in each site, in site order. */
export function membersPerSite(cluster: SqlClusterModel): Map<string, number> {
  return new Map(cluster.members.map((m) => [m.site, m.voters]));
}

/** Arbitrators of the cluster in each site that has any, in site order. */
export function arbitratorsPerSite(cluster: SqlClusterModel): Map<string, number> {
  return new Map(cluster.members.filter((m) => m.arbitrators > 0).map((m) => [m.site, m.arbitrators]));
}

/** Replication factor of CockroachDB's system ranges for a given default. */
export function systemRangeReplicas(replicationFactor: number): number {
  return Math.max(COCKROACH_SYSTEM_RANGE_REPLICAS, replicationFactor);
}

/**
 * The groups of votes whose majorities keep the cluster writable. For CockroachDB,
 * quorum is per range: the default ranges at the replication factor, and the system
 * ranges, whose loss stops the whole cluster, at theirs.
 */
export function votingGroupsOf(cluster: SqlClusterModel): VotingGroup[] {
  if (!isCockroach(cluster)) {
    const votes = new Map(cluster.members.map((m) => [m.site, m.voters + m.arbitrators]));
    return [exactGroup(cluster.engine.kind === 'galera' ? 'votes (data nodes + garbd)' : 'votes', votes)];
  }
  const nodes = membersPerSite(cluster);
  const rf = cluster.engine.replicationFactor;
  const sys = systemRangeReplicas(rf);
  if (sys === rf) {
    return [diversityFirstPlacement(`all ranges (${rf} replicas)`, rf, nodes)];
  }
  return [
    diversityFirstPlacement(`default ranges (${rf} replicas)`, rf, nodes),
    diversityFirstPlacement(`system ranges (${sys} replicas)`, sys, nodes),
  ];
}
