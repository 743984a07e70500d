import { Severity } from '../../../core/types';
import { Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { DataGuardAnalysis } from '../analysis';
import { OracleDataGuardModel } from '../model';

/** Fast-start failover needs an observer outside the primary's and the target standby's sites. */
export const dataGuardObserver: EngineRule<OracleDataGuardModel, DataGuardAnalysis> = {
  id: 'MS-DG-OBSERVER',
  summary: 'fast-start failover without an observer outside the primary\'s and target\'s sites',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'The observer decides that the primary is gone: in the primary\'s site it dies with it and no failover happens; in the target standby\'s site a partition lets it fail over while the primary still takes writes.',
  checkClusters(clusters, _design): Violation[] {
    const out: Violation[] = [];
    for (const { cluster: c, details } of clusters.filter((x) => x.cluster.engine.fastStartFailover)) {
      const { primary, standbys, observers } = details.roles;
      if (observers.length === 0) {
        out.push({
          path: c.path,
          message: `${c.name} has fast-start failover on but no observer in a third site.`,
          fix: 'Add a WitnessSite and place the observer there ({ site: witness, arbitrators: 1 }), or turn fastStartFailover off and fail over by hand (the runbook says how).',
        });
      }
      for (const site of observers.filter((s) => s === primary || s === standbys[0])) {
        out.push({
          path: c.path,
          message: `the observer runs in ${site}, the ${site === primary ? 'primary\'s' : 'target standby\'s'} site.`,
          fix: 'Run the observer in a WitnessSite, outside both the primary\'s and the target standby\'s sites.',
        });
      }
    }
    return out;
  },
};
