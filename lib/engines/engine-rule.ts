import { AnalyzedCluster, AnalyzedDesign } from '../analysis/analyzed-design';
import { EngineModel } from '../model/design';
import { Rule, Violation } from '../rules/rule';

/**
 * A rule of one engine, typed by the engine's model and analysis. The registry
 * (`lib/check/rule-registry.ts`, the one place that filters the design by engine kind) hands it
 * the design's clusters of its engine only, in design order, and the whole design for what lies
 * outside them (other clusters, GSLB zones, the shape).
 */
export interface EngineRule<M extends EngineModel, D> extends Omit<Rule, 'check'> {
  /** The violations among `clusters`, the design's clusters of the rule's engine. */
  checkClusters(clusters: readonly AnalyzedCluster<M, D>[], design: AnalyzedDesign): Violation[];
}
