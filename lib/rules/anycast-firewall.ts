import { Rule, Violation } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { Severity } from '../core/types';

/** A stateful firewall in an anycast site drops what another site's firewall let in. */
export const anycastFirewall: Rule = {
  id: 'MS-ANYCAST-FIREWALL',
  summary: 'a stateful firewall in a site that announces an anycast VIP',
  severity: Severity.WARNING,
  acknowledgeable: true,
  why: 'With anycast, a reply may leave through another site than the request came in (asymmetric routing); a stateful firewall there never saw the connection and drops the reply.',
  check(design: AnalyzedDesign): Violation[] {
    const firewalled = new Set(design.sites.filter((s) => s.statefulFirewall).map((s) => s.name));
    const out: Violation[] = [];
    for (const v of design.anycastVips) {
      for (const s of v.sites.filter((x) => firewalled.has(x))) {
        out.push({
          path: v.path,
          message: `${s} has a stateful firewall in the path of ${v.address}.`,
          fix: `Bypass the stateful firewall for ${v.address} (stateless filters only), or make routing symmetric per site; then acknowledge MS-ANYCAST-FIREWALL with how.`,
        });
      }
    }
    return out;
  },
};
