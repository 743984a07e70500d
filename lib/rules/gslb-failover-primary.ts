import { Rule, Violation } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { Severity } from '../core/types';

/** A failover zone's primary must be a site that serves it. */
export const gslbFailoverPrimary: Rule = {
  id: 'MS-GSLB-FAILOVER-PRIMARY',
  summary: 'a failover primary that is a witness or does not serve the zone',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'Clients are sent to the primary while it is healthy: a witness or a site outside the zone serves no user traffic, so the zone would answer with nothing useful.',
  check(design: AnalyzedDesign): Violation[] {
    const out: Violation[] = [];
    for (const z of design.gslbZones) {
      const strategy = z.strategy;
      if (strategy.kind !== 'failover' || z.sites.includes(strategy.primary)) continue;
      const site = design.sites.find((s) => s.name === strategy.primary);
      const what = site?.role === 'witness' ? 'a witness site' : 'not a site that serves the zone';
      out.push({
        path: z.path,
        message: `the failover primary ${strategy.primary} is ${what}.`,
        fix: `Make one of the serving sites the primary (${z.sites.join(', ')}).`,
      });
    }
    return out;
  },
};
