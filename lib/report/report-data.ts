import { AnalyzedDesign } from '../analysis/analyzed-design';
import { CheckResult } from '../core/types';

/**
 * `report.json`: the report's predictions as data, for tests and tools that check a
 * running system against them.
 */
export function renderReportData(design: AnalyzedDesign, result: CheckResult): string {
  const data = {
    sites: design.sites.map((s) => ({ name: s.name, role: s.role })),
    links: design.links,
    clusters: design.analyses.map((a) => ({
      name: a.cluster.name,
      engine: a.cluster.engine.kind,
      votersPerSite: Object.fromEntries(a.membersPerSite),
      votingGroups: a.votesPerSite.map((g) => ({ label: g.label, total: g.total, quorum: g.quorum, perSite: Object.fromEntries(g.perSite) })),
      singleSiteLosses: a.singleSiteLosses,
      twoSiteLosses: a.twoSiteLosses,
      commitFloorMillis: Object.fromEntries(a.commitFloorMillis),
      nodeLoss: a.nodeLoss,
    })),
    controlPlane: design.controlPlane && {
      placement: design.controlPlane.placement,
      members: design.controlPlane.members,
      quorum: design.controlPlane.quorum,
      singleSiteLosses: design.controlPlane.singleSiteLosses,
      twoSiteLosses: design.controlPlane.twoSiteLosses,
    },
    warnings: result.warnings,
    acknowledged: result.acknowledged,
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}
