import { DataGuardCluster } from './model';

/** What happens to writes when some sites are lost. */
export type DataGuardVerdict = 'continue' | 'automatic-failover' | 'manual-failover' | 'halt' | 'down';

/** One loss scenario of a Data Guard configuration. */
export interface DataGuardOutcome {
  readonly lost: readonly string[];
  readonly verdict: DataGuardVerdict;
  /** The database that takes writes afterwards, if any. */
  readonly primaryAfter?: string;
  /** Whether committed writes may be lost (a failover with asynchronous redo). */
  readonly mayLoseData: boolean;
}

/** Where each role of a Data Guard configuration runs. */
export interface DataGuardRoles {
  /** Site of the primary database. */
  readonly primary: string;
  /** Sites of the standbys, in site order; the first is the failover target. */
  readonly standbys: readonly string[];
  /** Sites of the fast-start failover observers. */
  readonly observers: readonly string[];
}

/** The databases' sites, primary first, then the standbys in site order (the first is the failover target). */
export function dataGuardRoles(cluster: DataGuardCluster): DataGuardRoles {
  const primary = cluster.engine.primary;
  return {
    primary,
    standbys: cluster.members.filter((m) => m.voters > 0 && m.site !== primary).map((m) => m.site),
    observers: cluster.members.filter((m) => m.arbitrators > 0).map((m) => m.site),
  };
}

/**
 * Fast-start failover acts like a vote of three: the primary, the target standby and the
 * observer. The observer and the target fail over when the primary is gone; a primary that
 * loses both of them shuts itself down (FastStartFailoverPmyShutdown) so two primaries never
 * take writes. Without FSFO nothing is automatic.
 */
export function dataGuardOutcome(cluster: DataGuardCluster, roles: DataGuardRoles, lost: readonly string[]): DataGuardOutcome {
  const { primary, standbys, observers } = roles;
  const alive = (s: string) => !lost.includes(s);
  const target = standbys[0];
  const survivingStandby = standbys.find(alive);
  const fsfo = cluster.engine.fastStartFailover;
  const observerAlive = observers.some(alive);
  // A failover may lose the redo not yet shipped, except fast-start failover in MaxAvailability:
  // its lag limit is 0 there, so the observer fails over only to a synchronized target (rpo-limits.ts).
  const zeroLoss = fsfo && cluster.engine.protectionMode === 'MaxAvailability';
  const outcome = (verdict: DataGuardVerdict, primaryAfter?: string): DataGuardOutcome => ({
    lost,
    verdict,
    primaryAfter,
    // With no database left, everything since the last backup is gone.
    mayLoseData: verdict === 'down' || (primaryAfter !== undefined && primaryAfter !== primary && !(verdict === 'automatic-failover' && zeroLoss)),
  });

  if (alive(primary)) {
    if (fsfo && !observerAlive && !(target !== undefined && alive(target))) return outcome('halt');
    return outcome('continue', primary);
  }
  if (fsfo && target !== undefined && alive(target) && observerAlive) return outcome('automatic-failover', target);
  if (survivingStandby !== undefined) return outcome('manual-failover', survivingStandby);
  return outcome('down');
}
