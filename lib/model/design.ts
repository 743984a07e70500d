import type { BackupModel } from './backup';

/**
 * The design as plain data: what the constructs say, with no cdk8s or cdktf in it.
 * Analysis and rules read only this; writers read it and never decide policy.
 */

/** What a site is for. */
export type SiteRole = 'active' | 'witness';

/** One fault domain. */
export interface SiteModel {
  readonly name: string;
  readonly role: SiteRole;
  /** Construct path, for findings. */
  readonly path: string;
  /** Cluster domain of the site's own Kubernetes cluster (cluster-per-site shape). */
  readonly clusterDomain: string;
  /** Pod CIDRs of the site's cluster: where its pods' traffic comes from. */
  readonly podCidrs: readonly string[];
  readonly serviceCidrs: readonly string[];
  readonly nodeCidrs: readonly string[];
  /** Address of the site's cluster DNS as other sites reach it. */
  readonly clusterDnsAddress?: string;
  /** Whether a stateful firewall sits in the path of incoming traffic. */
  readonly statefulFirewall: boolean;
  /** k8gb geo tag of the site (its name unless set). */
  readonly geoTag: string;
  /** IPv4 address where the site's k8gb CoreDNS answers: the glue of a delegation. */
  readonly dnsAddress?: string;
  /** Control-plane nodes (etcd members) of the stretched cluster in the site, when declared. */
  readonly controlPlaneNodes?: number;
}

/** Measured or derived round trip time between two sites. */
export interface LinkModel {
  readonly siteA: string;
  readonly siteB: string;
  readonly rttMillis: number;
  /** Set when the RTT was derived from a distance. */
  readonly distanceKm?: number;
}

/** How the sites map onto Kubernetes. */
export type ShapeModel =
  | { readonly kind: 'stretched'; readonly siteLabel: string; readonly clusterDomain: string }
  | {
    readonly kind: 'cluster-per-site';
    /** How members find each other across the clusters: CoreDNS forwarding or the multi-cluster services API. */
    readonly discovery: CrossSiteDiscoveryKind;
  };

/** `coredns-forwarding`: per-cluster domains forwarded by CoreDNS; `multi-cluster-services`: `clusterset.local` (KEP-1645). */
export type CrossSiteDiscoveryKind = 'coredns-forwarding' | 'multi-cluster-services';

/**
 * The settings of a cluster's engine, after defaults. Each engine extends it with its own fields
 * (`lib/engines/<engine>/model.ts`); `kind` says which engine reads them.
 */
export interface EngineModel {
  /** The engine's registry key, e.g. `cockroachdb`. */
  readonly kind: string;
}

/** Members of one SQL cluster in one site. */
export interface SiteMembersModel {
  readonly site: string;
  /** Voting members that hold data (nodes, databases). */
  readonly voters: number;
  /** Voting members that hold no data (Galera arbitrators, Data Guard observers). */
  readonly arbitrators: number;
}

/** One distributed SQL cluster. */
export interface SqlClusterModel {
  readonly name: string;
  readonly path: string;
  readonly namespace: string;
  readonly engine: EngineModel;
  /** In site declaration order; sites without members are absent. */
  readonly members: readonly SiteMembersModel[];
  /**
   * How a site's members spread over its nodes: `preferred` or `required` pod anti-affinity by
   * hostname. Unset in models built by hand, which means `preferred`.
   */
  readonly nodeSpread?: NodeSpreadModel;
  /** The cluster's backups; unset: none. */
  readonly backup?: BackupModel;
}

/** `NodeSpread` as plain data. */
export type NodeSpreadModel = 'preferred' | 'required';

/** How a GSLB zone picks the sites it answers with. */
export type GslbStrategyModel =
  | { readonly kind: 'roundRobin' }
  | { readonly kind: 'geoip' }
  | { readonly kind: 'failover'; readonly primary: string }
  | { readonly kind: 'weighted'; readonly weights: readonly { readonly site: string; readonly weight: number }[] };

/** What a GSLB host balances in every serving site: an Ingress or a Service of the same name. */
export interface GslbHostModel {
  /** Fully qualified name, inside the zone. */
  readonly fqdn: string;
  readonly namespace: string;
  readonly resourceKind: 'Ingress' | 'Service';
  readonly resourceName: string;
  /** Name of the SQL cluster the host writes to, when the user said so. */
  readonly dependsOn?: string;
  /** The Services behind the target Ingress that serve the application (given with `dependsOn`). */
  readonly backendServices: readonly { readonly name: string; readonly port: number }[];
  /** The Deployment that serves the host, with its replicas in each site's chart. */
  readonly deployment?: { readonly name: string; readonly replicasPerSite: readonly { readonly site: string; readonly replicas: number }[] };
}

/** Who writes the NS and glue records of the delegation in the parent zone. */
export type DelegationOwner = 'terraform' | 'k8gb-external-dns';

