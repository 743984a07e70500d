import * as net from 'net';
import { Chart } from 'cdk8s';
import { Construct } from 'constructs';
import { recordCreation } from './findings/source-location';
import { CidrRange, parseCidr } from './model/cidr';
import { checkConstructId, invalidValue, isDns1123Subdomain } from './model/validation';

/** What a site does. */
export enum SiteRole {
  /** Serves user traffic and holds data. */
  ACTIVE = 'active',
  /** Breaks ties: holds a voter or an arbiter, never user traffic, never a majority. */
  WITNESS = 'witness',
}

/** Settings every site has. */
export interface SiteProps {
  /**
   * DNS domain of this site's Kubernetes cluster, used in the names other sites join
   * (cluster-per-site shape). Each site needs its own.
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;
  /**
   * Pod CIDRs of this site's cluster, IPv4 or IPv6. With one cluster per site they are how
   * NetworkPolicies in the other sites admit this site's members.
   * @default - none
   */
  readonly podCidrs?: string[];
  /**
   * Address of this site's cluster DNS as the other sites reach it (e.g. a LoadBalancer in
   * front of CoreDNS). With one cluster per site, every site that shares a SQL cluster with
   * this one forwards this site's cluster domain there, so cross-site member names resolve.
   * @default - none
   */
  readonly clusterDnsAddress?: string;
  /**
   * Service CIDRs of this site's cluster. Clusters that talk east-west must not share them.
   * @default - none
   */
  readonly serviceCidrs?: string[];
  /**
   * Node CIDRs of this site. Sites that talk east-west must not share them.
   * @default - none
   */
  readonly nodeCidrs?: string[];
  /**
   * Control-plane nodes (each with an etcd member) of the stretched Kubernetes cluster in this
   * site. The control plane is one more quorum system across the sites: declare it on every site
   * (0 where there is none) so synth can check that the API server survives the loss of any one
   * site. Ignored with one cluster per site, where each site's cluster has its own.
   * @default - not declared: a stretched design gets warning MS-CONTROL-PLANE-UNDECLARED and the report says the API server's fate is unknown
   */
  readonly controlPlaneNodes?: number;
}

const SITE_SYMBOL = Symbol.for('cdk-multisite.Site');

/** Names a site may not take: they are folders of the output. */
const RESERVED_SITE_NAMES = new Set(['cluster-wide', 'terraform']);

/**
 * A fault domain: a datacenter, or a zone of a stretched cluster. A site is a cdk8s
 * chart: what runs there, from this library or your own constructs, is written to
 * `dist/<site>/`. The construct id is the site name.
 */
export abstract class Site extends Chart {
  /**
   * Whether `x` is a site. Use this, not `instanceof`: cdk8s makes every chart pass
   * `instanceof` of any chart class.
   */
  public static isSite(x: any): x is Site {
    return x !== null && typeof x === 'object' && SITE_SYMBOL in x;
  }

  /** The site name: the construct id, and the value of the site label on its nodes. */
  public readonly siteName: string;
  /** Active or witness. */
  public abstract readonly role: SiteRole;
  /** DNS domain of this site's cluster. */
  public readonly clusterDomain: string;
  /** Pod CIDRs of this site's cluster. */
  public readonly podCidrs: string[];
  /** Address of this site's cluster DNS as the other sites reach it. @default - none */
  public readonly clusterDnsAddress?: string;
  /** Service CIDRs of this site's cluster. */
  public readonly serviceCidrs: string[];
  /** Node CIDRs of this site. */
  public readonly nodeCidrs: string[];
  /** Control-plane nodes of the stretched cluster in this site, when declared. @default - not declared */
  public readonly controlPlaneNodes?: number;

