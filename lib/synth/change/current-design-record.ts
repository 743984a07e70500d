import { AnalyzedCluster, AnalyzedDesign } from '../../analysis/analyzed-design';
import { hostsWritingTo } from '../../analysis/write-health';
import { WrittenForSite, writeClusterInScratch } from '../../check/scratch-write';
import { kubernetesClusterOf } from '../../check/written-network';
import { engineOfKind } from '../../engines/registry';
import { ClusterRecord, DESIGN_RECORD_KIND, DESIGN_RECORD_VERSION, DesignRecord, StatefulSetRecord } from '../../model/design-record';

/** The API server's default `podManagementPolicy`, which a written StatefulSet may leave out. */
const DEFAULT_POD_MANAGEMENT_POLICY = 'OrderedReady';
/** The labels by which a written StatefulSet names its cluster (`lib/k8s/labels.ts`, `workloadLabels`). */
const INSTANCE_LABEL = 'app.kubernetes.io/instance';
const MANAGED_BY_LABEL = 'app.kubernetes.io/managed-by';

/**
 * The design record of `design`: what the next synth compares with. `statefulSetsOf` gives each
 * cluster's written StatefulSets (`statefulSetsIn` over the objects synth wrote, or
 * `statefulSetsComparedWith` while checking).
 */
export function currentDesignRecord(
  design: AnalyzedDesign, libraryVersion: string, statefulSetsOf: (analysis: AnalyzedCluster) => StatefulSetRecord[],
): DesignRecord {
  return {
    kind: DESIGN_RECORD_KIND,
    version: DESIGN_RECORD_VERSION,
    libraryVersion,
    sites: design.sites.map((s) => s.name),
    shape: design.shape,
    clusters: design.analyses.map((a) => clusterRecord(design, a, statefulSetsOf(a))),
    ...(design.controlPlane ? { controlPlane: design.controlPlane.placement.map((p) => ({ site: p.site, members: p.members })) } : {}),
  };
}

function clusterRecord(design: AnalyzedDesign, analysis: AnalyzedCluster, statefulSets: StatefulSetRecord[]): ClusterRecord {
  const { cluster } = analysis;
  const changes = engineOfKind(cluster.engine.kind).changes;
  return {
    path: cluster.path,
    name: cluster.name,
    namespace: cluster.namespace,
    engine: cluster.engine,
    members: cluster.members,
    identity: (changes?.identity(cluster) ?? []).map((i) => ({ name: i.name, value: i.value, ...(i.isSet ? { isSet: true } : {}) })),
    statefulSets,
    writeHealthHosts: [...new Set(hostsWritingTo(design, cluster.name).map((h) => h.host.fqdn))],
  };
}

/**
 * The cluster's StatefulSets as this synth writes them, for the change rules: the previous
 * record's when nothing they derive from changed (the same library version, checked by
 * `readPreviousDesign`, writes the same objects from the same cluster and shape); otherwise the
 * engine's writer runs into a scratch app exactly as synth runs it.
 */
export function statefulSetsComparedWith(previous: DesignRecord, design: AnalyzedDesign, analysis: AnalyzedCluster): StatefulSetRecord[] {
  const { cluster } = analysis;
  const before = previous.clusters.find((c) => c.path === cluster.path);
  const inputs = (c: { name: string; namespace: string; engine: unknown; members: unknown }) =>
    JSON.stringify([c.name, c.namespace, c.engine, c.members]);
  const sameShape = JSON.stringify(previous.shape) === JSON.stringify(design.shape);
  if (before && sameShape && inputs(before) === inputs(cluster)) return [...before.statefulSets];
  const written = writeClusterInScratch(design, analysis);
  return statefulSetsIn(design, written).get(cluster.path) ?? [];
}

/**
 * The library's StatefulSets among `written`, by the construct path of the cluster they belong to
 * (named by their namespace and `app.kubernetes.io/instance` label), each cluster's sorted.
 */
export function statefulSetsIn(design: AnalyzedDesign, written: readonly WrittenForSite[]): Map<string, StatefulSetRecord[]> {
  const out = new Map<string, StatefulSetRecord[]>();
  for (const { object: o, site } of written) {
    if (o?.kind !== 'StatefulSet') continue;
    const labels = o.metadata?.labels ?? {};
    if (labels[MANAGED_BY_LABEL] !== 'cdk-multisite') continue;
    const owner = design.analyses.find((a) => a.cluster.name === labels[INSTANCE_LABEL] && a.cluster.namespace === (o.metadata?.namespace ?? 'default'));
    if (!owner) continue;
    const kubernetesCluster = site !== undefined ? kubernetesClusterOf(design, site) : 'stretched';
    out.set(owner.cluster.path, [...out.get(owner.cluster.path) ?? [], statefulSetRecord(kubernetesCluster, site, o)]);
  }
  const key = (s: StatefulSetRecord) => `${s.kubernetesCluster}/${s.namespace}/${s.name}`;
  for (const sets of out.values()) sets.sort((a, b) => key(a).localeCompare(key(b)));
  return out;
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
