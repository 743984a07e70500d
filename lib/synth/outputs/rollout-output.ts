import { SynthOutput } from './synth-output';
import { rolloutMarkdown } from '../../check/change/rollout-markdown';
import { rolloutPlan } from '../../check/change/rollout-plan';

/**
 * `ROLLOUT.md` and `rollout.json`: the ordered steps from the placement synth wrote last to this
 * one (`lib/check/change/rollout-plan.ts`), and the write-path probe accounts running clusters
 * need. Written only when a placement changed or a host started depending on a running cluster,
 * so an unchanged design writes the same files as before.
 */
export const ROLLOUT_OUTPUT: SynthOutput = {
  label: 'Rollout plan',
  write(context, write) {
    const plan = rolloutPlan(context.design);
    if (plan.clusters.length === 0 && plan.writeHealthAccounts.length === 0) return;
    write('ROLLOUT.md', rolloutMarkdown(plan));
    write('rollout.json', `${JSON.stringify(plan, null, 2)}\n`);
  },
  describe: (files) => files.join(', '),
};
