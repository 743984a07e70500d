import { Rule, Violation } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { Severity } from '../core/types';

/** One DNS zone, one GslbZone. */
export const gslbZoneUnique: Rule = {
  id: 'MS-GSLB-ZONE-UNIQUE',
  summary: 'two GslbZones for one DNS zone',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'Two stacks would create the same NS and glue records in the parent zone (the second apply fails with "record already exists"), and k8gb would be configured twice for one zone.',
  check(design: AnalyzedDesign): Violation[] {
    const first = new Map<string, string>();
    const out: Violation[] = [];
    for (const z of design.gslbZones) {
      const earlier = first.get(z.zone);
      if (earlier === undefined) {
        first.set(z.zone, z.path);
        continue;
      }
      out.push({ path: z.path, message: `zone ${z.zone} is also declared at ${earlier}.`, fix: 'Declare each zone once and add every host to it.' });
    }
    return out;
  },
};
