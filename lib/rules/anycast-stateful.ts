import { Rule, Violation } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { Severity } from '../core/types';

/** Anycast is for stateless traffic. */
export const anycastStateful: Rule = {
  id: 'MS-ANYCAST-STATEFUL',
  summary: 'an anycast VIP in front of a stateful workload (sessions, a SQL cluster)',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'When a BGP path changes, the packets of a live TCP connection reach a site that never saw its SYN: it answers with a reset, and every session or stream through the VIP breaks.',
  check(design: AnalyzedDesign): Violation[] {
    const out: Violation[] = [];
    for (const v of design.anycastVips) {
      if (v.sqlCluster !== undefined) {
        out.push({ path: v.path, message: `${v.address} fronts SQL cluster ${v.sqlCluster}.`, fix: `Reach ${v.sqlCluster} through its own Service in each site, or a GSLB name with retries; keep anycast for stateless front ends.` });
      } else if (v.pods?.keepsSessions) {
        out.push({ path: v.path, message: `${v.address} fronts pods that keep sessions.`, fix: 'Put the VIP in front of a stateless tier (or make the sessions survive a reconnect to another site), or use a GSLB name instead.' });
      }
    }
    return out;
  },
};
