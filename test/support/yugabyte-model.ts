/**
 * YugabyteDB's documented rules, written without the library:
 *
 * - "The number of nodes in a cluster running YB-Masters must equal the replication factor"
 *   (docs.yugabyte.com/stable/deploy/manual-deployment/start-masters/); the library's deployment
 *   (DESIGN.md, README) places the masters like the tablets.
 * - The tablet placement the library documents (the `replicationFactor` option): the replicas of
 *   every tablet spread over the placed sites as evenly as they go, the first sites taking one
 *   more (RF 5 over three sites: 2+2+1, the topology of docs.yugabyte.com/stable/explore/fault-tolerance/handling-region-failures/),
 *   pinned per zone by `modify_placement_info` (docs.yugabyte.com/stable/admin/yb-admin/). A
 *   tablet's replicas are Raft peers on distinct tservers: a site holds at most as many as it runs.
 * - Raft: a group acts while a strict majority of its voters is reachable; a tablet leader
 *   commits a write once a majority of its replicas, its own included, has it.
 * - Seed 000: strong consistency across sites needs three fault domains; an even number of
 *   sites is not recommended (docs.yugabyte.com/stable/deploy/multi-dc/3dc-deployment/), refused
 *   unless acknowledged, and only acknowledgeable when one site loss is survived.
 */

/** Whether `votesLeft` of `total` voters is a strict majority. */
export type MajorityRule = (votesLeft: number, total: number) => boolean;

/** Raft's rule: more than half. */
export const strictMajority: MajorityRule = (left, total) => 2 * left > total;

/** A mutant that takes half as enough. A test checks the property catches it. */
export const halfIsEnough: MajorityRule = (left, total) => 2 * left >= total;

/** A random design: tservers per site (0: not placed), the replication factor, preferred sites, an acknowledgement. */
export interface YbDesignSpec {
  readonly tservers: readonly number[];
  readonly rf: number;
  readonly preferred: readonly number[];
  readonly acknowledgeEven: boolean;
  /** RTT between sites i < j, by `${i}-${j}`. */
  readonly rtt: Readonly<Record<string, number>>;
}

/** Every loss of `k` sites among `sites`, by index. */
export function losses(sites: readonly number[], k: number): number[][] {
  if (k === 0) return [[]];
  const out: number[][] = [];
  sites.forEach((s, i) => {
    for (const rest of losses(sites.slice(i + 1), k - 1)) out.push([s, ...rest]);
  });
  return out;
}

/** Whether a group with `votes[i]` votes in site i acts after losing `lost`. */
export function groupSurvives(votes: readonly number[], lost: readonly number[], majority: MajorityRule = strictMajority): boolean {
  const total = votes.reduce((a, b) => a + b, 0);
  const left = votes.reduce((n, v, i) => n + (lost.includes(i) ? 0 : v), 0);
  return majority(left, total);
}

/** The sites that run tservers, by index. */
export function placedSites(spec: YbDesignSpec): number[] {
  return spec.tservers.map((n, i) => (n > 0 ? i : -1)).filter((i) => i >= 0);
}

/** Replicas of every tablet per site (all sites, 0 where none): `rf` over the placed sites, as evenly as they go, the first taking one more. */
export function replicasPerSite(spec: YbDesignSpec): number[] {
  const placed = placedSites(spec);
  const out = spec.tservers.map(() => 0);
  for (let k = 0; k < spec.rf; k++) out[placed[k % placed.length]]++;
  return out;
}

/** The model's verdict: accepted when no error is left open. Masters are placed like the tablets. */
export function yugabyteVerdict(spec: YbDesignSpec, majority: MajorityRule = strictMajority, evenNeedsAck = true): boolean {
  const placed = placedSites(spec);
  if (placed.length < 3) return false;
  const replicas = replicasPerSite(spec);
  if (replicas.some((r, i) => r > spec.tservers[i])) return false;
  if (!losses(placed, 1).every((lost) => groupSurvives(replicas, lost, majority))) return false;
  const voting = replicas.filter((r) => r > 0).length;
  if (evenNeedsAck && voting % 2 === 0 && !spec.acknowledgeEven) return false;
  return spec.preferred.every((p) => replicas[p] > 0);
}

/**
 * The least commit latency of a write from `from`, by brute force over every set of replica
 * sites that holds a majority and includes the leader's: the leader is in the first preferred
 * site when there is one (a write from elsewhere crosses to it first), else in `from` itself.
 */
export function floorByBruteForce(spec: YbDesignSpec, from: number): number {
  const replicas = replicasPerSite(spec);
  const holding = placedSites(spec).filter((i) => replicas[i] > 0);
  const rtt = (a: number, b: number) => (a === b ? 0 : spec.rtt[`${Math.min(a, b)}-${Math.max(a, b)}`]);
  const leader = spec.preferred[0] ?? from;
  let best = Infinity;
  const subsets = holding.reduce<number[][]>((acc, s) => [...acc, ...acc.map((sub) => [...sub, s])], [[]]);
  for (const chosen of subsets) {
    if (!chosen.includes(leader) || !strictMajority(chosen.reduce((n, s) => n + replicas[s], 0), spec.rf)) continue;
    best = Math.min(best, Math.max(...chosen.map((s) => rtt(leader, s))));
  }
  return rtt(from, leader) + best;
}
