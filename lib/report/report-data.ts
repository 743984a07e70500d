import { AnalyzedCluster, AnalyzedDesign, Scenario } from '../analysis/analyzed-design';
import { ControlPlaneLoss } from '../analysis/control-plane';
import { SurvivalRule } from '../analysis/survival';
import { CheckResult } from '../core/types';

/**
 * `report.json`: the report's predictions as data, for tests and tools that check a running
 * system against them, or gate on them. Its shape is `report.schema.json` (in this folder,
 * shipped in the package). Every loss row carries its engine's own verdict
 * (`SqlEngineDefinition.survivalAfterLosing`), the same one REPORT.md and the rules read.
 */
export function renderReportData(design: AnalyzedDesign, result: CheckResult): string {
  const data = {
    sites: design.sites.map((s) => ({ name: s.name, role: s.role })),
    links: design.links,
    clusters: design.analyses.map(clusterData),
    controlPlane: design.controlPlane && {
      survivalRule: SurvivalRule.MAJORITY,
      placement: design.controlPlane.placement,
      members: design.controlPlane.members,
      quorum: design.controlPlane.quorum,
      singleSiteLosses: design.controlPlane.singleSiteLosses.map(controlPlaneLossData),
      twoSiteLosses: design.controlPlane.twoSiteLosses.map(controlPlaneLossData),
    },
    warnings: result.warnings,
    acknowledged: result.acknowledged,
  };
  return `${JSON.stringify(data, null, 2)}\n`;
}

/** One cluster: votes (only where majorities decide), every single- and two-site loss, the commit floors. */
function clusterData(a: AnalyzedCluster) {
  const majority = a.survivalRule === SurvivalRule.MAJORITY;
  return {
    name: a.cluster.name,
    engine: a.cluster.engine.kind,
    survivalRule: a.survivalRule,
    votersPerSite: Object.fromEntries(a.membersPerSite),
    ...(majority ? {
      votingGroups: a.votesPerSite.map((g) => ({ label: g.label, total: g.total, quorum: g.quorum, perSite: Object.fromEntries(g.perSite) })),
    } : {}),
    singleSiteLosses: a.singleSiteLosses.map((s) => lossData(s, majority)),
    twoSiteLosses: a.twoSiteLosses.map((s) => lossData(s, majority)),
    commitFloorMillis: Object.fromEntries(a.commitFloorMillis),
    nodeLoss: a.nodeLoss,
    ...(a.backup ? { backup: a.backup } : {}),
  };
}

/** One loss: the engine's verdict; the votes left per group only where they decide it. */
function lossData(s: Scenario, majority: boolean) {
  return {
    lost: s.lost,
    survives: s.survives,
    reason: s.reason,
    writesFrom: s.writesFrom,
    readsFrom: s.readsFrom,
    failover: s.failover,
    mayLoseWrites: s.mayLoseWrites,
    dataMembersLeft: s.dataMembersLeft,
    ...(majority ? { groups: s.groups } : {}),
  };
}

/** One loss of the control plane: etcd accepts writes while a majority of its members is left. */
function controlPlaneLossData(l: ControlPlaneLoss) {
  return { ...l, survives: l.keepsQuorum };
}
