import { AnalyzedDesign } from '../../analysis/analyzed-design';
import { Severity } from '../../core/types';
import { Rule, Violation } from '../../rules/rule';
import { describePlacement } from '../change/rollout-markdown';
import { rolloutPlan } from '../change/rollout-plan';

/**
 * The placement changes (members added, moved or removed, a replication factor, control-plane
 * members) and no order of one-member changes keeps every intermediate configuration alive on
 * the loss of each site that both the previous and the new placement survive, by the engine's
 * own verdict (`survivalAfterLosing`). A warning, not a refusal: the new design survives, only a
 * window of the rollout does not; `ROLLOUT.md` still lists the add-first steps and marks the one
 * at risk. The rollout plan is the safe order when one exists.
 */
export const changeRolloutOrder: Rule = {
  id: 'MS-CHANGE-ROLLOUT-ORDER',
  summary: 'no order of one-member changes moves the placement without a step that a single site loss would halt',
  severity: Severity.WARNING,
  acknowledgeable: true,
  why: 'Applying a placement change all at once, or in an unsafe order, passes through a configuration that loses quorum if one site fails during the rollout.',
  check(design: AnalyzedDesign): Violation[] {
    return rolloutPlan(design).clusters.filter((r) => r.blocked).map((r) => {
      const b = r.blocked!;
      const step = r.steps[b.stepIndex];
      return {
        path: r.path === 'control plane' ? '/' : r.path,
        message: `moving ${r.path === 'control plane' ? 'the control plane' : `cluster ${r.path}`} (${r.engine}) from ${describePlacement(r.from)} to ${describePlacement(r.to)}: `
          + `no order keeps every step alive; in the add-first order, step ${b.stepIndex + 1} (${step.change}, leaving ${describePlacement(step.placementAfter)}) does not survive losing ${b.lost}: ${b.reason}.`,
        fix: 'Choose a target that one-member steps can reach with every step alive (add members in further sites rather than a second one in a site: '
          + '1 + 1 + 1 → 1 + 1 + 1 + 1 + 1, not 2 + 2 + 1), or reach it in two synths through such a placement; or run ROLLOUT.md\'s add-first steps '
          + 'in a window where the loss of that site is accepted, and acknowledge this warning with the reason.',
      };
    });
  },
};
