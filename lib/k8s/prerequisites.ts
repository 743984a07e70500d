import { K8GB_CHART_VERSION } from './k8gb';

/** The Kubernetes cluster a prerequisite is installed in, as the apply output names it. */
export interface ClusterContext {
  /** The site whose cluster it is (one cluster per site), or undefined for the stretched cluster. */
  readonly site?: string;
  /** The folder of the cluster's apply entry point under the output folder (`.` for the root). */
  readonly entryPoint: string;
}

/** Something a cluster must run before the objects synth wrote for it apply: an operator, its CRDs. */
export interface Prerequisite {
  /** Short id, e.g. `cert-manager`. */
  readonly id: string;
  /** What it is, for people. */
  readonly name: string;
  /** The release whose CRD schemas the output is validated against (`../shared/schemas/README.md`). */
  readonly version: string;
  /** The API groups whose CRDs it installs. */
  readonly groups: readonly string[];
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
 * Oracle Database Operator: the schemas are 2.2's (development branch `sidbdevbranch` at
 * e390bb952d5e, `../shared/schemas/README.md`); 2.2.0 has no tag yet.
 */
export const ORACLE_OPERATOR_VERSION = 'v2.2.0';

/** Every prerequisite the library knows, in install order. */
export const PREREQUISITES: readonly Prerequisite[] = [
  {
    id: 'cert-manager',
    name: 'cert-manager',
    version: CERT_MANAGER_VERSION,
    groups: ['cert-manager.io', 'acme.cert-manager.io'],
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
    groups: ['metallb.io'],
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
    groups: ['k8gb.io', 'k8gb.absa.oss', 'externaldns.k8s.io'],
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
    groups: ['database.oracle.com', 'observability.oracle.com'],
    after: ['cert-manager'],
    install: () => [
      `kubectl apply -f https://raw.githubusercontent.com/oracle/oracle-database-operator/${ORACLE_OPERATOR_VERSION}/oracle-database-operator.yaml`,
    ],
    source: 'https://github.com/oracle/oracle-database-operator (README: cert-manager first, then oracle-database-operator.yaml)',
  },
  {
    id: 'k8ssandra-operator',
    name: 'k8ssandra-operator (its control-plane deployment, from the release tag with kustomize)',
    version: K8SSANDRA_OPERATOR_VERSION,
    groups: ['k8ssandra.io', 'cassandra.datastax.com', 'control.k8ssandra.io', 'medusa.k8ssandra.io', 'reaper.k8ssandra.io', 'replication.k8ssandra.io', 'stargate.k8ssandra.io', 'config.k8ssandra.io'],
    after: ['cert-manager'],
    install: () => [
      `kubectl apply --server-side --force-conflicts -k 'github.com/k8ssandra/k8ssandra-operator/config/deployments/control-plane?ref=${K8SSANDRA_OPERATOR_VERSION}'`,
    ],
    source: 'https://docs.k8ssandra.io/install/ (cert-manager first; the kustomize install of the operator)',
  },
  {
    id: 'mcs-api',
    name: 'a multi-cluster services implementation (Submariner Lighthouse, GKE multi-cluster services or Cilium ClusterMesh) and the mcs-api CRDs',
    version: MCS_API_VERSION,
    groups: ['multicluster.x-k8s.io'],
    after: [],
    install: (cluster) => [
      `kubectl apply -f https://raw.githubusercontent.com/kubernetes-sigs/mcs-api/${MCS_API_VERSION}/config/crd/multicluster.x-k8s.io_serviceexports.yaml`,
      `kubectl apply -f https://raw.githubusercontent.com/kubernetes-sigs/mcs-api/${MCS_API_VERSION}/config/crd/multicluster.x-k8s.io_serviceimports.yaml`,
      `# join this cluster to the cluster set with cluster id "${cluster.site ?? '<site>'}" (the name members join by); your implementation's guide says how`,
    ],
    source: 'https://github.com/kubernetes-sigs/mcs-api (config/crd/), KEP-1645',
  },
];

/** An API group no known prerequisite installs, as a prerequisite that says so. */
function unknownGroup(group: string): Prerequisite {
  return {
    id: `crd:${group}`,
    name: `the operator or CRDs that define ${group} (not one the library knows)`,
    version: 'unknown',
    groups: [group],
    after: [],
    install: () => [`# install what defines the ${group} CRDs`],
    source: 'the object that uses it',
  };
}

/**
 * The prerequisites of the CRD groups one cluster's objects use, in install order (each after
 * those it needs, which are added when a group alone did not bring them in).
 */
export function prerequisitesFor(groups: Iterable<string>): Prerequisite[] {
  const wanted = new Set<Prerequisite>();
  const unknown: Prerequisite[] = [];
  for (const group of [...new Set(groups)].sort()) {
    const known = PREREQUISITES.find((p) => p.groups.includes(group));
    if (known) wanted.add(known);
    else unknown.push(unknownGroup(group));
  }
  for (const p of [...wanted]) for (const id of p.after) wanted.add(PREREQUISITES.find((q) => q.id === id)!);
  return [...PREREQUISITES.filter((p) => wanted.has(p)), ...unknown];
}
