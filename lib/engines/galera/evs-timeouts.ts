/** Galera's EVS timers (ISO 8601 durations, as wsrep_provider_options takes them). */
export interface EvsTimeouts {
  readonly keepalivePeriod: string;
  readonly suspectTimeout: string;
  readonly inactiveTimeout: string;
  readonly installTimeout: string;
  /** `evs.suspect_timeout` in ms. */
  readonly suspectTimeoutMillis: number;
  /** `evs.inactive_timeout` in ms: a silent member is declared dead by then at the latest. */
  readonly inactiveTimeoutMillis: number;
}

/**
 * Galera's EVS defaults suit a LAN. Over a WAN, a node is suspected only after about a
 * hundred round trips of silence, and the other timers keep their default ratios to that.
 */
export function evsTimeoutsFor(maxRttMillis: number): EvsTimeouts {
  const suspect = Math.max(5000, 100 * maxRttMillis);
  const seconds = (ms: number) => `PT${Math.round(ms) / 1000}S`;
  return {
    keepalivePeriod: seconds(Math.max(1000, suspect / 5)),
    suspectTimeout: seconds(suspect),
    inactiveTimeout: seconds(3 * suspect),
    installTimeout: seconds(1.5 * suspect),
    suspectTimeoutMillis: suspect,
    inactiveTimeoutMillis: 3 * suspect,
  };
}
