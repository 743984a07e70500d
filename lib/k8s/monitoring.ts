import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { SITE_LABEL, workloadLabels } from './labels';
import { AlertRule, clusterAlertRules, CLUSTER_METRIC_LABEL, COMPONENT_METRIC_LABEL, SITE_METRIC_LABEL } from '../analysis/alert-rules';
import { MetricsEndpoint } from '../analysis/metrics-endpoint';
import { ClusterMonitoringPlan, MonitoringPlan } from '../analysis/monitoring-plan';
import * as mon from '../imports/monitoring.coreos.com';

/** The Prometheus meta label of a pod label: prometheus-operator's Kubernetes SD sanitizes the name (`[^a-zA-Z0-9_]` → `_`). */
const podLabelMeta = (label: string) => `__meta_kubernetes_pod_label_${label.replace(/[^a-zA-Z0-9_]/g, '_')}`;

/**
 * Writes the design's monitoring into `chart` (the stretched cluster's): per cluster, a PodMonitor
 * per component where its members publish metrics (each series labelled with the cluster, the
 * component and the pod's site) and a PrometheusRule with the cluster's alerts.
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.PodMonitor
 */
export function writeMonitoring(plan: MonitoringPlan, chart: Chart): void {
  for (const cluster of plan.clusters) {
    for (const endpoint of cluster.endpoints) {
      writePodMonitor(chart, cluster, endpoint, plan);
      writeScrapePolicy(chart, cluster, endpoint, plan);
    }
    writePrometheusRule(chart, cluster, clusterAlertRules(cluster, plan.settings), plan);
  }
}

function writePodMonitor(chart: Chart, cluster: ClusterMonitoringPlan, endpoint: MetricsEndpoint, plan: MonitoringPlan): void {
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
          { sourceLabels: [podLabelMeta(SITE_LABEL)], targetLabel: SITE_METRIC_LABEL },
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
 */
function writeScrapePolicy(chart: Chart, cluster: ClusterMonitoringPlan, endpoint: MetricsEndpoint, plan: MonitoringPlan): void {
  const name = `${cluster.cluster}-${endpoint.component}-metrics`;
  const policy = new kplus.NetworkPolicy(chart, `networkpolicy-${name}`, {
    metadata: { name, namespace: cluster.namespace, labels: workloadLabels('prometheus', cluster.cluster, 'monitoring') },
    selector: kplus.Pods.select(chart, `${name}-pods`, { labels: { ...endpoint.podLabels } }),
  });
  const scrapers = kplus.Pods.select(chart, `${name}-scrapers`, { namespaces: kplus.Namespaces.select(chart, `${name}-scraper-namespace`, { names: [plan.settings.scraperNamespace] }) });
  policy.addIngressRule(scrapers, [kplus.NetworkPolicyPort.tcp(endpoint.portNumber)]);
}

function writePrometheusRule(chart: Chart, cluster: ClusterMonitoringPlan, rules: readonly AlertRule[], plan: MonitoringPlan): void {
  const name = `${cluster.cluster}-margin`;
  new mon.PrometheusRule(chart, `prometheusrule-${name}`, {
    metadata: { name, namespace: cluster.namespace, labels: { ...workloadLabels('prometheus', cluster.cluster, 'monitoring'), ...plan.settings.resourceLabels } },
    spec: {
      groups: [{
        name: `${cluster.cluster}.cdk-multisite`,
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
