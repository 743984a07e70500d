import { ClusterPair, pairClusters } from './cluster-pairs';
import { Configuration, LossAnswer, RolloutMove, searchRollout, SiteCount } from './rollout-search';
import { AnalyzedCluster, AnalyzedDesign } from '../../analysis/analyzed-design';
import { controlPlaneQuorum } from '../../analysis/control-plane';
import { SurvivalRule } from '../../analysis/survival';
import { voteTransitionFailure } from '../../analysis/vote-transition';
import { VotingGroup } from '../../analysis/voting-group';
import { hostsWritingTo } from '../../analysis/write-health';
import { RolloutAction, SqlEngineDefinition } from '../../engines/engine';
import { engineOfKind } from '../../engines/registry';
import { ApplyStep } from '../../k8s/cluster-setup';
import { EngineModel, SqlClusterModel } from '../../model/design';

/** One step of a rollout: what changes, what to run, what to wait for, and what the configuration after it survives. */
export interface RolloutStep {
  /** `add voter in dc-c`, `apply settings`, `add etcd member in dc-b`. */
  readonly change: string;
  readonly site?: string;
  readonly run: string;
  readonly waitFor: string;
  /** Members per site after the step (voters, arbitrators). */
  readonly placementAfter: readonly SiteCount[];
  /** Whether the new placement settings (replication factor, zone configuration) are applied after the step. */
  readonly settingsApplied: boolean;
  /** The required sites whose single loss the configuration after the step survives: all of them on a safe plan. */
  readonly survivesLossOf: readonly string[];
  /** What to run once the wait is over, before the next step (`EngineChangeFacts.sitesAdded`, after the last member added to a new site). */
  readonly then?: readonly ApplyStep[];
}

/** The rollout of one cluster (or of the control plane) from its previous placement to the new one. */
export interface ClusterRollout {
  /** The cluster's construct path, or `control plane`. */
  readonly path: string;
  /** The engine's name for people, or `etcd`. */
  readonly engine: string;
  readonly from: readonly SiteCount[];
  readonly to: readonly SiteCount[];
  /** Sites whose single loss both the previous and the new placement survive: every step must too. */
  readonly mustSurvive: readonly string[];
  readonly steps: readonly RolloutStep[];
  /** Set when no order keeps every step alive: the step that breaks, the site whose loss it does not survive, and why. */
  readonly blocked?: { readonly stepIndex: number; readonly lost: string; readonly reason: string };
}

/**
 * A running cluster that a GSLB host now depends on and did not before: the write-path probe's
 * account must be made on it, since its first install did not (`SqlEngineDefinition.writeHealthAccountSteps`).
 */
export interface WriteHealthAccountRollout {
  /** The cluster's construct path. */
  readonly path: string;
  /** The engine's name for people. */
  readonly engine: string;
  /** The hosts (FQDNs) whose probe logs in with the account. */
  readonly hosts: readonly string[];
  /** What to run, before the probes can pass. */
  readonly steps: readonly ApplyStep[];
}

/** Every rollout the change needs, clusters in design order, the control plane last. */
export interface RolloutPlan {
  readonly clusters: readonly ClusterRollout[];
  /** Running clusters that need the write-path probe's account made, in design order. */
  readonly writeHealthAccounts: readonly WriteHealthAccountRollout[];
}

/**
 * The rollout from the previous design's placements to this design's: for each cluster whose
 * members or placement settings changed, the order of single-member changes (adds first) that
 * its engine's own survival verdict (`survivalAfterLosing`) accepts at every step; for the
 * control plane, etcd's learner-add, promote, then remove, one member at a time. Empty when
 * nothing moved or nothing was compared.
 */
export function rolloutPlan(design: AnalyzedDesign): RolloutPlan {
  const clusters: ClusterRollout[] = [];
  for (const pair of pairClusters(design.change).pairs) {
    if (pair.previous.engine.kind !== pair.current.engine.kind) continue; // MS-CHANGE-IDENTITY refuses it: no rollout
    const rollout = clusterRollout(design, pair);
    if (rollout) clusters.push(rollout);
  }
  const cp = controlPlaneRollout(design);
  if (cp) clusters.push(cp);
  return { clusters, writeHealthAccounts: writeHealthAccountRollouts(design) };
}

/**
 * The clusters of the previous design that no host depended on and some host does now: the
 * engine's steps that make the probe's account on a running cluster. A previous record that did
 * not keep its hosts (`ClusterRecord.writeHealthHosts` absent) says nothing, so nothing is printed.
 */
