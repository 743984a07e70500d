import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { SITE_LABEL, workloadLabels } from './labels';
import { OutputCharts } from './output-charts';
import {
  AlertRule, clusterAlertRules, CLUSTER_METRIC_LABEL, COMPONENT_METRIC_LABEL, siteAlertRules, SITE_METRIC_LABEL, sitesWithMembers,
} from '../analysis/alert-rules';
import {
  ETCD_CLUSTER_LABEL_VALUE, ETCD_COMPONENT, etcdAlertRules, NODE_METRIC_LABEL,
} from '../analysis/etcd-alert-rules';
import { gslbAlertRules, K8GB_NAMESPACE, K8GB_RELEASE } from '../analysis/gslb-alert-rules';
import { MetricsEndpoint } from '../analysis/metrics-endpoint';
import { ClusterMonitoringPlan, ControlPlaneMonitoringPlan, GslbSiteMonitoringPlan, MonitoringPlan } from '../analysis/monitoring-plan';
import * as mon from '../imports/monitoring.coreos.com';

/** The namespace cert-manager's release manifest installs into (APPLY.md's cert-manager step). */
const CERT_MANAGER_NAMESPACE = 'cert-manager';

/** The Prometheus meta label of a pod label: prometheus-operator's Kubernetes SD sanitizes the name (`[^a-zA-Z0-9_]` → `_`). */
const podLabelMeta = (label: string) => `__meta_kubernetes_pod_label_${label.replace(/[^a-zA-Z0-9_]/g, '_')}`;

/**
 * Writes the design's monitoring: per cluster, a PodMonitor per component where its members
 * publish metrics (each series labelled with the cluster, the component and the pod's site; none
 * where the operator writes its own scrape object), a NetworkPolicy that admits the scraper, and
 * a PrometheusRule with the cluster's alerts. One stretched cluster: all in `cluster-wide/`, one
 * Prometheus sees every site. One cluster per site: each site's objects in its own folder, the
 * rule with what that site's Prometheus can decide (`siteAlertRules`), and the site's k8gb
 * scraped with its Gslb alerts.
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.PodMonitor
 */
export function writeMonitoring(plan: MonitoringPlan, charts: OutputCharts): void {
  const certManagerIn = new Set<string | undefined>();
  for (const cluster of plan.clusters) {
    if (cluster.certificatesFromCertManager) for (const site of plan.perSite ? sitesWithMembers(cluster) : [undefined]) certManagerIn.add(site);
    if (!plan.perSite) {
      writeScrapes(charts.clusterWide(), cluster, cluster.endpoints, plan);
      writePrometheusRule(charts.clusterWide(), cluster, clusterAlertRules(cluster, plan.settings), plan);
      continue;
    }
    for (const site of sitesWithMembers(cluster)) {
      const chart = charts.forSite(site);
      const endpoints = cluster.endpoints.filter((e) => (e.podsPerSite.get(site) ?? 0) > 0);
      writeScrapes(chart, cluster, endpoints, plan, site);
      writePrometheusRule(chart, cluster, siteAlertRules(cluster, plan.settings, site), plan);
    }
  }
  for (const gslb of plan.gslbSites) writeK8gbMonitoring(charts.forSite(gslb.site), gslb, plan);
  if (plan.controlPlane) writeEtcdMonitoring(charts.clusterWide(), plan.controlPlane, plan);
  for (const site of certManagerIn) writeCertManagerMonitor(site === undefined ? charts.clusterWide() : charts.forSite(site), plan, site);
}

/**
 * cert-manager's controller, scraped where it issues a monitored cluster's certificates: its
 * expiry metric is what the certificate alerts read. APPLY.md installs the release's static
 * manifest, rendered as release `cert-manager` in namespace cert-manager (cert-manager v1.21.1
 * make/manifests.mk), whose controller pods carry the chart's labels and publish `/metrics` on
 * the container port `http-metrics`, 9402 (deploy/charts/cert-manager/templates/deployment.yaml).
 * No NetworkPolicy: the library writes none in namespace cert-manager.
 */
