import { Severity } from '../../../core/types';
import { Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { YugabyteAnalysis } from '../analysis';
import { YugabyteDbModel } from '../model';

/**
 * A tablet's replicas are Raft peers on distinct tservers, so a site holds at most as many
 * replicas of a tablet as it runs tservers; `modify_placement_info` asks for the replicas per
 * site (`min_num_replicas`), and a site with fewer tservers leaves every tablet under-replicated
 * (https://docs.yugabyte.com/stable/admin/yb-admin/#modify-placement-info).
 */
export const ybReplicasPerSite: EngineRule<YugabyteDbModel, YugabyteAnalysis> = {
  id: 'MS-YB-REPLICAS-PER-SITE',
  summary: 'a YugabyteDB site asked to hold more replicas of every tablet than it runs tservers',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'A tserver holds at most one replica of a tablet: a site asked for more replicas than it has tservers leaves every tablet short of its replication factor, with fewer votes to lose before it halts.',
  checkClusters(clusters, _design): Violation[] {
    const out: Violation[] = [];
    for (const { cluster, details } of clusters) {
      for (const m of cluster.members) {
        const replicas = details.tabletReplicas.get(m.site) ?? 0;
        if (replicas <= m.voters) continue;
        out.push({
          path: cluster.path,
          message: `replicationFactor ${cluster.engine.replicationFactor} over ${cluster.members.length} site(s) puts ${replicas} replicas of every tablet in ${m.site}, which runs ${m.voters} tserver(s).`,
          fix: `Run at least ${replicas} tservers in ${m.site} (voters: ${replicas}), or place the cluster in more sites.`,
        });
      }
    }
    return out;
  },
};
