import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { workloadLabels } from './labels';
import { writeWriteHealth } from './write-health';
import { WriteHealthProbe } from '../analysis/write-health';
import * as k8gb from '../imports/k8gb.io';
import { DesignModel, GslbHostModel, GslbZoneModel, SiteModel } from '../model/design';
import { gslbObjectName, k8gbNameserverName, writeHealthObjectName } from '../model/gslb-names';

/** k8gb release the values files are written for. */
export const K8GB_CHART_VERSION = 'v0.20.0';

/** The write-path probe of SQL cluster `cluster` in `site`, undefined when the engine gives none there. */
export type WriteHealthProbeOf = (cluster: string, site: string) => WriteHealthProbe | undefined;

/**
 * Writes the `Gslb` object of every host of `zone` into each serving site's chart. A host that
 * depends on a SQL cluster whose engine gives a write-path probe in the site gets the write-health
 * objects (`./write-health.ts`), and its Gslb references their Ingress instead of the host's own,
 * with `serviceHealthPolicy: All`. k8gb lists, per host of the referenced Ingress, the backend
 * Service of every path (k8gb-io/k8gb v0.20.0 controllers/refresolver/ingress/ingress.go:146-171
 * `GetServers`), counts each healthy while it has a ready endpoint (controllers/runtime_shared.go:50-104
 * `calculateServiceHealth`, 106-116 `hasReadyEndpoint`), and with policy `All` the host is healthy
 * only when none is unhealthy or missing (runtime_shared.go:118-139 `effectiveServiceHealthPolicy`,
 * `calculateHostHealth`; the default `Any` needs one healthy Service: 140-147, which would keep a site whose database cannot
 * write answered while its application runs, and the reverse). It answers with a cluster's addresses only while it is healthy
 * (controllers/providers/k8gbendpoint/applicationDNSEndpoint.go:104-115, and for `failover`
 * 125-155: an unhealthy primary hands the answer to the others). So the site stops being
 * answered when its database cannot take writes.
 */
export function writeGslbObjects(
  design: DesignModel, zone: GslbZoneModel, forSite: (site: string) => Chart, probeOf: WriteHealthProbeOf,
): void {
  const sitesByName = sitesByNameOf(design);
  const geoTagOf = (site: string) => sitesByName.get(site)!.geoTag;
  for (const site of zone.sites) {
    const scope = new Construct(forSite(site), `gslb-${zone.name}`);
    for (const host of zone.hosts) {
      const probe = host.dependsOn === undefined ? undefined : probeOf(host.dependsOn, site);
      if (probe) writeWriteHealth(new Construct(scope, `${host.fqdn}-write-health`), zone, host, host.dependsOn!, site, probe);
      new k8gb.Gslb(scope, host.fqdn, gslbProps(zone, host, geoTagOf, probe ? writeHealthObjectName(zone, host) : undefined));
    }
  }
}

function gslbProps(
  zone: GslbZoneModel, host: GslbHostModel, geoTagOf: (site: string) => string, writeHealthIngress: string | undefined,
): k8gb.GslbProps {
  const s = zone.strategy;
  // k8gb names clusters by geo tag, not by our site names: a cluster is the failover primary when
  // `primaryGeoTag` equals its own `clusterGeoTag` (k8gb-io/k8gb e82f32286fc7,
  // controllers/dnsupdate.go gslbDNSEndpoint), and `weight` is keyed by the clusters' geo tags
  // (controllers/gslb_controller_weight_test.go at 1c8cc73fee86: weights "eu", "us", "za").
  const strategy: k8gb.GslbSpecStrategy = {
    type: s.kind === 'weighted' ? 'roundRobin' : s.kind,
    dnsTtlSeconds: zone.ttlSeconds,
    ...(s.kind === 'failover' ? { primaryGeoTag: geoTagOf(s.primary) } : {}),
    ...(s.kind === 'weighted' ? { weight: Object.fromEntries(s.weights.map((w) => [geoTagOf(w.site), w.weight])) } : {}),
  };
  const isService = host.resourceKind === 'Service' && writeHealthIngress === undefined;
  return {
    metadata: {
      name: gslbObjectName(zone, host),
      namespace: host.namespace,
      labels: workloadLabels('k8gb', zone.name, 'gslb'),
      ...(isService ? { annotations: { 'k8gb.io/hostname': host.fqdn } } : {}),
    },
    spec: {
      resourceRef: {
        apiVersion: isService ? 'v1' : 'networking.k8s.io/v1',
        kind: isService ? 'Service' : 'Ingress',
        name: writeHealthIngress ?? host.resourceName,
      },
      ...(writeHealthIngress === undefined ? {} : { serviceHealthPolicy: k8gb.GslbSpecServiceHealthPolicy.ALL }),
      strategy,
    },
  };
}

