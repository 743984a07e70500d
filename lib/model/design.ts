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
  | { readonly kind: 'cluster-per-site' };

/** CockroachDB settings that analysis and writers share. */
export interface CockroachDbModel {
  readonly kind: 'cockroachdb';
  readonly replicationFactor: number;
  readonly image: string;
  readonly insecure: boolean;
  readonly nodeCertificatesSecret: string;
  readonly rootClientCertificatesSecret: string;
  /** CA Secret for cert-manager; unset when the certificate Secrets come from elsewhere. */
  readonly certManagerCaSecret?: string;
  readonly storageSize: string;
  readonly storageClassName?: string;
  readonly cpuMillis: number;
  readonly memoryMebibytes: number;
  readonly sqlClientNamespaces: readonly string[];
}

/** MariaDB Galera settings that analysis and writers share. */
export interface GaleraModel {
  readonly kind: 'galera';
  readonly image: string;
  /** Image with `garbd`; required when the cluster has arbitrators. */
  readonly arbitratorImage?: string;
  /** Highest RTT between data nodes that is accepted without acknowledging MS-GALERA-LATENCY. */
  readonly maxRttMillis: number;
  readonly rootPasswordSecret: string;
  /** Secret with `ca.crt`, `tls.crt`, `tls.key` for replication TLS; unset when insecure. */
  readonly tlsSecret?: string;
  /** CA Secret for cert-manager; unset when the TLS Secret comes from elsewhere. */
  readonly certManagerCaSecret?: string;
  readonly insecure: boolean;
  readonly storageSize: string;
  readonly storageClassName?: string;
  readonly cpuMillis: number;
  readonly memoryMebibytes: number;
  readonly gcacheMebibytes: number;
  readonly flowControlLimit: number;
  readonly sqlClientNamespaces: readonly string[];
}

/** Oracle Data Guard settings that analysis and writers share. */
export interface OracleDataGuardModel {
  readonly kind: 'oracle-data-guard';
  /** Site of the primary database. */
  readonly primary: string;
  /** Accepted data loss in seconds; undefined when not stated. */
  readonly rpoSeconds?: number;
  readonly protectionMode: 'MaxPerformance' | 'MaxAvailability';
  readonly fastStartFailover: boolean;
  readonly image: string;
  readonly imagePullSecret: string;
  readonly adminPasswordSecret: string;
  readonly storageSize: string;
  readonly storageClassName?: string;
  readonly clientNamespaces: readonly string[];
}

/** The engine of a SQL cluster and its settings. */
export type EngineModel = CockroachDbModel | GaleraModel | OracleDataGuardModel;

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
}

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
}

/** A SQL cluster running CockroachDB. */
export type CockroachCluster = SqlClusterModel & { readonly engine: CockroachDbModel };
/** A SQL cluster running MariaDB Galera. */
export type GaleraCluster = SqlClusterModel & { readonly engine: GaleraModel };

/** A SQL cluster running Oracle Data Guard. */
export type DataGuardCluster = SqlClusterModel & { readonly engine: OracleDataGuardModel };

/** Whether the cluster runs Oracle Data Guard. */
export function isDataGuard(c: SqlClusterModel): c is DataGuardCluster {
  return c.engine.kind === 'oracle-data-guard';
}

/** Whether the engine keeps one copy of the truth by a majority vote (CockroachDB, Galera), unlike Data Guard. */
export function isStronglyConsistent(c: SqlClusterModel): boolean {
  return !isDataGuard(c);
}

/** Whether the cluster runs CockroachDB. */
export function isCockroach(c: SqlClusterModel): c is CockroachCluster {
  return c.engine.kind === 'cockroachdb';
}

/** Whether the cluster runs MariaDB Galera. */
export function isGalera(c: SqlClusterModel): c is GaleraCluster {
  return c.engine.kind === 'galera';
}

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
}
