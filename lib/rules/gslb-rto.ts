import { Rule, Violation } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { slowestWithdrawal, WithdrawalTime } from '../analysis/traffic-withdrawal';
import { Severity } from '../core/types';

/**
 * Traffic must leave a site that cannot write within the stated RTO: the database's own detection
 * (Galera's EVS timeouts), the write-path probe's window, k8gb's reconcile period and the DNS TTL add up to the longest time clients are still
 * sent there (`lib/analysis/traffic-withdrawal.ts`).
 */
/** The database's detection part of a withdrawal, when it has one: `database detection 15 s + `. */
function detection(t: WithdrawalTime): string {
  return t.detectionSeconds > 0 ? `database detection ${t.detectionSeconds} s + ` : '';
}

export const gslbRto: Rule = {
  id: 'MS-GSLB-RTO',
  summary: 'a GSLB host that depends on a database is withdrawn from a site that cannot write later than the zone\'s recoveryTimeObjective',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'Until the probe fails, k8gb reconciles and resolvers drop the cached answer, clients keep reaching a site whose writes can only fail: the outage lasts at least that long, whatever the database does.',
  check(design: AnalyzedDesign): Violation[] {
    return design.gslbZones.filter((z) => z.rtoSeconds !== undefined).flatMap((zone) => design.writeHealth
      .filter((h) => h.zone === zone.name)
      .flatMap((host) => {
        const t = slowestWithdrawal(zone, host);
        if (!t || t.totalSeconds <= zone.rtoSeconds!) return [];
        return [{
          path: zone.path,
          message: `${host.fqdn} may still send clients to a site that cannot write to ${host.cluster} for ${t.totalSeconds} s `
            + `(${detection(t)}probe ${t.probeSeconds} s + k8gb reconcile ${t.reconcileSeconds} s + TTL ${t.ttlSeconds} s), above the recoveryTimeObjective of ${zone.rtoSeconds} s.`,
          fix: zone.rtoSeconds! - (t.totalSeconds - t.ttlSeconds) >= 1
            ? `Lower the zone's ttl to at most ${zone.rtoSeconds! - (t.totalSeconds - t.ttlSeconds)} s, or state a recoveryTimeObjective of at least ${t.totalSeconds} s.`
            : `State a recoveryTimeObjective of at least ${t.totalSeconds} s: ${t.detectionSeconds > 0 ? 'the database\'s detection, ' : ''}the probe and k8gb's reconcile alone take ${t.totalSeconds - t.ttlSeconds} s.`,
        }];
      }));
  },
};
