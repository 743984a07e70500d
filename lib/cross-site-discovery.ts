/**
 * How the members of a SQL cluster in one site's Kubernetes cluster find the members in the other
 * sites' clusters (the `DeploymentShape.clusterPerSite()` shape).
 */
export class CrossSiteDiscovery {
  /**
   * Each cluster's CoreDNS forwards the other sites' cluster domains to their cluster DNS
   * (`clusterDnsAddress`), in the `coredns-custom` ConfigMap; members join by
   * `<pod>.<service>.<namespace>.svc.<site's clusterDomain>`. The default.
   */
  public static coreDnsForwarding(): CrossSiteDiscovery {
    return new CrossSiteDiscovery('coredns-forwarding');
  }

  /**
   * The Kubernetes multi-cluster services API (KEP-1645, `multicluster.x-k8s.io`), as Submariner
   * Lighthouse, GKE multi-cluster services and Cilium ClusterMesh implement it: synth writes a
   * `ServiceExport` beside every member headless Service, and members join by
   * `<pod>.<cluster id>.<service>.<namespace>.svc.clusterset.local`, where the cluster id of each
   * site's cluster must be the site's name (the `cluster.clusterset.k8s.io` ClusterProperty).
   * No CoreDNS forwarding is written and `clusterDnsAddress` is not needed.
   * @see https://github.com/kubernetes/enhancements/blob/master/keps/sig-multicluster/1645-multi-cluster-services-api/specification.md
   */
  public static multiClusterServices(): CrossSiteDiscovery {
    return new CrossSiteDiscovery('multi-cluster-services');
  }

  /** `coredns-forwarding` or `multi-cluster-services`. @internal */
  public readonly _kind: string;

  private constructor(kind: string) {
    this._kind = kind;
  }
}
