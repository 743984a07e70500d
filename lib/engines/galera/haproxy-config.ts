import { GALERA_HEALTH_CHECK_PORT, GALERA_PORTS, GALERA_ROUTER_PORTS } from './ports';
import { GaleraRouterPlan, ROUTER_TIMEOUTS } from './router-plan';

/** One data node as a router names it. */
export interface RouterBackend {
  /** HAProxy's name for it (the pod name). */
  readonly name: string;
  /** Its address (the pod's DNS name). */
  readonly address: string;
  readonly site: string;
}

/**
 * The `haproxy.cfg` of the routers in `site`. Directives as HAProxy 3.0 documents them
 * (https://docs.haproxy.org/3.0/configuration.html) and as Debian's 2.6 accepts them (the failure
 * lab runs it):
 * - `writes`: the first node of `backends` (in priority order) is the only active server, every
 *   other one is `backup`; without `option allbackups` only the first operational backup takes
 *   traffic (section 5.2 `backup`, 4 `option allbackups`), so writes go to one node, in priority
 *   order. `on-marked-up shutdown-backup-sessions` on the first node ends the backups' sessions
 *   when it comes back, so two nodes do not keep writers (section 5.2 `on-marked-up`).
 * - `reads`: the local site's nodes are active (least connections), the others are backups all
 *   used at once (`option allbackups`) when no local node is up.
 * - every server: `check` over HTTP on the node's health port (`option httpchk`, `http-check
 *   expect status 200`, `port`), which passes only for a Synced node of the Primary component
 *   (`./health-check.ts`); `inter`/`rise`/`fall` from the plan; `on-marked-down
 *   shutdown-sessions`, so clients do not go on writing to a node that left (section 5.2).
 * - addresses: the pods' DNS names, resolved at start if they can be (`init-addr
 *   last,libc,none` starts with a server down rather than not at all) and again at run time by
 *   the resolvers of the pod's `/etc/resolv.conf` (`parse-resolv-conf`, section 5.3.2), since a
 *   restarted pod has a new address.
 */
export function haproxyConfig(clusterName: string, site: string, plan: GaleraRouterPlan, backends: readonly RouterBackend[]): string {
  const serverLine = (b: RouterBackend, extra: string[]) => `  server ${b.name} ${b.address}:${GALERA_PORTS.sql}${extra.length ? ` ${extra.join(' ')}` : ''}`;
  const local = backends.filter((b) => b.site === site);
  const lines = [
    `# HAProxy router of Galera cluster ${clusterName} in site ${site}, written by cdk-multisite.`,
    `# Writes (port ${GALERA_ROUTER_PORTS.writes}) go to one node at a time, in the order ${plan.writerSites.join(', ')}; reads (port ${GALERA_ROUTER_PORTS.reads}) prefer ${site}.`,
    'global',
    '  log stdout format raw local0',
    '',
    'defaults',
    '  mode tcp',
    '  log global',
    '  option tcplog',
    `  timeout connect ${ROUTER_TIMEOUTS.connectMillis}ms`,
    `  timeout check ${ROUTER_TIMEOUTS.checkMillis}ms`,
    // SQL sessions idle between queries; the router cuts them no sooner than the server would:
    // MariaDB's `wait_timeout` defaults to 28800 s (https://mariadb.com/docs/server/server-management/variables-and-modes/server-system-variables#wait_timeout).
    '  timeout client 8h',
    '  timeout server 8h',
    '  option httpchk GET /',
    '  http-check expect status 200',
    `  default-server check port ${GALERA_HEALTH_CHECK_PORT} inter ${plan.checkIntervalMillis}ms rise ${plan.rise} fall ${plan.fall} on-marked-down shutdown-sessions resolvers cluster-dns init-addr last,libc,none`,
    '',
    'resolvers cluster-dns',
    '  parse-resolv-conf',
    '  hold valid 10s',
    '',
    'listen writes',
    `  bind :${GALERA_ROUTER_PORTS.writes}`,
    ...backends.map((b, i) => serverLine(b, i === 0 ? ['on-marked-up shutdown-backup-sessions'] : ['backup'])),
    '',
    'listen reads',
    `  bind :${GALERA_ROUTER_PORTS.reads}`,
    '  balance leastconn',
    ...(local.length < backends.length ? ['  option allbackups'] : []),
    ...local.map((b) => serverLine(b, [])),
    ...backends.filter((b) => b.site !== site).map((b) => serverLine(b, ['backup'])),
  ];
  return `${lines.join('\n')}\n`;
}
