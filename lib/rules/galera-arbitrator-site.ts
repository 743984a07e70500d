import { Severity } from '../finding';
import { Rule, Violation } from './rule';
import { DesignModel, isGalera } from '../model/design';

/** The arbitrator breaks ties between the data sites, so it belongs outside them. */
export const galeraArbitratorSite: Rule = {
  id: 'MS-GALERA-ARBITRATOR-SITE',
  severity: Severity.WARNING,
  acknowledgeable: true,
  why: 'An arbitrator inside an active site adds a vote to that site, so losing it takes two votes at once and a partition favours that site instead of breaking the tie.',
  check(design: DesignModel): Violation[] {
    const active = new Set(design.sites.filter((s) => s.role === 'active').map((s) => s.name));
    const out: Violation[] = [];
    for (const cluster of design.sqlClusters.filter(isGalera)) {
      for (const m of cluster.members.filter((x) => x.arbitrators > 0 && active.has(x.site))) {
        out.push({
          path: cluster.path,
          message: `garbd runs in active site ${m.site}.`,
          fix: 'Run the arbitrator in a WitnessSite, a third location that fails independently of the data sites.',
        });
      }
    }
    return out;
  },
};
