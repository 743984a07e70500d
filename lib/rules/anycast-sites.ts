import { Rule, Violation } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { Severity } from '../core/types';

/** An anycast VIP is announced from at least two active sites and never from a witness. */
export const anycastSites: Rule = {
  id: 'MS-ANYCAST-SITES',
  summary: 'an anycast VIP announced from fewer than two active sites, or from a witness',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'A VIP announced from one site disappears with it; a witness serves no user traffic, so announcing from it attracts clients to a site with nothing to answer them.',
  check(design: AnalyzedDesign): Violation[] {
    const out: Violation[] = [];
    const roleOf = new Map(design.sites.map((s) => [s.name, s.role]));
    for (const v of design.anycastVips) {
      const active = v.sites.filter((s) => roleOf.get(s) === 'active');
      if (active.length < 2) {
        out.push({
          path: v.path,
          message: `${v.address} is announced from ${active.length} active site(s)${active.length ? ` (${active.join(', ')})` : ''}.`,
          fix: 'Give routers in at least two ActiveActiveSites.',
        });
      }
      for (const s of v.sites.filter((x) => roleOf.get(x) === 'witness')) {
        out.push({ path: v.path, message: `${v.address} would be announced from witness ${s}.`, fix: `Remove ${s}'s routers from the VIP: the witness never announces.` });
      }
    }
    return out;
  },
};
