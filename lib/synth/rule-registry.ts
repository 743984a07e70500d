import { ENGINES } from '../engines/registry';
import { CORE_RULES } from '../rules';
import { Rule } from '../rules/rule';
import { networkFlowBlocked } from './rules/network-flow-blocked';

/** Rules that judge what the writers write (`lib/synth/rules/`): they run the writers into a scratch app. */
const OUTPUT_RULES: readonly Rule[] = [networkFlowBlocked];

/**
 * Every rule, core rules first, then each engine's in registry order, then the rules over the
 * written objects: what `check()` runs and acknowledgements name.
 */
export const ALL_RULES: readonly Rule[] = [...CORE_RULES, ...ENGINES.flatMap((e) => e.rules), ...OUTPUT_RULES];

/** The rule with this id, if any. */
export function findRule(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.id === id);
}
