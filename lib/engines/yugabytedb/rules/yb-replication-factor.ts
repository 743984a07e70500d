import { Severity } from '../../../core/types';
import { Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { YugabyteAnalysis } from '../analysis';
import { YugabyteDbModel } from '../model';

/**
 * "To achieve a FT of f fault domains, the primary cluster has to be configured with a RF of at
 * least 2f + 1" (https://docs.yugabyte.com/latest/architecture/concepts/replication):
 * a site is the fault domain here.
 */
export const ybReplicationFactor: EngineRule<YugabyteDbModel, YugabyteAnalysis> = {
  id: 'MS-YB-REPLICATION-FACTOR',
  summary: 'a YugabyteDB replication factor that the loss of one site breaks',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'Every tablet is a Raft group of replication-factor replicas; when one site holds so many of them that the rest are no majority, losing that site stops every write (and every consistent read) until it is back.',
  checkClusters(clusters, _design): Violation[] {
    const out: Violation[] = [];
    for (const { cluster, singleSiteLosses } of clusters) {
      const rf = cluster.engine.replicationFactor;
      // The tablets are the first voting group (yugabyteVotingGroups).
      const broken = singleSiteLosses.filter((s) => !s.groups[0].survives);
      if (broken.length === 0) continue;
      const first = broken[0].groups[0];
      out.push({
        path: cluster.path,
        message: `replicationFactor ${rf}: losing ${broken.map((s) => s.lost.join('+')).join(' or ')} leaves ${first.votesLeft} of the ${rf} replicas of a tablet; a majority needs ${first.quorum}.`,
        fix: 'Declare replicationFactor 3 (or 5) and place tservers in as many sites, one replica per site: a factor of 2f + 1 survives f sites.',
      });
    }
    return out;
  },
};
