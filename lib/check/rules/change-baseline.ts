import { AnalyzedDesign } from '../../analysis/analyzed-design';
import { Severity } from '../../core/types';
import { Rule, Violation } from '../../rules/rule';

/**
 * The output folder holds a design record this synth cannot compare with (another library
 * version, corrupted, another app's). A warning, never a refusal: the output is still written,
 * with a record the next synth compares with.
 */
export const changeBaseline: Rule = {
  id: 'MS-CHANGE-BASELINE',
  summary: 'the previous design in the output folder cannot be compared (another version, corrupted, another app\'s)',
  severity: Severity.WARNING,
  acknowledgeable: true,
  why: 'Without the previous design no change is checked: a StatefulSet the API server rejects, a volume left behind or a rollout that drops quorum goes unnoticed until it is applied.',
  check(design: AnalyzedDesign): Violation[] {
    const previous = design.change?.previous;
    if (previous?.status !== 'unreadable') return [];
    return [{
      path: '/',
      message: previous.message,
      fix: 'Compare the previous output with this one by hand before applying (kubectl diff -f <site folder>), or synth once with the previous program into this folder first so that the change is checked.',
    }];
  },
};
