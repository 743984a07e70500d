import { Severity } from '../../../core/types';
import { Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { CassandraAnalysis } from '../analysis';
import { CassandraModel } from '../model';

/** cass-operator's PodDisruptionBudget must keep the application's consistency levels. */
export const cassandraDisruptionBudget: EngineRule<CassandraModel, CassandraAnalysis> = {
  id: 'MS-CASSANDRA-DISRUPTION-BUDGET',
  summary: 'one Cassandra pod drained in every datacenter at once stops one of the application\'s consistency levels',
  severity: Severity.ERROR,
  acknowledgeable: true,
  why: 'cass-operator gives every datacenter a PodDisruptionBudget of minAvailable size − 1, and the clusters cannot see each other\'s budgets, so node drains may take one pod in every datacenter at the same time; a second budget over the same pods would make every eviction fail, so the replication must tolerate it.',
  checkClusters(clusters, _design): Violation[] {
    return clusters.flatMap(({ cluster: c, details }) => details.evictionShortfalls.map((s) => ({
      path: c.path,
      message: `with one pod drained in every datacenter, ${s.level} coordinated in ${s.site} fails for keyspace ${s.keyspace}.`,
      fix: `Raise ${s.keyspace}'s replication factor (3 per datacenter keeps LOCAL_QUORUM through one drained pod), or drain one site at a time and acknowledge MS-CASSANDRA-DISRUPTION-BUDGET.`,
    })));
  },
};
