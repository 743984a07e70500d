import { survivesLossOf, VotingGroup } from './voting-group';
import { SqlClusterModel } from '../model/design';

/**
 * What "survives a loss" means for an engine. Each engine states its own; REPORT.md,
 * report.json, the rules and the placement search read the engine's answer, never their own.
 */
export enum SurvivalRule {
  /** A strict majority of every voting group is left, and a member that holds data (Raft, Galera). */
  MAJORITY = 'majority',
  /** The application's read and write consistency levels each still succeed from some datacenter (Cassandra). */
  CONSISTENCY_LEVEL = 'consistency-level',
  /** The primary keeps running, or a standby can take over within the stated RPO (Data Guard). */
  PRIMARY_OR_FAILOVER = 'primary-or-failover',
}

/** Who makes a standby the primary after a loss. */
export enum Failover {
  /** No role changes hands that a person must see (a quorum engine re-elects its leaders by itself). */
  NONE = 'none',
  /** An observer fails over without a person. */
  AUTOMATIC = 'automatic',
  /** Writes stop until a person fails over. */
  MANUAL = 'manual',
}

/** What losing some sites does to one cluster, in its engine's own terms. */
export interface LossVerdict {
  /** Whether the cluster still serves the application after the loss (by the engine's `SurvivalRule`). */
  readonly survives: boolean;
  /** Sites where a write coordinated there still succeeds, in site order. */
  readonly writesFrom: readonly string[];
  /** Sites where a read coordinated there still succeeds, in site order. */
  readonly readsFrom: readonly string[];
  /** Whether someone must fail over first, and who. */
  readonly failover: Failover;
  /** Whether writes acknowledged before the loss may be gone for good (RPO > 0 for this loss). */
  readonly mayLoseWrites: boolean;
  /** Why, in a sentence: what the engine's rule found. */
  readonly reason: string;
}

/**
 * The verdict of a quorum engine (`SurvivalRule.MAJORITY`): every voting group keeps a strict
 * majority of its votes (worst case), and a member holding data is left. Raft and Galera's
 * certification both commit only with a majority (Raft: Ongaro & Ousterhout, "In Search of an
 * Understandable Consensus Algorithm", §5.2-5.4; Galera: the primary component is the one
 * holding more than half of the weight, https://galeracluster.com/library/documentation/weighted-quorum.html).
 * Every site left with data members serves reads and writes; a committed write is on a
 * majority, so some survivor has it.
 */
export function majorityVerdict(cluster: SqlClusterModel, groups: readonly VotingGroup[], lost: readonly string[]): LossVerdict {
  const broken = groups.filter((g) => !survivesLossOf(g, lost));
  const left = cluster.members.filter((m) => m.voters > 0 && !lost.includes(m.site)).map((m) => m.site);
  const survives = broken.length === 0 && left.length > 0;
  const serving = survives ? left : [];
  const reason = broken.length > 0
    ? `no majority left of ${broken.map((g) => g.label).join(', ')}`
    : left.length === 0 ? 'no member with data left' : 'a majority of every voting group is left';
  return { survives, writesFrom: serving, readsFrom: serving, failover: Failover.NONE, mayLoseWrites: false, reason };
}
