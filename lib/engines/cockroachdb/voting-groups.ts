import { CockroachCluster } from './model';
import { diversityFirstPlacement } from '../../analysis/replica-placement';
import { VotingGroup } from '../../analysis/voting-group';

/**
 * CockroachDB keeps its system ranges (meta, liveness, system) at 5 replicas unless told
 * otherwise; the library raises them with the default ranges when those go above 5.
 */
export const COCKROACH_SYSTEM_RANGE_REPLICAS = 5;

/** Replication factor of CockroachDB's system ranges for a given default. */
export function systemRangeReplicas(replicationFactor: number): number {
  return Math.max(COCKROACH_SYSTEM_RANGE_REPLICAS, replicationFactor);
}

/**
 * The groups of votes whose majorities keep the cluster writable. Quorum is per range: the
 * default ranges at the replication factor, and the system ranges, whose loss stops the whole
 * cluster, at theirs.
 */
export function cockroachVotingGroups(cluster: CockroachCluster): VotingGroup[] {
  const nodes = new Map(cluster.members.map((m) => [m.site, m.voters]));
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
