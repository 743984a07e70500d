import { formatMillis, Severity } from '../../../core/types';
import { Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { GaleraModel } from '../model';
import { GaleraSettings } from '../settings';

/**
 * The routers must not move writes before Galera has evicted the old writer: until then a
 * writer that only the router lost sight of still commits in the Primary component, beside the
 * new one.
 */
export const galeraRouterFailover: EngineRule<GaleraModel, GaleraSettings> = {
  id: 'MS-GALERA-ROUTER-FAILOVER',
  summary: 'Galera router health checks that move writes before `evs.inactive_timeout`',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'A router that gives up on the writer before Galera has evicted it sends writes to a second node while the first still commits for the clients that still reach it: two writers inside one window, whose transactions fail certification at commit.',
  checkClusters(clusters, _design): Violation[] {
    const out: Violation[] = [];
    for (const { cluster, details } of clusters) {
      const plan = details.router;
      if (!plan || plan.earliestMoveMillis >= plan.evictionMillis) continue;
      const neededInterval = Math.ceil(plan.evictionMillis / Math.max(1, plan.fall - 1));
      out.push({
        path: cluster.path,
        message: `the routers may move writes ${formatMillis(plan.earliestMoveMillis)} ms after the writer fails ((fall ${plan.fall} − 1) × checkInterval ${plan.checkIntervalMillis} ms), before Galera has surely evicted it (evs.inactive_timeout ${formatMillis(plan.evictionMillis)} ms).`,
        fix: plan.fall < 2
          ? 'Set GaleraRouting.singleWriter({ fall }) to at least 2 and checkInterval so that (fall − 1) × checkInterval ≥ evs.inactive_timeout, or leave checkInterval out for the library to derive it.'
          : `Set checkInterval to at least ${neededInterval} ms (or raise fall), or leave checkInterval out for the library to derive it.`,
      });
    }
    return out;
  },
};
