import { WriteHealthProbe } from './write-health';
import { GslbZoneModel } from '../model/design';

/**
 * How often k8gb reconciles every Gslb, and so how often a peer re-reads the other sites'
 * `localtargets-*` answers: the chart's `k8gb.reconcileRequeueSeconds` default
 * (k8gb-io/k8gb v0.20.0 chart/k8gb/values.yaml:38-39, passed as RECONCILE_REQUEUE_SECONDS in
 * chart/k8gb/templates/deployment.yaml:75-76; the values this library writes keep it).
 */
export const K8GB_RECONCILE_REQUEUE_SECONDS = 30;

/** A GSLB host whose answers follow the write-path health of the SQL cluster it writes to. */
export interface HostWriteHealth {
  /** The zone's name (the `GslbZone` id). */
  readonly zone: string;
  readonly fqdn: string;
  /** The SQL cluster the host writes to. */
  readonly cluster: string;
  /** The write-path probe per serving site that has one; the others are judged by the app's health only. */
  readonly probes: ReadonlyMap<string, WriteHealthProbe>;
  /**
   * Per loss (nothing, then each site of the design), the serving sites k8gb counts healthy once
   * the probes have seen it: not lost, and either without a probe or where the engine's verdict
   * says writes coordinated there succeed (`LossVerdict.writesFrom`, after any failover).
   */
  readonly healthyAfter: readonly { readonly lost: readonly string[]; readonly healthy: readonly string[] }[];
}

/** The parts of the longest time clients may still be sent to a site that cannot write. */
export interface WithdrawalTime {
  /** Until the site's members say they cannot write (`WriteHealthProbe.detectionSeconds`). */
  readonly detectionSeconds: number;
  /** Until the write-health pod is not ready: period × failure threshold + timeout. */
  readonly probeSeconds: number;
  /** Until every site's k8gb has reconciled (peers poll each other on this period). */
  readonly reconcileSeconds: number;
  /** Until resolvers drop the cached answer. */
  readonly ttlSeconds: number;
  readonly totalSeconds: number;
}

/**
 * The longest time, after a site stops being able to write, that a resolver may still hand out
 * its address: its members say so (the engine's detection time, e.g. Galera's EVS timeouts), the
 * probe notices (the probe's window), the EndpointSlice loses its ready endpoint
 * and the site's own k8gb reconciles at once (it watches EndpointSlices: k8gb-io/k8gb v0.20.0
 * controllers/gslb_controller_setup.go:87; the update passes its event filter, lines 89-92,
 * because the API server bumps an EndpointSlice's generation whenever its endpoints change:
 * kubernetes/kubernetes pkg/registry/discovery/endpointslice/strategy.go `PrepareForUpdate`),
 * the other sites' k8gb read its `localtargets` answer
 * on their next reconcile (applicationDNSEndpoint.go:202-230, every `reconcileRequeueSeconds`),
 * and resolvers keep the old answer for the TTL. Clients that cache past the TTL wait longer.
 */
export function withdrawalTime(zone: GslbZoneModel, probe: WriteHealthProbe): WithdrawalTime {
  const detectionSeconds = probe.detectionSeconds ?? 0;
  const probeSeconds = probe.periodSeconds * probe.failureThreshold + probe.timeoutSeconds;
  const reconcileSeconds = K8GB_RECONCILE_REQUEUE_SECONDS;
  return {
    detectionSeconds,
    probeSeconds,
    reconcileSeconds,
    ttlSeconds: zone.ttlSeconds,
    totalSeconds: detectionSeconds + probeSeconds + reconcileSeconds + zone.ttlSeconds,
  };
}

/** The slowest withdrawal over the host's probes (they may differ by site). */
export function slowestWithdrawal(zone: GslbZoneModel, host: HostWriteHealth): WithdrawalTime | undefined {
  return [...host.probes.values()].map((p) => withdrawalTime(zone, p)).sort((a, b) => b.totalSeconds - a.totalSeconds)[0];
}
