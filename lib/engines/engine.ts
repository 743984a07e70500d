import { EngineRule } from './engine-rule';
import { AnalyzedCluster, AnalyzedDesign, WritePath } from '../analysis/analyzed-design';
import { MembersDown } from '../analysis/members-down';
import { MetricsEndpoint, SiteFloor } from '../analysis/metrics-endpoint';
import { NetworkFlow } from '../analysis/network-flow';
import { LossVerdict, SurvivalRule } from '../analysis/survival';
import { VotingGroup } from '../analysis/voting-group';
import { WriteHealthProbe } from '../analysis/write-health';
import { ApplyStep, ClusterSetup } from '../k8s/cluster-setup';
import { OutputCharts } from '../k8s/output-charts';
import { Prerequisite } from '../k8s/prerequisites';
import { ObjectReference } from '../k8s/references';
import { DesignModel, EngineModel, SqlClusterOf } from '../model/design';
import { RttMatrix } from '../model/latency';
import { Site } from '../site';

/** What an engine's writer gets: the analyzed design, its cluster, and where to put objects. */
export interface EngineWriteContext<M extends EngineModel, D> {
  readonly design: AnalyzedDesign;
  readonly analysis: AnalyzedCluster<M, D>;
  readonly charts: OutputCharts;
}

/** Another setting of an engine that a computed fix may propose (`lib/placement/smallest-fix.ts`). */
export interface EngineAlternative<M extends EngineModel> {
  /** The engine model with the setting changed. */
  readonly model: M;
  /** How many votes the change counts as, in the fix's cost (a replication factor 5 → 3 is 2). */
  readonly votesChanged: number;
  /** The change, for people: `set replicationFactor 3`. */
  readonly change: string;
}

/**
 * A setting that names a cluster's data to the database itself: changed in place, the members
 * no longer recognise each other or their data (a new, empty cluster, or a split one).
 */
export interface IdentitySetting {
  /** The setting, as the database names it, e.g. `wsrep_cluster_name`. */
  readonly name: string;
  /** Its value; for a set (datacenter names) the members joined by `, `, sorted. */
  readonly value: string;
  /**
   * Whether `value` is a set whose members may be added or removed one by one (datacenters): only
   * a change that removes one name and adds another (a rename) changes the identity.
   * @default false
   */
  readonly isSet?: boolean;
  /** What changing it in place does to the data, in a sentence, with its source. */
  readonly changeDoes: string;
  /** The safe way to get the new value. */
  readonly safeAlternative: string;
}

/** What one rollout step runs and what it waits for before the next step, in the engine's own commands. */
export interface RolloutAction {
  /** What to run (a command or an edit), with the names filled in. */
  readonly run: string;
  /** What must be true before the next step starts. */
  readonly waitFor: string;
}

/**
 * What an engine says about changing a running cluster (`lib/check/change/`): the settings that
 * may never change in place, and how one member is added or removed, and new placement settings
 * applied, in its own commands. Each step gets the cluster as it is after the step, with its
 * engine analysis, so placement commands (zone configurations) name that step's placement.
 */
export interface EngineChangeFacts<M extends EngineModel, D = any> {
  /** The settings that name the cluster's data (cluster name, datacenter names). */
  identity(cluster: SqlClusterOf<M>): readonly IdentitySetting[];
  /** Adding one data member in `site` (the StatefulSet or datacenter grows by one). */
  addMember(design: DesignModel, after: SqlClusterOf<M>, details: D, site: string): RolloutAction;
  /** Removing one data member from `site`, draining it first where the engine must. */
  removeMember(design: DesignModel, after: SqlClusterOf<M>, details: D, site: string): RolloutAction;
  /** Applying the new placement settings (replication factor, zone configuration) of `after`. */
  applySettings(design: DesignModel, after: SqlClusterOf<M>, details: D): RolloutAction;
  /**
   * Steps to run once every site new to the cluster (`sites`, none of the previous placement's)
   * holds its members, for `cluster` as the new design has it; `ROLLOUT.md` prints them after the
   * last member added there (Cassandra: the write-path probe's keyspace altered to replicate to
   * the new datacenters). Optional: none.
   */
  sitesAdded?(design: DesignModel, cluster: AnalyzedCluster<M, D>, sites: readonly string[]): readonly ApplyStep[];
}

/**
 * How an engine backs a cluster up (`DistributedSqlClusterProps.backup`, `cluster.backup` in the
 * model). The engine's own writer writes the objects (a CronJob, a schedule its init Job creates,
 * its operator's backup resources) when the cluster has a backup.
 */
