import { Severity } from '../../../core/types';
import { Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { YugabyteAnalysis } from '../analysis';
import { YugabyteDbModel } from '../model';

/** An even number of voting sites that the survival analysis says does not survive a site loss. */
export const ybEvenSitesHalt: EngineRule<YugabyteDbModel, YugabyteAnalysis> = {
  id: 'MS-YB-EVEN-SITES-HALT',
  summary: 'YugabyteDB votes in an even number of sites and one site loss halts it',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'With votes in an even number of sites, a site loss or a partition can leave exactly half of the votes, which is no majority: the masters or the tablets stop.',
  checkClusters(clusters, _design): Violation[] {
    const out: Violation[] = [];
    for (const { cluster, details, singleSiteLosses } of clusters) {
      const sites = details.votingSites.length;
      const halts = singleSiteLosses.filter((s) => !s.survives);
      if (sites % 2 === 1 || halts.length === 0) continue;
      out.push({
        path: cluster.path,
        message: `${cluster.name} votes in ${sites} site(s) (${details.votingSites.join(', ')}), and losing ${halts.map((s) => s.lost.join('+')).join(' or ')} halts it.`,
        fix: `Place the cluster in ${sites + 1} sites, one master and one replica each (replicationFactor ${sites + 1}); a WitnessSite with a tserver can be the odd one.`,
      });
    }
    return out;
  },
};
