import { AnalyzedCassandra } from './analysis';
import { MEDUSA_CREDENTIALS_KEY, medusaStorageSecretCommands, medusaStorageSecretName } from './backup';
import { cqlshAsSuperuser } from './cqlsh-superuser';
import { cassandraWriteHealthStep } from './write-health-setup';
import { ApplyStep, ClusterSetup, Precondition } from '../../k8s/cluster-setup';
import { DesignModel } from '../../model/design';

/** The CassandraDatacenter version k8ssandra-operator v1.32.5 creates (cass-operator v1.30.2 `apis/cassandra/v1beta1`). */
const CASSANDRA_DATACENTER_API = 'cassandra.datastax.com/v1beta1';

/**
 * What a Cassandra cluster needs of each Kubernetes cluster (k8ssandra-operator v1.32.5,
 * `docs/content/en/install/local/multi-cluster-kustomize/` and `tasks/data-plane-registration/`):
 *
 * - the control plane, cluster-scoped (`config/deployments/control-plane/cluster-scope`,
 *   `WATCH_NAMESPACE=""`), so it reconciles the K8ssandraCluster in the cluster's own namespace.
 *   The namespace-scoped default watches only `k8ssandra-operator`; keeping the database out of
 *   the operator's namespace keeps its Pod Security level and NetworkPolicies its own;
 * - in every other data site the data plane, cluster-scoped too: the control plane creates each
 *   CassandraDatacenter there in the K8ssandraCluster's namespace, which cass-operator must watch;
 * - each datacenter's cluster (the control plane's own too, when it holds one: the datacenter
 *   still names a k8sContext) registered in the control plane as a ClientConfig named after its
 *   `k8sContext` (`kubectl k8ssandra register`, k8ssandra-client `register/command.go`:
 *   `--destination-name` names the ClientConfig), before the K8ssandraCluster is applied;
 * - `KEYSPACES-<cluster>.cql` once every datacenter is Ready: Cassandra refuses a replication
 *   map naming a datacenter it does not know yet;
 * - with backups, Medusa's credentials Secret in each datacenter's namespace: the operator
 *   mounts it into the pods there and copies it nowhere (only a MedusaConfiguration's Secret is
 *   labelled for replication: `controllers/medusa/medusaconfiguration_controller.go`).
 * - with a GSLB host depending on the cluster, the write-path probe's role and table
 *   (`./write-health-setup.ts`).
 */
