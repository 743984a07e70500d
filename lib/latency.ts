import { rttFromDistanceKm } from './model/latency';

/**
 * The latency of a link between two sites: a measured round trip time, or a fibre
 * distance from which the RTT is derived (2 × km / 100 ms, the speed of light in
 * fibre; switching and routing only add to it).
 */
export class Latency {
  /** A measured round trip time in milliseconds. */
  public static ofRttMillis(millis: number): Latency {
    if (!Number.isFinite(millis) || millis <= 0) {
      throw new Error(`Latency.ofRttMillis: RTT must be a finite number of milliseconds > 0, got ${millis}; two sites are never 0 ms apart (measure it, or use Latency.ofDistanceKm).`);
    }
    return new Latency(millis);
  }

  /** The fibre distance in kilometres; the RTT is taken as 2 × km / 100 ms. */
  public static ofDistanceKm(km: number): Latency {
    if (!Number.isFinite(km) || km <= 0) {
      throw new Error(`Latency.ofDistanceKm: distance must be a finite number of kilometres > 0, got ${km}.`);
    }
    return new Latency(rttFromDistanceKm(km), km);
  }

  /** Round trip time in milliseconds. */
  public readonly rttMillis: number;
  /** The distance the RTT was derived from. @default - the RTT was measured */
  public readonly distanceKm?: number;

  private constructor(rttMillis: number, distanceKm?: number) {
    this.rttMillis = rttMillis;
    this.distanceKm = distanceKm;
  }
}
