import { Severity } from '../../../core/types';
import { NO_PLACEMENT_REMEDY, Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { CassandraAnalysis } from '../analysis';
import { CassandraModel } from '../model';

/** A datacenter cannot hold more replicas of a row than it has nodes. */
export const cassandraReplicasExceedNodes: EngineRule<CassandraModel, CassandraAnalysis> = {
  id: 'MS-CASSANDRA-REPLICAS-EXCEED-NODES',
  summary: 'a Cassandra keyspace with more replicas in a datacenter than it has nodes, or replicas in a site without a datacenter',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'NetworkTopologyStrategy puts each replica on a different node, so a datacenter with fewer nodes than its replication factor holds fewer copies than the keyspace claims, and QUORUM, EACH_QUORUM and ALL count replicas that do not exist.',
  checkClusters(clusters, _design): Violation[] {
    const out: Violation[] = [];
    for (const { cluster: c, details } of clusters) {
      const dcs = new Set(details.datacenters.map((d) => d.site));
      for (const k of c.engine.keyspaces) {
        for (const p of k.perSite.filter((x) => !dcs.has(x.site))) {
          out.push({
            path: c.path,
            message: `keyspace ${k.name} sets replicas in ${p.site}, which has no datacenter of ${c.name}.`,
            fix: `Place nodes in ${p.site} or remove it from the keyspace's perSite.`,
          });
        }
        const bad = (n: number) => !Number.isInteger(n) || n < 0;
        if (k.replicationFactor !== undefined && bad(k.replicationFactor)) {
          out.push({ path: c.path, message: `keyspace ${k.name} has replicationFactor ${k.replicationFactor}.`, fix: 'Use a whole number ≥ 0.', placement: NO_PLACEMENT_REMEDY });
        }
        for (const p of k.perSite.filter((x) => bad(x.replicationFactor))) {
          out.push({ path: c.path, message: `keyspace ${k.name} has replicationFactor ${p.replicationFactor} in ${p.site}.`, fix: 'Use a whole number ≥ 0.', placement: NO_PLACEMENT_REMEDY });
        }
      }
      for (const k of details.keyspaces.filter((x) => !x.assumed)) {
        for (const dc of details.datacenters) {
          const rf = k.replicas.get(dc.site)!;
          if (rf <= dc.size) continue;
          out.push({
            path: c.path,
            message: `keyspace ${k.name} asks for ${rf} replicas in ${dc.site}, which has ${dc.size} node(s).`,
            fix: `Lower ${k.name}'s replication factor in ${dc.site} to at most ${dc.size}, or place ${rf} voters (nodes) there.`,
            // The datacenter exists while the site holds nodes; then it needs rf of them.
            placement: { kind: 'site', site: dc.site, allows: (voters) => voters === 0 || voters >= rf },
          });
        }
      }
    }
    return out;
  },
};
