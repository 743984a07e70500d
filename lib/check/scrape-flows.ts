import { AnalyzedCluster, AnalyzedDesign } from '../analysis/analyzed-design';
import { MetricsEndpoint } from '../analysis/metrics-endpoint';
import { NetworkFlow } from '../analysis/network-flow';
import { engineOfKind } from '../engines/registry';
import { SITE_LABEL } from '../k8s/labels';
import { writeScrapePolicy } from '../k8s/monitoring';
import { OutputCharts } from '../k8s/output-charts';

/**
 * Where the cluster's members publish the metrics monitoring scrapes (the engine's
 * `metricsEndpoints`), empty when they publish none: the monitoring plan's endpoints
 * (lib/synth/monitoring-plan.ts) and the scrape flows below.
 */
export function scrapeTargets(analysis: AnalyzedCluster): readonly MetricsEndpoint[] {
  return engineOfKind(analysis.cluster.engine.kind).metricsEndpoints?.(analysis.cluster, analysis.details) ?? [];
}

/**
 * With monitoring, Prometheus scraping each of the cluster's metrics endpoints (the monitoring
 * plan's scrape targets): from the pods of the scraper namespace (`scraperNamespace`; any pod of
 * it, as the monitoring writer's policy admits) to the endpoint's pods in each site, on its
 * metrics port. Prometheus runs where the pods it scrapes run: in each site's Kubernetes cluster
 * with one cluster per site (`MonitoringPlan.perSite`), in the stretched cluster otherwise.
 * Empty without monitoring.
 */
export function scrapeFlows(design: AnalyzedDesign, analysis: AnalyzedCluster): NetworkFlow[] {
  if (design.monitoring === undefined) return [];
  const { scraperNamespace } = design.monitoring;
  const { namespace } = analysis.cluster;
  return scrapeTargets(analysis).flatMap((endpoint) => [...endpoint.podsPerSite].filter(([, pods]) => pods > 0).map(([site, pods]) => ({
    purpose: 'Prometheus scrape (metrics)',
    from: { role: 'Prometheus', site, namespace: scraperNamespace, podLabels: {}, pods: 1 },
    to: { role: endpoint.component, site, namespace, podLabels: { ...endpoint.podLabels, [SITE_LABEL]: site }, pods },
    port: endpoint.portNumber,
  })));
}

/**
 * The NetworkPolicies the monitoring writer writes that admit Prometheus to the cluster's metrics
 * ports (`writeScrapePolicy`), into the charts it writes them to (lib/k8s/monitoring.ts
 * writeMonitoring): each site's with one cluster per site, for the endpoints with pods there;
 * the cluster-wide chart otherwise. Nothing without monitoring.
 */
export function writeScrapePolicies(design: AnalyzedDesign, analysis: AnalyzedCluster, charts: OutputCharts): void {
  if (design.monitoring === undefined) return;
  const cluster = { cluster: analysis.cluster.name, namespace: analysis.cluster.namespace };
  const { scraperNamespace } = design.monitoring;
  for (const endpoint of scrapeTargets(analysis)) {
    if (design.shape.kind !== 'cluster-per-site') {
      writeScrapePolicy(charts.clusterWide(), cluster, endpoint, scraperNamespace);
      continue;
    }
    for (const [site, pods] of endpoint.podsPerSite) if (pods > 0) writeScrapePolicy(charts.forSite(site), cluster, endpoint, scraperNamespace);
  }
}
