import { AnalyzedDesign, analyzeCluster } from '../analysis/analyzed-design';
import { analyzeControlPlane, ControlPlaneAnalysis, controlPlaneInputProblems } from '../analysis/control-plane';
import { LossVerdict } from '../analysis/survival';
import { HostWriteHealth } from '../analysis/traffic-withdrawal';
import { WriteHealthProbe } from '../analysis/write-health';
import { engineOfKind } from '../engines/registry';
import { DesignModel, SqlClusterModel } from '../model/design';
import { RttMatrix } from '../model/latency';

/**
 * The design with every cluster analyzed by its engine: voting groups, loss scenarios, commit
 * floors, disruption budgets and the engine's own analysis. Synth computes it once and hands it
 * to the rules, the writers and the report.
 */
export function analyzeDesign(design: DesignModel): AnalyzedDesign {
  const rtt = RttMatrix.of(design.links);
  const writeHealth: HostWriteHealth[] = [];
  const analyses = design.sqlClusters.map((cluster) => {
    const engine = engineOfKind(cluster.engine.kind);
    const details = engine.analyze(design, cluster);
    const groups = engine.votingGroups(cluster, details);
    writeHealth.push(...hostsWriteHealth(design, cluster, (site) => engine.writeHealthProbe?.(design, cluster, details, site),
      (lost) => engine.survivalAfterLosing(cluster, details, groups, lost)));
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
      backup: cluster.backup && engine.backup && {
        tool: engine.backup.tool,
        largestFullBackupBytes: engine.backup.largestFullBackupBytes(cluster),
        restoreNeeds: engine.backup.restoreNeeds(cluster),
      },
    });
  });
  const hostOrder = design.gslbZones.flatMap((z) => z.hosts.map((h) => h.fqdn));
  writeHealth.sort((a, b) => hostOrder.indexOf(a.fqdn) - hostOrder.indexOf(b.fqdn));
  return { ...design, analyses, rtt, controlPlane: controlPlaneOf(design), writeHealth };
}

/**
 * The hosts that write to `cluster` and the sites whose write-path probe passes after each loss:
 * the serving sites not lost where the engine's verdict lets a write coordinated there succeed
 * (after any failover), or that have no probe.
 */
function hostsWriteHealth(
  design: DesignModel, cluster: SqlClusterModel,
  probeOf: (site: string) => WriteHealthProbe | undefined, verdictAfter: (lost: readonly string[]) => LossVerdict,
): HostWriteHealth[] {
  return design.gslbZones.flatMap((zone) => zone.hosts.filter((h) => h.dependsOn === cluster.name).map((host): HostWriteHealth => {
    const probes = new Map(zone.sites.flatMap((site) => {
      const probe = probeOf(site);
      return probe ? [[site, probe] as const] : [];
    }));
    const losses = [[], ...design.sites.map((s) => [s.name])];
    return {
      zone: zone.name,
      fqdn: host.fqdn,
      cluster: cluster.name,
      probes,
      healthyAfter: losses.map((lost) => {
        const writesFrom = verdictAfter(lost).writesFrom;
        return { lost, healthy: zone.sites.filter((s) => !lost.includes(s) && (!probes.has(s) || writesFrom.includes(s))) };
      }),
    };
  }));
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
