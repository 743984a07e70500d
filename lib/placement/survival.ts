import { Candidate } from './candidate';

/**
 * Whether a candidate placement survives every loss of `losses` sites (1 or 2), by the engine's
 * own survival verdict (`SqlEngineDefinition.survivalAfterLosing`, carried by every loss row of the
 * analysis): a voting majority for CockroachDB, YugabyteDB and Galera, the application's consistency
 * levels for Cassandra, the primary or a failover within the RPO for Data Guard. The optimizer and
 * the computed fix read survival here and nowhere else.
 */
export function survivesSiteLosses(candidate: Candidate, losses: number): boolean {
  if (!candidate.analysis.singleSiteLosses.every((s) => s.survives)) return false;
  return losses < 2 || candidate.analysis.twoSiteLosses.every((s) => s.survives);
}
