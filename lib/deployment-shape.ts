import { Topology } from 'cdk8s-plus-28';
import { CrossSiteDiscovery } from './cross-site-discovery';
import { invalidValue, isDns1123Subdomain, isLabelKey } from './model/validation';

/** Options for one Kubernetes cluster stretched over every site. */
export interface StretchedClusterOptions {
  /**
   * The node label whose values are the site names. Never `kubernetes.io/hostname`:
   * hosts are not fault domains.
   * @default Topology.ZONE (`topology.kubernetes.io/zone`)
   */
  readonly siteLabel?: Topology;
  /**
   * DNS domain of the cluster.
   * @default 'cluster.local'
   */
  readonly clusterDomain?: string;
}

/** Options for one Kubernetes cluster per site. */
export interface ClusterPerSiteOptions {
  /**
   * How members in one site's cluster find the members in the others.
   * @default CrossSiteDiscovery.coreDnsForwarding()
   */
  readonly crossSiteDiscovery?: CrossSiteDiscovery;
}

/** How sites map onto Kubernetes clusters. */
export class DeploymentShape {
  /**
   * One Kubernetes cluster whose nodes carry the site name in a label (the seed lab:
   * zones dc-a, dc-b, dc-witness). Workloads are pinned to sites by required node affinity.
   * Manifests go to `dist/<site>/` for site-pinned objects and `dist/cluster-wide/` for the
   * rest; apply all of them to the one cluster.
   */
  public static stretchedCluster(options: StretchedClusterOptions = {}): DeploymentShape {
    if (options.clusterDomain !== undefined && !isDns1123Subdomain(options.clusterDomain)) {
      throw invalidValue('DeploymentShape.stretchedCluster', 'clusterDomain', options.clusterDomain, 'is not a DNS domain (lowercase labels separated by dots, no trailing dot)');
    }
    const siteLabel = options.siteLabel?.key;
    if (siteLabel !== undefined && !isLabelKey(siteLabel)) {
      throw invalidValue('DeploymentShape.stretchedCluster', 'siteLabel', siteLabel, 'is not a label key ([prefix/]name: a DNS subdomain prefix, then 1–63 letters, digits, \'-\', \'_\', \'.\'), which a node label key is');
    }
    return new DeploymentShape(
      'stretched',
      (options.siteLabel ?? Topology.ZONE).key,
      options.clusterDomain ?? 'cluster.local',
    );
  }

  /**
   * One Kubernetes cluster per site. `dist/<site>/` holds everything that site's cluster
   * needs; members find each other across sites by DNS names under each site's
   * `clusterDomain`, which the clusters' DNS must resolve across sites (CoreDNS forwarding),
   * or under `clusterset.local` with the multi-cluster services API (`crossSiteDiscovery`).
   */
  public static clusterPerSite(options: ClusterPerSiteOptions = {}): DeploymentShape {
    return new DeploymentShape('cluster-per-site', undefined, undefined, options.crossSiteDiscovery ?? CrossSiteDiscovery.coreDnsForwarding());
  }

  /** `stretched` or `cluster-per-site`. @internal */
  public readonly _kind: string;
  /** The node label that names the site (stretched shape only). @default - none */
  public readonly siteLabel?: string;
  /** The stretched cluster's DNS domain. @default - none (each site has its own) */
  public readonly clusterDomain?: string;
  /** How members find each other across the sites' clusters (cluster-per-site shape only). @default - none (one cluster) */
  public readonly crossSiteDiscovery?: CrossSiteDiscovery;

  private constructor(kind: string, siteLabel?: string, clusterDomain?: string, crossSiteDiscovery?: CrossSiteDiscovery) {
    this._kind = kind;
    this.siteLabel = siteLabel;
    this.clusterDomain = clusterDomain;
    this.crossSiteDiscovery = crossSiteDiscovery;
  }
}
