import { GslbHostModel, GslbZoneModel } from './design';

/**
 * The name k8gb v0.20 gives a site's nameserver for a delegated zone, a sibling of the zone
 * in the parent: `gslb-ns-<geotag>-<zone minus parent, dots as dashes>.<parent>`, e.g.
 * `gslb-ns-dc-a-app-global.example.com`. The delegation must use the same names, since k8gb
 * looks its peers up by them.
 */
export function k8gbNameserverName(zone: GslbZoneModel, geoTag: string): string {
  const inner = zone.zone.slice(0, zone.zone.length - zone.parentZone.length - 1).replace(/\./g, '-');
  return `gslb-ns-${geoTag}-${inner}.${zone.parentZone}`;
}

/** Name of the k8gb `Gslb` object of `host` in every serving site: `<host label>-<zone id>` (as lib/k8s/k8gb.ts writes it). */
export function gslbObjectName(zone: GslbZoneModel, host: GslbHostModel): string {
  return `${host.fqdn.slice(0, host.fqdn.length - zone.zone.length - 1)}-${zone.name}`;
}

/** Name of the write-health Deployment, Service and Ingress of `host` in every serving site (lib/k8s/write-health.ts). */
export function writeHealthObjectName(zone: GslbZoneModel, host: GslbHostModel): string {
  return `${gslbObjectName(zone, host)}-write-health`;
}
