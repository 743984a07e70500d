import { Finding, Severity } from '../finding';
import { ALL_RULES } from './index';
import { Rule } from './rule';
import { AcknowledgementModel, DesignModel } from '../model/design';

/** Findings of one check, sorted into what blocks synth and what does not. */
export interface CheckResult {
  readonly errors: Finding[];
  readonly warnings: Finding[];
  readonly acknowledged: Finding[];
}

/** Runs every rule over the design and applies acknowledgements where the rule allows them. */
export function checkDesign(design: DesignModel, rules: readonly Rule[] = ALL_RULES): CheckResult {
  const result: CheckResult = { errors: [], warnings: [], acknowledged: [] };
  for (const rule of rules) {
    for (const v of rule.check(design)) {
      const finding: Finding = { ruleId: rule.id, severity: rule.severity, path: v.path, message: v.message, why: rule.why, fix: v.fix };
      const ack = rule.acknowledgeable ? acknowledgementFor(design.acknowledgements, rule.id, v.path) : undefined;
      if (ack) {
        result.acknowledged.push({ ...finding, acknowledgedBecause: ack.reason });
      } else if (rule.severity === Severity.ERROR) {
        result.errors.push(finding);
      } else {
        result.warnings.push(finding);
      }
    }
  }
  return result;
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
