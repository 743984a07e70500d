import { ENGINES } from '../engines/registry';
import { CORE_RULES } from '../rules';
import { Rule } from '../rules/rule';

/** Every rule, core rules first, then each engine's in registry order: what `check()` runs and acknowledgements name. */
export const ALL_RULES: readonly Rule[] = [...CORE_RULES, ...ENGINES.flatMap((e) => e.rules)];

/** The rule with this id, if any. */
export function findRule(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.id === id);
}
