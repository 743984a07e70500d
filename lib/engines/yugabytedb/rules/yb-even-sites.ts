import { Severity } from '../../../core/types';
import { Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { YugabyteAnalysis } from '../analysis';
import { YugabyteDbModel } from '../model';

/**
 * "Deploying a single universe across an even number of AZs or data centers is not recommended"
 * (https://docs.yugabyte.com/stable/deploy/multi-dc/3dc-deployment/). Acknowledgeable because the
 * survival analysis says this cluster survives every single-site loss; when it does not,
 * MS-YB-EVEN-SITES-HALT fires instead, and that cannot be acknowledged.
 */
export const ybEvenSites: EngineRule<YugabyteDbModel, YugabyteAnalysis> = {
  id: 'MS-YB-EVEN-SITES',
  summary: 'YugabyteDB votes in an even number of sites (survives one site loss: acknowledgeable)',
  severity: Severity.ERROR,
  acknowledgeable: true,
  why: 'An even site count raises the quorum without raising the number of sites that may fail: 4 sites survive one loss, like 3, but a partition into 2 + 2 halts every tablet and the masters.',
  checkClusters(clusters, _design): Violation[] {
    const out: Violation[] = [];
    for (const { cluster, details, singleSiteLosses } of clusters) {
      const sites = details.votingSites.length;
      if (sites % 2 === 1 || !singleSiteLosses.every((s) => s.survives)) continue;
      out.push({
        path: cluster.path,
        message: `${cluster.name} votes in ${sites} sites (${details.votingSites.join(', ')}): it survives any one site loss, but a split into ${sites / 2} + ${sites / 2} sites halts it.`,
        fix: `Place the cluster in ${sites - 1} or ${sites + 1} sites (replicationFactor to match), or acknowledge MS-YB-EVEN-SITES with the reason the even count is kept.`,
      });
    }
    return out;
  },
};
