import { missedHeartbeatPeriods } from './heartbeat';
import { YugabyteCluster } from './model';
import { ClusterDisruptionBudget, evictionBudget, splitEvictionBudget } from '../../analysis/disruption-budget';
import { exactGroup, VotingGroup } from '../../analysis/voting-group';
import { DesignModel } from '../../model/design';
import { RttMatrix } from '../../model/latency';

/** A site as YugabyteDB's placement flags name it. */
export interface PlacementInfo {
  readonly cloud: string;
  readonly region: string;
  readonly zone: string;
}

/** What synth works out once about a YugabyteDB cluster. */
export interface YugabyteAnalysis {
  /** yb-masters per placed site, in site order: `masterPlacement`, or as many as the site's tablet replicas. */
  readonly mastersPerSite: ReadonlyMap<string, number>;
  /** yb-masters in all. */
  readonly masters: number;
  /** Replicas of every tablet per site, as `modify_placement_info` pins them (`min_num_replicas`). */
  readonly tabletReplicas: ReadonlyMap<string, number>;
  /** Sites that hold a vote: a tablet replica or a master, in site order. */
  readonly votingSites: readonly string[];
  /** The `modify_placement_info` placement argument: `cloud.region.zone[:replicas]`, in site order. */
  readonly placementBlocks: readonly string[];
  /** The `set_preferred_zones` arguments: `cloud.region.zone:preference`, most preferred first. */
  readonly preferredZones: readonly string[];
  /** The highest RTT between two member sites (ms); undefined when a link is unknown. */
  readonly worstRttMillis?: number;
  /** `leader_failure_max_missed_heartbeat_periods` for masters and tservers. */
  readonly missedHeartbeatPeriods: number;
  /** maxUnavailable of the masters' PodDisruptionBudget(s). */
  readonly masterBudget: ClusterDisruptionBudget;
  /** maxUnavailable of the tservers' PodDisruptionBudget(s). */
  readonly tserverBudget: ClusterDisruptionBudget;
}

/**
 * The placement of a site. YugabyteDB names a place cloud.region.zone (`--placement_cloud`,
 * `--placement_region`, `--placement_zone`, https://docs.yugabyte.com/stable/reference/configuration/yb-tserver/#placement-flags);
 * a site is one fault domain, so its name is both the region and the zone.
 */
export function placementOf(cluster: YugabyteCluster, site: string): PlacementInfo {
  return { cloud: cluster.engine.placementCloud, region: site, zone: site };
}

/** `cloud.region.zone`, the form yb-admin takes. */
export function placementId(p: PlacementInfo): string {
  return `${p.cloud}.${p.region}.${p.zone}`;
}

/**
 * Tablet replicas per site for a replication factor over the placed sites: as even as they go,
 * the first sites taking the remainder (RF 3 over three sites: 1+1+1; RF 5: 2+2+1, the topology
 * of YugabyteDB's region-failure guide, two replicas in the preferred and failover regions and
 * one in the third: https://docs.yugabyte.com/stable/explore/fault-tolerance/handling-region-failures/
 * and https://docs.yugabyte.com/stable/develop/build-global-apps/global-database/). They become
 * the `min_num_replicas` of every placement block.
 */
export function tabletReplicasPerSite(replicationFactor: number, sites: readonly string[]): Map<string, number> {
  const base = Math.floor(replicationFactor / sites.length);
  const extra = replicationFactor % sites.length;
  return new Map(sites.map((s, i) => [s, base + (i < extra ? 1 : 0)]));
}

/** The voting groups: every tablet's replicas first (writes wait for them), then the masters. */
export function yugabyteVotingGroups(cluster: YugabyteCluster, a: YugabyteAnalysis): VotingGroup[] {
  const tablets = new Map([...a.tabletReplicas].filter(([, n]) => n > 0));
  return [
    exactGroup(`tablets (${cluster.engine.replicationFactor} replicas)`, tablets),
    exactGroup(`masters (${a.masters})`, new Map([...a.mastersPerSite].filter(([, n]) => n > 0))),
  ];
}

/** Analyses a YugabyteDB cluster: masters, tablet placement, heartbeat setting, disruption budgets. */
export function analyzeYugabyte(design: DesignModel, cluster: YugabyteCluster): YugabyteAnalysis {
  const sites = cluster.members.map((m) => m.site);
  const engine = cluster.engine;
  const tabletReplicas = tabletReplicasPerSite(engine.replicationFactor, sites);
  const mastersPerSite = new Map(sites.map((s) => [s, engine.masterPlacement
    ? engine.masterPlacement.find((p) => p.site === s)?.masters ?? 0
    : tabletReplicas.get(s)!]));
  const masters = [...mastersPerSite.values()].reduce((a, b) => a + b, 0);
  const placementBlocks = sites
    .filter((s) => tabletReplicas.get(s)! > 0)
    .map((s) => {
      const n = tabletReplicas.get(s)!;
      return `${placementId(placementOf(cluster, s))}${n > 1 ? `:${n}` : ''}`;
    });
  const preferredZones = engine.preferredLeaderSites.map((s, i) => `${placementId(placementOf(cluster, s))}:${i + 1}`);

  const rtt = RttMatrix.of(design.links);
  let worst: number | undefined = 0;
  for (let i = 0; i < sites.length && worst !== undefined; i++) {
    for (let j = i + 1; j < sites.length; j++) {
      const r = rtt.between(sites[i], sites[j]);
      if (r === undefined) {
        worst = undefined;
        break;
      }
      worst = Math.max(worst, r);
    }
  }

  const roleOf = new Map(design.sites.map((s) => [s.name, s.role]));
  const budget = (total: number, pods: (site: string) => number): ClusterDisruptionBudget => (design.shape.kind === 'stretched'
    ? { total }
    : { total, perSite: splitEvictionBudget(total, sites.map((s) => ({ site: s, pods: pods(s), active: roleOf.get(s) === 'active' }))) });
  const tservers = new Map(cluster.members.map((m) => [m.site, m.voters]));
  return {
    mastersPerSite,
    masters,
    tabletReplicas,
    votingSites: sites.filter((s) => tabletReplicas.get(s)! > 0 || mastersPerSite.get(s)! > 0),
    placementBlocks,
    preferredZones,
    worstRttMillis: worst,
    missedHeartbeatPeriods: missedHeartbeatPeriods(worst),
    // One pod holds one vote of the masters' Raft group, and at most one replica of a tablet, so
    // k evictions cost at most k votes of either: ⌊(n − 1)/2⌋ keeps a majority.
    masterBudget: budget(evictionBudget([masters]), (s) => mastersPerSite.get(s)!),
    tserverBudget: budget(evictionBudget([engine.replicationFactor]), (s) => tservers.get(s) ?? 0),
  };
}

/** Counts per site, for people: `a 2, b 2, c 1`. */
export function describePerSite(perSite: ReadonlyMap<string, number>): string {
  return [...perSite].map(([site, n]) => `${site} ${n}`).join(', ');
}