function writeCertManagerMonitor(chart: Chart, plan: MonitoringPlan, site?: string): void {
  new mon.PodMonitor(chart, 'podmonitor-cert-manager', {
    metadata: { name: 'cert-manager', namespace: CERT_MANAGER_NAMESPACE, labels: { ...workloadLabels('prometheus', 'cert-manager', 'monitoring'), ...plan.settings.resourceLabels } },
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': 'cert-manager', 'app.kubernetes.io/instance': 'cert-manager', 'app.kubernetes.io/component': 'controller' } },
      namespaceSelector: { matchNames: [CERT_MANAGER_NAMESPACE] },
      podMetricsEndpoints: [{
        port: 'http-metrics',
        path: '/metrics',
        scheme: mon.PodMonitorSpecPodMetricsEndpointsScheme.HTTP,
        interval: plan.settings.scrapeInterval,
        ...(site ? { relabelings: [{ targetLabel: SITE_METRIC_LABEL, replacement: site }] } : {}),
      }],
    },
  });
}

/** Per endpoint, its PodMonitor (unless the operator writes the scrape object) and the NetworkPolicy that admits the scraper. */
function writeScrapes(
  chart: Chart, cluster: ClusterMonitoringPlan, endpoints: readonly MetricsEndpoint[], plan: MonitoringPlan, site?: string,
): void {
  for (const endpoint of endpoints) {
    if (!endpoint.scrapedByOperator) writePodMonitor(chart, cluster, endpoint, plan, site);
    writeScrapePolicy(chart, cluster, endpoint, plan.settings.scraperNamespace);
  }
}

/** A PodMonitor; `site` (one cluster per site) labels every series with it, where the pods' site label would otherwise. */
function writePodMonitor(chart: Chart, cluster: ClusterMonitoringPlan, endpoint: MetricsEndpoint, plan: MonitoringPlan, site?: string): void {
  const name = `${cluster.cluster}-${endpoint.component}`;
  new mon.PodMonitor(chart, `podmonitor-${name}`, {
    metadata: { name, namespace: cluster.namespace, labels: { ...workloadLabels('prometheus', cluster.cluster, 'monitoring'), ...plan.settings.resourceLabels } },
    spec: {
      selector: { matchLabels: { ...endpoint.podLabels } },
      namespaceSelector: { matchNames: [cluster.namespace] },
      podMetricsEndpoints: [{
        port: endpoint.port,
        path: endpoint.path,
        scheme: endpoint.scheme === 'https' ? mon.PodMonitorSpecPodMetricsEndpointsScheme.HTTPS : mon.PodMonitorSpecPodMetricsEndpointsScheme.HTTP,
        interval: plan.settings.scrapeInterval,
        ...(endpoint.tls
          ? { tlsConfig: { ca: { secret: { name: endpoint.tls.caSecret, key: endpoint.tls.caKey } }, serverName: endpoint.tls.serverName } }
          : {}),
        relabelings: [
          site === undefined
            ? { sourceLabels: [podLabelMeta(SITE_LABEL)], targetLabel: SITE_METRIC_LABEL }
            : { targetLabel: SITE_METRIC_LABEL, replacement: site },
          { targetLabel: CLUSTER_METRIC_LABEL, replacement: cluster.cluster },
          { targetLabel: COMPONENT_METRIC_LABEL, replacement: endpoint.component },
        ],
      }],
    },
  });
}

/**
 * Admits the scraper's namespace to the component's metrics port: the cluster's namespace denies
 * every other ingress (`networkpolicy-default-deny-ingress`), and NetworkPolicies add up.
 * MS-NETWORK-FLOW-BLOCKED writes it too, to judge the scrape flows (lib/check/scrape-flows.ts).
 */
