import { Severity } from '../../../core/types';
import { Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { DataGuardAnalysis } from '../analysis';
import { OracleDataGuardModel } from '../model';
import { keepsRpo, MIN_LAG_LIMIT_SECONDS, rpoFloorOf } from '../rpo-limits';

/** The stated RPO must be one that the protection mode and the failover can keep. */
export const dataGuardRpoLimit: EngineRule<OracleDataGuardModel, DataGuardAnalysis> = {
  id: 'MS-DG-RPO-LIMIT',
  summary: 'a Data Guard RPO that the protection mode and failover cannot keep (asynchronous redo: above 0; with fast-start failover, FastStartFailoverLagLimit ≥ 5 s)',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'Asynchronous redo always leaves the standby some redo behind, and Oracle refuses a fast-start failover lag limit below 5 s in MaxPerformance (ORA-16903 for 0): a smaller RPO is a promise the configuration breaks on its first failover.',
  checkClusters(clusters, _design): Violation[] {
    return clusters.map((a) => a.cluster)
      .filter((c) => c.engine.rpoSeconds !== undefined && !keepsRpo(c.engine, c.engine.rpoSeconds))
      .map((c) => ({
        path: c.path,
        message: `rpo ${c.engine.rpoSeconds} s cannot be kept with ${c.engine.protectionMode}${c.engine.fastStartFailover ? ' and fast-start failover' : ' and manual failover'}: ${rpoFloorOf(c.engine).reason}.`,
        fix: fixFor(c.engine),
      }));
  },
};

/** The configurations that keep the stated RPO. */
function fixFor(e: OracleDataGuardModel): string {
  const least = e.fastStartFailover
    ? `an RPO of at least ${MIN_LAG_LIMIT_SECONDS} s (FastStartFailoverLagLimit's least value in MaxPerformance)`
    : 'an RPO above 0';
  return `Use protectionMode: DataGuardProtectionMode.MAX_AVAILABILITY (synchronous redo, RPO 0: each commit waits at least the RTT to the standby), or state ${least}.`;
}
