import { OracleDataGuardModel } from './model';

/**
 * The least FastStartFailoverLagLimit (seconds) in maximum performance mode: "Valid value: Must
 * be greater than, or equal to, 5", and the broker's default there is 30
 * (https://docs.oracle.com/en/database/oracle/oracle-database/26/dgbkr/faststartfailoverlaglimit.html);
 * 0 is refused with ORA-16903 ("The property must be nonzero when the configuration protection
 * mode is set to MaxPerformance mode", https://docs.oracle.com/en/error-help/db/ora-16903).
 */
export const MIN_LAG_LIMIT_SECONDS = 5;

/** The data loss one protection mode and failover can keep, and why. */
export interface RpoFloor {
  /** The least RPO the configuration keeps (s). */
  readonly leastSeconds: number;
  /** Whether the least is excluded (asynchronous redo without a lag limit: any RPO above 0). */
  readonly exclusive: boolean;
  /** Why, in a sentence. */
  readonly reason: string;
}

/**
 * The least RPO a protection mode and a failover (by the observer or by a person) can keep.
 * Protection modes: https://docs.oracle.com/en/database/oracle/oracle-database/21/sbydb/oracle-data-guard-protection-modes.html.
 * - MaxAvailability ships redo synchronously (SYNC): a commit waits until the standby has the
 *   redo, and fast-start failover fails over only to a synchronized target (its lag limit is 0,
 *   the broker's default in that mode): RPO 0.
 * - MaxPerformance ships redo asynchronously (ASYNC): the standby is always some redo behind. With
 *   fast-start failover the broker fails over only while the target lags by at most
 *   FastStartFailoverLagLimit, which cannot go below `MIN_LAG_LIMIT_SECONDS`; without it a person
 *   fails over after checking the lag, so any RPO above 0 can be kept, never 0.
 */
export function rpoFloorOf(model: OracleDataGuardModel): RpoFloor {
  if (model.protectionMode === 'MaxAvailability') {
    return { leastSeconds: 0, exclusive: false, reason: 'MaxAvailability ships redo synchronously: a commit waits for the standby, so a failover to a synchronized standby loses nothing' };
  }
  if (model.fastStartFailover) {
    return {
      leastSeconds: MIN_LAG_LIMIT_SECONDS,
      exclusive: false,
      reason: `MaxPerformance ships redo asynchronously, and fast-start failover then lets the target lag by FastStartFailoverLagLimit, which Oracle keeps at ${MIN_LAG_LIMIT_SECONDS} s or more (ORA-16903 for 0)`,
    };
  }
  return { leastSeconds: 0, exclusive: true, reason: 'MaxPerformance ships redo asynchronously: the standby is always some redo behind, so a failover may lose it' };
}

/** Whether the configuration keeps an RPO of `seconds`. */
export function keepsRpo(model: OracleDataGuardModel, seconds: number): boolean {
  const floor = rpoFloorOf(model);
  return floor.exclusive ? seconds > floor.leastSeconds : seconds >= floor.leastSeconds;
}

/**
 * The FastStartFailoverLagLimit to set (whole seconds, the property's datatype, as the RPO's
 * `Duration.toSeconds()` is): in MaxPerformance the RPO, so the broker never fails over beyond it; in
 * MaxAvailability 0, the broker's default there (zero data loss). Undefined without fast-start
 * failover, or when the RPO is not stated or cannot be kept.
 */
export function lagLimitSeconds(model: OracleDataGuardModel): number | undefined {
  if (!model.fastStartFailover || model.rpoSeconds === undefined || !keepsRpo(model, model.rpoSeconds)) return undefined;
  return model.protectionMode === 'MaxAvailability' ? 0 : model.rpoSeconds;
}
