import { kindsOf, Prerequisite, prerequisite } from '../../k8s/prerequisites';

/** k8ssandra-operator release the K8ssandraCluster schema comes from. */
const K8SSANDRA_OPERATOR_VERSION = 'v1.32.5';
/** The namespace k8ssandra-operator's kustomize installs run in (its `config/deployments/*` namespace). */
const K8SSANDRA_OPERATOR_NAMESPACE = 'k8ssandra-operator';

/**
 * The 15 CRDs of every k8ssandra-operator v1.32.5 deployment (control or data plane, namespace
 * or cluster scope): its own and cass-operator v1.30.2's (`config/deployments/*`, as built).
 */
const K8SSANDRA_KINDS = [
  ...kindsOf('k8ssandra.io', ['K8ssandraCluster']),
  ...kindsOf('cassandra.datastax.com', ['CassandraDatacenter']),
  ...kindsOf('control.k8ssandra.io', ['CassandraTask', 'K8ssandraTask', 'ScheduledTask']),
  ...kindsOf('config.k8ssandra.io', ['ClientConfig']),
  ...kindsOf('medusa.k8ssandra.io', ['MedusaBackup', 'MedusaBackupJob', 'MedusaBackupSchedule', 'MedusaConfiguration', 'MedusaRestoreJob', 'MedusaTask']),
  ...kindsOf('reaper.k8ssandra.io', ['Reaper']),
  ...kindsOf('replication.k8ssandra.io', ['ReplicatedSecret']),
  ...kindsOf('stargate.k8ssandra.io', ['Stargate']),
];

/** The kustomize install of a k8ssandra-operator deployment at the pinned release, server-side (its CRDs exceed the client-side annotation limit). */
const k8ssandraInstall = (deployment: string) => () => [
  `kubectl apply --server-side --force-conflicts -k 'github.com/k8ssandra/k8ssandra-operator/config/deployments/${deployment}?ref=${K8SSANDRA_OPERATOR_VERSION}'`,
  `kubectl -n ${K8SSANDRA_OPERATOR_NAMESPACE} rollout status deployment/k8ssandra-operator --timeout=5m`,
];

/**
 * The operators a Cassandra cluster needs: k8ssandra-operator's control plane where the
 * K8ssandraCluster is written, its data plane (with cass-operator) in every cluster that runs a
 * datacenter (`cluster-setup.ts` asks for it by id). Install facts from the release, vendored in
 * `../shared/operators/`; `test/apply-check.test.ts` proves them against the real build.
 */
export const CASSANDRA_OPERATORS: readonly Prerequisite[] = [
  prerequisite({
    id: 'k8ssandra-operator-control-plane',
    name: 'k8ssandra-operator control plane, cluster-scoped (it reconciles K8ssandraClusters in every namespace and creates the datacenters in the registered data planes)',
    version: K8SSANDRA_OPERATOR_VERSION,
    // config/deployments/control-plane/cluster-scope: WATCH_NAMESPACE "" for both operators, K8SSANDRA_CONTROL_PLANE "true".
    kinds: K8SSANDRA_KINDS,
    namespace: K8SSANDRA_OPERATOR_NAMESPACE,
    after: ['cert-manager'],
    install: k8ssandraInstall('control-plane/cluster-scope'),
    source: 'https://docs.k8ssandra.io/install/local/multi-cluster-kustomize/ (cert-manager first; kustomize build of config/deployments/control-plane/cluster-scope)',
  }),
  prerequisite({
    id: 'k8ssandra-operator-data-plane',
    name: 'k8ssandra-operator data plane with cass-operator, cluster-scoped (it runs the CassandraDatacenter the control plane creates here)',
    version: K8SSANDRA_OPERATOR_VERSION,
    // config/deployments/data-plane/cluster-scope: WATCH_NAMESPACE "" for both operators, K8SSANDRA_CONTROL_PLANE "false".
    kinds: K8SSANDRA_KINDS,
    namespace: K8SSANDRA_OPERATOR_NAMESPACE,
    after: ['cert-manager'],
    install: k8ssandraInstall('data-plane/cluster-scope'),
    source: 'https://docs.k8ssandra.io/install/local/multi-cluster-kustomize/ (cert-manager first; kustomize build of config/deployments/data-plane/cluster-scope)',
  }),
];
