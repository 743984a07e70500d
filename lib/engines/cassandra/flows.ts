import { CassandraAnalysis } from './analysis';
import { CassandraCluster } from './model';
import { cassandraPodLabels } from './names';
import { CASSANDRA_PORTS } from './ports';
import { FlowMembers, flowsBetween, meshFlows, NetworkFlow } from '../../analysis/network-flow';

/**
 * The connections a K8ssandra cluster needs: internode (gossip, streaming, reads and writes
 * between replicas; `storage_port` in apache/cassandra `conf/cassandra.yaml`) is a full mesh over
 * every datacenter that either node may open (each node gossips with peers it picks and
 * coordinates requests to any replica; the nodes find each other by pod IP: k8ssandra-operator
 * `controllers/k8ssandra/seeds.go`); the management API
 * is called at each pod's IP by cass-operator in the pod's own Kubernetes cluster and by
 * k8ssandra-operator in the control plane's (cass-operator `pkg/httphelper/client.go`,
 * BuildPodHostFromPod), both in the operators' namespace. With backups, Medusa's gRPC server in
 * each pod is called at the pod's IP by the Medusa controllers (backup, restore, purge and sync
 * jobs) of the k8ssandra-operator in the pod's own Kubernetes cluster: they run in every
 * operator, control or data plane, and act on the CassandraDatacenters of their own cluster
 * (k8ssandra-operator v1.32.5 `main.go`; `controllers/medusa/common.go`, newClient).
 */
export function cassandraFlows(cluster: CassandraCluster, details: CassandraAnalysis): NetworkFlow[] {
  const ns = cluster.engine.operatorNamespace;
  const nodes = details.datacenters.map((dc): FlowMembers => ({
    role: 'Cassandra node', site: dc.site, namespace: cluster.namespace, podLabels: cassandraPodLabels(cluster), pods: dc.size,
  }));
  const operator = (role: string, site: string): FlowMembers => ({ role, site, namespace: ns, podLabels: {}, pods: 1 });
  return [
    ...meshFlows('internode (gossip, replication)', nodes, CASSANDRA_PORTS.internode),
    ...nodes.flatMap((n) => flowsBetween('management API', [operator('cass-operator', n.site)], [n], CASSANDRA_PORTS.management)),
    ...flowsBetween('management API', [operator('k8ssandra-operator', details.controlPlane)], nodes, CASSANDRA_PORTS.management),
    ...(cluster.backup ? nodes.flatMap((n) => flowsBetween('Medusa gRPC (backups)', [operator('k8ssandra-operator', n.site)], [n], CASSANDRA_PORTS.medusaGrpc)) : []),
  ];
}
