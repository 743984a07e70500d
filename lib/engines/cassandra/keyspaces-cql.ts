import { AnalyzedCassandra } from './analysis';

/**
 * `KEYSPACES-<cluster>.cql`: the user keyspaces with their replication per datacenter, to run
 * once with cqlsh after every datacenter is Ready (APPLY.md's step after the control plane's
 * apply: Cassandra refuses a replication map naming a datacenter it does not know yet; the
 * `k8ssandra.io/dc-replication` annotation only applies when a datacenter is added). Re-running
 * it sets the replication again.
 */
export function renderKeyspacesCql(a: AnalyzedCassandra): string {
  const lines = [
    `-- Keyspaces of Cassandra cluster ${a.cluster.name}, written by cdk-multisite.`,
    '-- Run once every datacenter is Ready (APPLY.md says how): Cassandra refuses a replication map naming a datacenter it does not know yet.',
  ];
  for (const k of a.details.keyspaces.filter((x) => !x.assumed)) {
    const replication = ['\'class\': \'NetworkTopologyStrategy\'', ...[...k.replicas].map(([dc, rf]) => `'${dc}': ${rf}`)].join(', ');
    lines.push(`CREATE KEYSPACE IF NOT EXISTS "${k.name}" WITH replication = {${replication}};`);
    lines.push(`ALTER KEYSPACE "${k.name}" WITH replication = {${replication}};`);
  }
  return `${lines.join('\n')}\n`;
}
