import { PlacementRemedy, Rule, Violation } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { CheckResult, Finding, Severity } from '../core/types';
import { AcknowledgementModel } from '../model/design';

/** The id of the finding that stands for a rule that crashed instead of answering. */
export const RULE_FAILURE_ID = 'MS-RULE-FAILURE';

/**
 * Runs every rule over the design and applies acknowledgements where the rule allows them.
 * Each rule runs guarded: a rule that throws becomes an `MS-RULE-FAILURE` error naming it, and
 * the other rules still report.
 */
export function checkDesign(design: AnalyzedDesign, rules: readonly Rule[]): CheckResult {
  const result: CheckResult = { errors: [], warnings: [], acknowledged: [] };
  eachFinding(design, rules, (finding) => {
    if (finding.acknowledgedBecause !== undefined) result.acknowledged.push(finding);
    else if (finding.severity === Severity.ERROR) result.errors.push(finding);
    else result.warnings.push(finding);
  });
  return result;
}

/** An error that is not acknowledged, with what a placement change can do about it (its violation's `placement`). */
export interface PlacedError {
  readonly finding: Finding;
  readonly remedy?: PlacementRemedy;
}

/** The errors that are not acknowledged, as `checkDesign` reports them, each with its remedy: what the computed fix reads. */
export function checkErrors(design: AnalyzedDesign, rules: readonly Rule[]): PlacedError[] {
  const out: PlacedError[] = [];
  eachFinding(design, rules, (finding, remedy) => {
    if (finding.acknowledgedBecause === undefined && finding.severity === Severity.ERROR) out.push({ finding, remedy });
  });
  return out;
}

function eachFinding(design: AnalyzedDesign, rules: readonly Rule[], visit: (finding: Finding, remedy?: PlacementRemedy) => void): void {
  for (const rule of rules) {
    let violations: Violation[];
    try {
      violations = rule.check(design);
    } catch (e) {
      visit(ruleFailure(rule, e));
      continue;
    }
    for (const v of violations) {
      const finding: Finding = { ruleId: rule.id, severity: rule.severity, path: v.path, message: v.message, why: rule.why, fix: v.fix };
      const ack = rule.acknowledgeable ? acknowledgementFor(design.acknowledgements, rule.id, v.path) : undefined;
      visit(ack ? { ...finding, acknowledgedBecause: ack.reason } : finding, v.placement);
    }
  }
}

function ruleFailure(rule: Rule, e: unknown): Finding {
  const reason = e instanceof Error ? e.message : String(e);
  return {
    ruleId: RULE_FAILURE_ID,
    severity: Severity.ERROR,
    path: '/',
    message: `rule ${rule.id} failed while checking the design: ${reason}`,
    why: 'A rule that cannot answer has not checked the design, so the design is refused rather than passed unchecked.',
    fix: 'This is a bug in cdk-multisite: report it with the design that triggers it.',
  };
}

function acknowledgementFor(acks: readonly AcknowledgementModel[], ruleId: string, path: string) {
  return acks.find((a) => a.ruleId === ruleId && covers(a.path, path));
}

/** An acknowledgement on a construct covers findings on it and on everything below it. */
function covers(ackPath: string, findingPath: string): boolean {
  if (ackPath === '' || ackPath === '/') return true;
  return findingPath === ackPath || findingPath.startsWith(`${ackPath}/`);
}

/** One finding as people read it in an error or a report. */
export function formatFinding(f: Finding): string {
  const lines = [
    `[${f.severity.toUpperCase()}] ${f.ruleId} at ${f.path}: ${f.message}`,
    `    why: ${f.why}`,
    `    fix: ${f.fix}`,
  ];
  if (f.acknowledgedBecause) lines.push(`    acknowledged: ${f.acknowledgedBecause}`);
  return lines.join('\n');
}

/** The error synth throws when any rule fails: every error and open warning at once. */
export function refusalMessage(result: CheckResult): string {
  const head = `cdk-multisite refused this design: ${result.errors.length} error(s), ${result.warnings.length} warning(s). Nothing was written.`;
  return [head, ...result.errors.map(formatFinding), ...result.warnings.map(formatFinding)].join('\n\n');
}