export function writeScrapePolicy(
  chart: Chart, cluster: { readonly cluster: string; readonly namespace: string }, endpoint: MetricsEndpoint, scraperNamespace: string,
): void {
  const name = `${cluster.cluster}-${endpoint.component}-metrics`;
  const policy = new kplus.NetworkPolicy(chart, `networkpolicy-${name}`, {
    metadata: { name, namespace: cluster.namespace, labels: workloadLabels('prometheus', cluster.cluster, 'monitoring') },
    selector: kplus.Pods.select(chart, `${name}-pods`, { labels: { ...endpoint.podLabels } }),
  });
  const scrapers = kplus.Pods.select(chart, `${name}-scrapers`, { namespaces: kplus.Namespaces.select(chart, `${name}-scraper-namespace`, { names: [scraperNamespace] }) });
  policy.addIngressRule(scrapers, [kplus.NetworkPolicyPort.tcp(endpoint.portNumber)]);
}

function writePrometheusRule(chart: Chart, cluster: ClusterMonitoringPlan, rules: readonly AlertRule[], plan: MonitoringPlan): void {
  writeRuleObject(chart, { name: `${cluster.cluster}-margin`, namespace: cluster.namespace, instance: cluster.cluster, group: `${cluster.cluster}.cdk-multisite` }, rules, plan);
}

/** A PrometheusRule of one group, labelled for the Prometheus that selects the library's objects. */
function writeRuleObject(
  chart: Chart, at: { name: string; namespace: string; instance: string; group: string }, rules: readonly AlertRule[], plan: MonitoringPlan,
): void {
  new mon.PrometheusRule(chart, `prometheusrule-${at.name}`, {
    metadata: { name: at.name, namespace: at.namespace, labels: { ...workloadLabels('prometheus', at.instance, 'monitoring'), ...plan.settings.resourceLabels } },
    spec: {
      groups: [{
        name: at.group,
        rules: rules.map((r) => ({
          alert: r.alert,
          expr: mon.PrometheusRuleSpecGroupsRulesExpr.fromString(r.expr),
          for: r.for,
          labels: { ...r.labels },
          annotations: { ...r.annotations },
        })),
      }],
    },
  });
}

/**
 * A site's k8gb: a PodMonitor on the operator's `metrics` container port (k8gb-io/k8gb v0.20.0
 * chart/k8gb/templates/deployment.yaml: pods labelled by the chart's selector labels,
 * `app.kubernetes.io/name: k8gb` and `app.kubernetes.io/instance: <release>`; port `metrics` at
 * `metricsAddress`, controller-runtime's `/metrics`) and its Gslb alerts. No NetworkPolicy: the
 * library writes none in namespace k8gb, so nothing there denies the scrape. The chart's own
 * ServiceMonitor (`k8gb.serviceMonitor.enabled`) carries only the chart's labels, which a
 * Prometheus selecting `resourceLabels` would not pick up, so it stays off.
 */
function writeK8gbMonitoring(chart: Chart, gslb: GslbSiteMonitoringPlan, plan: MonitoringPlan): void {
  new mon.PodMonitor(chart, 'podmonitor-k8gb', {
    metadata: { name: 'k8gb', namespace: K8GB_NAMESPACE, labels: { ...workloadLabels('prometheus', 'k8gb', 'monitoring'), ...plan.settings.resourceLabels } },
    spec: {
      selector: { matchLabels: { 'app.kubernetes.io/name': 'k8gb', 'app.kubernetes.io/instance': K8GB_RELEASE } },
      namespaceSelector: { matchNames: [K8GB_NAMESPACE] },
      podMetricsEndpoints: [{
        port: 'metrics',
        path: '/metrics',
        scheme: mon.PodMonitorSpecPodMetricsEndpointsScheme.HTTP,
        interval: plan.settings.scrapeInterval,
        relabelings: [{ targetLabel: SITE_METRIC_LABEL, replacement: gslb.site }],
      }],
    },
  });
  writeRuleObject(chart, { name: 'k8gb-gslb', namespace: K8GB_NAMESPACE, instance: 'k8gb', group: 'k8gb.cdk-multisite' }, gslbAlertRules(gslb, plan.settings), plan);
}

