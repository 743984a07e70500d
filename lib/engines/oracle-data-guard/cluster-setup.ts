import { AnalyzedDataGuard } from './analysis';
import { DG_MONITORING_ACCOUNT, DG_MONITORING_PASSWORD_KEY, monitoringAccountStatements } from './metrics-exporter';
import { brokerName } from './names';
import { WRITE_HEALTH_PASSWORD_KEY, writeHealthAccountStatements } from './write-health';
import { ApplyStep, ClusterSetup } from '../../k8s/cluster-setup';

/**
 * What a Data Guard cluster needs of the Kubernetes clusters beyond its objects: the broker's
 * TCPS client wallet. The Oracle operator writes it, as `<database>-dg-client-wallet`, in the
 * primary database's namespace once TCPS is configured (singleinstancedatabase_controller.go
 * getGeneratedDataguardClientWalletSecretName / reconcileDataguardClientWalletSecret at
 * sidbdevbranch e390bb952d5e); the broker reads it from its own namespace
 * (`spec.topology.defaults.tcps.clientWalletSecret`). In the primary's cluster nothing more is
 * needed; a broker in another cluster gets a copy, made once the primary is Healthy, before its
 * cluster is applied. A primary Kubernetes does not run, or a wallet of another name, is the
 * user's to provide (listed from the broker's reference).
 */
export function dataGuardClusterSetup(a: AnalyzedDataGuard, stretched: boolean, monitored: boolean): ClusterSetup[] {
  return [...walletSetup(a, stretched), ...writeHealthAccountSetup(a, stretched), ...(monitored ? monitoringAccountSetup(a, stretched) : [])];
}

function walletSetup(a: AnalyzedDataGuard, stretched: boolean): ClusterSetup[] {
  const { cluster, details } = a;
  const wallet = cluster.engine.clientWalletSecret;
  const primary = details.members[0];
  // Only the wallet the operator names after the primary is one it writes; another name is the user's.
  if (!wallet || !primary.managed || !primary.objectName || wallet !== `${primary.objectName}-dg-client-wallet`) return [];
  const ns = cluster.namespace;
  const createdInPrimary = {
    apiVersion: 'v1',
    kind: 'Secret',
    namespace: ns,
    name: wallet,
    createdBy: `the Oracle operator, from SingleInstanceDatabase ${ns}/${primary.objectName} (TCPS client wallet)`,
  };
  if (stretched) return [{ operatorCreates: [createdInPrimary] }];
  if (details.brokerSite === primary.site) return [{ site: primary.site, operatorCreates: [createdInPrimary] }];
  const from = `<kubectl context of ${primary.site}>`;
  const to = `<kubectl context of ${details.brokerSite}>`;
  return [
    { site: primary.site, operatorCreates: [createdInPrimary] },
    {
      site: details.brokerSite,
      appliedAfter: [primary.site],
      provide: [{
        kind: 'Secret',
        name: wallet,
        namespace: ns,
        keys: ['cwallet.sso'],
        neededBy: `DataguardBroker ${ns} (spec.topology.defaults.tcps.clientWalletSecret): the wallet the Oracle operator writes in ${primary.site}'s cluster`,
        commands: [
          `kubectl --context ${from} -n ${ns} wait singleinstancedatabase/${primary.objectName} --for=jsonpath='{.status.status}'=Healthy --timeout=60m`,
          `kubectl --context ${to} create namespace ${ns} --dry-run=client -o yaml | kubectl --context ${to} apply -f -`,
          `kubectl --context ${from} -n ${ns} get secret ${wallet} -o json | jq 'del(.metadata.uid, .metadata.resourceVersion, .metadata.creationTimestamp, .metadata.ownerReferences, .metadata.managedFields, .metadata.labels)' | kubectl --context ${to} apply -f -`,
        ],
      }],
    },
  ];
}

/**
 * With a GSLB host depending on the configuration, the step after the apply that creates the
 * write-path probe's account on the primary (`./write-health.ts`), once the primary is Healthy:
 * sqlplus in the broker's runner pod (the pod the failover runbook's dgmgrl runs in), connected as
 * SYS to the primary's listener, reads the statements on stdin; both passwords come from their
 * Secrets on the operator's machine and reach the pod on stdin only, never on a command line.
 */
function writeHealthAccountSetup(a: AnalyzedDataGuard, stretched: boolean): ClusterSetup[] {
  const step = dataGuardWriteHealthAccountStep(a, stretched);
  return step ? [{ ...(stretched ? {} : { site: a.details.brokerSite }), afterApply: [step] }] : [];
}

