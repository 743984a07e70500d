import { K8GB_CHART_VERSION } from './k8gb';

/** The Kubernetes cluster a prerequisite is installed in, as the apply output names it. */
export interface ClusterContext {
  /** The site whose cluster it is (one cluster per site), or undefined for the stretched cluster. */
  readonly site?: string;
  /** The folder of the cluster's apply entry point under the output folder (`.` for the root). */
  readonly entryPoint: string;
  /**
   * With monitoring on: the namespace Prometheus must run in, the only one the written metrics
   * NetworkPolicies admit to the members' metrics ports (Monitoring `scraperNamespace`).
   */
  readonly scraperNamespace?: string;
}

/**
 * Something a cluster must run before the objects synth wrote for it apply: an operator, its CRDs.
 * Its install facts (`kinds`, `watchedNamespaces`, `namespace`) are recorded from the upstream install at
 * `version`, vendored in `../shared/operators/` (see its README.md); `test/apply-check.test.ts`
 * builds those installs with `kubectl kustomize` and proves the facts match.
 */
export interface Prerequisite {
  /** Short id, e.g. `cert-manager`. */
  readonly id: string;
  /** What it is, for people. */
  readonly name: string;
  /** The release installed (and whose CRD schemas the output is validated against, `../shared/schemas/README.md`). */
  readonly version: string;
  /** The API groups whose CRDs it installs (those of `kinds`). */
  readonly groups: readonly string[];
  /** Every custom resource kind its install defines, as `group/Kind`. */
  readonly kinds: readonly string[];
  /**
   * The namespaces whose custom resources its controller reconciles (its `WATCH_NAMESPACE`);
   * undefined when it watches every namespace, empty when the install has no controller.
   */
  readonly watchedNamespaces?: readonly string[];
  /** The namespace its install creates and runs in; undefined when it creates none. */
  readonly namespace?: string;
  /** Ids of prerequisites that must be installed before this one. */
  readonly after: readonly string[];
  /** Where the install commands come from. */
  readonly source: string;
  /** Commands, run from inside the output folder. */
  install(cluster: ClusterContext): string[];
}

/** cert-manager release the Certificate and Issuer schemas come from. */
export const CERT_MANAGER_VERSION = 'v1.21.1';
/** MetalLB release the IPAddressPool, BGPPeer, BFDProfile and BGPAdvertisement schemas come from. */
export const METALLB_VERSION = 'v0.16.1';
/** mcs-api release the ServiceExport schema comes from. */
export const MCS_API_VERSION = 'v0.5.0';
/** k8ssandra-operator release the K8ssandraCluster schema comes from. */
export const K8SSANDRA_OPERATOR_VERSION = 'v1.32.5';
/**
 * Oracle Database Operator Release 2.2: merged into upstream `main` by pull request #245
 * (2026-07-30); no `v2.2.0` tag was seen. The objects are validated against the CRDs of the
 * development branch `sidbdevbranch` at e390bb952d5e (2026-04-22, before the release;
 * `../shared/schemas/crds/oracle-database-operator-2.2/`), so fields may differ from the release.
 */
export const ORACLE_OPERATOR_VERSION = 'Release 2.2';
/** The git ref the Oracle operator's install manifest is taken from (no 2.2 tag exists, see `ORACLE_OPERATOR_VERSION`). */
export const ORACLE_OPERATOR_REF = 'main';
/** prometheus-operator release the PodMonitor and PrometheusRule schemas come from (`../shared/schemas/crds/prometheus-operator/`). */
export const PROMETHEUS_OPERATOR_VERSION = 'v0.93.0';
/** The namespace k8ssandra-operator's kustomize installs run in (its `config/deployments/*` namespace). */
export const K8SSANDRA_OPERATOR_NAMESPACE = 'k8ssandra-operator';

/** `group/Kind` of each CRD in `group`, for the install facts below. */
const kindsOf = (group: string, kinds: readonly string[]) => kinds.map((k) => `${group}/${k}`);

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

