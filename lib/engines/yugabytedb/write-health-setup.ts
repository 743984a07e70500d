import { YugabyteAnalysis } from './analysis';
import { YugabyteCluster, YugabyteDbModel } from './model';
import { tserverSetName } from './names';
import { YUGABYTE_PORTS } from './ports';
import { PSQL_QUOTED_ARGUMENT_ESCAPE, superuserPasswordSecretPrecondition, superuserPasswordStep, superuserPasswordValue, superuserSite } from './superuser-password';
import { WRITE_HEALTH_PASSWORD_KEY, WRITE_HEALTH_ROLE, WRITE_HEALTH_TABLE, YSQLSH } from './write-health';
import { AnalyzedCluster } from '../../analysis/analyzed-design';
import { hostsWritingTo } from '../../analysis/write-health';
import { ApplyStep, ClusterSetup } from '../../k8s/cluster-setup';
import { DesignModel } from '../../model/design';

/** The file with the statements that make the probe's role and table: `WRITE-HEALTH-<cluster>.sql`. */
export function writeHealthSqlFile(cluster: YugabyteCluster): string {
  return `WRITE-HEALTH-${cluster.name}.sql`;
}

/**
 * `WRITE-HEALTH-<cluster>.sql`: the probe's table and role, idempotent, to run with ysqlsh as the
 * `yugabyte` superuser with the psql variable `pw` set to the probe's password. The role may log
 * in, use the schema, and insert a row or update its timestamp in {@link WRITE_HEALTH_TABLE}
 * (column privileges: PostgreSQL 15 GRANT, which YSQL takes as is; `INSERT ... ON CONFLICT DO
 * UPDATE` needs INSERT, UPDATE of the columns it sets, and SELECT of the columns it reads:
 * https://www.postgresql.org/docs/15/sql-insert.html, "Privileges"); nothing else, no other table,
 * no DDL. `:'pw'` is psql's quoted interpolation, so no password reaches a command line.
 */
export function renderWriteHealthSql(cluster: YugabyteCluster): string {
  const schema = WRITE_HEALTH_TABLE.split('.')[0];
  return [
    `-- The write-path probe's role and table of YugabyteDB cluster ${cluster.name}, written by cdk-multisite.`,
    '-- Run once as the yugabyte superuser with psql variable pw set to the probe\'s password (APPLY.md says how); re-running it is harmless.',
    '\\set ON_ERROR_STOP on',
    `SELECT NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '${WRITE_HEALTH_ROLE}') AS create_role \\gset`,
    '\\if :create_role',
    `CREATE ROLE ${WRITE_HEALTH_ROLE} LOGIN;`,
    '\\endif',
    `ALTER ROLE ${WRITE_HEALTH_ROLE} WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :'pw';`,
    `CREATE SCHEMA IF NOT EXISTS ${schema};`,
    `CREATE TABLE IF NOT EXISTS ${WRITE_HEALTH_TABLE} (site text PRIMARY KEY, written_at timestamptz NOT NULL);`,
    `REVOKE ALL ON SCHEMA ${schema} FROM PUBLIC;`,
    `REVOKE ALL ON ${WRITE_HEALTH_TABLE} FROM PUBLIC;`,
    `GRANT USAGE ON SCHEMA ${schema} TO ${WRITE_HEALTH_ROLE};`,
    `GRANT SELECT (site), INSERT (site, written_at), UPDATE (written_at) ON ${WRITE_HEALTH_TABLE} TO ${WRITE_HEALTH_ROLE};`,
    '',
  ].join('\n');
}


/**
 * The step that runs {@link renderWriteHealthSql} once, after the apply, when a GSLB host depends
 * on the cluster: ysqlsh in a tserver of {@link superuserSite}, as `yugabyte` (its password from
 * `superuserPasswordSecret`, the one the backup uses, as the first line of stdin), reading the
 * probe's password from its Secret in a host's namespace and the statements on stdin. The same step makes
 * the role on a cluster that ran before the host depended on it (the rollout prints it then too).
 * Undefined without a dependent host.
 */
export function yugabyteWriteHealthStep(design: DesignModel, cluster: YugabyteCluster): ApplyStep | undefined {
  const dependent = hostsWritingTo(design, cluster.name)[0];
  if (!dependent) return undefined;
  // A GSLB zone needs one Kubernetes cluster per site (MS-GSLB-CLUSTER-PER-SITE): contexts are the sites'.
  const site = superuserSite(design, cluster);
  const context = (s: string) => `--context ${s} `;
  const hostSite = dependent.zone.sites.includes(site) ? site : dependent.zone.sites[0];
  const secret = `kubectl ${context(hostSite)}-n ${dependent.host.namespace} get secret ${cluster.engine.writeHealthPasswordSecret} -o jsonpath='{.data.${WRITE_HEALTH_PASSWORD_KEY}}' | base64 -d`;
  const superuser = superuserPasswordValue(design, cluster);
  const ssl = cluster.engine.insecure ? 'disable' : 'require';
  const pod = `${tserverSetName(cluster, site)}-0`;
  return {
    title: `Create the write-path probe's YSQL role \`${WRITE_HEALTH_ROLE}\` and its table \`${WRITE_HEALTH_TABLE}\` (once, from ${writeHealthSqlFile(cluster)}; re-running it is harmless). The \`yugabyte\` role's password comes from Secret \`${cluster.engine.superuserPasswordSecret}\` and the probe's from Secret \`${cluster.engine.writeHealthPasswordSecret}\`, both on stdin, never on a command line.`,
    commands: [
      `{ ${superuser}; echo; printf '%s\\n' "\\\\set pw '$(${secret} | ${PSQL_QUOTED_ARGUMENT_ESCAPE})'"; cat ${writeHealthSqlFile(cluster)}; } | kubectl ${context(site)}-n ${cluster.namespace} exec -i ${pod} -c yb-tserver -- bash -c 'IFS= read -r PGPASSWORD; export PGPASSWORD; exec env PGSSLMODE=${ssl} ${YSQLSH} -X -h ${pod} -p ${YUGABYTE_PORTS.ysql} -U yugabyte -d yugabyte'`,
    ],
  };
}

/**
 * What a YugabyteDB cluster needs beyond its objects, in {@link superuserSite}'s cluster: with a
 * backup or a GSLB host depending on it, the `yugabyte` password's Secret and the step that sets
 * it; with such a host, then the probe's role.
 */
export function yugabyteClusterSetup(design: DesignModel, a: AnalyzedCluster<YugabyteDbModel, YugabyteAnalysis>): ClusterSetup[] {
  const cluster = a.cluster;
  const secret = superuserPasswordSecretPrecondition(design, cluster);
  const steps = [superuserPasswordStep(design, cluster), yugabyteWriteHealthStep(design, cluster)].filter((s): s is ApplyStep => s !== undefined);
  if (!secret) return [];
  const site = design.shape.kind === 'cluster-per-site' ? { site: superuserSite(design, cluster) } : {};
  return [{ ...site, provide: [secret], afterApply: steps }];
}
