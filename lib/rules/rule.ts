import { Severity } from '../finding';
import { DesignModel } from '../model/design';

/** What a rule reports for one construct. */
export interface Violation {
  readonly path: string;
  readonly message: string;
  readonly fix: string;
}

/**
 * One rule over the whole design. Rules read the model and never write output.
 * Errors cannot be acknowledged: they describe physics, not taste.
 */
export interface Rule {
  /** Readable id, e.g. `MS-QUORUM-SITE-LOSS`. */
  readonly id: string;
  readonly severity: Severity;
  /** The failure the rule prevents, in one sentence. */
  readonly why: string;
  check(design: DesignModel): Violation[];
}
