/**
 * `raft_heartbeat_interval_ms`' default: a leader heartbeats its followers every 500 ms
 * (yugabyte/yugabyte-db src/yb/consensus/raft_consensus.cc, `NonTsanVsTsan(500, 1000)`).
 */
export const RAFT_HEARTBEAT_INTERVAL_MILLIS = 500;

/**
 * `leader_failure_max_missed_heartbeat_periods`' default, 6.0 (same file): followers call an
 * election after 6 × 500 ms = 3 s without a heartbeat.
 */
export const DEFAULT_MISSED_HEARTBEAT_PERIODS = 6;

/**
 * What YugabyteDB's multi-region guides set on every master and tserver, "because the data is
 * geo-replicated across data centers, RPC latencies are expected to be higher": 10, a 5 s
 * failure timeout (https://docs.yugabyte.com/stable/deploy/multi-dc/3dc-deployment/ and
 * https://docs.yugabyte.com/stable/deploy/kubernetes/multi-cluster/gke/helm-chart/).
 */
export const WAN_MISSED_HEARTBEAT_PERIODS = 10;

/** Up to this RTT between sites (a metro), the LAN default stands. */
export const METRO_RTT_MILLIS = 5;

/**
 * Round trips of the worst link the failure timeout spans at least. Raft needs the election
 * timeout an order of magnitude above the time a message takes (Ongaro and Ousterhout, "In
 * Search of an Understandable Consensus Algorithm", §5.6: broadcastTime ≪ electionTimeout);
 * the library keeps twice that margin, so a slow link is not mistaken for a dead leader.
 */
export const FAILURE_TIMEOUT_IN_RTTS = 20;

/**
 * `leader_failure_max_missed_heartbeat_periods` for a cluster whose worst link between member
 * sites has `worstRttMillis` (undefined when a link is unknown): the default within a metro;
 * across a WAN the guides' 10, raised when 20 round trips of the worst link take longer than
 * 10 heartbeat periods.
 */
export function missedHeartbeatPeriods(worstRttMillis: number | undefined): number {
  if (worstRttMillis === undefined) return WAN_MISSED_HEARTBEAT_PERIODS;
  if (worstRttMillis <= METRO_RTT_MILLIS) return DEFAULT_MISSED_HEARTBEAT_PERIODS;
  const byRtt = Math.ceil((FAILURE_TIMEOUT_IN_RTTS * worstRttMillis) / RAFT_HEARTBEAT_INTERVAL_MILLIS);
  return Math.max(WAN_MISSED_HEARTBEAT_PERIODS, byRtt);
}
