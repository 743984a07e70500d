import * as net from 'net';
import { Construct } from 'constructs';
import { invalidValue, isDns1123Label } from './model/validation';
import { Site, SiteProps, SiteRole } from './site';

/** Settings of a site that serves traffic. */
export interface ActiveActiveSiteProps extends SiteProps {
  /**
   * IPv4 address where this site's k8gb CoreDNS answers: the glue record of every GSLB zone
   * the site serves points here, and the library's CoreDNS Service asks for it.
   * @default - none; required when the site serves a GslbZone
   */
  readonly dnsAddress?: string;
  /**
   * k8gb geo tag of the site.
   * @default - the site name
   */
  readonly geoTag?: string;
  /**
   * Whether a stateful firewall sits in the path of traffic entering the site. With anycast,
   * return traffic may leave through another site whose firewall never saw the connection.
   * @default false
   */
  readonly statefulFirewall?: boolean;
}

/** A datacenter that serves user traffic and holds data, alongside the other active sites. */
export class ActiveActiveSite extends Site {
  /** Always `SiteRole.ACTIVE`. */
  public readonly role = SiteRole.ACTIVE;

  /** IPv4 address of this site's k8gb CoreDNS. @default - none */
  public readonly dnsAddress?: string;
  /** k8gb geo tag of the site. */
  public readonly geoTag: string;
  /** Whether a stateful firewall sits in the path of incoming traffic. */
  public readonly statefulFirewall: boolean;

  constructor(scope: Construct, id: string, props: ActiveActiveSiteProps = {}) {
    super(scope, id, props);
    if (props.dnsAddress !== undefined && net.isIPv4(props.dnsAddress) === false) {
      throw new Error(`Site "${id}": dnsAddress "${props.dnsAddress}" is not an IPv4 address.`);
    }
    this.dnsAddress = props.dnsAddress;
    if (props.geoTag !== undefined && !isDns1123Label(props.geoTag)) {
      throw invalidValue(`Site "${this.node.path}"`, 'geoTag', props.geoTag, 'is not a DNS label (lowercase letters, digits and \'-\', at most 63 characters); k8gb names the site\'s nameserver after it');
    }
    this.geoTag = props.geoTag ?? id;
    this.statefulFirewall = props.statefulFirewall ?? false;
  }
}
