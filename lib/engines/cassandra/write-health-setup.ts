import { AnalyzedCassandra } from './analysis';
import { cqlshAsSuperuser } from './cqlsh-superuser';
import { CassandraCluster } from './model';
import { WRITE_HEALTH_KEYSPACE, WRITE_HEALTH_PASSWORD_KEY, WRITE_HEALTH_ROLE, WRITE_HEALTH_TABLE } from './write-health';
import { hostsWritingTo } from '../../analysis/write-health';
import { ApplyStep } from '../../k8s/cluster-setup';
import { DesignModel } from '../../model/design';

/** The file with the statements that make the probe's keyspace, table and role: `WRITE-HEALTH-<cluster>.cql`. */
export function writeHealthCqlFile(cluster: CassandraCluster): string {
  return `WRITE-HEALTH-${cluster.name}.cql`;
}

/**
 * The probe keyspace's replicas per datacenter: in each, the fewest any of the cluster's keyspaces
 * keeps there (0 where one keeps none), so a write to it fails wherever a write to some keyspace
 * does, at the level of a whole datacenter lost or cut off, as the engine's verdict counts; the
 * first keyspace's when that leaves no replica anywhere (keyspaces in disjoint datacenters).
 */
export function writeHealthReplicas(a: AnalyzedCassandra): Map<string, number> {
  const keyspaces = a.details.keyspaces;
  const fewest = new Map(a.details.datacenters.map((dc) => [dc.site, Math.min(...keyspaces.map((k) => k.replicas.get(dc.site) ?? 0))]));
  return [...fewest.values()].some((n) => n > 0) ? fewest : new Map(keyspaces[0].replicas);
}

/**
 * `WRITE-HEALTH-<cluster>.cql`: the probe's keyspace, replicated per datacenter as
 * {@link writeHealthReplicas} says (so a write there needs what the application's writes need), its table
 * of one row per datacenter, and the role, which may modify that table only (`MODIFY`: INSERT,
 * UPDATE, DELETE, TRUNCATE; https://cassandra.apache.org/doc/4.1/cassandra/cql/security.html#cql-permissions).
 * Idempotent; the role's password is set by the step that runs it, never written here.
 */
export function renderWriteHealthCql(a: AnalyzedCassandra): string {
  const replicas = writeHealthReplicas(a);
  const replication = ['\'class\': \'NetworkTopologyStrategy\'', ...[...replicas].filter(([, rf]) => rf > 0).map(([dc, rf]) => `'${dc}': ${rf}`)].join(', ');
  return [
    `-- The write-path probe's keyspace, table and role of Cassandra cluster ${a.cluster.name}, written by cdk-multisite.`,
    `-- Per datacenter the fewest replicas any keyspace keeps there (${a.details.keyspaces.map((k) => k.name).join(', ')}); run once every datacenter is Ready (APPLY.md says how). Re-running it is harmless.`,
    `CREATE KEYSPACE IF NOT EXISTS ${WRITE_HEALTH_KEYSPACE} WITH replication = {${replication}};`,
    `ALTER KEYSPACE ${WRITE_HEALTH_KEYSPACE} WITH replication = {${replication}};`,
    `CREATE TABLE IF NOT EXISTS ${WRITE_HEALTH_TABLE} (datacenter text PRIMARY KEY, written_at timestamp);`,
    `CREATE ROLE IF NOT EXISTS ${WRITE_HEALTH_ROLE} WITH LOGIN = true AND SUPERUSER = false;`,
    `GRANT MODIFY ON TABLE ${WRITE_HEALTH_TABLE} TO ${WRITE_HEALTH_ROLE};`,
    '',
  ].join('\n');
}

/**
 * The step that runs {@link renderWriteHealthCql} and sets the role's password from
 * `writeHealthPasswordSecret` (read in a host's namespace; its single quotes doubled, CQL's
 * escape), as the superuser, on stdin; undefined without a dependent host. The same step makes
 * the role on a cluster that ran before the host depended on it (the rollout prints it then too).
 */
export function cassandraWriteHealthStep(design: DesignModel, a: AnalyzedCassandra): ApplyStep | undefined {
  const dependent = hostsWritingTo(design, a.cluster.name)[0];
  if (!dependent || a.details.datacenters.length === 0) return undefined;
  const e = a.cluster.engine;
  const hostDc = a.details.datacenters.find((d) => dependent.zone.sites.includes(d.site)) ?? a.details.datacenters[0];
  const secret = `kubectl --context ${hostDc.context} -n ${dependent.host.namespace} get secret ${e.writeHealthPasswordSecret} -o jsonpath='{.data.${WRITE_HEALTH_PASSWORD_KEY}}' | base64 -d`;
  const password = `printf '%s\\n' "ALTER ROLE ${WRITE_HEALTH_ROLE} WITH PASSWORD = '$(${secret} | sed "s/'/''/g")' AND LOGIN = true;"`;
  return {
    title: `Create the write-path probe's keyspace \`${WRITE_HEALTH_KEYSPACE}\`, its table and the CQL role \`${WRITE_HEALTH_ROLE}\` (once, from ${writeHealthCqlFile(a.cluster)}; re-running it is harmless), the role's password from Secret \`${e.writeHealthPasswordSecret}\`, on stdin.`,
    commands: cqlshAsSuperuser(a, { pipeFrom: `{ cat ${writeHealthCqlFile(a.cluster)}; ${password}; }` }),
  };
}
