import { Rule, Violation } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { Severity } from '../core/types';

/** A delegation needs an address for every site's nameserver. */
export const gslbGlueAddress: Rule = {
  id: 'MS-GSLB-GLUE-ADDRESS',
  summary: 'a serving site without the address of its k8gb CoreDNS',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'Without a glue address the parent zone delegates to a nameserver nobody can reach, and resolvers that pick it time out.',
  check(design: AnalyzedDesign): Violation[] {
    const out: Violation[] = [];
    for (const z of design.gslbZones) {
      for (const name of z.sites) {
        const site = design.sites.find((s) => s.name === name)!;
        if (site.dnsAddress) continue;
        out.push({
          path: site.path,
          message: `${name} serves ${z.zone} but has no dnsAddress for its k8gb CoreDNS.`,
          fix: `Set dnsAddress on ${name} to the IPv4 address its k8gb CoreDNS Service is exposed on.`,
        });
      }
    }
    return out;
  },
};