function writeHealthAccountRollouts(design: AnalyzedDesign): WriteHealthAccountRollout[] {
  return pairClusters(design.change).pairs.flatMap((pair) => {
    if (pair.previous.engine.kind !== pair.current.engine.kind || pair.previous.writeHealthHosts?.length !== 0) return [];
    const analysis = design.analyses.find((a) => a.cluster.path === pair.current.path);
    const hosts = [...new Set(hostsWritingTo(design, pair.current.name).map((h) => h.host.fqdn))];
    if (!analysis || hosts.length === 0) return [];
    const engine = engineOfKind(pair.current.engine.kind);
    const steps = engine.writeHealthAccountSteps?.(design, analysis) ?? [];
    return steps.length > 0 ? [{ path: pair.current.path, engine: engine.label, hosts, steps }] : [];
  });
}

function clusterRollout(design: AnalyzedDesign, pair: ClusterPair): ClusterRollout | undefined {
  const analysis = design.analyses.find((a) => a.cluster.path === pair.current.path);
  if (!analysis) return undefined;
  const engine = engineOfKind(pair.current.engine.kind);
  const siteOrder = (s: string) => {
    const i = design.sites.findIndex((x) => x.name === s);
    return i < 0 ? design.sites.length : i;
  };
  const clusterFor = (c: Configuration): SqlClusterModel => ({
    ...analysis.cluster,
    engine: c.newSettings ? pair.current.engine : pair.previous.engine,
    members: c.placement.filter((s) => s.voters + s.arbitrators > 0)
      .sort((a, b) => siteOrder(a.site) - siteOrder(b.site))
      .map((s) => ({ site: s.site, voters: s.voters, arbitrators: s.arbitrators })),
  });
  const from = pair.previous.members;
  const to = pair.current.members;
  const settingsChange = groupsSignature(engine, { ...analysis.cluster, engine: pair.previous.engine }, design)
    !== groupsSignature(engine, analysis.cluster, design);
  if (!settingsChange && placementKey(from) === placementKey(to)) return undefined;
  const survives = (c: Configuration, lost: string) => verdict(engine, design, clusterFor(c), lost);
  const sites = [...new Set([...to.map((m) => m.site), ...from.map((m) => m.site)])].sort((a, b) => siteOrder(a) - siteOrder(b));
  const fromConfig: Configuration = { placement: from, newSettings: false };
  const toConfig: Configuration = { placement: to, newSettings: true };
  const mustSurvive = sites.filter((s) => survives(toConfig, s).survives && survives(fromConfig, s).survives);
  const transition = engine.survivalRule === SurvivalRule.MAJORITY
    ? (a: Configuration, b: Configuration) => groupTransitionProblem(engine, design, clusterFor(a), clusterFor(b), mustSurvive)
    : undefined;
  const result = searchRollout({ from, to, sites, settingsChange, mustSurvive, survives, transition });
  const action = (move: RolloutMove, after: Configuration): RolloutAction => {
    const cluster = clusterFor(after);
    const changes = engine.changes;
    const details = changes ? engine.analyze(design, cluster) : undefined;
    if (move.kind === 'settings') {
      return changes?.applySettings(design, cluster, details) ?? { run: `apply the new output for cluster ${cluster.name}`, waitFor: 'every member ready' };
    }
    if (move.role === 'arbitrator') {
      return move.kind === 'add'
        ? { run: `apply the new output for site ${move.site} (it adds the arbitrator of cluster ${cluster.name} there)`, waitFor: 'the arbitrator is counted in the membership' }
        : { run: `delete the arbitrator of cluster ${cluster.name} in site ${move.site} (it leaves the membership)`, waitFor: 'the membership no longer counts it' };
    }
    const generic = {
      run: `${move.kind === 'add' ? 'add' : 'remove'} one member of cluster ${cluster.name} in site ${move.site}`,
      waitFor: 'the member is ready (added) or gone and its data re-replicated (removed)',
    };
    if (!changes) return generic;
    return move.kind === 'add' ? changes.addMember(design, cluster, details, move.site) : changes.removeMember(design, cluster, details, move.site);
  };
  // A step of a blocked plan may leave a configuration the engine cannot analyze: its step then says so.
  const guarded = (move: RolloutMove, after: Configuration): RolloutAction => {
    try {
      return action(move, after);
    } catch (e) {
      return { run: `none: the engine cannot run the configuration after this step (${(e as Error).message})`, waitFor: '-' };
    }
  };
  const steps = result.moves.map((move, i) => stepOf(move, guarded(move, result.configurations[i]), result.configurations[i], mustSurvive, survives));
  return {
    path: pair.current.path,
    engine: engine.label,
    from,
    to,
    mustSurvive,
    steps: withSitesAddedSteps(design, analysis, engine, from, result.moves, steps),
    ...(result.failure ? { blocked: { stepIndex: result.failure.moveIndex, lost: result.failure.lost, reason: result.failure.reason } } : {}),
  };
}

