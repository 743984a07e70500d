import { AnalyzedCluster, AnalyzedDesign } from '../analysis/analyzed-design';
import { GslbSiteMonitoringPlan } from '../analysis/gslb-alert-rules';
import { groupSizeThreshold, nextLossMargins } from '../analysis/margin';
import { ClusterMonitoringPlan, MonitoringPlan } from '../analysis/monitoring-plan';
import { engineOfKind } from '../engines/registry';
import { gslbObjectName } from '../model/gslb-names';

/** The monitoring plan of the design, or undefined when the app has no `monitoring`. */
export function monitoringPlan(design: AnalyzedDesign): MonitoringPlan | undefined {
  if (design.monitoring === undefined) return undefined;
  const clusters: ClusterMonitoringPlan[] = [];
  const unmonitored: { cluster: string; engineLabel: string }[] = [];
  for (const analysis of design.analyses) {
    const plan = clusterPlan(analysis);
    if (plan) clusters.push(plan);
    else unmonitored.push({ cluster: analysis.cluster.name, engineLabel: analysis.engineLabel });
  }
  const perSite = design.shape.kind === 'cluster-per-site';
  return { settings: design.monitoring, perSite, clusters, gslbSites: perSite ? gslbSites(design) : [], unmonitored };
}

/** Per site, the Gslbs the library writes there (lib/k8s/k8gb.ts writeGslbObjects), as k8gb's metrics name them. */
function gslbSites(design: AnalyzedDesign): GslbSiteMonitoringPlan[] {
  return design.sites.map((site) => ({
    site: site.name,
    gslbs: design.gslbZones.filter((z) => z.sites.includes(site.name))
      .flatMap((z) => z.hosts.map((h) => ({ name: gslbObjectName(z, h), namespace: h.namespace, fqdn: h.fqdn, dependsOn: h.dependsOn }))),
  })).filter((s) => s.gslbs.length > 0);
}

function clusterPlan(analysis: AnalyzedCluster): ClusterMonitoringPlan | undefined {
  const engine = engineOfKind(analysis.cluster.engine.kind);
  const endpoints = engine.metricsEndpoints?.(analysis.cluster, analysis.details);
  if (!endpoints || endpoints.length === 0) return undefined;
  const sites = analysis.cluster.members.map((m) => m.site);
  // The engine's own verdict on every set of lost sites: the one survival answer (engine.ts).
  const survives = (lost: readonly string[]) => engine.survivalAfterLosing(analysis.cluster, analysis.details, analysis.groups, lost).survives;
  return {
    cluster: analysis.cluster.name,
    namespace: analysis.cluster.namespace,
    engineLabel: analysis.engineLabel,
    certificatesFromCertManager: engine.certificatesFromCertManager(analysis.cluster.engine),
    endpoints,
    margins: nextLossMargins(sites, survives),
    groupSize: endpoints.some((e) => e.groupSizeMetric)
      ? groupSizeThreshold(new Map(analysis.cluster.members.map((m) => [m.site, m.voters + m.arbitrators])), survives)
      : undefined,
    arbitratorsPerSite: new Map(analysis.cluster.members.filter((m) => m.arbitrators > 0).map((m) => [m.site, m.arbitrators])),
    siteFloors: engine.metricsSiteFloors?.(analysis.cluster, analysis.details) ?? [],
  };
}
