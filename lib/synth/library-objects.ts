import { App, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { monitoringPlan } from './monitoring-plan';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { engineOfKind } from '../engines/registry';
import { writeCrossSiteDns } from '../k8s/cross-site-dns';
import { writeGslbObjects } from '../k8s/k8gb';
import { writeAnycastVip } from '../k8s/metallb';
import { writeMonitoring } from '../k8s/monitoring';
import { OutputCharts } from '../k8s/output-charts';
import { writeServiceExports } from '../k8s/service-exports';

/** Folder (and chart id) of the objects that span a stretched cluster. */
export const CLUSTER_WIDE = 'cluster-wide';

/**
 * The objects the library adds to the app's charts: every engine's, the GSLB, anycast and
 * cross-site DNS objects (or ServiceExports). `rebuild` removes what the previous call added and writes them anew
 * from the design, so every `synth()` renders the design as it is then (a cluster added after
 * the first synth gets its objects), and user objects in the site charts are left alone.
 */
export class LibraryObjects {
  /** Per chart, the ids of the children the library added to it. */
  private readonly added = new Map<IConstruct, string[]>();

  constructor(private readonly app: App) {}

  /** Removes the objects of the previous call and writes the design's. */
  public rebuild(design: AnalyzedDesign, siteCharts: ReadonlyMap<string, Chart>): void {
    for (const [chart, ids] of this.added) for (const id of ids) chart.node.tryRemoveChild(id);
    this.added.clear();
    this.app.node.tryRemoveChild(CLUSTER_WIDE);

    const before = new Map([...siteCharts.values()].map((c) => [c, new Set(c.node.children.map((x) => x.node.id))]));
    const charts: OutputCharts = {
      forSite: (site) => siteCharts.get(site)!,
      clusterWide: () => (this.app.node.tryFindChild(CLUSTER_WIDE) as Chart | undefined)
        ?? new Chart(this.app, CLUSTER_WIDE, { disableResourceNameHashes: true }),
    };
    for (const analysis of design.analyses) engineOfKind(analysis.cluster.engine.kind).write({ design, analysis, charts });
    const probeOf = (cluster: string, site: string) => design.writeHealth.find((h) => h.cluster === cluster && h.probes.has(site))?.probes.get(site);
    for (const zone of design.gslbZones) writeGslbObjects(design, zone, charts.forSite, probeOf);
    for (const vip of design.anycastVips) writeAnycastVip(design, vip, charts);
    for (const site of design.sites) writeCrossSiteDns(design, site.name, charts.forSite(site.name));
    for (const site of design.sites) writeServiceExports(design, charts.forSite(site.name));
    const monitoring = monitoringPlan(design);
    if (monitoring) writeMonitoring(monitoring, charts);

    for (const [chart, had] of before) {
      const ids = chart.node.children.map((x) => x.node.id).filter((id) => !had.has(id));
      if (ids.length > 0) this.added.set(chart, ids);
    }
  }
}
