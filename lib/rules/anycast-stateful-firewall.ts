import { Severity } from '../finding';
import { Rule, Violation } from './rule';
import { DesignModel } from '../model/design';

/** A stateful firewall in an anycast site drops what another site's firewall let in. */
export const anycastStatefulFirewall: Rule = {
  id: 'MS-ANYCAST-FIREWALL',
  severity: Severity.WARNING,
  acknowledgeable: true,
  why: 'With anycast, a reply may leave through another site than the request came in (asymmetric routing); a stateful firewall there never saw the connection and drops the reply.',
  check(design: DesignModel): Violation[] {
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
