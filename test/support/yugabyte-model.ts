/**
 * YugabyteDB's documented rules, written without the library:
 *
 * - "The number of nodes in a cluster running YB-Masters must equal the replication factor"
 *   (docs.yugabyte.com/stable/deploy/manual-deployment/start-masters/); the library's deployment
 *   (README) runs one master per placed site, so masters = placed sites.
 * - `modify_placement_info` with every placed site's zone and the replication factor gives each
 *   zone `min_num_replicas` 1 (docs.yugabyte.com/stable/admin/yb-admin/); with RF = zones that is
 *   one replica of every tablet per site.
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

/** Whether a group with one vote in each of `voterSites` acts after losing `lost`. */
export function groupSurvives(voterSites: readonly number[], lost: readonly number[], majority: MajorityRule = strictMajority): boolean {
  const left = voterSites.filter((s) => !lost.includes(s)).length;
  return majority(left, voterSites.length);
}

/** The model's verdict: accepted when no error is left open. */
export function yugabyteVerdict(spec: YbDesignSpec, majority: MajorityRule = strictMajority, evenNeedsAck = true): boolean {
  const placed = spec.tservers.map((n, i) => (n > 0 ? i : -1)).filter((i) => i >= 0);
  if (placed.length < 3) return false;
  if (spec.rf !== placed.length) return false;
  // One master and one replica of every tablet per placed site.
  const survivesEverySingleLoss = losses(placed, 1).every((lost) => groupSurvives(placed, lost, majority));
  if (!survivesEverySingleLoss) return false;
  if (evenNeedsAck && placed.length % 2 === 0 && !spec.acknowledgeEven) return false;
  return spec.preferred.every((p) => placed.includes(p));
}

/**
 * The least commit latency of a write from `from`, by brute force over every set of replica
 * sites that holds a majority and includes the leader's: the leader is in the first preferred
 * site when there is one (a write from elsewhere crosses to it first), else in `from` itself.
 */
export function floorByBruteForce(spec: YbDesignSpec, from: number): number {
  const placed = spec.tservers.map((n, i) => (n > 0 ? i : -1)).filter((i) => i >= 0);
  const rtt = (a: number, b: number) => (a === b ? 0 : spec.rtt[`${Math.min(a, b)}-${Math.max(a, b)}`]);
  const leader = spec.preferred[0] ?? from;
  let best = Infinity;
  const subsets = placed.reduce<number[][]>((acc, s) => [...acc, ...acc.map((sub) => [...sub, s])], [[]]);
  for (const chosen of subsets) {
    if (!chosen.includes(leader) || !strictMajority(chosen.length, placed.length)) continue;
    best = Math.min(best, Math.max(...chosen.map((s) => rtt(leader, s))));
  }
  return rtt(from, leader) + best;
}
