import { AnalyzedDesign, analyzeCluster } from '../analysis/analyzed-design';
import { analyzeControlPlane, ControlPlaneAnalysis, controlPlaneInputProblems } from '../analysis/control-plane';
import { engineOfKind } from '../engines/registry';
import { DesignModel } from '../model/design';
import { RttMatrix } from '../model/latency';

/**
 * The design with every cluster analyzed by its engine: voting groups, loss scenarios, commit
 * floors, disruption budgets and the engine's own analysis. Synth computes it once and hands it
 * to the rules, the writers and the report.
 */
export function analyzeDesign(design: DesignModel): AnalyzedDesign {
  const rtt = RttMatrix.of(design.links);
  const analyses = design.sqlClusters.map((cluster) => {
    const engine = engineOfKind(cluster.engine.kind);
    const details = engine.analyze(design, cluster);
    const groups = engine.votingGroups(cluster, details);
    return analyzeCluster(design, cluster, {
      label: engine.label,
      stronglyConsistent: engine.stronglyConsistent,
      writePath: engine.writePath,
      replicatesInClear: engine.replicatesInClear(cluster.engine),
      resolvesPeersByClusterDns: engine.resolvesPeersByClusterDns,
      operatorSeparatesNodes: engine.operatorSeparatesNodes,
      votingGroups: groups,
      survivalRule: engine.survivalRule,
      survivalAfterLosing: (lost) => engine.survivalAfterLosing(cluster, details, groups, lost),
      commitFloorMillis: (site) => engine.commitFloorMillis(cluster, groups, site, rtt),
      details,
    });
  });
  return { ...design, analyses, rtt, controlPlane: controlPlaneOf(design) };
}

/** The control plane of a stretched cluster whose sites declare control-plane nodes (undeclared sites hold none). */
function controlPlaneOf(design: DesignModel): ControlPlaneAnalysis | undefined {
  if (design.shape.kind !== 'stretched' || !design.sites.some((s) => s.controlPlaneNodes !== undefined)) return undefined;
  const sites = [...new Set(design.sites.map((s) => s.name))];
  const placement = design.sites.map((s) => ({ site: s.name, members: s.controlPlaneNodes ?? 0 }));
  // Duplicate site names are refused by MS-SITE-NAME-UNIQUE; an input the analysis refuses leaves the control plane unknown.
  if (controlPlaneInputProblems(placement, sites).length > 0) return undefined;
  return analyzeControlPlane(placement, sites);
}