export interface EngineBackup<M extends EngineModel = any> {
  /** The engine's consistent backup tool, for people, e.g. `mariadb-backup`. */
  readonly tool: string;
  /** Whether the engine takes incremental backups between full ones (`schedule.incremental`). */
  readonly incremental: boolean;
  /**
   * Whether an incremental backup refers to files that earlier backups uploaded, however old
   * (Medusa's differential backups), rather than to its own uploads. A bucket lifecycle rule that
   * expires objects by age (`BackupTarget.createdBucket`) then deletes files newer backups still
   * need, so `schedule.incremental` is refused with such a bucket.
   * @default false
   */
  readonly incrementalsShareOlderFiles?: boolean;
  /**
   * Why the engine's tool cannot reach the bucket at `endpoint` (the target's S3 endpoint URL), in
   * a clause, or undefined when it can. Optional: every endpoint the target accepts is reachable.
   */
  endpointProblem?(endpoint: string): string | undefined;
  /** An upper bound on one full backup of `cluster` (bytes), from its volumes. Called for a cluster with `backup` only, as the two below. */
  largestFullBackupBytes(cluster: SqlClusterOf<M>): number;
  /** What a restore of `cluster` needs, each a short sentence, for the report. */
  restoreNeeds(cluster: SqlClusterOf<M>): readonly string[];
  /** `RESTORE-<cluster>.md`: how to restore `cluster` from its bucket, with the exact commands. */
  restoreGuide(design: DesignModel, cluster: SqlClusterOf<M>): string;
}

/**
 * Everything the library knows about one database engine. Each engine implements it in its own
 * folder (`lib/engines/<engine>/`) and is listed once in `lib/engines/registry.ts`; nothing
 * outside the folder branches on the engine's kind.
 *
 * `O` is the engine's public options (what `SqlEngine.<engine>()` takes), `M` its model after
 * defaults, `D` the engine-specific analysis its rules, writer and report share.
 */
