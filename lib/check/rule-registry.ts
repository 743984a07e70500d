import { ENGINES } from '../engines/registry';
import { CORE_RULES } from '../rules';
import { Rule } from '../rules/rule';
import { changeBaseline } from './rules/change-baseline';
import { changeIdentity } from './rules/change-identity';
import { changeOrphanedVolumes } from './rules/change-orphaned-volumes';
import { changeRolloutOrder } from './rules/change-rollout-order';
import { changeStatefulsetFields } from './rules/change-statefulset-fields';
import { changeStorage } from './rules/change-storage';
import { networkFlowBlocked } from './rules/network-flow-blocked';

/**
 * Rules that judge what the writers write (`lib/check/rules/`): they run the writers into a
 * scratch app, or compare with what synth wrote last (the `MS-CHANGE-*` rules).
 */
const OUTPUT_RULES: readonly Rule[] = [
  networkFlowBlocked,
  changeBaseline, changeStatefulsetFields, changeOrphanedVolumes, changeStorage, changeIdentity, changeRolloutOrder,
];

/** The rules over the analyzed model: core rules first, then each engine's in registry order. */
export const MODEL_RULES: readonly Rule[] = [...CORE_RULES, ...ENGINES.flatMap((e) => e.rules)];

/** Every rule, the model's then those over the written objects: what `check()` runs and acknowledgements name. */
export const ALL_RULES: readonly Rule[] = [...MODEL_RULES, ...OUTPUT_RULES];

/** The rule with this id, if any. */
export function findRule(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.id === id);
}
