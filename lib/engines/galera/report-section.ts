import { GaleraCluster } from './model';
import { GALERA_HEALTH_CHECK_PORT, GALERA_PORTS } from './ports';
import { routerNames } from './router-writer';
import { GaleraSettings } from './settings';
import { WRITE_HEALTH_ACCOUNT, WRITE_HEALTH_PASSWORD_KEY } from './write-health';
import { formatMillis } from '../../core/types';

/**
 * What the report says about a Galera cluster: what votes, the settings derived for the WAN, and
 * (`probeAccount`: a GSLB host depends on it) the account its write-path probe logs in as.
 */
export function galeraNotes(c: GaleraCluster, s: GaleraSettings, probeAccount: boolean): string[] {
  const mib = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MiB`;
  const out = [
    'Every data node and every arbitrator (`garbd`) has one vote; the arbitrator holds no data and relays replication when a link between data sites breaks.',
    '',
    'Settings derived from the design:',
    '',
    `- \`gmcast.segment\` per site: ${[...s.segments].map(([site, seg]) => `${site} ${seg}`).join(', ')}`,
    `- EVS timers for a ${s.maxRttMillis === undefined ? 'unknown' : `${formatMillis(s.maxRttMillis)} ms`} worst RTT: keepalive ${s.evs.keepalivePeriod}, suspect ${s.evs.suspectTimeout}, inactive ${s.evs.inactiveTimeout}, install ${s.evs.installTimeout}`,
    `- \`gcache.size\` ${c.engine.gcacheMebibytes} MiB (how far a node may fall behind and still rejoin by IST), \`gcs.fc_limit\` ${c.engine.flowControlLimit}`,
    `- memory per data node ${c.engine.memoryMebibytes} MiB: InnoDB buffer pool ${s.bufferPoolMebibytes} MiB, receive queue capped at ${mib(s.receiveQueueHardLimitBytes)} (\`gcs.recv_q_hard_limit\`), so a replication backlog stops replication before it exhausts memory`,
    '',
    'Flow control makes the slowest node set every site\'s write speed: a slow disk or link in one site slows writes in all of them.',
    '',
    'A data node is ready (and in the client Service) only while Synced (`wsrep_ready=ON`, `wsrep_local_state=4`): a joiner, a donor, or a node cut off from the primary component takes no client traffic; liveness is a TCP connect, so a cut-off node is not restarted and rejoins by itself. While one node of a site sends another a full copy (SST), neither is ready.',
    '',
    'After every node has stopped (a full outage), Galera cannot elect a primary by itself: start the node with the highest `seqno` in its `grastate.dat` with `--wsrep-new-cluster` (after setting `safe_to_bootstrap: 1` there), then the others.',
  ];
  out.push('', ...routingNotes(c, s));
  if (c.engine.tlsSecret) {
    out.push('', `Replication, IST and SST use TLS with Secret \`${c.engine.tlsSecret}\` (ca.crt, tls.crt, tls.key) in namespace \`${c.namespace}\` of every site; the root password comes from Secret \`${c.engine.rootPasswordSecret}\` (key \`password\`).`);
  }
  if (probeAccount) {
    out.push('', `The write-path probe of the GSLB hosts that depend on this cluster logs in as \`${WRITE_HEALTH_ACCOUNT}\`, which holds no privilege beyond logging in (USAGE), with the password in Secret \`${c.engine.writeHealthPasswordSecret}\` (key \`${WRITE_HEALTH_PASSWORD_KEY}\`), provided in namespace \`${c.namespace}\` and in each host's namespace. The image creates the account when it initializes an empty data directory; on a cluster initialized before, create it once on any node: \`CREATE USER '${WRITE_HEALTH_ACCOUNT}'@'%' IDENTIFIED BY '<the Secret's password>';\`.`);
  }
  return out;
}

/** Where clients connect, and how long writes take to move when the writer is lost. */
function routingNotes(c: GaleraCluster, s: GaleraSettings): string[] {
  const plan = s.router;
  if (!plan) {
    return ['Routing: multi-writer. Every Synced data node takes writes through the `' + c.name + '-public` Service.'];
  }
  const seconds = (ms: number) => `${formatMillis(ms / 1000)} s`;
  const first = plan.writerSites[0];
  const next = plan.writerSites[1];
  return [
    `Routing: single writer. In every data site an HAProxy router sends every write to one data node, in the order ${plan.writerSites.join(', ')} (within a site, pod 0 first); a node takes traffic only while its health check (HTTP, port ${GALERA_HEALTH_CHECK_PORT}) says it is Synced in the Primary component. Clients connect to the router Services, port ${GALERA_PORTS.sql}:`,
    '',
    '| site | writes (one node at a time) | reads (this site\'s nodes first) |',
    '| --- | --- | --- |',
    ...plan.writerSites.map((site) => {
      const n = routerNames(c, site);
      return `| ${site} | \`${n.writer}\` | \`${n.reader}\` |`;
    }),
    '',
    `The \`${c.name}-public\` Service still reaches every Synced node: it is for tools that must reach any node, not for application writes.${c.engine.certManagerCaSecret ? ' The replication certificate names the router Services too, so clients that verify the server\'s name can connect through them.' : ''}`,
    '',
    `Failover of writes: the routers check every ${seconds(plan.checkIntervalMillis)} (\`inter\`), take a node out after ${plan.fall} failed checks (\`fall\`, at most ${seconds(plan.longestCheckMillis)} each) and end its sessions (\`on-marked-down shutdown-sessions\`), and take it back after ${plan.rise} passing checks (\`rise\`). Galera evicts a silent member within \`evs.inactive_timeout\` ${seconds(plan.evictionMillis)}; the routers move writes no sooner than ${seconds(plan.earliestMoveMillis)} ((fall − 1) × inter), so two nodes never take writes inside that window (MS-GALERA-ROUTER-FAILOVER).`,
    '',
    '| lost | writes move to | worst time until writes move |',
    '| --- | --- | --- |',
    `| the writer node (${first} pod 0) | the next Synced node in order | ${seconds(plan.worstMoveMillis)} |`,
    ...plan.writerSites.map((site) => site === first
      ? `| site ${site} | ${next ?? 'none'}, pod 0 | ${seconds(plan.worstMoveMillis)} |`
      : `| site ${site} | writes stay in ${first} | 0 s (the router of ${site} is lost with its clients) |`),
  ];
}
