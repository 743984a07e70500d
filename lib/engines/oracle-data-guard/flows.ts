import { DataGuardAnalysis, ORACLE_LISTENER_PORT, ORACLE_TCPS_PORT } from './analysis';
import { dataGuardExporterLabels } from './metrics-exporter';
import { OracleDataGuardModel } from './model';
import { FlowMembers, flowsBetween, meshFlows, NetworkFlow } from '../../analysis/network-flow';
import { SITE_LABEL } from '../../k8s/labels';
import { DesignModel, SqlClusterOf } from '../../model/design';

/**
 * The connections a Data Guard configuration needs between the databases Kubernetes runs and
 * the broker's pods. The operator labels the database pods itself, so both ends are any pod of
 * the namespace, as the written policy selects them.
 * - Redo goes from the primary to each standby (LOG_ARCHIVE_DEST_n), and a standby fetches
 *   missing redo from its FAL server, the primary, over a connection it opens
 *   (https://docs.oracle.com/en/database/oracle/oracle-database/19/refrn/FAL_SERVER.html); after a
 *   switchover or failover the roles swap, so every pair both ways, over TCPS unless insecure;
 * - a new standby's first copy is cloned from the primary over plain TCP (the operator's
 *   standby creation, see the writer), so with TCPS each standby also reaches the primary on 1521;
 * - the broker's runner and the observer (dgmgrl sessions) connect to every database's listener,
 *   as the operator's topology execution does (see the writer's `topologyBrokerSpec`).
 */
export function dataGuardFlows(cluster: SqlClusterOf<OracleDataGuardModel>, d: DataGuardAnalysis): NetworkFlow[] {
  const pod = (role: string, site: string): FlowMembers => ({ role, site, namespace: cluster.namespace, podLabels: {}, pods: 1 });
  const managed = d.members.filter((m) => m.managed);
  const databases = managed.map((m, i) => pod(i === 0 && m === d.members[0] ? 'primary database' : 'standby database', m.site));
  const port = cluster.engine.insecure ? ORACLE_LISTENER_PORT : ORACLE_TCPS_PORT;
  const primary = d.members[0].managed ? databases[0] : undefined;
  const standbys = databases.filter((x) => x !== primary);
  return [
    ...meshFlows(cluster.engine.insecure ? 'redo transport' : 'redo transport (TCPS)', databases, port),
    ...(!cluster.engine.insecure && primary ? flowsBetween('standby creation (clone over TCP)', standbys, [primary], ORACLE_LISTENER_PORT) : []),
    ...flowsBetween('Data Guard broker and observer', [pod('broker', d.brokerSite)], databases, port),
  ];
}

/**
 * With monitoring, per database Kubernetes runs: its exporter logs in to the database's TCP
 * listener (metrics-exporter.ts). Prometheus' scrape of the exporter is admitted by the policy
 * `Monitoring` writes beside the PodMonitor (lib/k8s/monitoring.ts writeScrapePolicy), which the
 * engine's own objects, the ones this check reads, do not include, as for every engine.
 */
export function dataGuardMetricsFlows(design: DesignModel, cluster: SqlClusterOf<OracleDataGuardModel>, d: DataGuardAnalysis): NetworkFlow[] {
  if (!design.monitoring) return [];
  return d.members.filter((m) => m.managed).flatMap((m) => flowsBetween('metrics exporter login (SQL over TCP)',
    [{ role: 'metrics exporter', site: m.site, namespace: cluster.namespace, podLabels: { ...dataGuardExporterLabels(cluster), [SITE_LABEL]: m.site }, pods: 1 }],
    [{ role: 'database', site: m.site, namespace: cluster.namespace, podLabels: {}, pods: 1 }],
    ORACLE_LISTENER_PORT));
}
