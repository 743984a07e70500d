import { DesignModel, SqlClusterModel } from './design';

/** DNS domain that names a site's pods. */
export function clusterDomainOf(design: DesignModel, site: string): string {
  if (design.shape.kind === 'stretched') return design.shape.clusterDomain;
  return design.sites.find((s) => s.name === site)!.clusterDomain;
}

/** The zone of the multi-cluster services API: KEP-1645 says it must be `clusterset.local`. */
export const CLUSTERSET_ZONE = 'clusterset.local';

/** Whether members find each other across clusters through the multi-cluster services API. */
export function usesMultiClusterServices(design: DesignModel): boolean {
  return design.shape.kind === 'cluster-per-site' && design.shape.discovery === 'multi-cluster-services';
}

/**
 * The domain under which the pods that a headless Service governs in `site` are named, the part
 * after `<pod>.`: `<service>.<namespace>.svc.<cluster domain>`, or with the multi-cluster services
 * API `<cluster id>.<service>.<namespace>.svc.clusterset.local`, where the cluster id is the site
 * name (the A record of a ready endpoint of an exported headless Service, section 2.4.1 of
 * kubernetes/enhancements keps/sig-multicluster/1645-multi-cluster-services-api/specification.md
 * at 0045b464ee04).
 */
export function podSubdomain(design: DesignModel, site: string, service: string, namespace: string): string {
  if (usesMultiClusterServices(design)) return `${site}.${service}.${namespace}.svc.${CLUSTERSET_ZONE}`;
  return `${service}.${namespace}.svc.${clusterDomainOf(design, site)}`;
}

/** Name of the StatefulSet (and its governing headless Service) of a cluster in a site. */
export function membersName(cluster: SqlClusterModel, site: string): string {
  return `${cluster.name}-${site}`;
}

/** Fully qualified name of every member pod of the cluster, site by site. */
export function memberHostnames(design: DesignModel, cluster: SqlClusterModel): string[] {
  const hosts: string[] = [];
  for (const m of cluster.members) {
    const sts = membersName(cluster, m.site);
    const subdomain = podSubdomain(design, m.site, sts, cluster.namespace);
    for (let i = 0; i < m.voters; i++) {
      hosts.push(`${sts}-${i}.${subdomain}`);
    }
  }
  return hosts;
}

/** Names a node certificate must cover (wildcards per site's headless Service, and the client Services). */
export function nodeCertificateNames(design: DesignModel, cluster: SqlClusterModel): string[] {
  const names = new Set<string>();
  for (const m of cluster.members) {
    const domain = clusterDomainOf(design, m.site);
    names.add(`*.${podSubdomain(design, m.site, membersName(cluster, m.site), cluster.namespace)}`);
    names.add(`${cluster.name}-public.${cluster.namespace}.svc.${domain}`);
  }
  names.add(`${cluster.name}-public`);
  names.add('localhost');
  return [...names];
}
