import { YugabyteCluster } from './model';
import { YUGABYTE_PORTS } from './ports';
import { DesignModel } from '../../model/design';
import { clusterDomainOf, membersName, podSubdomain } from '../../model/member-addresses';

/** The yb-master StatefulSet of a site (one pod). */
export function masterSetName(cluster: YugabyteCluster, site: string): string {
  return `${membersName(cluster, site)}-master`;
}

/** The headless Service that names a site's masters. */
export function masterServiceName(cluster: YugabyteCluster, site: string): string {
  return `${membersName(cluster, site)}-masters`;
}

/** The yb-tserver StatefulSet of a site. */
export function tserverSetName(cluster: YugabyteCluster, site: string): string {
  return `${membersName(cluster, site)}-tserver`;
}

/** The headless Service that names a site's tservers. */
export function tserverServiceName(cluster: YugabyteCluster, site: string): string {
  return `${membersName(cluster, site)}-tservers`;
}

/** The client Service in every Kubernetes cluster (YSQL and YCQL on the tservers). */
export function publicServiceName(cluster: YugabyteCluster): string {
  return `${cluster.name}-public`;
}

/** Where a StatefulSet's pods are named: `<service>.<namespace>.svc.<cluster domain>` (or under `clusterset.local`). */
function governedDomain(design: DesignModel, cluster: YugabyteCluster, site: string, service: string): string {
  return podSubdomain(design, site, service, cluster.namespace);
}

/** Fully qualified name of master pod `ordinal` of `site` (its StatefulSet's pod `<set>-<ordinal>`). */
export function masterHost(design: DesignModel, cluster: YugabyteCluster, site: string, ordinal: number): string {
  return `${masterSetName(cluster, site)}-${ordinal}.${governedDomain(design, cluster, site, masterServiceName(cluster, site))}`;
}

/**
 * `--master_addresses` / `--tserver_master_addrs`: every master of every site, `host:7100`,
 * comma-separated, in site order then pod order (the form the chart's `masterAddresses` value
 * takes for multi-cluster installs, docs.yugabyte.com/stable/deploy/kubernetes/multi-cluster/gke/helm-chart/;
 * "The number of comma-separated addresses present in master_addresses should also equal the
 * replication factor", docs.yugabyte.com/stable/deploy/manual-deployment/start-masters/).
 */
export function masterAddresses(design: DesignModel, cluster: YugabyteCluster, mastersPerSite: ReadonlyMap<string, number>): string {
  return [...mastersPerSite]
    .flatMap(([site, n]) => Array.from({ length: n }, (_, i) => `${masterHost(design, cluster, site, i)}:${YUGABYTE_PORTS.masterRpc}`))
    .join(',');
}

/** A server's own name, with `$(POD_NAME)` expanded by Kubernetes from the pod's env. */
export function selfAddress(design: DesignModel, cluster: YugabyteCluster, site: string, role: 'master' | 'tserver'): string {
  const service = role === 'master' ? masterServiceName(cluster, site) : tserverServiceName(cluster, site);
  const port = role === 'master' ? YUGABYTE_PORTS.masterRpc : YUGABYTE_PORTS.tserverRpc;
  return `$(POD_NAME).${governedDomain(design, cluster, site, service)}:${port}`;
}

/** Names the server certificate must cover: each site's masters and tservers, and the client Service. */
export function certificateNames(design: DesignModel, cluster: YugabyteCluster): string[] {
  const names = new Set<string>();
  for (const m of cluster.members) {
    names.add(`*.${governedDomain(design, cluster, m.site, masterServiceName(cluster, m.site))}`);
    names.add(`*.${governedDomain(design, cluster, m.site, tserverServiceName(cluster, m.site))}`);
    names.add(`${publicServiceName(cluster)}.${cluster.namespace}.svc.${clusterDomainOf(design, m.site)}`);
  }
  names.add(publicServiceName(cluster));
  return [...names];
}

/**
 * The longest StatefulSet name Kubernetes accepts in practice: its pods carry the label
 * `controller-revision-hash: <name>-<10 characters>`, and label values stop at 63.
 */
export const MAX_STATEFULSET_NAME = 52;
