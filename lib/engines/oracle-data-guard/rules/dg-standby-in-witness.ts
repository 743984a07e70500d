import { Severity } from '../../../core/types';
import { Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { DataGuardAnalysis } from '../analysis';
import { OracleDataGuardModel } from '../model';

/** Every standby in a witness: a failover moves the primary into the site meant only to break ties. */
export const dataGuardStandbyInWitness: EngineRule<OracleDataGuardModel, DataGuardAnalysis> = {
  id: 'MS-DG-STANDBY-IN-WITNESS',
  summary: 'every Data Guard standby in a WitnessSite: a failover makes the witness the primary site',
  severity: Severity.WARNING,
  acknowledgeable: true,
  why: 'A witness is a small tie-breaker site that serves no user traffic; when the primary site is lost, the database fails over into it, and the application, its clients and the GSLB must then run from there.',
  checkClusters(clusters, design): Violation[] {
    const roleOf = new Map(design.sites.map((s) => [s.name, s.role]));
    return clusters.map((a) => a.cluster).flatMap((c): Violation[] => {
      const standbys = c.members.filter((m) => m.voters > 0 && m.site !== c.engine.primary).map((m) => m.site);
      if (standbys.length === 0 || standbys.some((s) => roleOf.get(s) !== 'witness')) return [];
      return [{
        path: c.path,
        message: `every standby of ${c.name} sits in a witness (${standbys.join(', ')}), so losing ${c.engine.primary} makes a witness the primary site.`,
        fix: 'Place a standby (voters: 1) in an ActiveActiveSite, and keep the witness for the observer; or acknowledge it with the reason the witness is sized to run the service.',
      }];
    });
  },
};
