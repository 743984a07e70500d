import { Severity } from '../../../core/types';
import { Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { describePerSite, YugabyteAnalysis } from '../analysis';
import { YugabyteDbModel } from '../model';

/**
 * The masters are one Raft group, placed by `masterPlacement` (or like the tablets): each
 * single-site loss must leave a majority of them, and each runs beside the cluster's tservers.
 */
export const ybMasterPlacement: EngineRule<YugabyteDbModel, YugabyteAnalysis> = {
  id: 'MS-YB-MASTER-PLACEMENT',
  summary: 'YugabyteDB masters placed so that one site loss takes their majority, or in a site without the cluster\'s tservers',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'The yb-masters hold the system catalog and the map of every tablet: without a majority of them no DDL runs, a lost tablet replica is never re-created elsewhere, and clients cannot look up their tables, even while every tablet keeps its own majority.',
  checkClusters(clusters, _design): Violation[] {
    const out: Violation[] = [];
    for (const { cluster, details, singleSiteLosses } of clusters) {
      const placed = new Set(cluster.members.map((m) => m.site));
      for (const p of (cluster.engine.masterPlacement ?? []).filter((x) => x.masters > 0 && !placed.has(x.site))) {
        out.push({
          path: cluster.path,
          message: `masterPlacement puts ${p.masters} yb-master(s) in ${p.site}, where ${cluster.name} runs no tservers.`,
          fix: `Place tservers of ${cluster.name} in ${p.site}, or move its masters to placed sites: ${[...placed].join(', ')}.`,
        });
      }
      // The masters are the second voting group (yugabyteVotingGroups); the engine's verdict gives their votes left.
      for (const loss of singleSiteLosses.filter((s) => !s.groups[1].survives)) {
        const masters = loss.groups[1];
        out.push({
          path: cluster.path,
          message: `losing ${loss.lost.join(' + ')} leaves ${masters.votesLeft} of the ${masters.total} yb-masters (${describePerSite(details.mastersPerSite)}); a majority needs ${masters.quorum}.`,
          fix: `Place the masters like the tablets (${describePerSite(details.tabletReplicas)}), so that every site holds fewer than half of them: leave masterPlacement unset, or give it those counts.`,
        });
      }
    }
    return out;
  },
};
