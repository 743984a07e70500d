/**
 * The types that rules, the report and the public surface share: findings, their severity, the
 * result of a check, and how milliseconds are printed. Imports nothing from the library.
 */

/** How bad a finding is. */
export enum Severity {
  /** The design cannot survive the failure the rule guards against: synth refuses it. */
  ERROR = 'error',
  /** A risk the team must handle or acknowledge with a reason. */
  WARNING = 'warning',
}

/** One rule that fired on one construct. */
export interface Finding {
  /** The rule's id, e.g. `MS-QUORUM-SITE-LOSS`. */
  readonly ruleId: string;
  /** Error or warning. */
  readonly severity: Severity;
  /** Path of the construct the rule fired on. */
  readonly path: string;
  /** What fired, with the numbers. */
  readonly message: string;
  /** The failure the rule prevents, in one sentence. */
  readonly why: string;
  /** How to fix the design. */
  readonly fix: string;
  /** Why the team accepts this warning; set only on acknowledged warnings. @default - not acknowledged */
  readonly acknowledgedBecause?: string;
}

/** Findings of one check, sorted into what blocks synth and what does not. */
export interface CheckResult {
  /** Findings that refuse the design. */
  readonly errors: Finding[];
  /** Open warnings: printed, and listed in the report. */
  readonly warnings: Finding[];
  /** Warnings turned off by an acknowledgement, with its reason. */
  readonly acknowledged: Finding[];
}

/** Milliseconds for people: up to two decimals, no trailing zeros. */
export function formatMillis(ms: number): string {
  return `${Math.round(ms * 100) / 100}`;
}
