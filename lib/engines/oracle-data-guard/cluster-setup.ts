import { AnalyzedDataGuard } from './analysis';
import { ClusterSetup } from '../../k8s/cluster-setup';

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
export function dataGuardClusterSetup(a: AnalyzedDataGuard, stretched: boolean): ClusterSetup[] {
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
