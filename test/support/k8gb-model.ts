/**
 * k8gb v0.20.0's own decision of what a cluster answers for a Gslb host, rewritten from its source
 * (k8gb-io/k8gb tag v0.20.0, commit 5799495e783f1b2cb2a175e6e93a6b5ab939559f), not from this
 * library: fed with objects as synth wrote them and with which Services have ready endpoints.
 */

/** `HealthStatus` (api/v1beta1io/gslb_types.go:136-138). */
export type HealthStatus = 'Healthy' | 'Unhealthy' | 'NotFound';

/** One Kubernetes cluster as k8gb sees it: its geo tag, the Ingresses and Services in the Gslb's namespace. */
export interface K8gbCluster {
  readonly geoTag: string;
  /** The Gslb as written (`spec.resourceRef`, `spec.strategy`, `spec.serviceHealthPolicy`). */
  readonly gslb: any;
  /** Ingresses by name, as written. */
  readonly ingresses: ReadonlyMap<string, any>;
  /** Services that exist, by name, with whether their EndpointSlices hold a ready endpoint. */
  readonly serviceReady: ReadonlyMap<string, boolean>;
  /** Whether the cluster (and its CoreDNS) is reachable at all. */
  readonly up: boolean;
}

/**
 * `Status.ServiceHealth` per host: `GetServers` lists each rule's host with the backend Service of
 * every path, in the Ingress's own namespace (controllers/refresolver/ingress/ingress.go:146-171);
 * `calculateServiceHealth` counts each Service healthy when its EndpointSlices hold a ready endpoint,
 * unhealthy without one, not found when it does not exist (controllers/runtime_shared.go:50-116);
 * `calculateHostHealth` combines them by the Gslb's policy, `Any` by default (runtime_shared.go:118-149).
 */
export function serviceHealth(cluster: K8gbCluster): Map<string, HealthStatus> {
  const ref = cluster.gslb.spec.resourceRef;
  const ingress = cluster.ingresses.get(ref.name);
  const out = new Map<string, HealthStatus>();
  if (!ingress) return out; // "exactly 1 Ingress resource expected" (ingress.go:55-57): no servers
  const policy = cluster.gslb.spec.serviceHealthPolicy === 'All' ? 'All' : 'Any';
  for (const rule of ingress.spec.rules) {
    const services: string[] = (rule.http?.paths ?? []).filter((p: any) => p.backend?.service?.name).map((p: any) => p.backend.service.name);
    if (services.length === 0) { out.set(rule.host, 'NotFound'); continue; }
    let healthy = 0; let unhealthy = 0; let notFound = 0;
    for (const s of services) {
      const ready = cluster.serviceReady.get(s);
      if (ready === undefined) notFound++;
      else if (ready) healthy++;
      else unhealthy++;
    }
    if (policy === 'All') out.set(rule.host, notFound > 0 ? 'NotFound' : unhealthy > 0 ? 'Unhealthy' : 'Healthy');
    else out.set(rule.host, healthy > 0 ? 'Healthy' : unhealthy > 0 ? 'Unhealthy' : 'NotFound');
  }
  return out;
}

/**
 * The geo tags whose addresses `self`'s CoreDNS answers with for `host`
 * (controllers/providers/k8gbendpoint/applicationDNSEndpoint.go:83-184, `GetDNSEndpoint`): a
 * cluster publishes its `localtargets-` record only while the host is Healthy (104-115); the others
 * read it from its nameserver (`GetExternalTargets`, 202-230); round robin and geo append every
 * external target (123-124); failover: a healthy primary answers with itself only, an unhealthy one
 * with the others (127-138), a secondary with the primary while the primary publishes, else with
 * itself and the others (139-155).
 */
export function k8gbAnswer(self: K8gbCluster, all: readonly K8gbCluster[], host: string): string[] {
  const healthOf = (c: K8gbCluster) => (c.up ? serviceHealth(c).get(host) : undefined);
  const isHealthy = healthOf(self) === 'Healthy';
  const strategy = self.gslb.spec.strategy;
  const isPrimary = strategy.primaryGeoTag === self.geoTag;
  let final: string[] = isHealthy ? [self.geoTag] : [];
  const external = all.filter((c) => c !== self && healthOf(c) === 'Healthy').map((c) => c.geoTag).sort();
  if (external.length > 0) {
    if (strategy.type === 'roundRobin' || strategy.type === 'geoip') {
      final = [...final, ...external];
    } else if (strategy.type === 'failover') {
      if (isPrimary) {
        if (!isHealthy) final = external;
      } else if (external.includes(strategy.primaryGeoTag)) {
        final = [strategy.primaryGeoTag];
      } else {
        final = [...final, ...external];
      }
    }
  }
  return final;
}
