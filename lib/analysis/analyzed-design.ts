import { BackupFacts, backupFacts, EngineBackupFacts } from './backup-facts';
import { ControlPlaneAnalysis } from './control-plane';
import { ClusterDisruptionBudget, disruptionBudgetOf } from './disruption-budget';
import { NodeLoss, nodeLossOf } from './node-loss';
import { outcomeOfLosing, singleSiteLosses, twoSiteLosses } from './site-loss';
import { LossVerdict, SurvivalRule } from './survival';
import { HostWriteHealth } from './traffic-withdrawal';
import { describeVotesIn, quorumOf, VotingGroup } from './voting-group';
import { DesignModel, EngineModel, SqlClusterModel, SqlClusterOf } from '../model/design';
import { DesignChange } from '../model/design-record';
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

/**
 * One failure scenario: the sites lost, the engine's verdict (`LossVerdict`, by its
 * `SurvivalRule`) and, per voting group, the votes left.
 */
export interface Scenario extends LossVerdict {
  readonly lost: readonly string[];
  /** Votes left per voting group; they decide `survives` only under `SurvivalRule.MAJORITY`. */
  readonly groups: readonly GroupOutcome[];
  /** Members left that hold data (not arbitrators): with none, votes alone serve nothing. */
  readonly dataMembersLeft: number;
}

/** How a write becomes durable: what the commit waits for. */
export enum WritePath {
  /** A Raft majority of the voters of a range or group, the leader's own included (CockroachDB). */
  RAFT_QUORUM = 'raft-quorum',
  /** Every member certifies every write set (Galera). */
  EVERY_MEMBER = 'every-member',
  /** The primary alone; standbys apply redo later (Data Guard in MaxPerformance). */
  ASYNC_PRIMARY = 'async-primary',
  /** The replicas the client's consistency level names, where it names them (Cassandra). */
  CONSISTENCY_LEVEL = 'consistency-level',
}

/** What an engine tells the analysis about one of its clusters. */
export interface EngineFacts<D> {
  /** The engine's name, for people. */
  readonly label: string;
  /** Whether the engine keeps one copy of the truth by a majority vote (the quorum rules apply). */
  readonly stronglyConsistent: boolean;
  /** What a commit waits for. */
  readonly writePath: WritePath;
  /** Whether replication between sites runs without TLS. */
  readonly replicatesInClear: boolean;
  /** Whether members find each other by names under the other sites' cluster domains. */
  readonly resolvesPeersByClusterDns: boolean;
  /** Whether the engine's operator keeps a site's data pods on separate nodes itself. */
  readonly operatorSeparatesNodes?: boolean;
  /** The groups of votes whose majorities keep the cluster writable, strictest first. */
  readonly votingGroups: readonly VotingGroup[];
  /** What "survives a loss" means for the engine. */
  readonly survivalRule: SurvivalRule;
  /** Engine-specific analysis (Galera settings, Data Guard roles), read by the engine's own rules, writer and report. */
  readonly details: D;
  /** What the engine says about the cluster's backups; unset when the cluster has none. */
  readonly backup?: EngineBackupFacts;
  /** The engine's verdict on losing `lost`. */
  survivalAfterLosing(lost: readonly string[]): LossVerdict;
  /** The least commit latency of a write that starts in `site` (ms), undefined when unknown. */
  commitFloorMillis(site: string): number | undefined;
}

/** Everything the rules, writers and the report know about one cluster, computed once. */
export interface AnalyzedCluster<M extends EngineModel = EngineModel, D = unknown> {
  readonly cluster: SqlClusterOf<M>;
  /** The cluster's backups as the report states them; unset without backup. */
  readonly backup?: BackupFacts;
  readonly engineLabel: string;
  readonly stronglyConsistent: boolean;
  readonly writePath: WritePath;
  readonly replicatesInClear: boolean;
  /** Whether members find each other by names under the other sites' cluster domains (cross-site DNS needed with one cluster per site). */
  readonly resolvesPeersByClusterDns: boolean;
  /** Data-holding members per site, in site order. */
  readonly membersPerSite: ReadonlyMap<string, number>;
  readonly groups: readonly VotingGroup[];
  /** What "survives a loss" means for the engine; every scenario's `survives` follows it. */
  readonly survivalRule: SurvivalRule;
  readonly votesPerSite: readonly GroupPlacement[];
  readonly singleSiteLosses: readonly Scenario[];
  readonly twoSiteLosses: readonly Scenario[];
  /** Per member site: the least commit latency from the speed of light (ms), undefined when unknown. */
  readonly commitFloorMillis: ReadonlyMap<string, number | undefined>;
  readonly disruptionBudget: ClusterDisruptionBudget;
  /** What one node's loss costs in each member site, under each choice of spreading. */
  readonly nodeLoss: NodeLoss;
  readonly details: D;
}

