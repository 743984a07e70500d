import { Severity } from '../../../core/types';
import { Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { YugabyteAnalysis } from '../analysis';
import { YugabyteDbModel } from '../model';

/** A tablet leader can only be a replica: a preferred zone without replicas is never met. */
export const ybPreferredLeaders: EngineRule<YugabyteDbModel, YugabyteAnalysis> = {
  id: 'MS-YB-PREFERRED-LEADERS',
  summary: 'a YugabyteDB preferred leader site that holds no tablet replica',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'Tablet leaders are replicas: a preferred zone outside the placement is never met, so writes are led elsewhere and the commit floor the design was built for does not hold.',
  checkClusters(clusters, _design): Violation[] {
    const out: Violation[] = [];
    for (const { cluster, details } of clusters) {
      for (const site of cluster.engine.preferredLeaderSites.filter((s) => (details.tabletReplicas.get(s) ?? 0) === 0)) {
        const placed = [...details.tabletReplicas].filter(([, n]) => n > 0).map(([s]) => s);
        out.push({
          path: cluster.path,
          message: `preferredLeaderSites names ${site}, which holds no tablet replica (replicas in ${placed.join(', ')}).`,
          fix: `Place tservers in ${site}, or prefer a site that holds replicas.`,
        });
      }
    }
    return out;
  },
};
