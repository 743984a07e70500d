import { Topology } from 'cdk8s-plus-28';
import { invalidValue, isDns1123Subdomain } from './model/validation';

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
    return new DeploymentShape(
      'stretched',
      (options.siteLabel ?? Topology.ZONE).key,
      options.clusterDomain ?? 'cluster.local',
    );
  }

  /**
   * One Kubernetes cluster per site. `dist/<site>/` holds everything that site's cluster
   * needs; members find each other across sites by DNS names under each site's
   * `clusterDomain`, which the clusters' DNS must resolve across sites.
   */
  public static clusterPerSite(): DeploymentShape {
    return new DeploymentShape('cluster-per-site');
  }

  /** `stretched` or `cluster-per-site`. @internal */
  public readonly _kind: string;
  /** The node label that names the site (stretched shape only). @default - none */
  public readonly siteLabel?: string;
  /** The stretched cluster's DNS domain. @default - none (each site has its own) */
  public readonly clusterDomain?: string;

  private constructor(kind: string, siteLabel?: string, clusterDomain?: string) {
    this._kind = kind;
    this.siteLabel = siteLabel;
    this.clusterDomain = clusterDomain;
  }
}
