import { Candidate } from './candidate';
import { engineOfKind } from '../engines/registry';

/**
 * Whether a candidate placement survives every loss of `losses` sites (1 or 2), as the engine seam
 * answers it today; the optimizer and the computed fix read survival here and nowhere else, so that
 * one per-engine survival function behind `SqlEngineDefinition` replaces this body in one line.
 *
 * Today: a strongly consistent engine survives when every voting group keeps a majority
 * (`AnalyzedCluster.singleSiteLosses`, `twoSiteLosses`). For the other engines (Cassandra, Data
 * Guard) a majority of votes is not what survival means (a Cassandra datacenter at LOCAL_QUORUM
 * serves on its own; a Data Guard primary keeps running when its standby's site is lost): their
 * single-site verdict is their own rules' (MS-CASSANDRA-CONSISTENCY-SITE-LOSS, MS-DG-PLACEMENT,
 * MS-DG-OBSERVER), which every candidate must pass anyway, and two-site losses get no answer
 * (undefined) until the engine states one.
 */
export function survivesSiteLosses(candidate: Candidate, losses: number): boolean | undefined {
  if (!engineOfKind(candidate.engine.kind).stronglyConsistent) return losses < 2 ? true : undefined;
  if (!candidate.analysis.singleSiteLosses.every((s) => s.survives)) return false;
  return losses < 2 || candidate.analysis.twoSiteLosses.every((s) => s.survives);
}

/** Whether `survivesSiteLosses` answers for this engine and this many losses. */
export function survivalAnswered(engineKind: string, losses: number): boolean {
  return engineOfKind(engineKind).stronglyConsistent || losses < 2;
}
