import { Severity } from '../../../core/types';
import { Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { GaleraModel } from '../model';
import { GaleraSettings } from '../settings';

/** An even number of Galera votes needs an arbitrator to break ties. */
export const galeraEvenVotes: EngineRule<GaleraModel, GaleraSettings> = {
  id: 'MS-GALERA-EVEN-VOTES',
  summary: 'an even number of Galera votes and no arbitrator',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'With an even number of votes a partition can split them in half, and then neither half is primary: the whole cluster stops taking writes.',
  checkClusters(clusters, _design): Violation[] {
    const out: Violation[] = [];
    for (const { cluster } of clusters) {
      const votes = cluster.members.reduce((n, m) => n + m.voters + m.arbitrators, 0);
      const arbitrators = cluster.members.reduce((n, m) => n + m.arbitrators, 0);
      if (votes % 2 === 1 || arbitrators > 0) continue;
      out.push({
        path: cluster.path,
        message: `${cluster.name} has ${votes} votes and no arbitrator.`,
        fix: 'Add a garbd arbitrator in a WitnessSite ({ site: witness, arbitrators: 1 }), or make the number of data nodes odd.',
      });
    }
    return out;
  },
};
