import { Rule, Violation } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { Severity } from '../core/types';

/** A GSLB zone answered from one site fails with that site. */
export const gslbSingleSite: Rule = {
  id: 'MS-GSLB-SINGLE-SITE',
  summary: 'a GSLB zone served from fewer than two active sites',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'A zone served from one site has nowhere to send clients when that site is lost, and its nameservers die with it.',
  check(design: AnalyzedDesign): Violation[] {
    return design.gslbZones
      .filter((z) => z.sites.length < 2)
      .map((z) => ({
        path: z.path,
        message: `${z.zone} is served from ${z.sites.length} active site(s)${z.sites.length ? ` (${z.sites.join(', ')})` : ''}.`,
        fix: 'Serve the zone from at least two ActiveActiveSites (the sites prop, or leave it out to use every active site).',
      }));
  },
};
