import { Severity } from '../../../core/types';
import { Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { describePerSite, YugabyteAnalysis } from '../analysis';
import { YugabyteDbModel } from '../model';

/**
 * "The number of nodes in a cluster running YB-Masters must equal the replication factor"
 * (https://docs.yugabyte.com/stable/deploy/manual-deployment/start-masters/). Unset,
 * `masterPlacement` follows the tablet placement, which always holds replication-factor replicas.
 */
export const ybMasterCount: EngineRule<YugabyteDbModel, YugabyteAnalysis> = {
  id: 'MS-YB-MASTER-COUNT',
  summary: 'YugabyteDB masters (masterPlacement) not equal to the replication factor',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'YugabyteDB needs exactly as many masters as the replication factor: with more, the masters\' own quorum is not the one the tablets are sized for; with fewer, a master loss costs the catalog more of its majority than a tablet loses.',
  checkClusters(clusters, _design): Violation[] {
    const out: Violation[] = [];
    for (const { cluster, details } of clusters) {
      const rf = cluster.engine.replicationFactor;
      if (details.masters === rf) continue;
      out.push({
        path: cluster.path,
        message: `${cluster.name} runs ${details.masters} yb-master(s) (${describePerSite(details.mastersPerSite)}); replicationFactor is ${rf}.`,
        fix: `Place ${rf} masters in all, like the tablets (${describePerSite(details.tabletReplicas)}): set masterPlacement so, or leave it unset to follow the tablet placement.`,
      });
    }
    return out;
  },
};
