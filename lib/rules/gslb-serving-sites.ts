import { Severity } from '../finding';
import { Rule, Violation } from './rule';
import { DesignModel } from '../model/design';

/** A GSLB zone answered from one site fails with that site. */
export const gslbServingSites: Rule = {
  id: 'MS-GSLB-SINGLE-SITE',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'A zone served from one site has nowhere to send clients when that site is lost, and its nameservers die with it.',
  check(design: DesignModel): Violation[] {
    return design.gslbZones
      .filter((z) => z.sites.length < 2)
      .map((z) => ({
        path: z.path,
        message: `${z.zone} is served from ${z.sites.length} active site(s)${z.sites.length ? ` (${z.sites.join(', ')})` : ''}.`,
        fix: 'Serve the zone from at least two ActiveActiveSites (the sites prop, or leave it out to use every active site).',
      }));
  },
};