export interface SqlEngineDefinition<O = any, M extends EngineModel = any, D = any> {
  /** Registry key, stored in the model as `engine.kind`, e.g. `cockroachdb`. */
  readonly kind: string;
  /** The engine's name, for people, e.g. `CockroachDB`. */
  readonly label: string;
  /** Whether the engine keeps one copy of the truth by a majority vote, so the quorum rules apply. */
  readonly stronglyConsistent: boolean;
  /** Whether the engine has voting members that hold no data (Galera's garbd, Data Guard's observer). */
  readonly hasArbitrators: boolean;
  /**
   * Whether every member is named in every pod's join list (CockroachDB's `--join`, Galera's
   * `wsrep_cluster_address`), which caps the members of a cluster (`MAX_CLUSTER_MEMBERS`).
   * @default false
   */
  readonly namesEveryMemberInJoinList?: boolean;
  /** What a commit waits for. */
  readonly writePath: WritePath;
  /**
   * Whether members find each other by names under the other sites' cluster domains (join lists,
   * peer addresses), so with one cluster per site each cluster must resolve the others' domains
   * (`MS-CROSS-SITE-DNS`). False for an engine whose members connect by pod IPs or by names
   * published outside the clusters' DNS.
   */
  readonly resolvesPeersByClusterDns: boolean;
  /** What "survives a loss" means for this engine. */
  readonly survivalRule: SurvivalRule;
  /**
   * Whether the engine's operator keeps a site's data pods on separate nodes itself (a required
   * anti-affinity by hostname), whatever `spreadOverNodes` asks: cass-operator does.
   */
  readonly operatorSeparatesNodes?: boolean;
  /**
   * What may not change in place and how members move, for the change rules and the rollout
   * plan. Optional: an engine without it has no identity settings and gets generic steps.
   */
  readonly changes?: EngineChangeFacts<M, D>;
  /**
   * How the engine backs a cluster up. Optional: an engine without it refuses `backup`, with
   * `noBackupReason`.
   */
  readonly backup?: EngineBackup<M>;
  /**
   * Why the engine takes no `backup` here, in a sentence, for an engine without `backup`.
   * @default - they are not wired in yet
   */
  readonly noBackupReason?: string;
  /** The engine's own rules, in the order their findings are reported; each gets the design's clusters of this engine. */
  readonly rules: readonly EngineRule<M, D>[];
  /**
   * The operators the engine's custom resources need, with the install facts of their CRDs
   * (`<engine>/operators.ts`): a cluster whose objects use one of their API groups, or whose
   * `clusterSetup` asks for one by id, installs it. Optional: an engine of plain Kubernetes
   * objects needs none.
   */
  readonly operators?: readonly Prerequisite[];
  /** Throws, naming the value and the limit, when an option is wrong on its own. */
  validateOptions(options: O): void;
  /** The sites the options name (a primary, lease sites), so the cluster can refuse sites of another app. */
  sitesNamedIn(options: O): readonly Site[];
  /** The engine's model: the options with every default applied. */
  toModel(clusterName: string, options: O): M;
  /** The groups of votes whose majorities keep the cluster writable, strictest first, from the engine's analysis. */
  votingGroups(cluster: SqlClusterOf<M>, details: D): VotingGroup[];
  /**
   * What losing the sites `lost` (any number, in site order) does to the cluster, by the engine's
   * `survivalRule`: the one survival answer that the analysis (`AnalyzedCluster.singleSiteLosses`
   * and `twoSiteLosses`), report.json, REPORT.md, the rules and the placement search read.
   * `groups` are the engine's own `votingGroups` for this cluster and `details` its `analyze`.
   */
  survivalAfterLosing(cluster: SqlClusterOf<M>, details: D, groups: readonly VotingGroup[], lost: readonly string[]): LossVerdict;
  /** The least commit latency of a write that starts in `site`, from the speed of light (ms); undefined when unknown. */
  commitFloorMillis(cluster: SqlClusterOf<M>, groups: readonly VotingGroup[], site: string, rtt: RttMatrix): number | undefined;
  /**
   * Other settings a computed fix may propose instead of, or with, moving votes (CockroachDB:
   * another replication factor). Optional: an engine without it gets fixes that move votes only.
   */
  fixAlternatives?(model: M): readonly EngineAlternative<M>[];
  /** Whether the cluster's replication between sites runs without TLS. */
  replicatesInClear(model: M): boolean;
  /** Whether cert-manager issues the cluster's certificates (so its expiry metrics cover them). */
  certificatesFromCertManager(model: M): boolean;
  /**
   * The connections the cluster's protocol needs: which members (and which of its operators and
   * Jobs) open connections to which, on which ports. The NetworkPolicies written for the cluster
   * must admit every one (`MS-NETWORK-FLOW-BLOCKED`).
   */
  networkFlows(design: DesignModel, cluster: SqlClusterOf<M>, details: D): NetworkFlow[];
  /**
   * The probe that passes only while the cluster's members in `site` can serve writes (the
   * write-path health signal k8gb follows: `lib/k8s/write-health.ts`); undefined when the
   * cluster has no member there that could take a write. Optional: hosts that depend on an
   * engine without it are answered by their application's health only, and the report says so.
   */
  writeHealthProbe?(design: DesignModel, cluster: SqlClusterOf<M>, details: D, site: string): WriteHealthProbe | undefined;
  /**
   * The steps that make the write-path probe's account (and what it writes to) on a cluster that
   * already runs, for `ROLLOUT.md` when a GSLB host starts depending on it: what the first
   * install makes by itself (an entrypoint on an empty data directory) or in an `APPLY.md` step a
   * running cluster has long passed. Empty without a dependent host. Optional: an engine whose
   * probe needs no account (CockroachDB's `/health`) has none.
   */
  writeHealthAccountSteps?(design: AnalyzedDesign, analysis: AnalyzedCluster<M, D>): readonly ApplyStep[];
  /** The engine-specific analysis, computed once per synth. */
  analyze(design: DesignModel, cluster: SqlClusterOf<M>): D;
  /** Writes the cluster's Kubernetes objects into the charts. */
  write(context: EngineWriteContext<M, D>): void;
  /** The cluster's section of REPORT.md, as lines. */
  reportSection(design: AnalyzedDesign, analysis: AnalyzedCluster<M, D>): string[];
  /** Files beside REPORT.md (runbooks), by path under the output folder. */
  extraFiles(design: AnalyzedDesign, analysis: AnalyzedCluster<M, D>): ReadonlyMap<string, string>;
  /**
   * What the cluster needs of each Kubernetes cluster beyond the objects it writes there (an
   * operator's data plane, Secrets to provide, registration and post-apply steps), for
   * `APPLY.md`. Optional: an engine without it needs only what its objects show.
   */
  clusterSetup?(design: AnalyzedDesign, analysis: AnalyzedCluster<M, D>): readonly ClusterSetup[];
  /**
   * What one written object of the engine's operators' custom resources references (Secrets,
   * StorageClasses, node labels), for the apply check; empty for any other object. Optional: an
   * engine without it writes no custom resource whose references the check must see.
   */
  customResourceReferences?(obj: any): ObjectReference[];
  /**
   * Where the cluster's members publish Prometheus metrics, for the PodMonitors and the margin
   * alerts of `Monitoring`. Optional: an engine without it gets no metrics objects and no alerts.
   */
  metricsEndpoints?(cluster: SqlClusterOf<M>, details: D): readonly MetricsEndpoint[];
  /**
   * Per site, the members of a component that must be up there for the application's requests
   * coordinated in that site to succeed, by the engine's own rule (Cassandra: its consistency
   * levels against the datacenter's replicas). Optional: alerts that need only one site's series.
   */
  metricsSiteFloors?(cluster: SqlClusterOf<M>, details: D): readonly SiteFloor[];
  /**
   * The engine's verdict on losing the sites `lost` while, in other sites, the members `down` are
   * down (by its `survivalRule`, worst case over which members), so the margin alerts count a site
   * degraded only when the members up in it are too few for the design to survive the next loss.
   * Optional: without it a site counts as degraded at its first member down (early, never late).
   */
  survivalWithMembersDown?(
    cluster: SqlClusterOf<M>, details: D, groups: readonly VotingGroup[], lost: readonly string[], down: readonly MembersDown[],
  ): LossVerdict;
}
