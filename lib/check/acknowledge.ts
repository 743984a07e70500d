import { IConstruct } from 'constructs';
import { findRule } from './rule-registry';
import { ACKNOWLEDGEMENT_METADATA } from '../core/construct-metadata';

/** The shortest reason an acknowledgement takes: enough for a sentence, not a placeholder. */
const MIN_REASON_LENGTH = 10;

/**
 * Turns a finding off for a construct and everything under it, with the reason, which the
 * report prints. Every warning can be acknowledged, and the few errors that are trade-offs
 * (e.g. Galera over a slow link); errors that mean a site loss is not survived cannot.
 */
export class Acknowledge {
  /**
   * Acknowledge rule `ruleId` on `scope`.
   * @param scope the construct (and its children) the acknowledgement covers
   * @param ruleId e.g. `MS-RAFT-LATENCY`
   * @param reason why the team accepts the risk, at least 10 characters; printed in the report
   */
  public static rule(scope: IConstruct, ruleId: string, reason: string): void {
    if (scope === undefined || scope === null || typeof scope.node?.addMetadata !== 'function') {
      throw new Error(`Acknowledge.rule: scope is ${String(scope)}, not a construct; give the construct (and its children) the acknowledgement covers.`);
    }
    if (typeof reason !== 'string') {
      throw new Error(`Acknowledge.rule: acknowledging ${ruleId} on ${scope.node.path || '/'} needs a reason (a string of at least ${MIN_REASON_LENGTH} characters), got ${String(reason)}: say why the team accepts the risk.`);
    }
    const rule = findRule(ruleId);
    if (!rule) {
      throw new Error(`Acknowledge.rule: unknown rule "${ruleId}" on ${scope.node.path || '/'}.`);
    }
    if (!rule.acknowledgeable) {
      throw new Error(`Acknowledge.rule: ${ruleId} cannot be acknowledged (${rule.why}) Fix the design instead.`);
    }
    if (reason.trim().length < MIN_REASON_LENGTH) {
      throw new Error(`Acknowledge.rule: acknowledging ${ruleId} on ${scope.node.path || '/'} needs a reason of at least ${MIN_REASON_LENGTH} characters, got "${reason.trim()}": say why the team accepts the risk.`);
    }
    scope.node.addMetadata(ACKNOWLEDGEMENT_METADATA, { ruleId, reason: reason.trim() });
  }

  private constructor() {}
}
