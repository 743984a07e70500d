import { Severity } from '../../../core/types';
import { NO_PLACEMENT_REMEDY, Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { DataGuardAnalysis } from '../analysis';
import { OracleDataGuardModel } from '../model';

/** Asynchronous replication loses data on failover: the accepted amount must be said. */
export const dataGuardRpo: EngineRule<OracleDataGuardModel, DataGuardAnalysis> = {
  id: 'MS-DG-RPO',
  summary: 'Data Guard without a stated RPO (accepted data loss)',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'Data Guard ships redo asynchronously (always in MaxPerformance, whenever the standby lags in MaxAvailability), so a failover loses the writes not yet shipped: a design that does not say how much it may lose has not decided.',
  checkClusters(clusters, _design): Violation[] {
    return clusters.map((a) => a.cluster).filter((c) => c.engine.rpoSeconds === undefined).map((c) => ({
      path: c.path,
      message: `${c.name} states no RPO (accepted data loss).`,
      fix: 'Set rpo in SqlEngine.oracleDataGuard() to the data loss the business accepts, e.g. rpo: Duration.seconds(30), and monitor the apply lag against it.',
      placement: NO_PLACEMENT_REMEDY,
    }));
  },
};