/** The namespace kubeadm runs the control plane's static pods in. */
const KUBE_SYSTEM = 'kube-system';
/**
 * etcd's metrics port in kubeadm (`kubeadmconstants.EtcdMetricsPort`, 2381; plain HTTP, no
 * client certificate). kubeadm binds it to 127.0.0.1 (cmd/kubeadm/app/phases/etcd/local.go,
 * `listen-metrics-urls`), so the user sets `etcd.local.extraArgs` `listen-metrics-urls:
 * http://0.0.0.0:2381` for any Prometheus to scrape it (kube-prometheus-stack's kube-etcd job
 * needs the same).
 */
const ETCD_METRICS_PORT = 2381;

/**
 * A stretched cluster's etcd: a PodMonitor of its own on kubeadm's static etcd pods in
 * kube-system (labelled `component: etcd`, `tier: control-plane`: kubeadm's
 * cmd/kubeadm/app/util/staticpod/utils.go ComponentPod), each series labelled with its pod's
 * node (`__meta_kubernetes_pod_node_name` → `node`, as kube-state-metrics names nodes), and the
 * PrometheusRule whose alerts join it with `kube_node_labels` to count members up per site
 * (`etcdAlertRules`). The static pod declares no container port (it runs on the host network),
 * so the endpoint names none and the address is set to the pod's (the node's) IP and etcd's
 * metrics port: Prometheus' pod discovery makes "a port-free target per container ... for
 * manually adding a port via relabeling"
 * (https://prometheus.io/docs/prometheus/latest/configuration/configuration/#pod). kube-prometheus-stack's
 * own `kube-etcd` job (templates/exporters/kube-etcd/servicemonitor.yaml: a ServiceMonitor on a
 * headless Service selecting `component: etcd`, no relabeling by default) carries no node label,
 * so the library does not rely on it.
 */
function writeEtcdMonitoring(chart: Chart, cp: ControlPlaneMonitoringPlan, plan: MonitoringPlan): void {
  const labels = { ...workloadLabels('prometheus', ETCD_CLUSTER_LABEL_VALUE, 'monitoring'), ...plan.settings.resourceLabels };
  new mon.PodMonitor(chart, 'podmonitor-control-plane-etcd', {
    metadata: { name: 'cdk-multisite-etcd', namespace: KUBE_SYSTEM, labels },
    spec: {
      selector: { matchLabels: { component: 'etcd', tier: 'control-plane' } },
      namespaceSelector: { matchNames: [KUBE_SYSTEM] },
      podMetricsEndpoints: [{
        path: '/metrics',
        scheme: mon.PodMonitorSpecPodMetricsEndpointsScheme.HTTP,
        interval: plan.settings.scrapeInterval,
        relabelings: [
          // An IPv6 address in brackets (relabel regexes are anchored; a replace whose regex does not match changes nothing).
          { sourceLabels: ['__meta_kubernetes_pod_ip'], regex: '([^:]+)', targetLabel: '__address__', replacement: `$1:${ETCD_METRICS_PORT}` },
          { sourceLabels: ['__meta_kubernetes_pod_ip'], regex: '(.+:.+)', targetLabel: '__address__', replacement: `[$1]:${ETCD_METRICS_PORT}` },
          { sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: NODE_METRIC_LABEL },
          { targetLabel: CLUSTER_METRIC_LABEL, replacement: ETCD_CLUSTER_LABEL_VALUE },
          { targetLabel: COMPONENT_METRIC_LABEL, replacement: ETCD_COMPONENT },
        ],
      }],
    },
  });
  writeRuleObject(chart, { name: 'cdk-multisite-control-plane', namespace: KUBE_SYSTEM, instance: ETCD_CLUSTER_LABEL_VALUE, group: 'control-plane.cdk-multisite' },
    etcdAlertRules(cp, plan.settings), plan);
}
