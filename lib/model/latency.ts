import { LinkModel } from './design';

/**
 * Light in fibre covers about 100 km per millisecond one way, so the round trip
 * over `km` takes at least 2 × km / 100 ms (switching and routing add to it).
 */
export function rttFromDistanceKm(km: number): number {
  return (2 * km) / 100;
}

/** The same key for the link a–b and b–a. */
export function linkKey(siteA: string, siteB: string): string {
  return siteA < siteB ? `${siteA}\u0000${siteB}` : `${siteB}\u0000${siteA}`;
}

/** RTT between two sites: 0 within a site, undefined when no link was given. */
export class RttMatrix {
  /** The matrix of a design's links, built once per links array. */
  public static of(links: readonly LinkModel[]): RttMatrix {
    let matrix = RttMatrix.cache.get(links);
    if (!matrix) {
      matrix = new RttMatrix(links);
      RttMatrix.cache.set(links, matrix);
    }
    return matrix;
  }

  private static readonly cache = new WeakMap<readonly LinkModel[], RttMatrix>();

  private readonly rtt = new Map<string, number>();

  constructor(links: readonly LinkModel[]) {
    for (const link of links) {
      this.rtt.set(linkKey(link.siteA, link.siteB), link.rttMillis);
    }
  }

  /** RTT in ms, 0 for the same site, undefined when unknown. */
  public between(a: string, b: string): number | undefined {
    if (a === b) return 0;
    return this.rtt.get(linkKey(a, b));
  }
}