/**
 * The values of `helm install k8gb` in one site, for every zone the site serves. The
 * settings that must agree across sites (zones, geo tags, who owns the delegation) all
 * come from the one model, so they do.
 */
export function k8gbValues(design: DesignModel, site: string): object {
  const zones = design.gslbZones.filter((z) => z.sites.includes(site));
  const sitesByName = sitesByNameOf(design);
  const geoTagOf = (name: string) => sitesByName.get(name)!.geoTag;
  const peers = [...new Set(zones.flatMap((z) => z.sites))];
  const self = sitesByName.get(site)!;
  const externalDns = zones.some((z) => z.delegation === 'k8gb-external-dns');
  const ttl = Math.min(...zones.map((z) => z.ttlSeconds));
  return {
    k8gb: {
      clusterGeoTag: self.geoTag,
      // Static peer list: k8gb v0.20 finds its peers only through this list.
      extGslbClustersGeoTags: peers.map(geoTagOf).join(','),
      dnsZones: zones.map((z) => ({ parentZone: z.parentZone, loadBalancedZone: z.zone, dnsZoneNegTTL: z.ttlSeconds })),
      edgeDNSServers: [...new Set(zones.flatMap((z) => z.edgeDnsServers))],
      nsRecordTTL: ttl,
    },
    coredns: {
      serviceType: 'LoadBalancer',
      service: { loadBalancerIP: self.dnsAddress },
    },
    extdns: externalDns
      ? {
        enabled: true,
        domainFilters: [...new Set(zones.map((z) => z.parentZone))],
        txtOwnerId: `k8gb-${self.geoTag}`,
        txtPrefix: `k8gb-${self.geoTag}-`,
      }
      : { enabled: false },
  };
}

const sitesByNameCache = new WeakMap<readonly SiteModel[], ReadonlyMap<string, SiteModel>>();

/**
 * The design's sites by name, indexed once per design: a values file is written for every site
 * of a zone and lists every peer, so a scan of the sites per lookup made the values O(sites³).
 */
function sitesByNameOf(design: DesignModel): ReadonlyMap<string, SiteModel> {
  let index = sitesByNameCache.get(design.sites);
  if (!index) {
    index = new Map(design.sites.map((s) => [s.name, s]));
    sitesByNameCache.set(design.sites, index);
  }
  return index;
}

/** The header of a values file: what it is for and how to use it. */
export function k8gbValuesHeader(design: DesignModel, site: string): string {
  const zones = design.gslbZones.filter((z) => z.sites.includes(site));
  const self = sitesByNameOf(design).get(site)!;
  const lines = [
    `# k8gb ${K8GB_CHART_VERSION} values for site ${site}, written by cdk-multisite.`,
    `#   helm install k8gb k8gb/k8gb --version ${K8GB_CHART_VERSION} -n k8gb --create-namespace -f k8gb-values.yaml`,
    `# CoreDNS is exposed on ${self.dnsAddress} (a LoadBalancer Service; k8gb reads its address from it).`,
  ];
  for (const z of zones) {
    const owner = z.delegation === 'terraform'
      ? `Terraform (dist/terraform/${z.name}) owns the delegation; external-dns stays off`
      : 'k8gb\'s external-dns owns the delegation in Route 53';
    lines.push(`# ${z.zone}: nameserver ${k8gbNameserverName(z, self.geoTag)}; ${owner}.`);
  }
  return `${lines.join('\n')}\n`;
}
