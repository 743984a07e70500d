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
  /**
   * The smallest change to the cluster that makes every rule pass, computed by the library; set on
   * the errors of a refused cluster when one was found. `fix` ends with it.
   * @default - none computed
   */
  readonly computedFix?: ComputedFix;
}

/**
 * The smallest change to a refused cluster that makes every rule pass. Smallest by, in order:
 * votes changed (moved, added or removed, and the votes an engine setting such as the
 * replication factor changes), then sites added, then the commit floor, then votes in all.
 */
export interface ComputedFix {
  /** The change, e.g. `add a WitnessSite ("witness", linked to the other sites) and move 1 voter from dc-a to witness`. */
  readonly change: string;
  /** The placement before, e.g. `3+2 over dc-a, dc-b`. */
  readonly before: string;
  /** The placement after, e.g. `2+2+1 over dc-a, dc-b, witness`. */
  readonly after: string;
  /** Votes moved, added or removed (and changed by an engine setting). */
  readonly votesChanged: number;
  /** Sites added (0 or 1). */
  readonly sitesAdded: number;
  /** The commit floor after the change (ms). @default - unknown until a new site's links are declared */
  readonly commitFloorMillis?: number;
  /** Votes per site after the change, in site order. */
  readonly placement: FixSiteVotes[];
  /** The WitnessSite the change adds, by the name it is given here. @default - none added */
  readonly newSite?: string;
  /** The engine setting the change makes, e.g. `set replicationFactor 3`. @default - none */
  readonly engineChange?: string;
}

/** Votes of one site in a computed fix. */
export interface FixSiteVotes {
  /** The site's name. */
  readonly site: string;
  /** Voting members that hold data. */
  readonly voters: number;
  /** Voting members that hold no data. */
  readonly arbitrators: number;
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
