import { rttFromDistanceKm } from './model/latency';
import { shownNumber } from './model/validation';

/**
 * The longest fibre route taken as a link: once around the Earth at the equator, 40,075 km
 * (WGS 84). Longer is a unit mistake (metres for kilometres), not a route.
 */
export const MAX_DISTANCE_KM = 40_075;

/**
 * The largest measured RTT taken: 10 s, twenty times a geostationary satellite hop's round trip
 * (about 500 ms, ITU-T G.114 §A.2). Larger is a unit mistake (microseconds for milliseconds).
 */
export const MAX_RTT_MILLIS = 10_000;

/**
 * The latency of a link between two sites: a measured round trip time, or a fibre
 * distance from which the RTT is derived (2 × km / 100 ms, the speed of light in
 * fibre; switching and routing only add to it).
 */
export class Latency {
  /** A measured round trip time in milliseconds. */
  public static ofRttMillis(millis: number): Latency {
    if (typeof millis !== 'number' || !Number.isFinite(millis) || millis <= 0) {
      throw new Error(`Latency.ofRttMillis: RTT must be a finite number of milliseconds > 0, got ${shownNumber(millis)}; two sites are never 0 ms apart (measure it, or use Latency.ofDistanceKm).`);
    }
    if (millis > MAX_RTT_MILLIS) {
      throw new Error(`Latency.ofRttMillis: RTT ${millis} ms is above ${MAX_RTT_MILLIS} ms, twenty times a geostationary satellite round trip (ITU-T G.114); give milliseconds.`);
    }
    return new Latency(millis);
  }

  /** The fibre distance in kilometres; the RTT is taken as 2 × km / 100 ms. */
  public static ofDistanceKm(km: number): Latency {
    if (typeof km !== 'number' || !Number.isFinite(km) || km <= 0) {
      throw new Error(`Latency.ofDistanceKm: distance must be a finite number of kilometres > 0, got ${shownNumber(km)}.`);
    }
    if (km > MAX_DISTANCE_KM) {
      throw new Error(`Latency.ofDistanceKm: distance ${km} km is above ${MAX_DISTANCE_KM} km, once around the Earth at the equator (WGS 84); give kilometres.`);
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
