import { AnalyzedDesign } from '../analysis/analyzed-design';
import { Severity } from '../core/types';

/** What a rule reports for one construct. */
export interface Violation {
  readonly path: string;
  readonly message: string;
  readonly fix: string;
}

/**
 * One rule over the whole analyzed design. Rules read the model and its analysis and never
 * write output. Warnings can always be acknowledged; errors only where the rule says so (a
 * trade-off the team may accept in code), never where they describe physics (quorum, fault
 * domains). A rule's id is `MS-` and its file name in capitals (`quorum-site-loss.ts` →
 * `MS-QUORUM-SITE-LOSS`).
 */
export interface Rule {
  /** Readable id, e.g. `MS-QUORUM-SITE-LOSS`. */
  readonly id: string;
  /** When it fires, in a few words: the README's rule table. */
  readonly summary: string;
  readonly severity: Severity;
  /** Whether `Acknowledge.rule` may turn it off. */
  readonly acknowledgeable: boolean;
  /** The failure the rule prevents, in one sentence. */
  readonly why: string;
  check(design: AnalyzedDesign): Violation[];
}