/** The groups of a prerequisite's kinds, sorted. */
const groupsOf = (kinds: readonly string[]) => [...new Set(kinds.map((k) => k.slice(0, k.lastIndexOf('/'))))].sort();

/** Every prerequisite the library knows, in install order. */
export const PREREQUISITES: readonly Prerequisite[] = ([
  {
    id: 'cert-manager',
    name: 'cert-manager',
    version: CERT_MANAGER_VERSION,
    // deploy/crds/*.yaml at v1.21.1; no --namespace flag in its Deployment: every namespace.
    kinds: [...kindsOf('cert-manager.io', ['Certificate', 'CertificateRequest', 'ClusterIssuer', 'Issuer']), ...kindsOf('acme.cert-manager.io', ['Challenge', 'Order'])],
    namespace: 'cert-manager',
    after: [],
    install: () => [
      `kubectl apply -f https://github.com/cert-manager/cert-manager/releases/download/${CERT_MANAGER_VERSION}/cert-manager.yaml`,
      'kubectl -n cert-manager rollout status deployment/cert-manager-webhook --timeout=5m',
    ],
    source: 'https://cert-manager.io/docs/installation/kubectl/',
  },
  {
    id: 'metallb',
    name: 'MetalLB in FRR mode (BFD needs FRR)',
    version: METALLB_VERSION,
    // config/manifests/metallb-frr.yaml at v0.16.1: its config CRs are read only in metallb-system.
    kinds: kindsOf('metallb.io', ['BFDProfile', 'BGPAdvertisement', 'BGPPeer', 'Community', 'ConfigurationState', 'IPAddressPool', 'L2Advertisement', 'ServiceBGPStatus', 'ServiceL2Status']),
    watchedNamespaces: ['metallb-system'],
    namespace: 'metallb-system',
    after: [],
    install: () => [
      `kubectl apply -f https://raw.githubusercontent.com/metallb/metallb/${METALLB_VERSION}/config/manifests/metallb-frr.yaml`,
      'kubectl -n metallb-system rollout status deployment/controller --timeout=5m',
    ],
    source: 'https://metallb.universe.tf/installation/ (metallb/metallb config/manifests/metallb-frr.yaml)',
  },
  {
    id: 'k8gb',
    name: 'k8gb (Helm chart, with the values synth wrote for the site)',
    version: K8GB_CHART_VERSION,
    // chart/k8gb/crd/*.yaml at v0.20.0 with the default values; WATCH_NAMESPACE "" in templates/deployment.yaml.
    kinds: [...kindsOf('k8gb.io', ['Gslb', 'ZoneDelegation']), ...kindsOf('k8gb.absa.oss', ['Gslb']), ...kindsOf('externaldns.k8s.io', ['DNSEndpoint'])],
    namespace: 'k8gb',
    after: [],
    install: (cluster) => [
      'helm repo add k8gb https://www.k8gb.io',
      `helm upgrade --install k8gb k8gb/k8gb --version ${K8GB_CHART_VERSION} -n k8gb --create-namespace -f ${cluster.site ?? '<site>'}/k8gb-values.yaml`,
    ],
    source: 'https://www.k8gb.io (k8gb-io/k8gb chart/k8gb/Chart.yaml: home https://www.k8gb.io/)',
  },
  {
    id: 'oracle-database-operator',
    name: 'Oracle Database Operator for Kubernetes',
    version: ORACLE_OPERATOR_VERSION,
    // oracle-database-operator.yaml of sidbdevbranch e390bb952d5e (the 2.2 CRDs): 17 CRDs, WATCH_NAMESPACE "".
    kinds: [
      ...kindsOf('database.oracle.com', [
        'AutonomousContainerDatabase', 'AutonomousDatabase', 'AutonomousDatabaseBackup', 'AutonomousDatabaseRestore', 'DataguardBroker', 'DbcsSystem',
        'LREST', 'LRPDB', 'OracleRestDataService', 'OracleRestart', 'OrdsSrvs', 'RacDatabase', 'ShardingDatabase', 'SingleInstanceDatabase',
      ]),
      ...kindsOf('observability.oracle.com', ['DatabaseObserver']),
      ...kindsOf('privateai.oracle.com', ['PrivateAi']),
      ...kindsOf('network.oracle.com', ['TrafficManager']),
    ],
    namespace: 'oracle-database-operator-system',
    after: ['cert-manager'],
    install: () => [
      `# ${ORACLE_OPERATOR_VERSION} was merged into ${ORACLE_OPERATOR_REF} (oracle/oracle-database-operator pull request #245, 2026-07-30) without a tag: pin the commit you install`,
      `kubectl apply -f https://raw.githubusercontent.com/oracle/oracle-database-operator/${ORACLE_OPERATOR_REF}/rbac/cluster-role-binding.yaml`,
      `kubectl apply -f https://raw.githubusercontent.com/oracle/oracle-database-operator/${ORACLE_OPERATOR_REF}/oracle-database-operator.yaml`,
      'kubectl -n oracle-database-operator-system rollout status deployment/oracle-database-operator-controller-manager --timeout=5m',
    ],
    source: 'https://github.com/oracle/oracle-database-operator (README: cert-manager first, rbac/cluster-role-binding.yaml, then oracle-database-operator.yaml); objects checked against the CRDs of sidbdevbranch e390bb952d5e, which predate the release',
  },
  {
    id: 'k8ssandra-operator-control-plane',
    name: 'k8ssandra-operator control plane, cluster-scoped (it reconciles K8ssandraClusters in every namespace and creates the datacenters in the registered data planes)',
    version: K8SSANDRA_OPERATOR_VERSION,
    // config/deployments/control-plane/cluster-scope: WATCH_NAMESPACE "" for both operators, K8SSANDRA_CONTROL_PLANE "true".
    kinds: K8SSANDRA_KINDS,
    namespace: K8SSANDRA_OPERATOR_NAMESPACE,
    after: ['cert-manager'],
    install: k8ssandraInstall('control-plane/cluster-scope'),
    source: 'https://docs.k8ssandra.io/install/local/multi-cluster-kustomize/ (cert-manager first; kustomize build of config/deployments/control-plane/cluster-scope)',
  },
  {
    id: 'k8ssandra-operator-data-plane',
    name: 'k8ssandra-operator data plane with cass-operator, cluster-scoped (it runs the CassandraDatacenter the control plane creates here)',
    version: K8SSANDRA_OPERATOR_VERSION,
    // config/deployments/data-plane/cluster-scope: WATCH_NAMESPACE "" for both operators, K8SSANDRA_CONTROL_PLANE "false".
    kinds: K8SSANDRA_KINDS,
    namespace: K8SSANDRA_OPERATOR_NAMESPACE,
    after: ['cert-manager'],
    install: k8ssandraInstall('data-plane/cluster-scope'),
    source: 'https://docs.k8ssandra.io/install/local/multi-cluster-kustomize/ (cert-manager first; kustomize build of config/deployments/data-plane/cluster-scope)',
  },
  {
    id: 'prometheus-operator',
    name: 'prometheus-operator (kube-prometheus-stack brings it too)',
    version: PROMETHEUS_OPERATOR_VERSION,
    // bundle.yaml's CRDs (example/prometheus-operator-crd/ of the release); only PodMonitor, PrometheusRule and
    // ServiceMonitor are vendored here, so the apply check confirms those three. Its Deployment sets no --namespaces: every namespace.
    kinds: kindsOf('monitoring.coreos.com', ['Alertmanager', 'AlertmanagerConfig', 'PodMonitor', 'Probe', 'Prometheus', 'PrometheusAgent', 'PrometheusRule', 'ScrapeConfig', 'ServiceMonitor', 'ThanosRuler']),
    after: [],
    install: (cluster) => [
      `kubectl apply --server-side -f https://github.com/prometheus-operator/prometheus-operator/releases/download/${PROMETHEUS_OPERATOR_VERSION}/bundle.yaml`,
      'kubectl -n default rollout status deployment/prometheus-operator --timeout=5m',
      cluster.site === undefined
        ? '# then a Prometheus that reaches every site, whose podMonitorSelector and ruleSelector match the labels of the PodMonitors and PrometheusRules synth wrote (Monitoring resourceLabels)'
        : `# then a Prometheus in this cluster (it scrapes ${cluster.site}'s members only), whose podMonitorSelector, serviceMonitorSelector and ruleSelector match `
          + 'the labels of the PodMonitors and PrometheusRules synth wrote and of the ServiceMonitors operators write from them (Monitoring resourceLabels)',
      ...(cluster.scraperNamespace ? [
        `# that Prometheus must run in the namespace ${cluster.scraperNamespace} (Monitoring scraperNamespace): the metrics NetworkPolicies synth wrote admit scrapes only from pods there; check it is listed:`,
        `kubectl get prometheus -n ${cluster.scraperNamespace}`,
      ] : []),
    ],
    source: 'https://prometheus-operator.dev/docs/getting-started/installation/ (bundle.yaml of the release; kube-prometheus-stack installs the same CRDs)',
  },
  {
    id: 'mcs-api',
    name: 'a multi-cluster services implementation (Submariner Lighthouse, GKE multi-cluster services or Cilium ClusterMesh) and the mcs-api CRDs',
    version: MCS_API_VERSION,
    // config/crd/*.yaml at v0.5.0; the implementation brings the controller.
    kinds: kindsOf('multicluster.x-k8s.io', ['ServiceExport', 'ServiceImport']),
    after: [],
    install: (cluster) => [
      `kubectl apply -f https://raw.githubusercontent.com/kubernetes-sigs/mcs-api/${MCS_API_VERSION}/config/crd/multicluster.x-k8s.io_serviceexports.yaml`,
      `kubectl apply -f https://raw.githubusercontent.com/kubernetes-sigs/mcs-api/${MCS_API_VERSION}/config/crd/multicluster.x-k8s.io_serviceimports.yaml`,
      `# join this cluster to the cluster set with cluster id "${cluster.site ?? '<site>'}" (the name members join by); your implementation's guide says how`,
    ],
    source: 'https://github.com/kubernetes-sigs/mcs-api (config/crd/), KEP-1645',
  },
] satisfies Omit<Prerequisite, 'groups'>[]).map((p) => ({ ...p, groups: groupsOf(p.kinds) }));

