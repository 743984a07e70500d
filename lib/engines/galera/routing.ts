import { Duration } from 'cdk8s';
import { invalidValue, isDns1123Label, isUnicastIpv4 } from '../../model/validation';
import { Site } from '../../site';

/**
 * HAProxy's limits on a server's health-check timing, as its parser enforces them
 * (haproxy/haproxy `src/check.c`, `srv_parse_check_rise`, `srv_parse_check_fall`,
 * `srv_parse_check_inter`, commit 50872daa6a857e82afc40b1c5161924aef4172d7): `rise` and `fall`
 * are counts > 0 ("'rise' has to be > 0"); `inter` is a delay of at least 1 ms and at most
 * 2147483647 ms ("timer overflow ... maximum value is 2147483647 ms"); the counts are C `int`s
(`struct check` in `include/haproxy/check-t.h`).
 */
export const HAPROXY_CHECK_LIMITS = { minIntervalMillis: 1, maxIntervalMillis: 2147483647, minCount: 1, maxCount: 2147483647 } as const;

/**
 * A virtual IP in front of one site's writer router, held by MetalLB in layer-2 mode: one node of
 * the site answers ARP for it and, when that node is lost, another node of the site takes it over
 * (https://metallb.io/concepts/layer2/). Layer 2 does not cross sites: the address moves only
 * between the nodes of its own site.
 */
export interface GaleraWriterVip {
  /** The data site whose routers the address fronts. */
  readonly site: Site;
  /** An IPv4 address of that site's node network (a /32 in a MetalLB address pool). */
  readonly address: string;
}

/** Settings of single-writer routing. */
export interface GaleraSingleWriterProps {
  /**
   * The data sites in the order writes go to them: every router sends writes to the first
   * Synced node of the first site, then that site's next node, then the next site's. Data
   * sites left out follow, in placement order.
   * @default - the data sites in placement order
   */
  readonly priority?: Site[];
  /**
   * Interval between two health checks of a data node (HAProxy `inter`), 1 ms to 2147483647 ms.
   * @default - the shortest whole second with (fall − 1) × interval ≥ `evs.inactive_timeout`, so the
   *   router never moves writes before Galera has evicted the old writer (MS-GALERA-ROUTER-FAILOVER)
   * @see https://docs.haproxy.org/3.0/configuration.html#5.2-inter
   */
  readonly checkInterval?: Duration;
  /**
   * Consecutive passing checks before a node takes traffic again (HAProxy `rise`), at least 1.
   * @default 2
   * @see https://docs.haproxy.org/3.0/configuration.html#5.2-rise
   */
  readonly rise?: number;
  /**
   * Consecutive failing checks before a node is taken out and its sessions are shut down
   * (HAProxy `fall`), at least 1.
   * @default 3
   * @see https://docs.haproxy.org/3.0/configuration.html#5.2-fall
   */
  readonly fall?: number;
  /**
   * Virtual IPs for the writer routers, at most one per data site, each held by MetalLB in
   * layer-2 mode among that site's nodes: synth writes an `IPAddressPool`, an `L2Advertisement`
   * limited to the site's nodes and a `LoadBalancer` Service on the site's routers.
   * @default - none: clients reach the routers by their ClusterIP Services
   * @see https://metallb.io/configuration/#announce-the-service-ips
   */
  readonly writerVips?: GaleraWriterVip[];
  /**
   * Namespace MetalLB runs in (where its pools and advertisements go).
   * @default 'metallb-system'
   */
  readonly metallbNamespace?: string;
}

/** How clients' connections reach a Galera cluster's data nodes. */
export class GaleraRouting {
  /**
   * Every Synced data node takes writes (the `<cluster>-public` Service spreads clients over all
   * of them). Across sites, writes from two sites conflict at certification (deadlock errors at
   * commit): warned by MS-GALERA-MULTI-WRITER.
   */
  public static multiWriter(): GaleraRouting {
    return new GaleraRouting({ mode: 'multi-writer' });
  }

