import { Duration } from 'cdk8s';
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
    return new GaleraRouting({
      mode: 'single-writer',
      priority: props.priority?.map((s) => s.siteName),
      checkIntervalMillis: interval,
      rise: props.rise,
      fall: props.fall,
    }, props.priority ?? []);
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
}
