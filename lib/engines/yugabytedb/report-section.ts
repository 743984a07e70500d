import { describePerSite, YugabyteAnalysis } from './analysis';
import { DEFAULT_MISSED_HEARTBEAT_PERIODS, FAILURE_TIMEOUT_IN_RTTS, METRO_RTT_MILLIS, RAFT_HEARTBEAT_INTERVAL_MILLIS, WAN_MISSED_HEARTBEAT_PERIODS } from './heartbeat';
import { YugabyteCluster } from './model';
import { certificateNames } from './names';
import { AnalyzedCluster } from '../../analysis/analyzed-design';
import { formatMillis } from '../../core/types';
import { DesignModel } from '../../model/design';

/** What the report says about a YugabyteDB cluster's votes, placement and settings. */
export function yugabyteNotes(a: AnalyzedCluster<any, YugabyteAnalysis>): string[] {
  const c = a.cluster as YugabyteCluster;
  const d = a.details;
  const out = [
    `YugabyteDB keeps a Raft group per tablet and one for the masters. The yb-masters run ${describePerSite(d.mastersPerSite)} (${d.masters} in all, the replication factor; ${c.engine.masterPlacement ? 'as masterPlacement gives' : 'placed like the tablets'}), beside the tservers; \`voters\` counts tservers, which add capacity, not votes: the placement Job pins the tablet replicas per site with \`yb-admin modify_placement_info ${d.placementBlocks.join(',')} ${c.engine.replicationFactor}\`, so every tablet has the replicas per site shown above.`,
  ];
  if (d.preferredZones.length > 0) {
    out.push('', `Tablet leaders are preferred in ${c.engine.preferredLeaderSites.join(', then ')} (\`set_preferred_zones ${d.preferredZones.join(' ')}\`): that is latency, not survival; if those sites are lost, leaders move to the others.`);
  }
  const worst = d.worstRttMillis === undefined ? 'unknown (a link is missing)' : `${formatMillis(d.worstRttMillis)} ms`;
  const timeout = d.missedHeartbeatPeriods * RAFT_HEARTBEAT_INTERVAL_MILLIS;
  out.push('', `Worst RTT between member sites: ${worst}. \`--leader_failure_max_missed_heartbeat_periods=${d.missedHeartbeatPeriods}\` on masters and tservers: a follower calls an election after ${d.missedHeartbeatPeriods} × ${RAFT_HEARTBEAT_INTERVAL_MILLIS} ms = ${formatMillis(timeout / 1000)} s without a heartbeat (the default ${DEFAULT_MISSED_HEARTBEAT_PERIODS} up to ${METRO_RTT_MILLIS} ms RTT; beyond, the ${WAN_MISSED_HEARTBEAT_PERIODS} of YugabyteDB's multi-region guides, or more so that the timeout spans ${FAILURE_TIMEOUT_IN_RTTS} round trips of the worst link). That is also how long writes to tablets led in a lost site wait before new leaders are elected.`);
  return out;
}

/** The two PodDisruptionBudgets the writer gives each Kubernetes cluster: the masters' and the tservers'. */
export function yugabyteDisruptionBudget(a: AnalyzedCluster<any, YugabyteAnalysis>): string[] {
  const c = a.cluster as YugabyteCluster;
  const d = a.details;
  const budget = (b: YugabyteAnalysis['masterBudget']) => (b.perSite ? [...b.perSite].map(([site, n]) => `${site} ${n}`).join(', ') : `${b.total}`);
  return [`Two PodDisruptionBudgets per Kubernetes cluster: \`${c.name}-masters\` (maxUnavailable ${budget(d.masterBudget)}) and \`${c.name}\` over the tservers (maxUnavailable ${budget(d.tserverBudget)}). A master pod is one vote of the masters' group and a tserver holds at most one replica of a tablet, so evictions within these budgets never take either group below its majority.`];
}

/** The floor sentence: where writes are led, and what they wait for. */
export function yugabyteFloorSentence(c: YugabyteCluster): string {
  const raft = 'Raft: a write commits when a majority of the tablet\'s replicas, the leader\'s own included, have it.';
  if (c.engine.preferredLeaderSites.length === 0) {
    return `${raft} Without preferred leader sites, some tablets are led in every site; the floor from a site is the RTT from a leader there to the replica that completes the majority, from the speed of light alone (single-tablet writes; a distributed transaction also waits for its status tablet, whose leader ignores preferences):`;
  }
  const lead = c.engine.preferredLeaderSites[0];
  return `${raft} With leaders preferred in ${lead}, a write from another site first crosses to ${lead}: its floor is the RTT to ${lead} plus ${lead}'s own floor (the RTT from ${lead} to the replica that completes the majority), from the speed of light alone (single-tablet writes; a distributed transaction also waits for its status tablet, whose leader ignores preferences):`;
}

/** The certificate Secret a secure cluster refers to, and the names it must cover. */
export function yugabyteCertificates(design: DesignModel, c: YugabyteCluster): string[] {
  if (c.engine.insecure) return [];
  const out = ['', '### Certificates', ''];
  const issued = c.engine.certManagerCaSecret
    ? `cert-manager issues it in every site from CA Secret \`${c.engine.certManagerCaSecret}\`.`
    : 'It is referred to, never created: provide it in every site, signed by one CA.';
  out.push(`Secret \`${c.engine.certificatesSecret}\` (ca.crt, tls.crt, tls.key) in namespace \`${c.namespace}\` holds the server certificate of every master and tserver, for TLS between nodes and from clients (YSQL, YCQL). ${issued} It must cover:`, '');
  for (const name of certificateNames(design, c)) out.push(`- \`${name}\``);
  out.push('', 'YSQL and YCQL run with authentication on (`--ysql_enable_auth`, `--use_cassandra_authentication`): change the default passwords of the `yugabyte` and `cassandra` roles before clients connect.');
  return out;
}

