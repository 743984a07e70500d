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
  /**
   * With monitoring of a stretched cluster's etcd: the node label that names a node's site, which
   * kube-state-metrics must export for the etcd alerts' join (lib/k8s/monitoring.ts writeEtcdMonitoring).
   */
  readonly etcdSiteLabel?: string;
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
/** prometheus-operator release the PodMonitor and PrometheusRule schemas come from (`../shared/schemas/crds/prometheus-operator/`). */
export const PROMETHEUS_OPERATOR_VERSION = 'v0.93.0';
/** `group/Kind` of each CRD in `group`, for a prerequisite's install facts. */
export const kindsOf = (group: string, kinds: readonly string[]) => kinds.map((k) => `${group}/${k}`);

/** A prerequisite from its install facts; its `groups` are those of its kinds, sorted. */
export function prerequisite(facts: Omit<Prerequisite, 'groups'>): Prerequisite {
  return { ...facts, groups: [...new Set(facts.kinds.map((k) => k.slice(0, k.lastIndexOf('/'))))].sort() };
}

/**
 * What the library's own writers need in a cluster (certificates, load balancer addresses, GSLB),
 * installed before the engines' operators (`SqlEngineDefinition.operators`), in install order.
 */
export const CLUSTER_PREREQUISITES: readonly Prerequisite[] = ([
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
] satisfies Omit<Prerequisite, 'groups'>[]).map(prerequisite);

/** What monitoring and multi-cluster services need, installed after the engines' operators, in install order. */
export const ADD_ON_PREREQUISITES: readonly Prerequisite[] = ([
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
      ...(cluster.etcdSiteLabel ? [
        '# the control plane\'s etcd alerts (REPORT.md#monitoring-control-plane) join etcd\'s series with kube_node_labels; enable both sides:',
        '# 1. etcd\'s metrics on the node address: in kubeadm\'s ClusterConfiguration, etcd.local.extraArgs listen-metrics-urls: http://0.0.0.0:2381 (kubeadm binds 127.0.0.1:2381), one control-plane node at a time',
        `# 2. kube-state-metrics --metric-labels-allowlist=nodes=[${cluster.etcdSiteLabel}] (kube-prometheus-stack: kube-state-metrics.metricLabelsAllowlist: ["nodes=[${cluster.etcdSiteLabel}]"]); check the etcd pods the PodMonitor selects:`,
        'kubectl -n kube-system get pods -l component=etcd,tier=control-plane -o wide',
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
] satisfies Omit<Prerequisite, 'groups'>[]).map(prerequisite);

/** The prerequisite with this id among `known`; throws for an unknown id. */
function prerequisiteById(known: readonly Prerequisite[], id: string): Prerequisite {
  const found = known.find((p) => p.id === id);
  if (!found) throw new Error(`No prerequisite "${id}": known are ${known.map((p) => p.id).join(', ')}.`);
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
 * Of the `known` prerequisites (in install order), those of the CRD groups one cluster's objects use, and the `required` ones (by id,
 * e.g. what an engine needs for objects its operator creates there), in install order (each after
 * those it needs, which are added when a group alone did not bring them in). A group that a
 * required prerequisite installs is not installed twice.
 */
export function prerequisitesFor(known: readonly Prerequisite[], groups: Iterable<string>, required: Iterable<string> = []): Prerequisite[] {
  const wanted = new Set<Prerequisite>([...required].map((id) => prerequisiteById(known, id)));
  const unknown: Prerequisite[] = [];
  for (const group of [...new Set(groups)].sort()) {
    if ([...wanted].some((p) => p.groups.includes(group))) continue;
    const installer = known.find((p) => p.groups.includes(group));
    if (installer) wanted.add(installer);
    else unknown.push(unknownGroup(group));
  }
  for (const p of [...wanted]) for (const id of p.after) wanted.add(prerequisiteById(known, id));
  return [...known.filter((p) => wanted.has(p)), ...unknown];
}
