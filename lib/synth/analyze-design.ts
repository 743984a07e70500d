import { AnalyzedDesign, analyzeCluster } from '../analysis/analyzed-design';
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
      votingGroups: groups,
      commitFloorMillis: (site) => engine.commitFloorMillis(cluster, groups, site, rtt),
      details,
    });
  });
  return { ...design, analyses, rtt };
}