/** The step of {@link writeHealthAccountSetup}; `ROLLOUT.md` prints it too when a host starts depending on a running configuration. */
export function dataGuardWriteHealthAccountStep(a: AnalyzedDataGuard, stretched: boolean): ApplyStep | undefined {
  const { cluster, details } = a;
  const dependent = details.dependentHosts[0];
  const primary = details.members[0];
  if (!dependent || !primary.host) return undefined;
  const hostSite = dependent.zone.sites.includes(primary.site) ? primary.site : dependent.zone.sites[0];
  const probePassword = secretValue(stretched, hostSite, dependent.host.namespace,
    cluster.engine.writeHealthPasswordSecret, WRITE_HEALTH_PASSWORD_KEY);
  return {
    title: `Create the write-path probe's account on the primary ${primary.dbUniqueName} (once; the standbys receive it with the redo)`,
    commands: sqlplusOnPrimary(a, stretched, writeHealthAccountStatements(probePassword)),
  };
}

/**
 * With monitoring, the step after the apply that creates the metrics exporters' account on the
 * primary (`./metrics-exporter.ts`), once, as the write-path probe's is. Its password comes from
 * `monitoringPasswordSecret`, which APPLY.md asks for in every site that runs a database (the
 * exporters' reference); read from the primary's site (or the first that runs a database).
 */
function monitoringAccountSetup(a: AnalyzedDataGuard, stretched: boolean): ClusterSetup[] {
  const { cluster, details } = a;
  const primary = details.members[0];
  const sites = details.members.filter((m) => m.managed).map((m) => m.site);
  // The runner reaches the primary by its published address, or, in one stretched cluster, by its Service.
  if (sites.length === 0 || (!primary.host && !(stretched && primary.managed))) return [];
  const passwordSite = primary.managed ? primary.site : sites[0];
  const password = secretValue(stretched, passwordSite, cluster.namespace, cluster.engine.monitoringPasswordSecret, DG_MONITORING_PASSWORD_KEY);
  return [{
    ...(stretched ? {} : { site: details.brokerSite }),
    afterApply: [{
      title: `Create the metrics exporters' account ${DG_MONITORING_ACCOUNT} on the primary ${primary.dbUniqueName} (once; the standbys receive it with the redo and the password file)`,
      commands: sqlplusOnPrimary(a, stretched, monitoringAccountStatements(password)),
    }],
  }];
}

/** `kubectl` of a site's cluster (none in the stretched shape). */
const kubectlIn = (stretched: boolean, site: string) => `kubectl ${stretched ? '' : `--context ${site} `}`;

/** Shell: the value of a Secret's key, read on the operator's machine. */
function secretValue(stretched: boolean, site: string, namespace: string, secret: string, key: string): string {
  return `$(${kubectlIn(stretched, site)}-n ${namespace} get secret ${secret} -o jsonpath='{.data.${key}}' | base64 -d)`;
}

/**
 * Once the primary is Healthy, sqlplus in the broker's runner pod (the pod the failover
 * runbook's dgmgrl runs in), connected as SYS to the primary's listener, reads `statements` on
 * stdin; the passwords come from their Secrets on the operator's machine and reach the pod on
 * stdin only, never on a command line.
 */
function sqlplusOnPrimary(a: AnalyzedDataGuard, stretched: boolean, statements: readonly string[]): string[] {
  const { cluster, details } = a;
  const primary = details.members[0];
  const ns = cluster.namespace;
  const host = primary.host ?? `${primary.objectName}.${ns}.svc`;
  const selector = `database.oracle.com/dataguard-broker=${brokerName(cluster)},database.oracle.com/component=execution-runner`;
  const runner = `$(${kubectlIn(stretched, details.brokerSite)}-n ${ns} get pods -l ${selector} -o name | head -n 1)`;
  const script = [
    'whenever sqlerror exit failure',
    `connect sys/"${secretValue(stretched, primary.site, ns, primary.adminPasswordSecret, 'oracle_pwd')}"@//${host}:${primary.port}/${primary.serviceName} as sysdba`,
    ...statements,
    'exit',
  ];
  return [
    ...(primary.objectName ? [`${kubectlIn(stretched, primary.site)}-n ${ns} wait singleinstancedatabase/${primary.objectName} --for=jsonpath='{.status.status}'=Healthy --timeout=60m`] : []),
    `{ ${script.map(echoLine).join(' ')} } | ${kubectlIn(stretched, details.brokerSite)}-n ${ns} exec -i ${runner} -- sqlplus -s -L /nolog`,
  ];
}

/** A shell `echo` of one line: in double quotes when it substitutes a Secret's value (`$(...)`), else in single quotes. */
function echoLine(line: string): string {
  return line.includes('$(') ? `echo "${line.replace(/"/g, '\\"')}";` : `echo '${line}';`;
}
