import { writeHealthRows } from './write-health-rows';
import { AnalyzedCluster, AnalyzedDesign, Scenario } from '../analysis/analyzed-design';
import { ControlPlaneLoss } from '../analysis/control-plane';
import { SurvivalRule } from '../analysis/survival';
import { HostWriteHealth, slowestWithdrawal } from '../analysis/traffic-withdrawal';
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
    writeHealth: design.writeHealth.map((h) => writeHealthData(design, h)),
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

/**
 * One GSLB host that follows a database's write path: its probe per site, how long a site that
 * cannot write is still answered (the parts REPORT.md names), and per loss which sites k8gb
 * answers with, beside the database's verdict.
 */
function writeHealthData(design: AnalyzedDesign, host: HostWriteHealth) {
  const zone = design.gslbZones.find((z) => z.name === host.zone)!;
  const withdrawal = slowestWithdrawal(zone, host);
  return {
    zone: zone.zone,
    fqdn: host.fqdn,
    cluster: host.cluster,
    strategy: zone.strategy.kind,
    ...(zone.rtoSeconds === undefined ? {} : { recoveryTimeObjectiveSeconds: zone.rtoSeconds }),
    probes: [...host.probes].map(([site, p]) => ({
      site,
      checks: p.checks,
      detectionSeconds: p.detectionSeconds ?? 0,
      periodSeconds: p.periodSeconds,
      timeoutSeconds: p.timeoutSeconds,
      failureThreshold: p.failureThreshold,
    })),
    sitesWithoutProbe: zone.sites.filter((s) => !host.probes.has(s)),
    ...(withdrawal ? { withdrawal } : {}),
    losses: writeHealthRows(design, zone, host).map((r) => ({
      lost: r.lost,
      probePasses: r.healthy,
      answers: r.answers,
      onceFailedOver: r.onceFailedOver,
      ...(r.scenario ? { database: { survives: r.scenario.survives, failover: r.scenario.failover } } : {}),
    })),
  };
}

/** One loss of the control plane: etcd accepts writes while a majority of its members is left. */
function controlPlaneLossData(l: ControlPlaneLoss) {
  return { ...l, survives: l.keepsQuorum };
}
