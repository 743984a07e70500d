import { Rule, Violation } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { Severity } from '../core/types';

/** Strong consistency across sites needs votes in at least three fault domains. */
export const threeFaultDomains: Rule = {
  id: 'MS-THREE-FAULT-DOMAINS',
  summary: 'a strongly consistent cluster with votes in fewer than three sites',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'With votes in only two sites, a partition between them leaves at most one side (often neither) with a majority, so the cluster halts or one site is always the one that must survive.',
  check(design: AnalyzedDesign): Violation[] {
    const out: Violation[] = [];
    for (const { cluster } of design.analyses.filter((a) => a.stronglyConsistent)) {
      const sites = cluster.members.filter((m) => m.voters + m.arbitrators > 0).map((m) => m.site);
      if (sites.length >= 3) continue;
      out.push({
        path: cluster.path,
        message: `${cluster.name} places its votes in ${sites.length} site(s) (${sites.join(', ')}); a strongly consistent cluster needs three.`,
        fix: 'Add a WitnessSite as the third fault domain and place one voter there.',
      });
    }
    return out;
  },
};
