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

/** The name of the writes backend of the `index`-th node in priority order (0-based). */
export function writeStep(index: number): string {
  return `writes-${index + 1}`;
}

/**
 * The `haproxy.cfg` of the routers in `site`. Directives as HAProxy 3.0 documents them
 * (https://docs.haproxy.org/3.0/configuration.html) and as Debian's 2.6 accepts them (the failure
 * lab runs it; `haproxy -c` on both is in test/galera-single-writer.test.ts):
 * - writes: one backend per priority step, `writes-<k>` for the k-th node of `backends`, and the
 *   frontend picks the first step with a usable server (`use_backend writes-<k> if {
 *   nbsrv(writes-<k>) gt 0 }` in priority order, the last step as `default_backend`; section
 *   4.2 `use_backend`: the first matching rule wins; section 7.3.2 `nbsrv`: usable servers of a
 *   backend, where a backend's backups count once its active servers are down, haproxy/haproxy
 *   `include/haproxy/backend.h` `be_usable_srv`). In step k the node itself is a `backup`, and
 *   every node of higher priority is an active server that only `track`s its state (section 5.2
 *   `track`, `no-check`) and has `on-marked-up shutdown-backup-sessions` (section 5.2
 *   `on-marked-up`: when an active server is marked up, every session on the backend's backups
 *   is shut down). Step k is chosen only while every node above it is down, so its tracking
 *   servers are down and the node (the backup) takes the writes; when any node above it comes
 *   back, the tracking server is marked up with it and ends node k's sessions at once, while new
 *   connections go to the higher step. So a router never keeps writers on two nodes, however
 *   far the failover had cascaded (a single backend with the others as `backup` cannot do this:
 *   `on-marked-up` acts only for an active server, so a returning backup left the sessions on a
 *   lower backup running).
 * - `reads`: the local site's nodes are active (least connections), the others are backups all
 *   used at once (`option allbackups`) when no local node is up.
 * - every checked server: `check` over HTTP on the node's health port (`option httpchk`,
 *   `http-check expect status 200`, `port`), which passes only for a Synced node of the Primary
 *   component (`./health-check.ts`); `inter`/`rise`/`fall` from the plan; `on-marked-down
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
    'frontend writes',
    `  bind :${GALERA_ROUTER_PORTS.writes}`,
    ...backends.slice(0, -1).map((_b, i) => `  use_backend ${writeStep(i)} if { nbsrv(${writeStep(i)}) gt 0 }`),
    `  default_backend ${writeStep(backends.length - 1)}`,
    '',
    ...backends.flatMap((b, i) => [
      `backend ${writeStep(i)}`,
      ...backends.slice(0, i).map((above, j) => serverLine(above, ['no-check', `track ${writeStep(j)}/${above.name}`, 'on-marked-up shutdown-backup-sessions'])),
      serverLine(b, i === 0 ? [] : ['backup']),
      '',
    ]),
    'listen reads',
    `  bind :${GALERA_ROUTER_PORTS.reads}`,
    '  balance leastconn',
    ...(local.length < backends.length ? ['  option allbackups'] : []),
    ...local.map((b) => serverLine(b, [])),
    ...backends.filter((b) => b.site !== site).map((b) => serverLine(b, ['backup'])),
  ];
  return `${lines.join('\n')}\n`;
}