/**
 * The etcd rollout of a stretched cluster's control plane: each member joins as a learner, is
 * promoted once it caught up (a learner does not vote, so the quorum changes only at the
 * promotion), and members leave with `member remove`, one change at a time. etcd commits only
 * with ⌊n/2⌋ + 1 of its n voting members (https://etcd.io/docs/v3.4/faq/), and a membership
 * change is itself a write that needs the quorum
 * (https://etcd.io/docs/v3.4/op-guide/runtime-configuration/); learners:
 * https://etcd.io/docs/v3.4/learning/design-learner/.
 */
function controlPlaneRollout(design: AnalyzedDesign): ClusterRollout | undefined {
  const previous = design.change?.previous.status === 'read' ? design.change.previous.record!.controlPlane : undefined;
  const current = design.change?.current.controlPlane;
  if (!previous || !current) return undefined;
  const from = previous.map((p) => ({ site: p.site, voters: p.members, arbitrators: 0 }));
  const to = current.map((p) => ({ site: p.site, voters: p.members, arbitrators: 0 }));
  if (placementKey(from) === placementKey(to)) return undefined;
  const survives = (c: Configuration, lost: string): LossAnswer => {
    const n = c.placement.reduce((sum, s) => sum + s.voters, 0);
    const left = n - (c.placement.find((s) => s.site === lost)?.voters ?? 0);
    const quorum = controlPlaneQuorum(n);
    return { survives: left >= quorum, reason: `${left} of ${n} etcd members left, quorum ${quorum}` };
  };
  const sites = [...new Set([...to.map((m) => m.site), ...from.map((m) => m.site)])];
  // A site without members at either end cannot take one down: only sites holding members are required.
  const holding = sites.filter((site) => [...from, ...to].some((p) => p.site === site && p.voters > 0));
  const survivedBy = (placement: readonly SiteCount[], s: string) => survives({ placement, newSettings: true }, s).survives;
  const mustSurvive = holding.filter((s) => survivedBy(to, s) && survivedBy(from, s));
  const result = searchRollout({ from, to, sites, settingsChange: false, mustSurvive, survives });
  const action = (move: RolloutMove): RolloutAction => (move.kind === 'settings' ? { run: '', waitFor: '' } : move.kind === 'add'
    ? {
      run: `etcdctl member add <new member in ${move.site}> --learner --peer-urls=https://<its address>:2380; start etcd on the new control-plane node in ${move.site} (kubeadm join --control-plane); then etcdctl member promote <its id>`,
      waitFor: 'the promotion succeeds (a learner is promoted only once it caught up with the leader) and etcdctl endpoint health --cluster reports every member healthy',
    }
    : {
      run: `etcdctl member remove <the id of a member in ${move.site}>; then stop that control-plane node (kubeadm reset)`,
      waitFor: 'etcdctl member list no longer shows it and etcdctl endpoint health --cluster reports every remaining member healthy',
    });
  return {
    path: 'control plane',
    engine: 'etcd',
    from,
    to,
    mustSurvive,
    steps: result.moves.map((move, i) => stepOf(move, action(move), result.configurations[i], mustSurvive, survives, 'etcd member')),
    ...(result.failure ? { blocked: { stepIndex: result.failure.moveIndex, lost: result.failure.lost, reason: result.failure.reason } } : {}),
  };
}

/**
 * The steps with the engine's {@link EngineChangeFacts.sitesAdded} attached to the last one that
 * adds a member to a site the previous placement did not hold: by then every new site holds its
 * members (adds come first; a site that did not exist cannot be named earlier).
 */
