import { diversityFirstPlacement } from './replica-placement';
import { VotingGroup } from './voting-group';
import { SqlClusterModel } from '../model/design';

/**
 * CockroachDB keeps its system ranges (meta, liveness, system) at 5 replicas unless told
 * otherwise; the library raises them with the default ranges when those go above 5.
 */
export const COCKROACH_SYSTEM_RANGE_REPLICAS = 5;

/** Members (nodes) of the cluster in each site, in site order. */
export function membersPerSite(cluster: SqlClusterModel): Map<string, number> {
  return new Map(cluster.members.map((m) => [m.site, m.voters]));
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
