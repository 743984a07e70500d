import { Severity } from '../../../core/types';
import { Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { DataGuardAnalysis } from '../analysis';
import { OracleDataGuardModel } from '../model';

/** One database per site: the primary in its site, at least one standby elsewhere. */
export const dataGuardPlacement: EngineRule<OracleDataGuardModel, DataGuardAnalysis> = {
  id: 'MS-DG-PLACEMENT',
  summary: 'a Data Guard primary not placed, two databases in one site, or no standby elsewhere',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'Data Guard survives a site loss only with a standby in another site; a second database in the same site dies with the first.',
  checkClusters(clusters, _design): Violation[] {
    const out: Violation[] = [];
    for (const c of clusters.map((a) => a.cluster)) {
      const primary = c.members.find((m) => m.site === c.engine.primary);
      if (!primary || primary.voters === 0) {
        out.push({ path: c.path, message: `the primary site ${c.engine.primary} holds no database in the placement.`, fix: `Place { site: ${c.engine.primary}, voters: 1 }.`, placement: { kind: 'site', site: c.engine.primary, allows: (voters) => voters > 0 } });
      }
      for (const m of c.members.filter((x) => x.voters > 1)) {
        out.push({ path: c.path, message: `${m.site} holds ${m.voters} databases.`, fix: `Place one database (voters: 1) in ${m.site}; put further standbys in other sites.`, placement: { kind: 'site', site: m.site, allows: (voters) => voters <= 1 } });
      }
      for (const x of c.engine.externalMembers.filter((e) => !c.members.some((m) => m.site === e.site && m.voters > 0))) {
        out.push({ path: c.path, message: `the external database ${x.dbUniqueName} in ${x.site} is not in the placement.`, fix: `Place { site: ${x.site}, voters: 1 }.` });
      }
      if (c.members.filter((m) => m.voters > 0 && m.site !== c.engine.primary).length === 0) {
        out.push({ path: c.path, message: `${c.name} has no standby outside the primary site.`, fix: 'Place a standby (voters: 1) in another site.' });
      }
    }
    return out;
  },
};
