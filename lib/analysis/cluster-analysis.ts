import { membersPerSite, votingGroupsOf } from './cluster-votes';
import { commitLatencyFloorMillis, farthestMemberRttMillis } from './latency-floor';
import { outcomeOfLosing, singleSiteLosses, twoSiteLosses } from './site-loss';
import { describeVotesIn, quorumOf, VotingGroup } from './voting-group';
import { DesignModel, isGalera, SqlClusterModel } from '../model/design';
import { RttMatrix } from '../model/latency';

/** Votes left in one voting group after a loss. */
export interface GroupOutcome {
  readonly label: string;
  readonly votesLeft: number;
  readonly total: number;
  readonly quorum: number;
  readonly survives: boolean;
}

/** How one voting group's votes sit in the sites. */
export interface GroupPlacement {
  readonly label: string;
  readonly total: number;
  readonly quorum: number;
  /** Per site: "2", or "1–2" when the engine picks. */
  readonly perSite: ReadonlyMap<string, string>;
}

/** One failure scenario: the sites lost and, per voting group, the votes left. */
export interface Scenario {
  readonly lost: readonly string[];
  /** A majority of every voting group is left, and so is a member that holds data. */
  readonly survives: boolean;
  readonly groups: readonly GroupOutcome[];
  /** Members left that hold data (not arbitrators): with none, votes alone serve nothing. */
  readonly dataMembersLeft: number;
}

/** Everything the report says about one cluster. */
export interface ClusterAnalysis {
  readonly cluster: SqlClusterModel;
  readonly membersPerSite: ReadonlyMap<string, number>;
  readonly groups: readonly VotingGroup[];
  readonly votesPerSite: readonly GroupPlacement[];
  readonly singleSiteLosses: readonly Scenario[];
  readonly twoSiteLosses: readonly Scenario[];
  /** Per member site: the least commit latency from the speed of light (ms), undefined when unknown. */
  readonly commitFloorMillis: ReadonlyMap<string, number | undefined>;
}

/** Analyses one cluster against every single-site and two-site loss. */
export function analyzeCluster(design: DesignModel, cluster: SqlClusterModel): ClusterAnalysis {
  const groups = votingGroupsOf(cluster);
  // Losing a site without members changes nothing: only member sites make scenarios.
  const sites = cluster.members.map((m) => m.site);
  const scenario = (lost: string[]): Scenario => {
    const outcomes = groups.map((g) => outcomeOfLosing(g, lost));
    const dataMembersLeft = cluster.members.filter((m) => !lost.includes(m.site)).reduce((n, m) => n + m.voters, 0);
    return {
      lost,
      survives: outcomes.every((o) => o.survives) && dataMembersLeft > 0,
      groups: outcomes.map((o) => ({ label: o.group.label, votesLeft: o.votesLeft, total: o.group.total, quorum: o.quorum, survives: o.survives })),
      dataMembersLeft,
    };
  };
  const rtt = RttMatrix.of(design.links);
  const strictest = groups[0];
  return {
    cluster,
    membersPerSite: membersPerSite(cluster),
    groups,
    votesPerSite: groups.map((g) => ({
      label: g.label,
      total: g.total,
      quorum: quorumOf(g.total),
      perSite: new Map(sites.map((s) => [s, describeVotesIn(g, s)])),
    })),
    singleSiteLosses: singleSiteLosses(sites).map(scenario),
    twoSiteLosses: twoSiteLosses(sites).map(scenario),
    commitFloorMillis: new Map(cluster.members.filter((m) => m.voters > 0).map((m) => [m.site, isGalera(cluster)
      ? farthestMemberRttMillis(cluster.members.map((x) => x.site), m.site, rtt)
      : commitLatencyFloorMillis(strictest, m.site, rtt)])),
  };
}
