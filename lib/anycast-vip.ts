import * as net from 'net';
import { Construct } from 'constructs';
import { ActiveActiveSite } from './active-active-site';
import { AnycastTarget } from './anycast-target';
import { recordCreation } from './findings/source-location';
import { invalidValue, isBgpCommunity, isDns1123Label, isDns1123Subdomain, isUnicastIpv4 } from './model/validation';
import { Site } from './site';

/** A top-of-rack router that MetalLB peers with. */
export interface BgpRouter {
  /** The site the router is in. */
  readonly site: ActiveActiveSite;
  /** The router's address. */
  readonly address: string;
  /** The router's ASN. */
  readonly asn: number;
  /**
   * Secret (in MetalLB's namespace) holding the BGP session password under key `password`.
   * Referred to, never created.
   * @default - no password
   */
  readonly passwordSecret?: string;
}

/** An AWS region that fronts a site, for the Global Accelerator edge. */
export interface AwsEdgeRegion {
  /** The site behind it. */
  readonly site: ActiveActiveSite;
  /** AWS region, e.g. `eu-west-1`. */
  readonly region: string;
  /** ARN of the Network Load Balancer, or id of the Elastic IP, in front of the site. */
  readonly endpointId: string;
}

/** Settings of an anycast VIP. */
export interface AnycastVipProps {
  /** The IPv4 address announced as a /32 from every site. */
  readonly address: string;
  /** What the VIP fronts: stateless pods only. */
  readonly target: AnycastTarget;
  /** MetalLB's ASN (its `myAsn`). */
  readonly localAsn: number;
  /** The routers MetalLB peers with, in every announcing site. A site announces when it has one. */
  readonly routers: BgpRouter[];
  /**
   * BGP communities on the announcement, e.g. `65000:100`.
   * @default - none
   */
  readonly communities?: string[];
  /**
   * BGP local preference on the announcement (iBGP).
   * @default - MetalLB's default
   */
  readonly localPreference?: number;
  /**
   * Sites fronted by AWS: synth also writes `dist/terraform/<id>-edge/`, a Global Accelerator
   * with one endpoint group per region (AWS's own anycast, in front of those sites).
   * @default - no AWS edge
   */
  readonly awsEdge?: AwsEdgeRegion[];
  /**
   * Namespace MetalLB runs in.
   * @default 'metallb-system'
   */
  readonly metallbNamespace?: string;
}

/**
 * One IPv4 address announced by BGP from every site that has routers (MetalLB): each site's
 * nodes with a local endpoint announce it (`externalTrafficPolicy: Local`), so a site that
 * dies withdraws its route and routers send clients to the others. BFD makes that take
 * about a second. For stateless traffic only.
 */
export class AnycastVip extends Construct {
  /** The announced address. */
  public readonly address: string;
  /** What the VIP fronts. */
  public readonly target: AnycastTarget;
  /** MetalLB's ASN. */
  public readonly localAsn: number;
  /** The routers MetalLB peers with. */
  public readonly routers: BgpRouter[];
  /** BGP communities. */
  public readonly communities: string[];
  /** BGP local preference. @default - MetalLB's default */
  public readonly localPreference?: number;
  /** MetalLB's namespace. */
  public readonly metallbNamespace: string;
  /** Sites fronted by AWS. */
  public readonly awsEdge: AwsEdgeRegion[];

  constructor(scope: Construct, id: string, props: AnycastVipProps) {
    super(scope, id);
    recordCreation(this);
    const where = `AnycastVip "${this.node.path}"`;
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(id)) throw new Error(`${where}: the id must be a DNS label; it names the MetalLB objects.`);
    if (!isUnicastIpv4(props.address)) throw invalidValue(where, 'address', props.address, 'is not a unicast IPv4 address (a /32 announced by BGP)');
    if (!(props.target instanceof AnycastTarget)) throw new Error(`${where}: target is ${String(props.target)}, not an AnycastTarget; give e.g. AnycastTarget.pods({...}).`);
    if (!Array.isArray(props.routers)) throw new Error(`${where}: routers is ${String(props.routers)}, not a list; give the BGP routers each site peers with (an empty list announces nothing).`);
    for (const [i, r] of props.routers.entries()) {
      if (!Site.isSite(r?.site)) throw new Error(`${where}: routers[${i}].site is ${String(r?.site)}, not a site; give the ActiveActiveSite whose nodes peer with router ${r?.address}.`);
    }
    for (const [i, e] of (props.awsEdge ?? []).entries()) {
      if (!Site.isSite(e?.site)) throw new Error(`${where}: awsEdge[${i}].site is ${String(e?.site)}, not a site; give the ActiveActiveSite the edge region ${e?.region} sends traffic to.`);
    }
    for (const asn of [props.localAsn, ...props.routers.map((r) => r.asn)]) {
      if (!Number.isInteger(asn) || asn < 1 || asn > 4294967295) throw new Error(`${where}: ASN ${asn} is not in 1–4294967295.`);
    }
    for (const r of props.routers) {
      if (net.isIP(r.address) === 0) throw new Error(`${where}: router address "${r.address}" in ${r.site.siteName} is not an IP address.`);
    }
    for (const c of props.communities ?? []) {
      if (!isBgpCommunity(c)) throw invalidValue(where, 'community', c, 'is not a BGP community ASN:value with both halves in 0–65535');
    }
    const pref = props.localPreference;
    if (pref !== undefined && !(Number.isInteger(pref) && pref >= 0 && pref <= 4294967295)) {
      throw invalidValue(where, 'localPreference', props.localPreference, 'is not in 0–4294967295 (BGP LOCAL_PREF is 32 bits)');
    }
    if (props.metallbNamespace !== undefined && !isDns1123Label(props.metallbNamespace)) {
      throw invalidValue(where, 'metallbNamespace', props.metallbNamespace, 'is not a namespace name (DNS label)');
    }
    for (const r of props.routers) {
      if (r.site.node.root !== this.node.root) throw new Error(`${where}: router ${r.address} is in site ${r.site.siteName}, which belongs to another app.`);
      if (r.passwordSecret !== undefined && !isDns1123Subdomain(r.passwordSecret)) {
        throw invalidValue(where, 'router passwordSecret', r.passwordSecret, 'is not a Secret name (lowercase DNS subdomain)');
      }
    }
    for (const e of props.awsEdge ?? []) {
      if (e.site.node.root !== this.node.root) throw new Error(`${where}: awsEdge names site ${e.site.siteName}, which belongs to another app.`);
      if (!/^[a-z]{2}(-gov)?-[a-z]+-\d$/.test(e.region)) throw invalidValue(where, 'awsEdge region', e.region, 'is not an AWS region name (e.g. eu-west-1)');
    }
    this.address = props.address;
    this.target = props.target;
    this.localAsn = props.localAsn;
    this.routers = [...props.routers];
    this.communities = [...(props.communities ?? [])];
    this.localPreference = props.localPreference;
    this.metallbNamespace = props.metallbNamespace ?? 'metallb-system';
    this.awsEdge = [...(props.awsEdge ?? [])];
  }
}
