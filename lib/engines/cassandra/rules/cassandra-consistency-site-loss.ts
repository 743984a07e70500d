import { Severity } from '../../../core/types';
import { Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { CassandraAnalysis } from '../analysis';
import { requirementOf } from '../consistency';
import { CassandraModel } from '../model';

/** The application's consistency levels must still succeed somewhere after any one datacenter is lost. */
export const cassandraConsistencySiteLoss: EngineRule<CassandraModel, CassandraAnalysis> = {
  id: 'MS-CASSANDRA-CONSISTENCY-SITE-LOSS',
  summary: 'a Cassandra read or write consistency level that no datacenter can serve after one site is lost',
  severity: Severity.ERROR,
  acknowledgeable: true,
  why: 'Cassandra answers a request only when enough replicas reply for its consistency level: QUORUM over two datacenters of equal replication (4 of 6), EACH_QUORUM or ALL need the lost datacenter\'s replicas, so every request at that level fails for as long as the site is down.',
  checkClusters(clusters, _design): Violation[] {
    const out: Violation[] = [];
    // The engine's survival verdict (survival.ts) on each single-site loss says where reads and writes still succeed.
    for (const { cluster: c, singleSiteLosses } of clusters) {
      for (const s of singleSiteLosses) {
        const roles = [['reads', c.engine.readConsistency, s.readsFrom], ['writes', c.engine.writeConsistency, s.writesFrom]] as const;
        for (const [role, level, from] of roles) {
          if (from.length > 0) continue;
          const local = requirementOf(level).scope === 'local';
          out.push({
            path: c.path,
            message: `losing ${s.lost.join(' + ')} leaves no datacenter where ${role} at ${level} succeed.`,
            fix: local
              ? 'Give the keyspaces replicas in the other datacenters (replicationFactor ≥ 1 there), so that clients that fail over find a local quorum.'
              : `Use LOCAL_QUORUM for ${role} (each datacenter answers on its own; writes reach the others asynchronously, RPO > 0), or add a datacenter so that ${level} still finds enough replicas without any one site; acknowledge MS-CASSANDRA-CONSISTENCY-SITE-LOSS to accept the outage.`,
          });
        }
      }
    }
    return out;
  },
};
