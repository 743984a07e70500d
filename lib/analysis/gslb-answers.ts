import { GslbZoneModel } from '../model/design';

/** The serving sites whose addresses a GSLB zone answers with while the given sites are lost. */
export function gslbAnswersAfterLosing(zone: GslbZoneModel, lost: readonly string[]): string[] {
  return gslbAnswersWhileHealthy(zone, zone.sites.filter((s) => !lost.includes(s)));
}

/**
 * The serving sites whose addresses a GSLB zone answers with while only `healthy` sites pass
 * k8gb's health check (a lost site passes nothing; a site that cannot write fails its
 * write-path probe).
 */
export function gslbAnswersWhileHealthy(zone: GslbZoneModel, healthy: readonly string[]): string[] {
  const alive = zone.sites.filter((s) => healthy.includes(s));
  const strategy = zone.strategy;
  switch (strategy.kind) {
    case 'failover':
      return alive.includes(strategy.primary) ? [strategy.primary] : alive;
    case 'weighted': {
      const weighted = alive.filter((s) => (strategy.weights.find((w) => w.site === s)?.weight ?? 0) > 0);
      return weighted.length > 0 ? weighted : alive;
    }
    default:
      return alive;
  }
}
