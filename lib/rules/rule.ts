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
 * Warnings can always be acknowledged; errors only where the rule says so (a trade-off
 * the team may accept in code), never where they describe physics (quorum, fault domains).
 */
export interface Rule {
  /** Readable id, e.g. `MS-QUORUM-SITE-LOSS`. */
  readonly id: string;
  readonly severity: Severity;
  /** Whether `Acknowledge.rule` may turn it off. */
  readonly acknowledgeable: boolean;
  /** The failure the rule prevents, in one sentence. */
  readonly why: string;
  check(design: DesignModel): Violation[];
}
