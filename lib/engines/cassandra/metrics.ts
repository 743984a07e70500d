import { CassandraAnalysis } from './analysis';
import { requirementOf, serves } from './consistency';
import { hasMetricsEndpoint } from './metrics-version';
import { CassandraCluster } from './model';
import { cassandraPodLabels } from './names';
import { CassandraConsistency } from './options';
import { CASSANDRA_PORTS } from './ports';
import { MetricsEndpoint, SiteFloor } from '../../analysis/metrics-endpoint';

/**
 * Cassandra's metrics as K8ssandra publishes them: with `telemetry.prometheus.enabled`,
 * k8ssandra-operator writes in each datacenter's Kubernetes cluster a ServiceMonitor
 * `<cluster>-<dc>-cass-servicemonitor` on the datacenter's all-pods Service, port `metrics`
 * path `/metrics` (or MCAC's `prometheus`), whose series carry the Service's
 * `cassandra.datastax.com/cluster` and `cassandra.datastax.com/datacenter` labels (its
 * `targetLabels`; Prometheus writes `.` and `/` as `_`) — k8ssandra-operator v1.32.5
 * `pkg/telemetry/prom_cass_servicemonitor.go`, NewCassServiceMonitor;
 * `controllers/k8ssandra/cassandra_telemetry_reconciler.go`. The Service publishes pods that are
 * not ready (cass-operator v1.30.3 `construct_service.go`), so a node whose Cassandra is down is
 * a target that is not `up`. The datacenter is named after the site, the cluster after the
 * K8ssandraCluster (the writer sets no `clusterName`).
 */
export function cassandraMetricsEndpoints(cluster: CassandraCluster, details: CassandraAnalysis): MetricsEndpoint[] {
  const modern = hasMetricsEndpoint(cluster.engine.serverVersion);
  return [{
    component: 'database',
    podLabels: cassandraPodLabels(cluster),
    port: modern ? 'metrics' : 'prometheus',
    portNumber: modern ? CASSANDRA_PORTS.metrics : CASSANDRA_PORTS.mcacMetrics,
    path: '/metrics',
    scheme: 'http',
    podsPerSite: new Map(details.datacenters.map((d) => [d.site, d.size])),
    source: 'k8ssandra-operator v1.32.5 pkg/telemetry/prom_cass_servicemonitor.go',
    scrapedByOperator: 'k8ssandra-operator (K8ssandraCluster telemetry.prometheus.enabled: a ServiceMonitor per datacenter, in its Kubernetes cluster)',
    series: {
      selector: { cassandra_datastax_com_cluster: cluster.name },
      siteLabel: 'cassandra_datastax_com_datacenter',
    },
  }];
}

/**
 * Per datacenter and each of the application's levels: the fewest nodes up there for requests it
 * coordinates to succeed for every keyspace, with every other datacenter whole, by Cassandra's
 * own rule (`serves`). Which ranges a down node held is not in the metrics, so the floor takes
 * the worst: every node down held a replica of the same range (with as many nodes as replicas,
 * that is every range). A level a datacenter cannot serve even whole gets no floor (the report's
 * consistency table says so), nor one that survives the whole datacenter down.
 */
export function cassandraSiteFloors(cluster: CassandraCluster, details: CassandraAnalysis): SiteFloor[] {
  const e = cluster.engine;
  const levels: [CassandraConsistency, string][] = e.readConsistency === e.writeConsistency
    ? [[e.writeConsistency, 'requests']]
    : [[e.writeConsistency, 'writes'], [e.readConsistency, 'reads']];
  // Local levels ask nothing of other datacenters: a datacenter above its floors serves as if whole.
  const allLocal = levels.every(([level]) => requirementOf(level).scope === 'local');
  const floors: SiteFloor[] = [];
  for (const dc of details.datacenters) {
    for (const [level, use] of levels) {
      const servedWith = (down: number) => details.keyspaces.every((k) => {
        const alive = new Map(k.replicas);
        alive.set(dc.site, Math.max(0, (k.replicas.get(dc.site) ?? 0) - down));
        return serves(level, k.replicas, alive, dc.site);
      });
      if (!servedWith(0)) continue;
      const firstFailing = [...Array(dc.size).keys()].map((i) => i + 1).find((down) => !servedWith(down));
      if (firstFailing === undefined) continue;
      floors.push({
        site: dc.site,
        component: 'database',
        minUp: dc.size - firstFailing + 1,
        what: `${level} ${use}`,
        why: `with ${firstFailing} of ${dc.size} nodes down in ${dc.site}, they may all hold replicas of one range, and a ${level} request coordinated in ${dc.site} then finds too few replicas of it (Cassandra's consistency rule, every other datacenter whole)`,
        servesAsWholeAbove: allLocal,
      });
    }
  }
  return floors;
}