function withSitesAddedSteps(design: AnalyzedDesign, analysis: AnalyzedCluster, engine: SqlEngineDefinition,
  from: readonly SiteCount[], moves: readonly RolloutMove[], steps: RolloutStep[]): RolloutStep[] {
  const addsToNewSite = moves.map((m) => m.kind === 'add' && m.role === 'voter' && !from.some((f) => f.site === m.site && f.voters > 0));
  const added = [...new Set(moves.filter((_, i) => addsToNewSite[i]).map((m) => (m.kind === 'settings' ? '' : m.site)))];
  const then = added.length > 0 ? engine.changes?.sitesAdded?.(design, analysis, added) ?? [] : [];
  if (then.length === 0) return steps;
  const last = addsToNewSite.lastIndexOf(true);
  return steps.map((s, i) => (i === last ? { ...s, then } : s));
}

function stepOf(move: RolloutMove, action: RolloutAction, after: Configuration, mustSurvive: readonly string[],
  survives: (c: Configuration, lost: string) => LossAnswer, member?: string): RolloutStep {
  const role = move.kind === 'settings' ? '' : move.role === 'voter' ? 'member' : 'arbitrator';
  const change = move.kind === 'settings' ? 'apply the new placement settings' : `${move.kind} ${member ?? role} in ${move.site}`;
  return {
    change,
    ...(move.kind !== 'settings' ? { site: move.site } : {}),
    run: action.run,
    waitFor: action.waitFor,
    placementAfter: after.placement.filter((s) => s.voters + s.arbitrators > 0),
    settingsApplied: after.newSettings,
    survivesLossOf: mustSurvive.filter((s) => survives(after, s).survives),
  };
}

/** The engine's verdict on losing `lost`; a configuration the engine cannot analyze does not survive. */
function verdict(engine: SqlEngineDefinition, design: AnalyzedDesign, cluster: SqlClusterModel, lost: string): LossAnswer {
  try {
    const details = engine.analyze(design, cluster);
    const groups = engine.votingGroups(cluster, details);
    const v = engine.survivalAfterLosing(cluster, details, groups, [lost]);
    return { survives: v.survives, reason: v.reason };
  } catch (e) {
    return { survives: false, reason: `the engine cannot run this configuration: ${(e as Error).message}` };
  }
}

/**
 * What breaks while a quorum engine moves its votes from `before`'s voting groups to `after`'s one
 * vote at a time (`voteTransitionFailure`), for groups whose votes are placed exactly; the groups
 * are matched in order (strictest first), a group missing on one side by that side's first.
 */
function groupTransitionProblem(
  engine: SqlEngineDefinition, design: AnalyzedDesign, before: SqlClusterModel, after: SqlClusterModel, mustSurvive: readonly string[],
): { lost: string; reason: string } | undefined {
  let groups: [readonly VotingGroup[], readonly VotingGroup[]];
  try {
    groups = [engine.votingGroups(before, engine.analyze(design, before)), engine.votingGroups(after, engine.analyze(design, after))];
  } catch {
    return undefined; // an end the engine cannot analyze fails its own survival check
  }
  for (let i = 0; i < Math.max(groups[0].length, groups[1].length); i++) {
    // An engine lists a group once when two are placed alike (CockroachDB's system ranges): the first stands for it.
    const [old, g] = [groups[0][i] ?? groups[0][0], groups[1][i] ?? groups[1][0]];
    if (!old || !g || old.floating > 0 || g.floating > 0) continue;
    const failure = voteTransitionFailure(old.fixed, g.fixed, mustSurvive);
    if (!failure) continue;
    const votes = [...failure.votes].filter(([, n]) => n > 0).map(([s, n]) => `${s} ${n}`).join(', ');
    const total = [...failure.votes.values()].reduce((a, b) => a + b, 0);
    return {
      lost: failure.lost,
      reason: `its ${g.label} move one vote at a time and pass through ${votes} (${total} votes), where losing ${failure.lost} leaves no majority`,
    };
  }
  return undefined;
}

/** The voting groups of `cluster` as a string: equal when the settings place votes alike. */
function groupsSignature(engine: SqlEngineDefinition, cluster: SqlClusterModel & { engine: EngineModel }, design: AnalyzedDesign): string {
  try {
    const groups = engine.votingGroups(cluster, engine.analyze(design, cluster));
    return JSON.stringify(groups.map((g) => [g.label, g.total, [...g.fixed], g.floating, [...g.floatingSites]]));
  } catch (e) {
    return `unanalyzable: ${(e as Error).message}`;
  }
}

function placementKey(p: readonly SiteCount[]): string {
  return p.filter((s) => s.voters + s.arbitrators > 0).map((s) => `${s.site}:${s.voters}.${s.arbitrators}`).sort().join(',');
}
