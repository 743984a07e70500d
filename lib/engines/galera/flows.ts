import { galeraBackupPlan } from './backup';
import { GaleraCluster } from './model';
import { GALERA_HEALTH_CHECK_PORT, GALERA_PORTS } from './ports';
import { ROUTER_REPLICAS } from './router-plan';
import type { GaleraSettings } from './settings';
import { FlowMembers, flowsBetween, meshFlows, NetworkFlow } from '../../analysis/network-flow';
import { SITE_LABEL, workloadLabels } from '../../k8s/labels';
import { DesignModel } from '../../model/design';

/** Labels of a Galera pod: `database` for data nodes, `arbitrator` for garbd (as the writer labels them). */
export function galeraPodLabels(cluster: GaleraCluster, component: 'database' | 'arbitrator', site: string): Record<string, string> {
  return { ...workloadLabels('mariadb', cluster.name, component), [SITE_LABEL]: site };
}

/** Labels of the HAProxy routers of single-writer routing in `site` (as `./router-writer.ts` labels them). */
export function galeraRouterLabels(cluster: GaleraCluster, site: string): Record<string, string> {
  return { ...workloadLabels('mariadb', cluster.name, 'router'), [SITE_LABEL]: site };
}

/** Labels of the backup pods of `cluster`, which run in `site` (as `./backup-writer.ts` labels them). */
export function galeraBackupLabels(cluster: GaleraCluster, site: string): Record<string, string> {
  return { ...workloadLabels('mariadb', cluster.name, 'backup'), [SITE_LABEL]: site };
}

/**
 * The connections Galera needs:
 * - gcomm (4567) is a full mesh of every data node and garbd, and either end may open a
 *   connection: each member connects to the addresses of `gcomm://` and to every member it
 *   learns of, and a member cut off retries on its own
 *   (https://galeracluster.com/library/documentation/firewall-settings.html; garbd is a member
 *   of the group like a data node: https://galeracluster.com/library/documentation/arbitrator.html);
 * - IST (4568) and SST (4444) go from the donor to the joiner, which listens for them
 *   (https://mariadb.com/kb/en/configuring-mariadb-galera-cluster/#network-ports); only data
 *   nodes give or take state, garbd never;
 * - with single-writer routing, the router of every data site connects to every data node, for
 *   SQL (3306) and for the health check (9200, `./health-check.ts`), since writes go to one
 *   node wherever it is and reads fall back to the other sites.
 */
export function galeraFlows(design: DesignModel, cluster: GaleraCluster, settings: GaleraSettings): NetworkFlow[] {
  const members = (site: string, role: 'data node' | 'garbd', pods: number): FlowMembers => ({
    role, site, namespace: cluster.namespace, podLabels: galeraPodLabels(cluster, role === 'garbd' ? 'arbitrator' : 'database', site), pods,
  });
  const data = cluster.members.filter((m) => m.voters > 0).map((m) => members(m.site, 'data node', m.voters));
  const garbd = cluster.members.filter((m) => m.arbitrators > 0).map((m) => members(m.site, 'garbd', m.arbitrators));
  return [
    ...meshFlows('gcomm (group communication)', [...data, ...garbd], GALERA_PORTS.group),
    ...flowsBetween('IST (incremental state transfer)', data, data, GALERA_PORTS.ist),
    ...flowsBetween('SST (mariabackup state transfer)', data, data, GALERA_PORTS.sst),
    ...routerFlows(cluster, settings, data),
    ...backupFlows(design, cluster, settings),
  ];
}

/**
 * The backup pod's connections (`./backup-writer.ts`): SQL to the node it copies (state,
 * `wsrep_desync`, mariadb-backup's locks) and, under single-writer routing, to the nodes ahead of
 * it in the writers' order (their state). Its upload to the bucket leaves the cluster's pods.
 */
function backupFlows(design: DesignModel, cluster: GaleraCluster, settings: GaleraSettings): NetworkFlow[] {
  if (!cluster.backup) return [];
  const plan = galeraBackupPlan(design, cluster, settings);
  const backup: FlowMembers = { role: 'backup', site: plan.node.site, namespace: cluster.namespace, podLabels: galeraBackupLabels(cluster, plan.node.site), pods: 1 };
  const targets = [plan.node, ...plan.aheadInWriterOrder].map((n): FlowMembers => ({
    role: 'data node', site: n.site, namespace: cluster.namespace, podLabels: galeraPodLabels(cluster, 'database', n.site), pods: 1,
  }));
  return flowsBetween('backup (mariadb-backup, node state)', [backup], targets, GALERA_PORTS.sql);
}

/** The HAProxy routers' connections to the data nodes (none for multi-writer). */
function routerFlows(cluster: GaleraCluster, settings: GaleraSettings, data: readonly FlowMembers[]): NetworkFlow[] {
  const plan = settings.router;
  if (!plan) return [];
  const routers = plan.writerSites.map((site): FlowMembers => ({
    role: 'router', site, namespace: cluster.namespace, podLabels: galeraRouterLabels(cluster, site), pods: ROUTER_REPLICAS,
  }));
  return [
    ...flowsBetween('SQL through the router', routers, data, GALERA_PORTS.sql),
    ...flowsBetween('router health check', routers, data, GALERA_HEALTH_CHECK_PORT),
  ];
}
