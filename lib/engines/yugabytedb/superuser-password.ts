import { yugabyteBackupPlan } from './backup';
import { placementJobSiteOf } from './flows';
import { YugabyteCluster } from './model';
import { tserverSetName } from './names';
import { YUGABYTE_PORTS } from './ports';
import { YSQLSH } from './write-health';
import { hostsWritingTo } from '../../analysis/write-health';
import { ApplyStep, Precondition } from '../../k8s/cluster-setup';
import { DesignModel } from '../../model/design';

/**
 * Shell filter that makes a value fit between single quotes in a psql meta-command argument
 * (`\set pw '…'`): backslashes doubled, as psql reads them as escapes there, and single quotes
 * doubled (https://www.postgresql.org/docs/15/app-psql.html, "Meta-Commands").
 */
export const PSQL_QUOTED_ARGUMENT_ESCAPE = 'sed -e \'s/\\\\/\\\\\\\\/g\' -e "s/\'/\'\'/g"';

/** Whether anything the library writes logs in as the `yugabyte` role: the backup CronJob, the probe role's step. */
function needsSuperuserPassword(design: DesignModel, cluster: YugabyteCluster): boolean {
  return cluster.backup !== undefined || hostsWritingTo(design, cluster.name).length > 0;
}

/**
 * The site whose Kubernetes cluster holds `superuserPasswordSecret` and runs the steps that log in
 * as `yugabyte`: the backup CronJob's site with a backup, the placement Job's otherwise.
 */
export function superuserSite(design: DesignModel, cluster: YugabyteCluster): string {
  return cluster.backup ? yugabyteBackupPlan(design, cluster).site : placementJobSiteOf(design, cluster);
}

/** `kubectl` of a site's cluster (none in the stretched shape). */
export function kubectlIn(design: DesignModel, site: string): string {
  return design.shape.kind === 'cluster-per-site' ? `kubectl --context ${site} ` : 'kubectl ';
}

/** Shell: the `yugabyte` role's password, read from its Secret on the operator's machine. */
export function superuserPasswordValue(design: DesignModel, cluster: YugabyteCluster): string {
  return `${kubectlIn(design, superuserSite(design, cluster))}-n ${cluster.namespace} get secret ${cluster.engine.superuserPasswordSecret} -o jsonpath='{.data.password}' | base64 -d`;
}

/** The Secret the steps read, asked for in {@link superuserSite}'s cluster whether or not a written object refers to it. */
export function superuserPasswordSecretPrecondition(design: DesignModel, cluster: YugabyteCluster): Precondition | undefined {
  if (!needsSuperuserPassword(design, cluster)) return undefined;
  const ns = cluster.namespace;
  return {
    kind: 'Secret',
    name: cluster.engine.superuserPasswordSecret,
    namespace: ns,
    keys: ['password'],
    neededBy: `the step after the apply that sets the YSQL password of the role yugabyte of ${cluster.name}${cluster.backup ? ', and the backup CronJob that logs in with it' : ''}`,
    commands: [
      `kubectl create namespace ${ns} --dry-run=client -o yaml | kubectl apply -f -`,
      `kubectl -n ${ns} create secret generic ${cluster.engine.superuserPasswordSecret} --from-literal=password=<password>`,
    ],
  };
}

/**
 * The step after the first apply that sets the `yugabyte` role's password to the Secret's:
 * with `--ysql_enable_auth=true` (./writer.ts) a new cluster's `yugabyte` role has the default
 * password `yugabyte` (https://docs.yugabyte.com/stable/secure/enable-authentication/authentication-ysql/),
 * which is public, so the step logs in with it and the new password reaches ysqlsh on stdin as the
 * psql variable `pw`. Once only: afterwards the default no longer logs in (the step then fails
 * harmlessly). Undefined when nothing logs in as `yugabyte`.
 */
export function superuserPasswordStep(design: DesignModel, cluster: YugabyteCluster): ApplyStep | undefined {
  if (!needsSuperuserPassword(design, cluster)) return undefined;
  const site = superuserSite(design, cluster);
  const pod = `${tserverSetName(cluster, site)}-0`;
  const ssl = cluster.engine.insecure ? 'disable' : 'require';
  return {
    title: `New cluster only: set the YSQL password of the role \`yugabyte\` (the default \`yugabyte\` until then) to Secret \`${cluster.engine.superuserPasswordSecret}\`'s, on stdin; ${cluster.backup ? 'the backup CronJob and ' : ''}the steps below log in with it.`,
    commands: [
      `${kubectlIn(design, site)}-n ${cluster.namespace} wait --for=condition=Ready pod/${pod} --timeout=30m`,
      `{ printf '%s\\n' "\\\\set pw '$(${superuserPasswordValue(design, cluster)} | ${PSQL_QUOTED_ARGUMENT_ESCAPE})'" "ALTER ROLE yugabyte WITH PASSWORD :'pw';"; } | `
        + `${kubectlIn(design, site)}-n ${cluster.namespace} exec -i ${pod} -c yb-tserver -- env PGPASSWORD=yugabyte PGSSLMODE=${ssl} ${YSQLSH} -X -v ON_ERROR_STOP=1 -h ${pod} -p ${YUGABYTE_PORTS.ysql} -U yugabyte -d yugabyte`,
    ],
  };
}
