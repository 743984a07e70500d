import { AnalyzedCluster } from '../analysis/analyzed-design';
import { SqlEngineDefinition } from '../engines/engine';
import { EngineRule } from '../engines/engine-rule';
import { ENGINES } from '../engines/registry';
import { EngineModel } from '../model/design';
import { CORE_RULES } from '../rules';
import { Rule } from '../rules/rule';
import { applyOrderCycle } from './rules/apply-order-cycle';
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
  networkFlowBlocked, applyOrderCycle,
  changeBaseline, changeStatefulsetFields, changeOrphanedVolumes, changeStorage, changeIdentity, changeRolloutOrder,
];

/**
 * An engine's rule as a rule over the design: it gets the design's clusters of that engine. The
 * one place the design is filtered by engine kind for the rules; the kind is what makes the cast
 * sound (an analysis of kind K is the analysis `engineOfKind(K)` made).
 */
function overClustersOf<M extends EngineModel, D>(engine: SqlEngineDefinition<unknown, M, D>, rule: EngineRule<M, D>): Rule {
  return {
    id: rule.id,
    summary: rule.summary,
    severity: rule.severity,
    acknowledgeable: rule.acknowledgeable,
    why: rule.why,
    check: (design) => rule.checkClusters(design.analyses.filter((a) => a.cluster.engine.kind === engine.kind) as AnalyzedCluster<M, D>[], design),
  };
}

/** The rules over the analyzed model: core rules first, then each engine's in registry order. */
export const MODEL_RULES: readonly Rule[] = [...CORE_RULES, ...ENGINES.flatMap((e) => e.rules.map((rule) => overClustersOf(e, rule)))];

/** Every rule, the model's then those over the written objects: what `check()` runs and acknowledgements name. */
export const ALL_RULES: readonly Rule[] = [...MODEL_RULES, ...OUTPUT_RULES];

/** The rule with this id, if any. */
export function findRule(id: string): Rule | undefined {
  return ALL_RULES.find((r) => r.id === id);
}
