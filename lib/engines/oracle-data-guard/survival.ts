import { DataGuardAnalysis } from './analysis';
import { DataGuardCluster } from './model';
import { dataGuardOutcome, DataGuardVerdict } from './outcome';
import { keepsRpo } from './rpo-limits';
import { Failover, LossVerdict } from '../../analysis/survival';

const FAILOVER_OF: Record<DataGuardVerdict, Failover> = {
  'continue': Failover.NONE,
  'automatic-failover': Failover.AUTOMATIC,
  'manual-failover': Failover.MANUAL,
  'halt': Failover.NONE,
  'down': Failover.NONE,
};

const REASON_OF: Record<DataGuardVerdict, string> = {
  'continue': 'the primary keeps running',
  'automatic-failover': 'the observer fails over to the target standby',
  'manual-failover': 'a standby is left; a person fails over to it',
  'halt': 'the primary shuts down, cut off from both the observer and the target standby (FastStartFailoverPmyShutdown)',
  'down': 'no database is left',
};

/**
 * What losing the sites `lost` does to a Data Guard configuration
 * (`SurvivalRule.PRIMARY_OR_FAILOVER`): it survives when the primary keeps running, or when a
 * standby is left to fail over to, by the observer or by a person, with the data loss that a
 * failover of asynchronous redo may bring stated as an RPO the configuration keeps (rpo-limits.ts). Roles after the loss come from
 * `dataGuardOutcome` (fast-start failover's rules, outcome.ts). Only the primary serves: a
 * physical standby applies redo and takes no writes.
 */
export function dataGuardSurvival(cluster: DataGuardCluster, details: DataGuardAnalysis, lost: readonly string[]): LossVerdict {
  const outcome = dataGuardOutcome(cluster, details.roles, lost);
  const rpo = cluster.engine.rpoSeconds;
  const rpoKept = rpo !== undefined && keepsRpo(cluster.engine, rpo);
  const failsOver = outcome.verdict === 'automatic-failover' || outcome.verdict === 'manual-failover';
  const survives = outcome.verdict === 'continue' || (failsOver && (rpoKept || !outcome.mayLoseData));
  const serving = survives && outcome.primaryAfter !== undefined ? [outcome.primaryAfter] : [];
  return {
    survives,
    writesFrom: serving,
    readsFrom: serving,
    failover: FAILOVER_OF[outcome.verdict],
    mayLoseWrites: outcome.mayLoseData,
    reason: failsOver && !survives
      ? `${REASON_OF[outcome.verdict]}, but ${rpo === undefined ? 'the data a failover may lose is not stated (no RPO)' : `the configuration cannot keep the stated RPO of ${rpo} s`}`
      : REASON_OF[outcome.verdict],
  };
}
