import { Rule, Violation } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { Severity } from '../core/types';

/** Each k8gb cluster is known to the others by its geo tag. */
export const gslbGeotagUnique: Rule = {
  id: 'MS-GSLB-GEOTAG-UNIQUE',
  summary: 'two serving sites with one geo tag',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'k8gb finds its peers and names its nameservers by geo tag: two sites with one tag share a nameserver name, and one of them is never asked.',
  check(design: AnalyzedDesign): Violation[] {
    const serving = new Set(design.gslbZones.flatMap((z) => z.sites));
    const byTag = new Map<string, string[]>();
    for (const s of design.sites.filter((x) => serving.has(x.name))) {
      byTag.set(s.geoTag, [...(byTag.get(s.geoTag) ?? []), s.name]);
    }
    const out: Violation[] = [];
    for (const [tag, sites] of byTag) {
      if (sites.length < 2) continue;
      out.push({
        path: design.sites.find((s) => s.name === sites[1])!.path,
        message: `sites ${sites.join(', ')} share geo tag ${tag}.`,
        fix: 'Give every serving site its own geoTag (the site name is the default).',
      });
    }
    return out;
  },
};
