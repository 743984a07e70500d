import { CockroachCluster } from './model';
import { COCKROACH_PORTS } from './ports';
import { FlowMembers, flowsBetween, meshFlows, NetworkFlow } from '../../analysis/network-flow';
import { SITE_LABEL, workloadLabels } from '../../k8s/labels';
import { DesignModel } from '../../model/design';

/** The site whose first node `cockroach init` talks to: the first active member site (the first member site when stretched). */
export function initSiteOf(design: DesignModel, cluster: CockroachCluster): string {
  if (design.shape.kind === 'stretched') return cluster.members[0].site;
  return (cluster.members.find((m) => design.sites.find((s) => s.name === m.site)!.role === 'active') ?? cluster.members[0]).site;
}

/**
 * The connections CockroachDB needs: node-to-node RPC (Raft, gossip, DistSQL) is a full mesh
 * that either node may open (every node dials the `--join` list and every node it learns of by
 * gossip: https://www.cockroachlabs.com/docs/stable/cockroach-start#networking); the init Job
 * dials the first node's RPC port (`cockroach init --host`) and then the SQL port through the
 * client Service of its own Kubernetes cluster, i.e. the nodes of its site.
 */
export function cockroachFlows(design: DesignModel, cluster: CockroachCluster): NetworkFlow[] {
  const nodes = cluster.members.filter((m) => m.voters > 0).map((m): FlowMembers => ({
    role: 'node', site: m.site, namespace: cluster.namespace, podLabels: { ...workloadLabels('cockroachdb', cluster.name, 'database'), [SITE_LABEL]: m.site }, pods: m.voters,
  }));
  const initSite = initSiteOf(design, cluster);
  const init: FlowMembers = { role: 'init Job', site: initSite, namespace: cluster.namespace, podLabels: workloadLabels('cockroachdb', cluster.name, 'init'), pods: 1 };
  const initTargets = nodes.filter((n) => n.site === initSite);
  return [
    ...meshFlows('RPC (Raft, gossip)', nodes, COCKROACH_PORTS.rpc),
    ...flowsBetween('cockroach init', [init], initTargets, COCKROACH_PORTS.rpc),
    ...flowsBetween('zone configuration (SQL)', [init], initTargets, COCKROACH_PORTS.sql),
  ];
}
