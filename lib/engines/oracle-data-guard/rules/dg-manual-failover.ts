import { Severity } from '../../../core/types';
import { Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { DataGuardAnalysis } from '../analysis';
import { OracleDataGuardModel } from '../model';

/** Without fast-start failover, a person fails over. */
export const dataGuardManualFailover: EngineRule<OracleDataGuardModel, DataGuardAnalysis> = {
  id: 'MS-DG-MANUAL-FAILOVER',
  summary: 'Data Guard without fast-start failover: a person fails over',
  severity: Severity.WARNING,
  acknowledgeable: true,
  why: 'With fast-start failover off, writes stop when the primary site is lost until a person has verified the loss and run the failover.',
  checkClusters(clusters, _design): Violation[] {
    return clusters.map((a) => a.cluster).filter((c) => !c.engine.fastStartFailover).map((c) => ({
      path: c.path,
      message: `failover of ${c.name} is manual.`,
      fix: 'Rehearse RUNBOOK-' + c.name + '.md and size the RTO with a person in the loop, or turn fastStartFailover on with an observer in a WitnessSite.',
    }));
  },
};
