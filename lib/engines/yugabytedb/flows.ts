import { YugabyteAnalysis } from './analysis';
import { yugabyteBackupPlan } from './backup';
import { YugabyteCluster } from './model';
import { YUGABYTE_PORTS } from './ports';
import { FlowMembers, flowsBetween, meshFlows, NetworkFlow } from '../../analysis/network-flow';
import { SITE_LABEL, workloadLabels } from '../../k8s/labels';
import { DesignModel } from '../../model/design';

/** The site of the placement Job: the first active member site (the first member site otherwise). */
export function placementJobSiteOf(design: DesignModel, cluster: YugabyteCluster): string {
  return (cluster.members.find((m) => design.sites.find((s) => s.name === m.site)!.role === 'active') ?? cluster.members[0]).site;
}

/** Labels of the backup pods: the snapshot CronJob's (`snapshot`) or a tserver's uploader (`upload`), in `site` (as `./backup-writer.ts` labels them). */
export function yugabyteBackupLabels(cluster: YugabyteCluster, role: 'snapshot' | 'upload', site: string): Record<string, string> {
  return { ...workloadLabels('yugabytedb', cluster.name, `backup-${role}`), [SITE_LABEL]: site };
}

/**
 * The connections YugabyteDB needs (https://docs.yugabyte.com/stable/reference/configuration/default-ports/):
 * masters form a Raft group on the master RPC port, either end opening; every tserver
 * heartbeats to the masters there; the leader master calls the tservers on their RPC port
 * (tablet creation, load balancing); tablet Raft between tservers uses that port both ways; the
 * placement Job runs yb-admin against the masters.
 */
export function yugabyteFlows(design: DesignModel, cluster: YugabyteCluster, details: YugabyteAnalysis): NetworkFlow[] {
  const group = (role: string, component: string, site: string, pods: number): FlowMembers => ({
    role, site, namespace: cluster.namespace, podLabels: { ...workloadLabels('yugabytedb', cluster.name, component), [SITE_LABEL]: site }, pods,
  });
  const masters = [...details.mastersPerSite].filter(([, n]) => n > 0).map(([s, n]) => group('yb-master', 'master', s, n));
  const tservers = cluster.members.filter((m) => m.voters > 0).map((m) => group('yb-tserver', 'database', m.site, m.voters));
  const job: FlowMembers = {
    role: 'placement Job',
    site: placementJobSiteOf(design, cluster),
    namespace: cluster.namespace,
    podLabels: workloadLabels('yugabytedb', cluster.name, 'placement'),
    pods: 1,
  };
  return [
    ...meshFlows('master Raft', masters, YUGABYTE_PORTS.masterRpc),
    ...flowsBetween('tserver heartbeats', tservers, masters, YUGABYTE_PORTS.masterRpc),
    ...flowsBetween('master to tserver RPC', masters, tservers, YUGABYTE_PORTS.tserverRpc),
    ...meshFlows('tablet Raft', tservers, YUGABYTE_PORTS.tserverRpc),
    ...flowsBetween('yb-admin placement', [job], masters, YUGABYTE_PORTS.masterRpc),
    ...backupFlows(design, cluster, masters, tservers),
  ];
}

/**
 * The snapshot CronJob's connections (`./backup-writer.ts`): yb-admin to the masters (snapshots,
 * export, delete) and YSQL to its own site's tservers (databases, catalog version, ysql_dump). The
 * uploaders open none in the cluster: they read their tserver's volume and write to the bucket.
 */
function backupFlows(design: DesignModel, cluster: YugabyteCluster, masters: FlowMembers[], tservers: FlowMembers[]): NetworkFlow[] {
  if (!cluster.backup) return [];
  const plan = yugabyteBackupPlan(design, cluster);
  const snapshot: FlowMembers = { role: 'backup snapshot', site: plan.site, namespace: cluster.namespace, podLabels: yugabyteBackupLabels(cluster, 'snapshot', plan.site), pods: 1 };
  return [
    ...flowsBetween('yb-admin backup (snapshots)', [snapshot], masters, YUGABYTE_PORTS.masterRpc),
    ...flowsBetween('backup YSQL (ysql_dump)', [snapshot], tservers.filter((t) => t.site === plan.site), YUGABYTE_PORTS.ysql),
  ];
}