/** The design with every cluster analyzed: what rules, writers and the report read. */
export interface AnalyzedDesign extends DesignModel {
  /** One per SQL cluster, in the order of `sqlClusters`. */
  readonly analyses: readonly AnalyzedCluster[];
  /** RTTs between the sites. */
  readonly rtt: RttMatrix;
  /**
   * The stretched cluster's control plane (etcd) across the sites, when the shape is stretched
   * and at least one site declares control-plane nodes.
   */
  readonly controlPlane?: ControlPlaneAnalysis;
  /** The GSLB hosts whose answers follow a SQL cluster's write-path health, in zone and host order. */
  readonly writeHealth: readonly HostWriteHealth[];
  /**
   * The design synth wrote last in the output folder and this one, when synth compares them
   * (`lib/check/change/`); unset: nothing is compared (the change rules find nothing).
   */
  readonly change?: DesignChange;
}

/** Analyses one cluster against every single-site and two-site loss, from what its engine says. */
export function analyzeCluster<M extends EngineModel, D>(
  design: DesignModel, cluster: SqlClusterOf<M>, facts: EngineFacts<D>,
): AnalyzedCluster<M, D> {
  const groups = facts.votingGroups;
  // Losing a site without members changes nothing: only member sites make scenarios.
  const sites = cluster.members.map((m) => m.site);
  const scenario = (lost: string[]): Scenario => {
    const outcomes = groups.map((g) => outcomeOfLosing(g, lost));
    const dataMembersLeft = cluster.members.filter((m) => !lost.includes(m.site)).reduce((n, m) => n + m.voters, 0);
    return {
      lost,
      ...facts.survivalAfterLosing(lost),
      groups: outcomes.map((o) => ({ label: o.group.label, votesLeft: o.votesLeft, total: o.group.total, quorum: o.quorum, survives: o.survives })),
      dataMembersLeft,
    };
  };
  return {
    cluster,
    engineLabel: facts.label,
    stronglyConsistent: facts.stronglyConsistent,
    writePath: facts.writePath,
    replicatesInClear: facts.replicatesInClear,
    resolvesPeersByClusterDns: facts.resolvesPeersByClusterDns,
    membersPerSite: membersPerSite(cluster),
    groups,
    survivalRule: facts.survivalRule,
    votesPerSite: groups.map((g) => ({
      label: g.label,
      total: g.total,
      quorum: quorumOf(g.total),
      perSite: new Map(sites.map((s) => [s, describeVotesIn(g, s)])),
    })),
    singleSiteLosses: singleSiteLosses(sites).map(scenario),
    twoSiteLosses: twoSiteLosses(sites).map(scenario),
    commitFloorMillis: new Map(cluster.members.filter((m) => m.voters > 0).map((m) => [m.site, facts.commitFloorMillis(m.site)])),
    disruptionBudget: disruptionBudgetOf(design, cluster, groups),
    // Votes left say whether a node's loss is survived only where a majority of votes is the rule;
    // for the other engines the site-loss verdicts say what losing every member of a site does.
    nodeLoss: nodeLossOf(cluster, facts.survivalRule === SurvivalRule.MAJORITY ? groups : [], facts.operatorSeparatesNodes ?? false),
    details: facts.details,
    ...(cluster.backup && facts.backup ? { backup: backupFacts(cluster.backup, facts.backup) } : {}),
  };
}

/** Data-holding members (nodes, databases) of the cluster in each site, in site order. */
export function membersPerSite(cluster: SqlClusterModel): Map<string, number> {
  return new Map(cluster.members.map((m) => [m.site, m.voters]));
}