  constructor(scope: Construct, id: string, props: SiteProps = {}) {
    super(scope, checkConstructId('Site', scope, id, 'each site needs a name of its own: it is the value of the site label and the name of its output folder.'), { disableResourceNameHashes: true });
    recordCreation(this);
    if (!/^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/.test(id) || id.length > 63) {
      throw new Error(`Site "${id}": the name must be a DNS label (lowercase letters, digits and '-', at most 63 characters); it becomes a node label value and part of object names.`);
    }
    if (RESERVED_SITE_NAMES.has(id)) {
      throw new Error(`Site "${id}": the name is reserved for an output folder; choose another.`);
    }
    for (const [what, cidrs] of [['podCidrs', props.podCidrs], ['serviceCidrs', props.serviceCidrs], ['nodeCidrs', props.nodeCidrs]] as const) {
      for (const cidr of cidrs ?? []) {
        try {
          parseCidr(cidr);
        } catch (e) {
          throw new Error(`Site "${id}": ${what} entry "${cidr}" is not an IPv4 or IPv6 CIDR (address/prefix).`);
        }
      }
    }
    checkServiceCidrs(id, props);
    checkPodCidrsWritable(id, props.podCidrs ?? []);
    Object.defineProperty(this, SITE_SYMBOL, { value: true });
    this.siteName = id;
    if (props.clusterDomain !== undefined && !isDns1123Subdomain(props.clusterDomain)) {
      throw invalidValue(`Site "${this.node.path}"`, 'clusterDomain', props.clusterDomain,
        'is not a DNS domain (lowercase labels separated by dots, no trailing dot, at most 253 characters); peers forward it in CoreDNS and an empty or malformed one would forward the root zone');
    }
    this.clusterDomain = props.clusterDomain ?? 'cluster.local';
    this.podCidrs = [...(props.podCidrs ?? [])];
    if (props.clusterDnsAddress !== undefined && net.isIP(props.clusterDnsAddress) === 0) {
      throw new Error(`Site "${id}": clusterDnsAddress "${props.clusterDnsAddress}" is not an IP address.`);
    }
    this.clusterDnsAddress = props.clusterDnsAddress;
    this.serviceCidrs = [...(props.serviceCidrs ?? [])];
    this.nodeCidrs = [...(props.nodeCidrs ?? [])];
    const cp = props.controlPlaneNodes;
    if (cp !== undefined && !(Number.isInteger(cp) && cp >= 0 && cp <= 9)) {
      throw invalidValue(`Site "${this.node.path}"`, 'controlPlaneNodes', props.controlPlaneNodes, 'is not a whole number in 0–9 (etcd clusters run 3, 5 or 7 members)');
    }
    this.controlPlaneNodes = props.controlPlaneNodes;
  }
}

/**
 * Refuses service CIDRs Kubernetes refuses, and pod CIDRs that overlap them: the API server takes
 * at most one service range per IP family (kube-apiserver `--service-cluster-ip-range`: "a maximum
 * of two dual-stack CIDRs is allowed", https://kubernetes.io/docs/reference/command-line-tools-reference/kube-apiserver/),
 * and a pod address inside the service range is unreachable (kube-proxy routes that range to services).
 */
function checkServiceCidrs(site: string, props: SiteProps): void {
  const services = (props.serviceCidrs ?? []).map(parseCidr);
  for (const family of [4, 6] as const) {
    const ofFamily = services.filter((c) => c.family === family);
    if (ofFamily.length > 1) {
      throw new Error(`Site "${site}": serviceCidrs ${JSON.stringify(ofFamily.map((c) => c.text))} are ${ofFamily.length} IPv${family} ranges; Kubernetes takes at most one service range per IP family (kube-apiserver --service-cluster-ip-range).`);
    }
  }
  const overlaps = (a: CidrRange, b: CidrRange) => a.family === b.family && a.first <= b.last && b.first <= a.last;
  for (const pod of (props.podCidrs ?? []).map(parseCidr)) {
    const service = services.find((s) => overlaps(s, pod));
    if (service) {
      throw new Error(`Site "${site}": podCidrs entry "${pod.text}" overlaps serviceCidrs entry "${service.text}" of the same site; kube-proxy sends the service range to Services, so pods there are unreachable. Give pods and services disjoint ranges.`);
    }
  }
}

/**
 * The IPv6 CIDR forms cdk8s-plus writes into a NetworkPolicy ipBlock (`NetworkPolicyIpBlock.ipv6`,
 * cdk8s-plus-28 `lib/network-policy.js`): lowercase hex groups and a prefix; it throws on anything
 * else (capitals, a dotted IPv4 tail such as `::ffff:10.0.0.0/104`) with a message that names no prop.
 */
const NETWORK_POLICY_IPV6 = /^([\da-f]{0,4}:){2,7}([\da-f]{0,4})?\/\d+$/;

/** Refuses IPv6 pod CIDRs that the NetworkPolicies admitting this site's pods could not be written with. */
function checkPodCidrsWritable(site: string, podCidrs: readonly string[]): void {
  for (const cidr of podCidrs) {
    const range = parseCidr(cidr);
    if (range.family === 6 && !NETWORK_POLICY_IPV6.test(cidr)) {
      throw new Error(`Site "${site}": podCidrs entry "${cidr}" is an IPv6 CIDR the NetworkPolicies cannot be written with (cdk8s-plus takes lowercase hex groups and a prefix); write it as "${ipv6Text(range)}".`);
    }
  }
}

/** `range` as a lowercase, `::`-compressed IPv6 CIDR (RFC 5952). */
function ipv6Text(range: CidrRange): string {
  const groups = Array.from({ length: 8 }, (_, i) => ((range.first / 2n ** BigInt(112 - 16 * i)) % 0x10000n).toString(16));
  let best = { at: -1, length: 0 };
  for (let i = 0; i < 8; i++) {
    let j = i;
    while (j < 8 && groups[j] === '0') j++;
    if (j - i > best.length && j - i > 1) best = { at: i, length: j - i };
    i = j;
  }
  const text = best.at < 0 ? groups.join(':')
    : `${groups.slice(0, best.at).join(':')}::${groups.slice(best.at + best.length).join(':')}`;
  const prefix = 128 - (range.last - range.first + 1n).toString(2).length + 1;
  return `${text}/${prefix}`;
}
