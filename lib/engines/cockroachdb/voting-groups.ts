import { CockroachCluster } from './model';
import { pinVoters, PinnedRanges } from './pinned-placement';
import { DesignModel } from '../../model/design';
import { RttMatrix } from '../../model/latency';

/**
 * CockroachDB asks for 5 replicas of its system ranges (meta, liveness, system and the system
 * database: `DefaultSystemZoneConfig` in pkg/config/zonepb/zone.go, set at bootstrap by
 * `InitialZoneConfigKVs` in pkg/sql/catalog/bootstrap/metadata.go); the library raises them with
 * the default ranges when those ask for more.
 */
export const COCKROACH_SYSTEM_RANGE_REPLICAS = 5;

/** Replicas the system ranges ask for, for a given default. */
export function systemRangeReplicas(replicationFactor: number): number {
  return Math.max(COCKROACH_SYSTEM_RANGE_REPLICAS, replicationFactor);
}

/** What synth works out once about a CockroachDB cluster: where the voters of its ranges are pinned. */
export interface CockroachAnalysis {
  /** The default ranges, then the system ranges when they are placed differently. */
  readonly ranges: readonly PinnedRanges[];
  /** The default ranges' pinned voters (`ranges[0]`). */
  readonly defaultRanges: PinnedRanges;
  /** The system ranges' pinned voters (the same as the default ranges' when they are placed alike). */
  readonly systemRanges: PinnedRanges;
  /** Sites whose nodes hold the leases, most preferred first; empty when CockroachDB may put them anywhere. */
  readonly leaseSites: readonly string[];
}

/**
 * Pins the voters of the default and the system ranges. Quorum is per range: the default ranges
 * at the replication factor, and the system ranges, whose loss stops the whole cluster, at theirs.
 */
export function analyzeCockroach(design: DesignModel, cluster: CockroachCluster): CockroachAnalysis {
  const rtt = RttMatrix.of(design.links);
  const leaseSites = cluster.engine.leasePreferences;
  const rf = cluster.engine.replicationFactor;
  const defaults = pinVoters('default ranges', rf, cluster, rtt, leaseSites);
  const system = pinVoters('system ranges', systemRangeReplicas(rf), cluster, rtt, leaseSites);
  if (system.voters === defaults.voters && sameSites(system.perSite, defaults.perSite)) {
    const all = { ...defaults, ranges: 'all ranges' };
    return { ranges: [all], defaultRanges: defaults, systemRanges: system, leaseSites };
  }
  return { ranges: [defaults, system], defaultRanges: defaults, systemRanges: system, leaseSites };
}

function sameSites(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): boolean {
  return a.size === b.size && [...a].every(([s, n]) => b.get(s) === n);
}
