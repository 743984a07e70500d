import { CassandraAnalysis, servingSites } from './analysis';
import { mayBeAcknowledgedOnlyIn } from './consistency';
import { CassandraCluster } from './model';
import { Failover, LossVerdict } from '../../analysis/survival';

/**
 * What losing the sites `lost` does to a Cassandra cluster (`SurvivalRule.CONSISTENCY_LEVEL`).
 * Cassandra has no vote: a request succeeds when enough replicas answer for its consistency
 * level (https://cassandra.apache.org/doc/latest/cassandra/architecture/dynamo.html#tunable-consistency).
 * So reads and writes are judged apart, at the levels the application uses, every keyspace
 * at once, from each datacenter left as coordinator: the cluster survives when both still
 * succeed from at least one datacenter. Acknowledged writes may be lost when a write at the
 * application's level can be acknowledged by replicas in the lost sites alone.
 */
export function cassandraSurvival(cluster: CassandraCluster, details: CassandraAnalysis, lost: readonly string[]): LossVerdict {
  const e = cluster.engine;
  const left = details.datacenters.map((d) => d.site).filter((s) => !lost.includes(s));
  const reachable = new Set(left);
  const readsFrom = servingSites(e.readConsistency, details.keyspaces, left, () => reachable);
  const writesFrom = servingSites(e.writeConsistency, details.keyspaces, left, () => reachable);
  const survives = readsFrom.length > 0 && writesFrom.length > 0;
  const failed = [
    ...(readsFrom.length === 0 ? [`reads at ${e.readConsistency}`] : []),
    ...(writesFrom.length === 0 ? [`writes at ${e.writeConsistency}`] : []),
  ];
  return {
    survives,
    readsFrom,
    writesFrom,
    failover: Failover.NONE,
    mayLoseWrites: details.keyspaces.some((k) => mayBeAcknowledgedOnlyIn(e.writeConsistency, k.replicas, lost)),
    reason: survives
      ? `reads at ${e.readConsistency} and writes at ${e.writeConsistency} still succeed from a datacenter left`
      : `no datacenter left where ${failed.join(' or ')} succeed`,
  };
}
