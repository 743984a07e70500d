import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { SITE_LABEL, workloadLabels } from './labels';
import { OutputCharts } from './output-charts';
import {
  AlertRule, clusterAlertRules, CLUSTER_METRIC_LABEL, COMPONENT_METRIC_LABEL, siteAlertRules, SITE_METRIC_LABEL, sitesWithMembers,
} from '../analysis/alert-rules';
import { MetricsEndpoint } from '../analysis/metrics-endpoint';
import { ClusterMonitoringPlan, MonitoringPlan } from '../analysis/monitoring-plan';
import * as mon from '../imports/monitoring.coreos.com';

/** The Prometheus meta label of a pod label: prometheus-operator's Kubernetes SD sanitizes the name (`[^a-zA-Z0-9_]` → `_`). */
const podLabelMeta = (label: string) => `__meta_kubernetes_pod_label_${label.replace(/[^a-zA-Z0-9_]/g, '_')}`;

/**
 * Writes the design's monitoring: per cluster, a PodMonitor per component where its members
 * publish metrics (each series labelled with the cluster, the component and the pod's site; none
 * where the operator writes its own scrape object), a NetworkPolicy that admits the scraper, and
 * a PrometheusRule with the cluster's alerts. One stretched cluster: all in `cluster-wide/`, one
 * Prometheus sees every site. One cluster per site: each site's objects in its own folder, the
 * rule with what that site's Prometheus can decide (`siteAlertRules`).
 * @see https://prometheus-operator.dev/docs/api-reference/api/#monitoring.coreos.com/v1.PodMonitor
 */
export function writeMonitoring(plan: MonitoringPlan, charts: OutputCharts): void {
  for (const cluster of plan.clusters) {
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
}

/** Per endpoint, its PodMonitor (unless the operator writes the scrape object) and the NetworkPolicy that admits the scraper. */
function writeScrapes(
  chart: Chart, cluster: ClusterMonitoringPlan, endpoints: readonly MetricsEndpoint[], plan: MonitoringPlan, site?: string,
): void {
  for (const endpoint of endpoints) {
    if (!endpoint.scrapedByOperator) writePodMonitor(chart, cluster, endpoint, plan, site);
    writeScrapePolicy(chart, cluster, endpoint, plan);
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
