import { IConstruct } from 'constructs';
import { Severity } from './finding';
import { findRule } from './rules';

/** Metadata type under which acknowledgements are recorded on constructs. */
export const ACKNOWLEDGEMENT_METADATA = 'cdk-multisite:acknowledge';

/**
 * Turns a warning off for a construct and everything under it, with the reason, which
 * the report prints. Errors cannot be acknowledged: they describe designs that do not
 * survive a site loss.
 */
export class Acknowledge {
  /**
   * Acknowledge warning `ruleId` on `scope`.
   * @param scope the construct (and its children) the acknowledgement covers
   * @param ruleId e.g. `MS-RAFT-LATENCY`
   * @param reason why the team accepts the risk; printed in the report
   */
  public static warning(scope: IConstruct, ruleId: string, reason: string): void {
    const rule = findRule(ruleId);
    if (!rule) {
      throw new Error(`Acknowledge.warning: unknown rule "${ruleId}" on ${scope.node.path || '/'}.`);
    }
    if (rule.severity === Severity.ERROR) {
      throw new Error(`Acknowledge.warning: ${ruleId} is an error and cannot be acknowledged (${rule.why}) Fix the design instead.`);
    }
    if (reason.trim().length === 0) {
      throw new Error(`Acknowledge.warning: acknowledging ${ruleId} on ${scope.node.path || '/'} needs a reason.`);
    }
    scope.node.addMetadata(ACKNOWLEDGEMENT_METADATA, { ruleId, reason: reason.trim() });
  }

  private constructor() {}
}
