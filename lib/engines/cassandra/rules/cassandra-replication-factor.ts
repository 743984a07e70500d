import { Severity } from '../../../core/types';
import { Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { CassandraAnalysis, defaultReplicas } from '../analysis';
import { CassandraModel } from '../model';

/** Three replicas per datacenter where the datacenter has the nodes. */
export const cassandraReplicationFactor: EngineRule<CassandraModel, CassandraAnalysis> = {
  id: 'MS-CASSANDRA-REPLICATION-FACTOR',
  summary: 'a Cassandra keyspace with fewer than 3 replicas in a datacenter that has 3 nodes or more',
  severity: Severity.WARNING,
  acknowledgeable: true,
  why: 'With 1 or 2 replicas in a datacenter, one node down there (a crash, a drain, a rolling restart) leaves no LOCAL_QUORUM for the rows it holds, so the datacenter stops serving them on its own.',
  checkClusters(clusters, _design): Violation[] {
    const out: Violation[] = [];
    for (const { cluster: c, details } of clusters) {
      for (const k of details.keyspaces.filter((x) => !x.assumed)) {
        for (const dc of details.datacenters) {
          const rf = k.replicas.get(dc.site)!;
          const floor = defaultReplicas(dc.size);
          if (rf >= floor) continue;
          out.push({
            path: c.path,
            message: `keyspace ${k.name} keeps ${rf} replica(s) in ${dc.site}, which has ${dc.size} nodes.`,
            fix: `Set replicationFactor ${floor} for ${k.name} in ${dc.site} (perSite), or acknowledge MS-CASSANDRA-REPLICATION-FACTOR if ${dc.site} is not meant to serve ${k.name}.`,
          });
        }
      }
    }
    return out;
  },
};