export function cassandraClusterSetup(design: DesignModel, a: AnalyzedCassandra): ClusterSetup[] {
  const { cluster, details } = a;
  const ns = cluster.namespace;
  const remote = details.datacenters.filter((dc) => dc.site !== details.controlPlane);
  const datacenter = (site: string) => ({
    apiVersion: CASSANDRA_DATACENTER_API,
    kind: 'CassandraDatacenter',
    namespace: ns,
    name: site,
    createdBy: `k8ssandra-operator's control plane in ${details.controlPlane}, from K8ssandraCluster ${ns}/${cluster.name}`,
  });
  // What cass-operator's StatefulSets need in each data cluster: the data volumes' StorageClass and
  // the zone label each rack's pods are pinned by (K8ssandraCluster racks[].nodeAffinityLabels).
  const dataClusterNeeds = (site: string): Precondition[] => {
    const dc = details.datacenters.find((d) => d.site === site)!;
    const storage = cluster.engine.storageClassName;
    const needs = `CassandraDatacenter ${ns}/${site}`;
    return [
      {
        kind: 'StorageClass',
        name: storage ?? '(default)',
        neededBy: needs,
        commands: [storage ? `kubectl get storageclass ${storage}` : 'kubectl get storageclass  # one must be marked (default); to mark one: kubectl annotate storageclass <name> storageclass.kubernetes.io/is-default-class=true'],
      },
      ...dc.racks.filter((r) => r.zone).map((r) => ({
        kind: 'node label',
        name: `topology.kubernetes.io/zone=${r.zone}`,
        neededBy: `rack ${r.name} of ${needs}`,
        commands: [`kubectl label node <each node of zone ${r.zone}> topology.kubernetes.io/zone=${r.zone}`],
      })),
      ...(cluster.backup ? medusaSecrets() : []),
    ];
  };
  // Medusa reads only its own credentials file (./backup.ts): made from the target's Secret, which
  // is provided first in the same namespace; the operator mounts it into every pod there.
  const createNamespace = `kubectl create namespace ${ns} --dry-run=client -o yaml | kubectl apply -f -`;
  const medusaSecrets = (): Precondition[] => {
    const t = cluster.backup!.target;
    const medusaSecret = medusaStorageSecretName(cluster);
    return [
      {
        kind: 'Secret',
        name: t.credentialsSecret,
        namespace: ns,
        keys: [t.accessKeyIdKey, t.secretAccessKeyKey],
        neededBy: `the command below that makes Secret ${ns}/${medusaSecret}: the access key that may write s3://${t.bucket}/${t.prefix}/`,
        commands: [createNamespace, `kubectl -n ${ns} create secret generic ${t.credentialsSecret} --from-literal=${t.accessKeyIdKey}=<access key id> --from-literal=${t.secretAccessKeyKey}=<secret access key>`],
      },
      {
        kind: 'Secret',
        name: medusaSecret,
        namespace: ns,
        keys: [MEDUSA_CREDENTIALS_KEY],
        neededBy: `the medusa containers of every Cassandra pod here (K8ssandraCluster ${ns}/${cluster.name} spec.medusa.storageProperties.storageSecretRef): Medusa reads only an AWS credentials file, made here from Secret ${ns}/${t.credentialsSecret}`,
        commands: medusaStorageSecretCommands(cluster),
      },
    ];
  };
  const operatorNs = cluster.engine.operatorNamespace;
  const namespaceFlags = operatorNs === 'k8ssandra-operator' ? '' : ` --source-namespace ${operatorNs} --dest-namespace ${operatorNs}`;
  const register: ApplyStep = {
    title: `Register each data plane with the control plane: a ClientConfig per datacenter, named after its k8sContext (set CONTROL_PLANE_CONTEXT to your kubectl context of ${details.controlPlane}'s cluster; each --source-context is your kubectl context of that datacenter's cluster, here assumed to have the k8sContext's name). Needs the k8ssandra kubectl plugin (k8ssandra/k8ssandra-client).`,
    // Every datacenter names a k8sContext, the control plane's own too: each needs its ClientConfig.
    commands: details.datacenters.map((dc) => `kubectl k8ssandra register --source-context ${dc.context} --dest-context "$CONTROL_PLANE_CONTEXT" --destination-name ${dc.context}${namespaceFlags}`),
  };
  const first = details.datacenters[0];
  const keyspaces = details.keyspaces.some((k) => !k.assumed);
  const ready: ApplyStep = {
    title: 'Wait until every datacenter is Ready (cass-operator sets the condition once all its nodes have joined).',
    commands: details.datacenters.map((dc) => `kubectl --context ${dc.context} -n ${ns} wait cassandradatacenter/${dc.site} --for=condition=Ready --timeout=60m`),
  };
  const cql: ApplyStep[] = keyspaces && first ? [{
    title: `Then create the keyspaces, once, from one node (the superuser Secret is the one k8ssandra-operator creates, \`${cluster.name}-superuser\`)${cluster.engine.insecure ? '' : '; client encryption is on, so cqlsh connects with --ssl'}.`,
    commands: cqlshAsSuperuser(a, { file: `KEYSPACES-${cluster.name}.cql` }),
  }] : [];
  const writeHealth = cassandraWriteHealthStep(design, a);
  return [
    ...remote.map((dc) => ({
      site: dc.site,
      prerequisites: ['k8ssandra-operator-data-plane'],
      operatorCreates: [datacenter(dc.site)],
      provide: dataClusterNeeds(dc.site),
    })),
    {
      site: details.controlPlane,
      prerequisites: ['k8ssandra-operator-control-plane'],
      operatorCreates: details.controlPlaneHoldsData ? [datacenter(details.controlPlane)] : [],
      provide: details.controlPlaneHoldsData ? dataClusterNeeds(details.controlPlane) : [],
      appliedAfter: remote.map((dc) => dc.site),
      beforeApply: details.datacenters.length > 0 ? [register] : [],
      afterApply: [ready, ...cql, ...(writeHealth ? [writeHealth] : [])],
    },
  ];
}
