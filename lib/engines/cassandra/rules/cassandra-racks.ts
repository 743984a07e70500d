import { Severity } from '../../../core/types';
import { Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { CassandraAnalysis } from '../analysis';
import { CassandraModel } from '../model';

/** Racks per datacenter: 1, or at least the replication factor. */
export const cassandraRacks: EngineRule<CassandraModel, CassandraAnalysis> = {
  id: 'MS-CASSANDRA-RACKS',
  summary: 'a Cassandra datacenter whose rack count is neither 1 nor at least its replication factor, or racks for a site without a datacenter',
  severity: Severity.ERROR,
  acknowledgeable: false,
  // Cassandra's token allocation (on by default in 4.x) accepts racks == 1 or racks ≥ RF and
  // throws otherwise (apache/cassandra `dht/tokenallocator/TokenAllocation.java`, createStrategy);
  // k8ssandra-operator #667 shows the error: "the number of racks 2 in datacenter dc1 is lower than its replication factor 3".
  why: 'Cassandra allocates tokens for a new node only when its datacenter has one rack or at least as many racks as the replication factor: with 2 racks for 3 replicas a node fails to join ("Token allocation failed: the number of racks ... is lower than its replication factor"), so the datacenter cannot be built or grown.',
  checkClusters(clusters, _design): Violation[] {
    const out: Violation[] = [];
    for (const { cluster: c, details } of clusters) {
      const dcs = new Set(details.datacenters.map((d) => d.site));
      for (const r of c.engine.racks) {
        if (!dcs.has(r.site)) {
          out.push({ path: c.path, message: `racks are set for ${r.site}, which has no datacenter of ${c.name}.`, fix: `Place nodes in ${r.site} or remove its racks.` });
        } else if (new Set(r.zones).size !== r.zones.length) {
          out.push({ path: c.path, message: `the racks of ${r.site} name a zone twice (${r.zones.join(', ')}).`, fix: 'Name each zone once: one rack per zone.' });
        }
      }
      for (const dc of details.datacenters) {
        const racks = dc.racks.length;
        const maxRf = Math.max(...details.keyspaces.map((k) => k.replicas.get(dc.site)!), details.systemReplicas.get(dc.site)!);
        if (racks === 1 || racks >= maxRf) continue;
        out.push({
          path: c.path,
          message: `${dc.site} has ${racks} racks for up to ${maxRf} replicas per row.`,
          fix: `Give ${dc.site} one rack, or at least ${maxRf} (one per zone), or lower the replication factor there to ${racks}.`,
        });
      }
    }
    return out;
  },
};
