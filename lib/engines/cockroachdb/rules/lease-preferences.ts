import { Severity } from '../../../core/types';
import { Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { CockroachDbModel } from '../model';
import { CockroachAnalysis } from '../voting-groups';

/** A lease can only go to a node that holds a voting replica. */
export const leasePreferences: EngineRule<CockroachDbModel, CockroachAnalysis> = {
  id: 'MS-LEASE-PREFERENCES',
  summary: 'a CockroachDB lease preference for a site that holds no voter of the default ranges',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'Leaseholders are voting replicas: a preference for a site without one is never met, so writes start elsewhere and the commit floor the design was built for does not hold.',
  checkClusters(clusters, _design): Violation[] {
    const out: Violation[] = [];
    for (const { cluster, details } of clusters) {
      for (const site of cluster.engine.leasePreferences.filter((s) => !details.defaultRanges.perSite.has(s))) {
        out.push({
          path: cluster.path,
          message: `leasePreferences names ${site}, which holds no voter of the default ranges (voters in ${[...details.defaultRanges.perSite.keys()].join(', ')}).`,
          fix: `Place nodes in ${site}, or prefer a site that holds voters.`,
        });
      }
    }
    return out;
  },
};
