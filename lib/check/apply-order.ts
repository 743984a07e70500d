import { AnalyzedDesign } from '../analysis/analyzed-design';
import { engineOfKind } from '../engines/registry';

/** One engine's demand that a site's Kubernetes cluster be applied after another's. */
export interface ApplyAfter {
  /** The site whose cluster waits. */
  readonly site: string;
  /** The site whose cluster (its steps included) must be applied first. */
  readonly after: string;
  /** The cluster construct whose engine asks it: its name and construct path. */
  readonly clusterName: string;
  readonly clusterPath: string;
}

/** Every `ClusterSetup.appliedAfter` of the design's engines, with the cluster that asks it (none in the stretched shape: one apply). */
export function applyAfterDemands(design: AnalyzedDesign): ApplyAfter[] {
  if (design.shape.kind === 'stretched') return [];
  return design.analyses.flatMap((a) => (engineOfKind(a.cluster.engine.kind).clusterSetup?.(design, a) ?? [])
    .flatMap((s) => (s.site ? (s.appliedAfter ?? []).filter((after) => after !== s.site).map((after) => ({
      site: s.site!, after, clusterName: a.cluster.name, clusterPath: a.cluster.path,
    })) : [])));
}

/**
 * The sites in `sites`' order, except that each comes after those it is demanded to follow
 * (a depth-first topological sort), or, when the demands form a cycle, that cycle's demands
 * (no order satisfies them all: APPLY.md applies each cluster once, its steps included).
 */
export function orderSites(
  sites: readonly string[], demands: readonly ApplyAfter[],
): { readonly order: string[] } | { readonly cycle: ApplyAfter[] } {
  const order: string[] = [];
  const onPath: ApplyAfter[] = [];
  const visiting = new Set<string>();
  const visit = (site: string): ApplyAfter[] | undefined => {
    if (order.includes(site)) return undefined;
    visiting.add(site);
    for (const d of demands.filter((x) => x.site === site && sites.includes(x.after))) {
      onPath.push(d);
      if (visiting.has(d.after)) return onPath.slice(onPath.findIndex((x) => x.site === d.after));
      const cycle = visit(d.after);
      if (cycle) return cycle;
      onPath.pop();
    }
    visiting.delete(site);
    order.push(site);
    return undefined;
  };
  for (const s of sites) {
    const cycle = visit(s);
    if (cycle) return { cycle };
  }
  return { order };
}

/** A cycle of demands for people: `dc-b after dc-a (Galera cluster orders at /app/orders), dc-a after dc-b (...)`. */
export function describeCycle(cycle: readonly ApplyAfter[]): string {
  return cycle.map((d) => `${d.site} after ${d.after} (${d.clusterName} at ${d.clusterPath})`).join(', ');
}
