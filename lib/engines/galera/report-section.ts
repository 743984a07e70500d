import { GaleraCluster } from './model';
import { GALERA_HEALTH_CHECK_PORT, GALERA_PORTS } from './ports';
import { ROUTER_REPLICAS } from './router-plan';
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
    out.push('', ...certificateRenewalNotes(c));
  }
  if (probeAccount) {
    out.push('', `The write-path probe of the GSLB hosts that depend on this cluster logs in as \`${WRITE_HEALTH_ACCOUNT}\`, which holds no privilege beyond logging in (USAGE), with the password in Secret \`${c.engine.writeHealthPasswordSecret}\` (key \`${WRITE_HEALTH_PASSWORD_KEY}\`), provided in namespace \`${c.namespace}\` and in each host's namespace. The image creates the account when it initializes an empty data directory; on a cluster initialized before, create it once on any node: \`CREATE USER '${WRITE_HEALTH_ACCOUNT}'@'%' IDENTIFIED BY '<the Secret's password>';\`.`);
  }
  return out;
}

/**
 * What to do when the replication certificate changes. The Secret's files change in the running
 * pods (mounted as a directory, not by subPath), but mariadbd and garbd read them at start only.
 * `SET GLOBAL wsrep_provider_options='socket.ssl_reload=1'` reloads Galera's TLS context
 * (https://mariadb.com/docs/reference/mdb/wsrep_provider_options/socket.ssl_reload/) and
 * `FLUSH SSL` the SQL port's (https://mariadb.com/kb/en/flush/): both measured on MariaDB 10.11 +
 * Galera 26.4, where the certificate served on each port changed after the statement and not
 * before. garbd has no such statement: it is restarted.
 */
function certificateRenewalNotes(c: GaleraCluster): string[] {
  const who = c.engine.certManagerCaSecret ? 'cert-manager renews the replication certificate 15 days before it expires (`renewBefore: 360h`)' : 'When you replace the replication certificate in its Secret';
  const hasArbitrators = c.members.some((m) => m.arbitrators > 0);
  return [
    `${who}; mariadbd${hasArbitrators ? ' and garbd' : ''} read the files at start only, so a node keeps the old certificate until it expires. After each renewal, once the new files are in the pods (about a minute), on every data node:`,
    '',
    '```sh',
    `kubectl -n ${c.namespace} exec <pod> -c mariadb -- sh -c 'MYSQL_PWD="$MARIADB_ROOT_PASSWORD" mariadb --user=root --protocol=socket --execute="FLUSH SSL; SET GLOBAL wsrep_provider_options=\\"socket.ssl_reload=1\\""'`,
    ...(hasArbitrators ? c.members.filter((m) => m.arbitrators > 0).map((m) => `kubectl -n ${c.namespace} rollout restart deployment/${c.name}-arbitrator-${m.site}`) : []),
    '```',
  ];
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
    ...(plan.writerVips.length === 0 ? [] : [
      `Writer VIPs (MetalLB layer 2): ${plan.writerVips.map((v) => `${v.site} \`${v.address}\` (Service \`${routerNames(c, v.site).writer}-vip\`)`).join(', ')}. One node of the site answers ARP for its address and another node of the same site takes it over when that node is lost; layer 2 does not cross sites, so a lost site takes its address with it: clients in the other sites use their own site's address, and clients that must follow the writer across sites need DNS (GSLB) or BGP anycast in front.`,
      '',
    ]),
    `The \`${c.name}-public\` Service still reaches every Synced node: it is for tools that must reach any node, not for application writes.${c.engine.certManagerCaSecret ? ' The replication certificate names it and the router Services, so clients that verify the server\'s name can connect through them.' : ''}`,
    '',
    `Failover of writes: the routers check every ${seconds(plan.checkIntervalMillis)} (\`inter\`), take a node out after ${plan.fall} failed checks (\`fall\`, at most ${seconds(plan.longestCheckMillis)} each) and end its sessions (\`on-marked-down shutdown-sessions\`), and take it back after ${plan.rise} passing checks (\`rise\`). Galera evicts a silent member within \`evs.inactive_timeout\` ${seconds(plan.evictionMillis)}; the routers move writes no sooner than ${seconds(plan.earliestMoveMillis)} ((fall − 1) × inter), so two nodes never take writes inside that window (MS-GALERA-ROUTER-FAILOVER).`,
    '',
    '| lost | writes move to | worst time until writes move |',
    '| --- | --- | --- |',
    `| the writer node (${first} pod 0) | the next Synced node in order | ${seconds(plan.worstMoveMillis)} |`,
    ...plan.writerSites.map((site) => site === first
      ? `| site ${site} | ${next ?? 'none'}, pod 0 | ${seconds(plan.worstMoveMillis)} |`
      : `| site ${site} | writes stay in ${first} | 0 s (the router of ${site} is lost with its clients) |`),
    '',
    `Fail-back: a node of higher priority that is Synced again takes writes back after ${plan.rise} passing checks, ${seconds(plan.earliestReturnMillis)} to ${seconds(plan.worstReturnMillis)} after it is healthy ((rise − 1) × inter to rise × (inter + the longest check)). Each router has one backend per priority step and, when a node above the current one comes back, ends the current node's sessions (\`track\`, \`on-marked-up shutdown-backup-sessions\`), so one router never keeps writes on two nodes, however far the failover had cascaded. The routers of different sites (and the ${ROUTER_REPLICAS} replicas in each) check on their own schedules, so for up to ${seconds(plan.failbackOverlapMillis)} (the difference of those two times) some routers may send writes to the returning node while others still send them to the node it replaces. Both are Synced in the Primary component: their writes are certified against each other, so a conflicting transaction fails at commit with a deadlock error (applications retry it) and nothing diverges. A smaller \`rise\` shortens this window, and so does a smaller \`checkInterval\` with a larger \`fall\` (MS-GALERA-ROUTER-FAILOVER keeps (fall − 1) × inter ≥ \`evs.inactive_timeout\`).`,
  ];
}
