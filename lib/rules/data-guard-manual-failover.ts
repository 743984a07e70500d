import { Severity } from '../finding';
import { Rule, Violation } from './rule';
import { DesignModel, isDataGuard } from '../model/design';

/** Without fast-start failover, a person fails over. */
export const dataGuardManualFailover: Rule = {
  id: 'MS-DG-MANUAL-FAILOVER',
  severity: Severity.WARNING,
  acknowledgeable: true,
  why: 'With fast-start failover off, writes stop when the primary site is lost until a person has verified the loss and run the failover.',
  check(design: DesignModel): Violation[] {
    return design.sqlClusters.filter(isDataGuard).filter((c) => !c.engine.fastStartFailover).map((c) => ({
      path: c.path,
      message: `failover of ${c.name} is manual.`,
      fix: 'Rehearse RUNBOOK-' + c.name + '.md and size the RTO with a person in the loop, or turn fastStartFailover on with an observer in a WitnessSite.',
    }));
  },
};
