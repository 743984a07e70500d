import { DataGuardCluster } from './model';

/** Name of the SingleInstanceDatabase of `cluster` in `site`. */
export function databaseObjectName(cluster: DataGuardCluster, site: string): string {
  return `${cluster.name}-${site}`;
}

/**
 * The Oracle SID (and db_unique_name, which the operator makes equal) of the database in
 * `site`: up to 8 letters of the cluster name and the site's position among the databases.
 * Named by place, not role, since roles change on failover.
 */
export function databaseSid(cluster: DataGuardCluster, site: string): string {
  const base = cluster.name.replace(/[^a-z0-9]/gi, '').toUpperCase().slice(0, 8) || 'DB';
  const sites = cluster.members.filter((m) => m.voters > 0).map((m) => m.site);
  return `${base}${sites.indexOf(site) + 1}`;
}

/** Name of the DataguardBroker object (and the observer the operator starts). */
export function brokerName(cluster: DataGuardCluster): string {
  return `${cluster.name}-broker`;
}

/**
 * Name of the observer in topology mode (`spec.topology.observer.name`). The operator names the
 * observer pod `<broker>-observer` (oracle/oracle-database-operator sidbdevbranch e390bb952d5e,
 * controllers/dataguard/dataguardbroker_topology_execution.go), and dgmgrl knows it by this name.
 */
export function observerName(cluster: DataGuardCluster): string {
  return `${brokerName(cluster)}-observer`;
}

/** Name of the TCPS certificate Secret of the database of `cluster` in `site`. */
export function tcpsSecretName(cluster: DataGuardCluster, site: string): string {
  return `${databaseObjectName(cluster, site)}-tcps-tls`;
}
