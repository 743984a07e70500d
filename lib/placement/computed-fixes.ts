import { FIX_SEARCH_BUDGET, FIX_SEARCH_MILLIS, FixSearchOutcome, smallestFix } from './smallest-fix';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { MODEL_RULES } from '../check/rule-registry';
import { CheckResult, Finding } from '../core/types';

const MODEL_RULE_IDS = new Set(MODEL_RULES.map((r) => r.id));

/**
 * Gives every error of a refused cluster the smallest change that makes the whole cluster pass
 * (`lib/placement/smallest-fix.ts`), after the rule's own advice (so text that quotes the advice still finds it).
 *
 * Why here and not in the rules: a fix is a search over candidate designs, each analyzed by its
 * engine and checked by the rules over the model (`MODEL_RULES`), and rules may import neither engines nor synth
 * (`import/no-restricted-paths` in `.projenrc.ts`). Synth has both, and runs one search per refused
 * cluster however many of its rules fired, so the errors of one cluster name one and the same fix.
 * Findings of the rules over written objects get none: no placement fixes a writer's defect.
 */
export function withComputedFixes(design: AnalyzedDesign, result: CheckResult, pinnedOf: (clusterPath: string) => readonly string[]): CheckResult {
  if (result.errors.length === 0) return result;
  const placeable = (f: Finding) => MODEL_RULE_IDS.has(f.ruleId);
  const refused = new Set(result.errors.filter(placeable).map((f) => f.path));
  const outcomes = new Map<string, FixSearchOutcome>();
  // One bound for the whole synth, however many clusters are refused: each search gets what the ones before it left.
  const started = Date.now();
  let spent = 0;
  for (const cluster of design.sqlClusters.filter((c) => refused.has(c.path))) {
    const budget = Math.max(0, FIX_SEARCH_BUDGET - spent);
    const millis = Math.max(0, FIX_SEARCH_MILLIS - (Date.now() - started));
    const outcome = smallestFix({ design, cluster, pinned: pinnedOf(cluster.path), budget, millis });
    spent += outcome.spent;
    outcomes.set(cluster.path, outcome);
  }
  const withFix = (f: Finding): Finding => {
    const outcome = placeable(f) ? outcomes.get(f.path) : undefined;
    if (!outcome) return f;
    const fix = outcome.fix;
    if (!fix) return { ...f, fix: `${f.fix} No computed fix. ${outcome.noFix} ${capitalized(outcome.searched)} ${BOUNDS}.` };
    return {
      ...f,
      fix: `${f.fix} ${fix.text} ${capitalized(outcome.searched)} ${BOUNDS}${fix.unfinished ? '; stopped within this cost, so a placement of the same cost with a lower commit floor may exist' : ''}.`,
      computedFix: {
        change: fix.change,
        before: fix.before,
        after: fix.after,
        votesChanged: fix.votesChanged,
        sitesAdded: fix.sitesAdded,
        ...(fix.commitFloorMillis !== undefined ? { commitFloorMillis: fix.commitFloorMillis } : {}),
        placement: fix.members.map((m) => ({ site: m.site, voters: m.voters, arbitrators: m.arbitrators })),
        ...(fix.newSite ? { newSite: fix.newSite } : {}),
        ...(fix.engineChange ? { engineChange: fix.engineChange } : {}),
      },
    };
  };
  return { errors: result.errors.map(withFix), warnings: result.warnings, acknowledged: result.acknowledged };
}

/** The bounds every fix states: one budget for all of a synth's searches. */
const BOUNDS = `(bounds: ${FIX_SEARCH_BUDGET.toLocaleString('en-US')} placements, ${FIX_SEARCH_MILLIS / 1000} s, shared by every fix of this check)`;

function capitalized(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
