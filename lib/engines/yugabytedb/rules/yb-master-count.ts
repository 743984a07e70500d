import { AnalyzedDesign, clustersOfKind } from '../../../analysis/analyzed-design';
import { Severity } from '../../../core/types';
import { Rule, Violation } from '../../../rules/rule';
import { YugabyteAnalysis } from '../analysis';
import { YUGABYTEDB_KIND, YugabyteDbModel } from '../model';

/**
 * "The number of nodes in a cluster running YB-Masters must equal the replication factor"
 * (https://docs.yugabyte.com/stable/deploy/manual-deployment/start-masters/); the library runs one
 * master per placed site.
 */
export const ybMasterCount: Rule = {
  id: 'MS-YB-MASTER-COUNT',
  summary: 'YugabyteDB masters (one per placed site) not equal to the replication factor',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'YugabyteDB needs exactly as many masters as the replication factor: with more, the masters\' own quorum is not the one the tablets are sized for; with fewer, a site holds more than one master or the factor cannot be placed.',
  check(design: AnalyzedDesign): Violation[] {
    const out: Violation[] = [];
    for (const { cluster, details } of clustersOfKind<YugabyteDbModel, YugabyteAnalysis>(design, YUGABYTEDB_KIND)) {
      const rf = cluster.engine.replicationFactor;
      const masters = details.masterSites.length;
      if (masters === rf) continue;
      out.push({
        path: cluster.path,
        message: `${cluster.name} is placed in ${masters} site(s) (${details.masterSites.join(', ')}), so it runs ${masters} yb-master(s), one per site; replicationFactor is ${rf}.`,
        fix: masters > rf
          ? `Declare replicationFactor ${masters}${masters % 2 === 0 ? ' (even: see MS-YB-EVEN-SITES), or place the cluster in ' + rf + ' sites' : ''}, or place tservers in ${rf} sites only.`
          : `Place tservers in ${rf} sites (one master each), or declare replicationFactor ${masters}.`,
      });
    }
    return out;
  },
};
