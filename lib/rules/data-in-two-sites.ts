import { Rule, Violation } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { Severity } from '../core/types';

/** Votes that survive a site loss serve nothing unless a member holding data survives with them. */
export const dataInTwoSites: Rule = {
  id: 'MS-DATA-IN-TWO-SITES',
  summary: 'every member that holds data in one site (arbitrators alone keep votes, not the database)',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'Arbitrators vote but hold no data. When every member that holds data sits in one site, losing that site leaves a majority of votes and no database: service stops, and the data is gone if the site is.',
  check(design: AnalyzedDesign): Violation[] {
    const out: Violation[] = [];
    for (const { cluster } of design.analyses.filter((a) => a.stronglyConsistent)) {
      const sites = cluster.members.filter((m) => m.voters > 0).map((m) => m.site);
      if (sites.length >= 2) continue;
      out.push({
        path: cluster.path,
        message: sites.length === 0
          ? `${cluster.name} has arbitrators only; no member holds data.`
          : `every member of ${cluster.name} that holds data is in ${sites[0]}.`,
        fix: 'Place voters (data-holding members) in a second site, so that losing either site leaves a copy of the data.',
      });
    }
    return out;
  },
};
