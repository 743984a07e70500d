import { DesignModel, SqlClusterModel } from './design';

/** DNS domain that names a site's pods. */
export function clusterDomainOf(design: DesignModel, site: string): string {
  if (design.shape.kind === 'stretched') return design.shape.clusterDomain;
  return design.sites.find((s) => s.name === site)!.clusterDomain;
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
    const domain = clusterDomainOf(design, m.site);
    for (let i = 0; i < m.voters; i++) {
      hosts.push(`${sts}-${i}.${sts}.${cluster.namespace}.svc.${domain}`);
    }
  }
  return hosts;
}

/** Names a node certificate must cover (wildcards per site's headless Service, and the client Services). */
export function nodeCertificateNames(design: DesignModel, cluster: SqlClusterModel): string[] {
  const names = new Set<string>();
  for (const m of cluster.members) {
    const domain = clusterDomainOf(design, m.site);
    names.add(`*.${membersName(cluster, m.site)}.${cluster.namespace}.svc.${domain}`);
    names.add(`${cluster.name}-public.${cluster.namespace}.svc.${domain}`);
  }
  names.add(`${cluster.name}-public`);
  names.add('localhost');
  return [...names];
}
