import { AnalyzedCassandra } from './analysis';

/**
 * `KEYSPACES-<cluster>.cql`: the user keyspaces with their replication per datacenter, to run
 * once with cqlsh after the cluster is up (the `k8ssandra.io/dc-replication` annotation only
 * applies when a datacenter is added). Re-running it sets the replication again.
 */
export function renderKeyspacesCql(a: AnalyzedCassandra): string {
  const lines = [`-- Keyspaces of Cassandra cluster ${a.cluster.name}, written by cdk-multisite.`];
  for (const k of a.details.keyspaces.filter((x) => !x.assumed)) {
    const replication = ['\'class\': \'NetworkTopologyStrategy\'', ...[...k.replicas].map(([dc, rf]) => `'${dc}': ${rf}`)].join(', ');
    lines.push(`CREATE KEYSPACE IF NOT EXISTS "${k.name}" WITH replication = {${replication}};`);
    lines.push(`ALTER KEYSPACE "${k.name}" WITH replication = {${replication}};`);
  }
  return `${lines.join('\n')}\n`;
}
