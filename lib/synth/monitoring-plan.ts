import { AnalyzedCluster, AnalyzedDesign } from '../analysis/analyzed-design';
import { groupSizeThreshold, NextLossMargin, nextLossMargins } from '../analysis/margin';
import { ARBITRATOR_COMPONENT, fatalDownStates } from '../analysis/margin-floors';
import { MembersDown } from '../analysis/members-down';
import { MetricsEndpoint } from '../analysis/metrics-endpoint';
import { GslbSiteMonitoringPlan, ClusterMonitoringPlan, MonitoringPlan } from '../analysis/monitoring-plan';
import { scrapeTargets } from '../check/scrape-flows';
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
  // The stretched cluster's own etcd, where the sites declare its members (lib/check/analyze-design.ts controlPlaneOf).
  const controlPlane = design.shape.kind === 'stretched' && design.controlPlane && design.controlPlane.members > 0
    ? { analysis: design.controlPlane, siteLabel: design.shape.siteLabel }
    : undefined;
  return { settings: design.monitoring, perSite, clusters, gslbSites: perSite ? gslbSites(design) : [], controlPlane, unmonitored };
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
  const endpoints = scrapeTargets(analysis);
  if (endpoints.length === 0) return undefined;
  const sites = analysis.cluster.members.map((m) => m.site);
  // The engine's own verdict on every set of lost sites: the one survival answer (engine.ts).
  const survives = (lost: readonly string[]) => engine.survivalAfterLosing(analysis.cluster, analysis.details, analysis.groups, lost).survives;
  const margins = nextLossMargins(sites, survives);
  const arbitratorsPerSite = new Map(analysis.cluster.members.filter((m) => m.arbitrators > 0).map((m) => [m.site, m.arbitrators]));
  return {
    cluster: analysis.cluster.name,
    namespace: analysis.cluster.namespace,
    engineLabel: analysis.engineLabel,
    certificatesFromCertManager: engine.certificatesFromCertManager(analysis.cluster.engine),
    endpoints,
    margins: engine.survivalWithMembersDown ? withFatalDowns(margins, endpoints, arbitratorsPerSite, (lost, down) =>
      engine.survivalWithMembersDown!(analysis.cluster, analysis.details, analysis.groups, lost, down).survives) : margins,
    groupSize: endpoints.some((e) => e.groupSizeMetric)
      ? groupSizeThreshold(new Map(analysis.cluster.members.map((m) => [m.site, m.voters + m.arbitrators])), survives)
      : undefined,
    arbitratorsPerSite,
    siteFloors: engine.metricsSiteFloors?.(analysis.cluster, analysis.details) ?? [],
  };
}

/**
 * The margins with the smallest states of members down that make their loss fatal, from the
 * engine's verdict with members down (`fatalDownStates`); a margin with too many keeps its sets.
 */
function withFatalDowns(
  margins: readonly NextLossMargin[], endpoints: readonly MetricsEndpoint[], arbitratorsPerSite: ReadonlyMap<string, number>,
  survivesWithDown: (lost: readonly string[], down: readonly MembersDown[]) => boolean,
): NextLossMargin[] {
  const placed = [
    ...endpoints.flatMap((e) => [...e.podsPerSite].map(([site, count]) => ({ site, component: e.component, count }))),
    ...[...arbitratorsPerSite].map(([site, count]) => ({ site, component: ARBITRATOR_COMPONENT, count })),
  ];
  const states = fatalDownStates(margins, placed, survivesWithDown);
  return margins.map((m, i) => (states[i] ? { ...m, fatalDowns: states[i] } : m));
}