/** The prerequisite with this id; throws for an unknown id. */
export function prerequisiteById(id: string): Prerequisite {
  const found = PREREQUISITES.find((p) => p.id === id);
  if (!found) throw new Error(`No prerequisite "${id}": known are ${PREREQUISITES.map((p) => p.id).join(', ')}.`);
  return found;
}

/** An API group no known prerequisite installs, as a prerequisite that says so. */
function unknownGroup(group: string): Prerequisite {
  return {
    id: `crd:${group}`,
    name: `the operator or CRDs that define ${group} (not one the library knows)`,
    version: 'unknown',
    groups: [group],
    kinds: [],
    after: [],
    install: () => [`# install what defines the ${group} CRDs`],
    source: 'the object that uses it',
  };
}

/**
 * The prerequisites of the CRD groups one cluster's objects use, and the `required` ones (by id,
 * e.g. what an engine needs for objects its operator creates there), in install order (each after
 * those it needs, which are added when a group alone did not bring them in). A group that a
 * required prerequisite installs is not installed twice.
 */
export function prerequisitesFor(groups: Iterable<string>, required: Iterable<string> = []): Prerequisite[] {
  const wanted = new Set<Prerequisite>([...required].map(prerequisiteById));
  const unknown: Prerequisite[] = [];
  for (const group of [...new Set(groups)].sort()) {
    if ([...wanted].some((p) => p.groups.includes(group))) continue;
    const known = PREREQUISITES.find((p) => p.groups.includes(group));
    if (known) wanted.add(known);
    else unknown.push(unknownGroup(group));
  }
  for (const p of [...wanted]) for (const id of p.after) wanted.add(PREREQUISITES.find((q) => q.id === id)!);
  return [...PREREQUISITES.filter((p) => wanted.has(p)), ...unknown];
}
