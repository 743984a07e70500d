import { DnsDelegation } from './terraform-writer';
import { DesignModel, GslbZoneModel } from '../model/design';
import { k8gbNameserverName } from '../model/gslb-names';

/** The delegation of a GSLB zone: one k8gb nameserver per serving site, at its dnsAddress. */
export function dnsDelegationOf(design: DesignModel, zone: GslbZoneModel): Omit<DnsDelegation, 'backend'> {
  return {
    stackName: zone.name,
    zone: zone.zone,
    parentZone: zone.parentZone,
    parentHostedZoneId: zone.parentHostedZoneId,
    ttlSeconds: zone.ttlSeconds,
    nameservers: zone.sites.map((name) => {
      const site = design.sites.find((s) => s.name === name)!;
      return { site: name, name: k8gbNameserverName(zone, site.geoTag), address: site.dnsAddress! };
    }),
  };
}