/** A DNS zone delegated to k8gb in every serving site. */
export interface GslbZoneModel {
  readonly name: string;
  readonly path: string;
  /** The load-balanced zone, e.g. app.global.example.com. */
  readonly zone: string;
  /** The parent (edge) zone that delegates it, e.g. example.com. */
  readonly parentZone: string;
  /** Route 53 id of the parent zone; looked up by name when unset. */
  readonly parentHostedZoneId?: string;
  readonly strategy: GslbStrategyModel;
  readonly ttlSeconds: number;
  /** Serving sites, in site order. */
  readonly sites: readonly string[];
  readonly delegation: DelegationOwner;
  /** Resolvers k8gb asks for its peers' nameservers. */
  readonly edgeDnsServers: readonly string[];
  readonly hosts: readonly GslbHostModel[];
  /** The stated recovery time objective (s), if any (`MS-GSLB-RTO`). */
  readonly rtoSeconds?: number;
}

/** A SQL cluster whose engine model is `M`. */
export type SqlClusterOf<M extends EngineModel> = SqlClusterModel & { readonly engine: M };

/** One BGP router MetalLB peers with. */
export interface BgpRouterModel {
  readonly site: string;
  readonly address: string;
  readonly asn: number;
  readonly passwordSecret?: string;
}

/** An anycast VIP announced by MetalLB from every site with routers. */
export interface AnycastVipModel {
  readonly name: string;
  readonly path: string;
  readonly address: string;
  /** The pods behind it; undefined when the target is a SQL cluster. */
  readonly pods?: {
    readonly namespace: string;
    readonly selector: Readonly<Record<string, string>>;
    readonly ports: readonly { readonly port: number; readonly targetPort: number }[];
    readonly keepsSessions: boolean;
  };
  /** The SQL cluster behind it, when that is the target. */
  readonly sqlCluster?: string;
  readonly localAsn: number;
  readonly routers: readonly BgpRouterModel[];
  /** Sites that announce (have routers), in site order. */
  readonly sites: readonly string[];
  readonly communities: readonly string[];
  readonly localPreference?: number;
  readonly metallbNamespace: string;
  /** AWS regions in front of sites (Global Accelerator). */
  readonly awsEdge: readonly { readonly site: string; readonly region: string; readonly endpointId: string }[];
}

/** A warning turned off on a construct, with the reason. */
export interface AcknowledgementModel {
  readonly ruleId: string;
  readonly path: string;
  readonly reason: string;
}

/** Where the Terraform stacks keep their state, as the user configured it (`{stack}` not yet replaced). */
export interface TerraformBackendModel {
  /** Terraform's name of the backend type (`s3`, `local`, ...). */
  readonly type: string;
  /** The backend block's settings, with Terraform's names. */
  readonly config: Readonly<Record<string, unknown>>;
}

/** The whole design. */
export interface DesignModel {
  readonly shape: ShapeModel;
  /** In declaration order. */
  readonly sites: readonly SiteModel[];
  readonly links: readonly LinkModel[];
  readonly sqlClusters: readonly SqlClusterModel[];
  readonly gslbZones: readonly GslbZoneModel[];
  readonly anycastVips: readonly AnycastVipModel[];
  readonly acknowledgements: readonly AcknowledgementModel[];
  /** The Terraform backend of every stack; unset: a local state file outside the output folder. */
  readonly terraformBackend?: TerraformBackendModel;
  /**
   * NetworkPolicies the app itself put in the site charts (not the library's), as written: they
   * isolate and admit alongside the library's, so the flows are judged with them. Unset: none.
   */
  readonly userNetworkPolicies?: readonly UserNetworkPolicyModel[];
  /** How the clusters are monitored (`Monitoring`); unset: not monitored. */
  readonly monitoring?: MonitoringModel;
}

/** `Monitoring` as plain data, every default applied. */
export interface MonitoringModel {
  readonly kind: 'prometheus-operator';
  /** Kubernetes labels on every monitoring object, for the Prometheus selectors. */
  readonly resourceLabels: Readonly<Record<string, string>>;
  /** Prometheus labels on every alert. */
  readonly alertLabels: Readonly<Record<string, string>>;
  /** Prometheus duration between scrapes. */
  readonly scrapeInterval: string;
  /** The namespace whose pods may scrape the metrics ports. */
  readonly scraperNamespace: string;
  /** Prometheus duration a margin condition holds before its alert fires. */
  readonly alertAfter: string;
  /** Severity of the "one more site loss halts" alerts. */
  readonly marginSeverity: string;
  /** The fraction of time paused by flow control above which its alert fires. */
  readonly flowControlPausedRatio: number;
  /** Days before expiry at which the certificate alert fires. */
  readonly certificateExpiryDays: number;
}

/** A NetworkPolicy of the app's own, in the chart of `site`. */
export interface UserNetworkPolicyModel {
  readonly site: string;
  /** The object as synth writes it. */
  readonly policy: Readonly<Record<string, unknown>>;
}
