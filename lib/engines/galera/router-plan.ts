import { EvsTimeouts } from './evs-timeouts';
import { GaleraCluster } from './model';

/**
 * HAProxy's timeouts on the routers: `timeout connect` (also a check's connect timeout, as
 * min(`timeout connect`, `inter`)) and `timeout check` (the read timeout of a check once
 * connected) (https://docs.haproxy.org/3.0/configuration.html#4.2-timeout%20check).
 */
export const ROUTER_TIMEOUTS = { connectMillis: 3000, checkMillis: 2000 } as const;

/** Routers per data site: one may restart or move while the other routes. */
export const ROUTER_REPLICAS = 2;

/** HAProxy's defaults for `rise` and `fall` (https://docs.haproxy.org/3.0/configuration.html#5.2-rise, #5.2-fall). */
const DEFAULT_RISE = 2;
const DEFAULT_FALL = 3;

/** The routers of a single-writer Galera cluster, with the timings that decide its failover. */
export interface GaleraRouterPlan {
  /** The data sites in the order writes go to them. */
  readonly writerSites: readonly string[];
  /** Sites `priority` names that hold no data node (refused by MS-GALERA-WRITER-PRIORITY). */
  readonly prioritySitesWithoutData: readonly string[];
  /** The writer VIPs in data sites, each held by MetalLB layer 2 among its site's nodes. */
  readonly writerVips: readonly { readonly site: string; readonly address: string }[];
  /** Sites `writerVips` names that hold no data node, so no router (refused by MS-GALERA-WRITER-PRIORITY). */
  readonly vipSitesWithoutData: readonly string[];
  /** MetalLB's namespace, for the VIPs' pools and advertisements. */
  readonly metallbNamespace: string;
  /** HAProxy `inter` (ms). */
  readonly checkIntervalMillis: number;
  readonly rise: number;
  readonly fall: number;
  /** The longest one check can take: min(`timeout connect`, `inter`) + `timeout check` (ms). */
  readonly longestCheckMillis: number;
  /**
   * The soonest a router can move writes after the writer fails: it fails just before a check
   * and every check fails at once, so `fall` failures span (fall − 1) × inter (ms).
   */
  readonly earliestMoveMillis: number;
  /**
   * The latest a router moves writes after the writer fails: it fails just after a passing
   * check, and each of the `fall` failing checks starts `inter` after the previous one ended
   * and takes as long as a check can (ms).
   */
  readonly worstMoveMillis: number;
  /**
   * The soonest a router takes a node back once it is Synced again: `rise` passing checks, the
   * first just after it is healthy, span (rise − 1) × inter (ms).
   */
  readonly earliestReturnMillis: number;
  /**
   * The latest a router takes a node back once it is Synced again: the check under way when it
   * became healthy still fails, then each of the `rise` passing checks starts `inter` after the
   * previous one ended and takes as long as a check can (ms).
   */
  readonly worstReturnMillis: number;
  /**
   * How long routers may disagree on the writer when a node of higher priority comes back
   * (worstReturnMillis − earliestReturnMillis): each router, in every site and each replica,
   * checks on its own schedule, so one may already send writes to the returning node while
   * another still sends them to the node it replaces (ms). Both are Synced in the Primary
   * component, so their writes are certified against each other: a conflict fails at commit
   * (deadlock error), nothing diverges.
   */
  readonly failbackOverlapMillis: number;
  /**
   * When Galera has evicted a silent member at the latest: `evs.inactive_timeout`, the hard
   * limit after which it is declared dead even when not every member suspects it
   * (https://galeracluster.com/library/documentation/galera-parameters.html#evs-inactive-timeout).
   */
  readonly evictionMillis: number;
}

/**
 * The router plan of `cluster`: undefined for multi-writer, which is the default only when every
 * data node is in one site.
 */
export function routerPlan(cluster: GaleraCluster, evs: EvsTimeouts): GaleraRouterPlan | undefined {
  const dataSites = cluster.members.filter((m) => m.voters > 0).map((m) => m.site);
  const spec = cluster.engine.routing;
  if (spec?.mode === 'multi-writer' || (spec === undefined && dataSites.length < 2)) return undefined;
  const priority = spec?.priority ?? [];
  const writerSites = [...priority.filter((s) => dataSites.includes(s)), ...dataSites.filter((s) => !priority.includes(s))];
  const fall = spec?.fall ?? DEFAULT_FALL;
  const rise = spec?.rise ?? DEFAULT_RISE;
  const eviction = evs.inactiveTimeoutMillis;
  const interval = spec?.checkIntervalMillis ?? Math.ceil(eviction / Math.max(1, fall - 1) / 1000) * 1000;
  const longestCheck = Math.min(ROUTER_TIMEOUTS.connectMillis, interval) + ROUTER_TIMEOUTS.checkMillis;
  return {
    writerSites,
    prioritySitesWithoutData: priority.filter((s) => !dataSites.includes(s)),
    writerVips: (spec?.writerVips ?? []).filter((v) => dataSites.includes(v.site)),
    vipSitesWithoutData: (spec?.writerVips ?? []).map((v) => v.site).filter((s) => !dataSites.includes(s)),
    metallbNamespace: spec?.metallbNamespace ?? 'metallb-system',
    checkIntervalMillis: interval,
    rise,
    fall,
    longestCheckMillis: longestCheck,
    earliestMoveMillis: (fall - 1) * interval,
    worstMoveMillis: fall * (interval + longestCheck),
    earliestReturnMillis: (rise - 1) * interval,
    worstReturnMillis: rise * (interval + longestCheck),
    failbackOverlapMillis: rise * (interval + longestCheck) - (rise - 1) * interval,
    evictionMillis: eviction,
  };
}
