import { AnalyzedDesign } from '../analysis/analyzed-design';
import { Severity } from '../core/types';

/** What a rule reports for one construct. */
export interface Violation {
  readonly path: string;
  readonly message: string;
  readonly fix: string;
  /**
   * What a change of the cluster's placement can do about it, for the computed fix
   * (`lib/placement/smallest-fix.ts`), which then skips placements unjudged.
   * @default - a change anywhere may clear it
   */
  readonly placement?: PlacementRemedy;
}

/**
 * What a change of placement can do about a violation, stated by the rule from what it checks.
 * `none`: no placement and no engine setting the fix may change clears it (a name, a namespace,
 * the deployment shape, a stated option). `site`: it stays while `site` holds members that
 * `allows` refuses, whatever the other sites hold, under the same engine settings; `allows` never
 * admits more counts when arbitrators are added (so the search may judge the voters alone first).
 * `links`: it reads the RTTs between the sites that hold members, so which sites hold them
 * matters, not only how many each role holds (`Placement.optimal` then searches without pruning).
 */
export type PlacementRemedy =
  | { readonly kind: 'none' }
  | { readonly kind: 'site'; readonly site: string; readonly allows: (voters: number, arbitrators: number) => boolean }
  | { readonly kind: 'links' };

/** The violation reads the RTTs between the sites that hold members. */
export const LINKS_REMEDY: PlacementRemedy = { kind: 'links' };

/** No placement clears the violation. */
export const NO_PLACEMENT_REMEDY: PlacementRemedy = { kind: 'none' };

/** The violation stays while `site` holds any member. */
export function emptySiteRemedy(site: string): PlacementRemedy {
  return { kind: 'site', site, allows: (voters, arbitrators) => voters + arbitrators === 0 };
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
