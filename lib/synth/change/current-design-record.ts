import { App, Chart } from 'cdk8s';
import { AnalyzedCluster, AnalyzedDesign } from '../../analysis/analyzed-design';
import { engineOfKind } from '../../engines/registry';
import { OutputCharts } from '../../k8s/output-charts';
import { ClusterRecord, DESIGN_RECORD_KIND, DESIGN_RECORD_VERSION, DesignRecord, StatefulSetRecord } from '../../model/design-record';
import { kubernetesClusterOf } from '../written-network';

/** The API server's default `podManagementPolicy`, which a written StatefulSet may leave out. */
const DEFAULT_POD_MANAGEMENT_POLICY = 'OrderedReady';

/** The design record of `design`: what the next synth compares with. */
export function currentDesignRecord(design: AnalyzedDesign, libraryVersion: string): DesignRecord {
  return {
    kind: DESIGN_RECORD_KIND,
    version: DESIGN_RECORD_VERSION,
    libraryVersion,
    sites: design.sites.map((s) => s.name),
    clusters: design.analyses.map((a) => clusterRecord(design, a)),
    ...(design.controlPlane ? { controlPlane: design.controlPlane.placement.map((p) => ({ site: p.site, members: p.members })) } : {}),
  };
}

function clusterRecord(design: AnalyzedDesign, analysis: AnalyzedCluster): ClusterRecord {
  const { cluster } = analysis;
  const changes = engineOfKind(cluster.engine.kind).changes;
  return {
    path: cluster.path,
    name: cluster.name,
    namespace: cluster.namespace,
    engine: cluster.engine,
    members: cluster.members,
    identity: (changes?.identity(cluster) ?? []).map((i) => ({ name: i.name, value: i.value, ...(i.isSet ? { isSet: true } : {}) })),
    statefulSets: writtenStatefulSets(design, analysis),
  };
}

/**
 * The StatefulSets the cluster's engine writes, read from the objects themselves: the writer
 * runs into a scratch app exactly as synth runs it, so what is compared is what is applied.
 */
function writtenStatefulSets(design: AnalyzedDesign, analysis: AnalyzedCluster): StatefulSetRecord[] {
  const app = new App({ outdir: '.' });
  const siteCharts = new Map<string, Chart>();
  let wide: Chart | undefined;
  const charts: OutputCharts = {
    forSite: (site) => siteCharts.get(site) ?? siteCharts.set(site, new Chart(app, `site-${site}`, { disableResourceNameHashes: true })).get(site)!,
    clusterWide: () => (wide ??= new Chart(app, 'cluster-wide', { disableResourceNameHashes: true })),
  };
  engineOfKind(analysis.cluster.engine.kind).write({ design, analysis, charts });
  const out: StatefulSetRecord[] = [];
  const collect = (kubernetesCluster: string, site: string | undefined, chart: Chart) => {
    for (const o of chart.toJson()) if (o.kind === 'StatefulSet') out.push(statefulSetRecord(kubernetesCluster, site, o));
  };
  for (const [site, chart] of siteCharts) collect(kubernetesClusterOf(design, site), site, chart);
  if (wide) collect('stretched', undefined, wide);
  return out.sort((a, b) => `${a.kubernetesCluster}/${a.namespace}/${a.name}`.localeCompare(`${b.kubernetesCluster}/${b.namespace}/${b.name}`));
}

function statefulSetRecord(kubernetesCluster: string, site: string | undefined, o: any): StatefulSetRecord {
  return {
    kubernetesCluster,
    ...(site !== undefined ? { site } : {}),
    namespace: o.metadata?.namespace ?? 'default',
    name: o.metadata.name,
    serviceName: o.spec?.serviceName ?? '',
    selector: canonicalJson(o.spec?.selector ?? {}),
    podManagementPolicy: o.spec?.podManagementPolicy ?? DEFAULT_POD_MANAGEMENT_POLICY,
    volumeClaimTemplates: (o.spec?.volumeClaimTemplates ?? []).map((t: any) => ({
      name: t.metadata?.name ?? '',
      size: t.spec?.resources?.requests?.storage ?? '',
      ...(t.spec?.storageClassName !== undefined ? { storageClass: t.spec.storageClassName } : {}),
    })),
  };
}

/** JSON with keys sorted at every level, so equal objects compare equal as strings. */
function canonicalJson(value: unknown): string {
  const sort = (v: unknown): unknown => Array.isArray(v) ? v.map(sort)
    : v !== null && typeof v === 'object' ? Object.fromEntries(Object.keys(v).sort().map((k) => [k, sort((v as Record<string, unknown>)[k])])) : v;
  return JSON.stringify(sort(value));
}
