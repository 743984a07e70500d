import { ApiObject, App, Chart } from 'cdk8s';
import { AnalyzedCluster, AnalyzedDesign } from '../analysis/analyzed-design';
import { engineOfKind } from '../engines/registry';
import { OutputCharts } from '../k8s/output-charts';

/** One written object and the site it is written for (none: for the whole Kubernetes cluster). */
export interface WrittenForSite {
  readonly object: any;
  readonly site?: string;
}

/**
 * Runs one cluster's engine writer into the charts of a scratch app, exactly as synth does, and
 * returns what it wrote, per site chart and then the cluster-wide chart. For checks that judge the
 * objects synth would write (NetworkPolicies, StatefulSet identities) without writing anything.
 * With `kinds`, only the objects of those kinds are rendered (an object renders as its chart
 * renders it: `Chart.toJson()` is the `toJson()` of each of its objects), which spares a check
 * that reads NetworkPolicies the cost of rendering every StatefulSet. `alsoWrite` writes objects
 * of the cluster that another writer than the engine's writes (the monitoring writer's scrape
 * policies) into the same charts, after the engine's.
 */
export function writeClusterInScratch(
  design: AnalyzedDesign, analysis: AnalyzedCluster, kinds?: ReadonlySet<string>, alsoWrite?: (charts: OutputCharts) => void,
): WrittenForSite[] {
  const app = new App({ outdir: '.' });
  const siteCharts = new Map<string, Chart>();
  let wide: Chart | undefined;
  const charts: OutputCharts = {
    forSite: (site) => siteCharts.get(site) ?? siteCharts.set(site, new Chart(app, `site-${site}`, { disableResourceNameHashes: true })).get(site)!,
    clusterWide: () => (wide ??= new Chart(app, 'cluster-wide', { disableResourceNameHashes: true })),
  };
  engineOfKind(analysis.cluster.engine.kind).write({ design, analysis, charts });
  alsoWrite?.(charts);
  const render = (chart: Chart) => (kinds === undefined
    ? chart.toJson()
    : chart.node.findAll().filter((c): c is ApiObject => ApiObject.isApiObject(c) && kinds.has(c.kind)).map((o) => o.toJson()));
  return [
    ...[...siteCharts].flatMap(([site, chart]) => render(chart).map((object) => ({ site, object }))),
    ...(wide ? render(wide).map((object) => ({ object })) : []),
  ];
}
