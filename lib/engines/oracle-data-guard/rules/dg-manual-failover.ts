import { AnalyzedDesign } from '../../../analysis/analyzed-design';
import { Severity } from '../../../core/types';
import { Rule, Violation } from '../../../rules/rule';
import { dataGuardClusters } from '../analysis';

/** Without fast-start failover, a person fails over. */
export const dataGuardManualFailover: Rule = {
  id: 'MS-DG-MANUAL-FAILOVER',
  summary: 'Data Guard without fast-start failover: a person fails over',
  severity: Severity.WARNING,
  acknowledgeable: true,
  why: 'With fast-start failover off, writes stop when the primary site is lost until a person has verified the loss and run the failover.',
  check(design: AnalyzedDesign): Violation[] {
    return dataGuardClusters(design).filter((c) => !c.engine.fastStartFailover).map((c) => ({
      path: c.path,
      message: `failover of ${c.name} is manual.`,
      fix: 'Rehearse RUNBOOK-' + c.name + '.md and size the RTO with a person in the loop, or turn fastStartFailover on with an observer in a WitnessSite.',
    }));
  },
};
