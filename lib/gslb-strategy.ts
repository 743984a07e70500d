import { shownNumber } from './model/validation';
import { Site } from './site';

/** The weight of one site in a weighted GSLB zone. */
export interface SiteWeight {
  /** A site that serves the zone. */
  readonly site: Site;
  /** Relative share of answers, 0–1000 (k8gb's weight). */
  readonly weight: number;
}

/** How a `GslbZone` picks the sites whose addresses it answers with. */
export class GslbStrategy {
  /** Every healthy serving site, in turn. */
  public static roundRobin(): GslbStrategy {
    return new GslbStrategy('roundRobin');
  }

  /** Healthy serving sites in proportion to their weights. */
  public static weighted(weights: SiteWeight[]): GslbStrategy {
    for (const w of weights) {
      if (!Number.isInteger(w.weight) || w.weight < 0 || w.weight > 1000) {
        throw new Error(`GslbStrategy.weighted: weight of ${w.site.siteName} must be a whole number 0–1000, got ${shownNumber(w.weight)}.`);
      }
    }
    return new GslbStrategy('weighted', undefined, weights);
  }

  /** The primary site while it is healthy, the others when it is not. */
  public static failover(primary: Site): GslbStrategy {
    return new GslbStrategy('failover', primary);
  }

  /** The serving site nearest to the resolver (k8gb `geoip`; needs a GeoIP database in k8gb). */
  public static geo(): GslbStrategy {
    return new GslbStrategy('geoip');
  }

  /** `roundRobin`, `weighted`, `failover` or `geoip`. @internal */
  public readonly _kind: string;
  /** The primary of a failover zone. @default - none */
  public readonly primary?: Site;
  /** Weights of a weighted zone. @default - none */
  public readonly weights?: SiteWeight[];

  private constructor(kind: string, primary?: Site, weights?: SiteWeight[]) {
    this._kind = kind;
    this.primary = primary;
    this.weights = weights;
  }
}