  /**
   * One writer at a time: in every data site an HAProxy router sends all writes to one node,
   * chosen by `priority`, and moves them to the next Synced node of the Primary component when
   * it fails its health check; reads go to the local site's nodes first.
   */
  public static singleWriter(props: GaleraSingleWriterProps = {}): GaleraRouting {
    const where = 'GaleraRouting.singleWriter';
    if (props.priority !== undefined) {
      if (props.priority.length === 0) {
        throw new Error(`${where}: priority is empty; name the data sites in the order writes go to them, or leave priority out for placement order.`);
      }
      for (const site of props.priority) {
        if (!Site.isSite(site)) throw new Error(`${where}: priority names ${String(site)}, which is not an ActiveActiveSite or WitnessSite.`);
      }
      const names = props.priority.map((s) => s.siteName);
      const twice = names.find((n, i) => names.indexOf(n) !== i);
      if (twice) throw new Error(`${where}: priority names site ${twice} twice; name each data site once.`);
    }
    const interval = props.checkInterval?.toMilliseconds();
    const limits = HAPROXY_CHECK_LIMITS;
    if (interval !== undefined && !(Number.isInteger(interval) && interval >= limits.minIntervalMillis && interval <= limits.maxIntervalMillis)) {
      throw new Error(`${where}: checkInterval ${interval} ms is outside HAProxy's range for \`inter\` (a whole number of ms from ${limits.minIntervalMillis} to ${limits.maxIntervalMillis}).`);
    }
    for (const [prop, value] of [['rise', props.rise], ['fall', props.fall]] as const) {
      if (value !== undefined && !(Number.isInteger(value) && value >= limits.minCount && value <= limits.maxCount)) {
        throw new Error(`${where}: ${prop} ${value} is outside HAProxy's range (a whole number of checks from ${limits.minCount} to ${limits.maxCount}).`);
      }
    }
    const vips = props.writerVips ?? [];
    for (const [i, vip] of vips.entries()) {
      if (!Site.isSite(vip?.site)) throw new Error(`${where}: writerVips[${i}].site is ${String(vip?.site)}, not an ActiveActiveSite; give the data site whose routers the address fronts.`);
      if (!isUnicastIpv4(vip.address)) throw invalidValue(where, `writerVips[${i}].address`, vip.address, 'is not a unicast IPv4 address (MetalLB layer 2 holds one /32 per site)');
    }
    const vipSites = vips.map((v) => v.site.siteName);
    const siteTwice = vipSites.find((n, i) => vipSites.indexOf(n) !== i);
    if (siteTwice) throw new Error(`${where}: writerVips names site ${siteTwice} twice; a site's routers take one writer address.`);
    const addresses = vips.map((v) => v.address);
    const sharedAt = addresses.findIndex((a, i) => addresses.indexOf(a) !== i);
    if (sharedAt >= 0) {
      const shared = vips.filter((v) => v.address === addresses[sharedAt]).map((v) => v.site.siteName);
      throw new Error(`${where}: writerVips gives address ${addresses[sharedAt]} to sites ${shared.join(' and ')}; MetalLB layer 2 moves an address only between the nodes of one L2 segment, and each site is its own: give each site its own address (or use an AnycastVip over BGP for one address across sites).`);
    }
    if (props.metallbNamespace !== undefined && !isDns1123Label(props.metallbNamespace)) {
      throw invalidValue(where, 'metallbNamespace', props.metallbNamespace, 'is not a namespace name (DNS label)');
    }
    return new GaleraRouting({
      mode: 'single-writer',
      priority: props.priority?.map((s) => s.siteName),
      checkIntervalMillis: interval,
      rise: props.rise,
      fall: props.fall,
      writerVips: vips.map((v) => ({ site: v.site.siteName, address: v.address })),
      metallbNamespace: props.metallbNamespace ?? 'metallb-system',
    }, [...(props.priority ?? []), ...vips.map((v) => v.site)]);
  }

  /** @internal */
  public readonly _spec: GaleraRoutingSpec;
  /** The sites `priority` names, so the cluster can refuse sites of another app. @internal */
  public readonly _sites: readonly Site[];

  private constructor(spec: GaleraRoutingSpec, sites: readonly Site[] = []) {
    this._spec = spec;
    this._sites = sites;
  }
}

/** What a {@link GaleraRouting} asks for, as plain data (sites by name). */
export interface GaleraRoutingSpec {
  readonly mode: 'multi-writer' | 'single-writer';
  readonly priority?: readonly string[];
  readonly checkIntervalMillis?: number;
  readonly rise?: number;
  readonly fall?: number;
  /** Writer VIPs by site name (single writer only). */
  readonly writerVips?: readonly { readonly site: string; readonly address: string }[];
  /** MetalLB's namespace (single writer only). */
  readonly metallbNamespace?: string;
}
