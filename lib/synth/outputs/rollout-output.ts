import { SynthOutput } from './synth-output';
import { rolloutMarkdown } from '../../check/change/rollout-markdown';
import { rolloutPlan } from '../../check/change/rollout-plan';

/**
 * `ROLLOUT.md` and `rollout.json`: the ordered steps from the placement synth wrote last to this
 * one (`lib/check/change/rollout-plan.ts`). Written only when a placement changed, so an
 * unchanged design writes the same files as before.
 */
export const ROLLOUT_OUTPUT: SynthOutput = {
  label: 'Rollout plan',
  write(context, write) {
    const plan = rolloutPlan(context.design);
    if (plan.clusters.length === 0) return;
    write('ROLLOUT.md', rolloutMarkdown(plan));
    write('rollout.json', `${JSON.stringify(plan, null, 2)}\n`);
  },
  describe: (files) => files.join(', '),
};
