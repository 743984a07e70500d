import { Rule, Violation } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { Severity } from '../core/types';

/** Weights name exactly the serving sites, and not all of them are zero. */
export const gslbWeights: Rule = {
  id: 'MS-GSLB-WEIGHTS',
  summary: 'weights for sites that do not serve the zone, or serving sites without one',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'k8gb matches weights to serving clusters by geo tag: a weight for a site that does not serve the zone is ignored and a serving site without one gets no share, so traffic does not split the way the design says.',
  check(design: AnalyzedDesign): Violation[] {
    const out: Violation[] = [];
    for (const z of design.gslbZones) {
      if (z.strategy.kind !== 'weighted') continue;
      const weighted = z.strategy.weights.map((w) => w.site);
      for (const site of weighted.filter((s) => !z.sites.includes(s))) {
        out.push({ path: z.path, message: `a weight is given for ${site}, which does not serve ${z.zone}.`, fix: `Weight only the serving sites: ${z.sites.join(', ')}.` });
      }
      for (const site of z.sites.filter((s) => !weighted.includes(s))) {
        out.push({ path: z.path, message: `serving site ${site} has no weight.`, fix: `Give ${site} a weight (0 keeps it as a standby that gets no share).` });
      }
      if (z.strategy.weights.every((w) => w.weight === 0)) {
        out.push({ path: z.path, message: 'every weight is 0.', fix: 'Give at least one serving site a positive weight.' });
      }
    }
    return out;
  },
};
