import { CassandraModel } from './model';
import { WRITE_HEALTH_KEYSPACE } from './write-health';
import { cassandraWriteHealthStep, writeHealthCqlFile } from './write-health-setup';
import { EngineChangeFacts } from '../engine';
import { membersIn } from '../scale-step';

/**
 * What may not change in a running Cassandra cluster, and how a node joins or leaves a datacenter.
 * Sources: `cluster_name` "is mainly used to prevent machines in one logical cluster from joining
 * another" (cassandra.yaml, https://cassandra.apache.org/doc/latest/cassandra/managing/configuration/cass_yaml_file.html#cluster_name);
 * a datacenter's name is what `NetworkTopologyStrategy` replicates to, so a renamed datacenter
 * holds none of the keyspaces' replicas (https://cassandra.apache.org/doc/latest/cassandra/architecture/dynamo.html#replication-strategy);
 * K8ssandra scales a datacenter by its `size` and decommissions on scale-down
 * (https://docs.k8ssandra.io/tasks/scale/).
 */
export const CASSANDRA_CHANGES: EngineChangeFacts<CassandraModel> = {
  identity: (cluster) => [
    {
      name: 'cluster_name',
      value: cluster.name,
      changeDoes: 'nodes with the new cluster_name refuse the gossip of nodes with the old one ("ClusterName mismatch"), so the rolled nodes form a new, empty cluster.',
      safeAlternative: 'keep the cluster\'s name (the DistributedSqlCluster\'s id); for a new name, build a new cluster beside the old one and migrate the data (sstableloader or the application\'s dual writes).',
    },
    {
      name: 'datacenter names',
      value: cluster.members.map((m) => m.site).sort().join(', '),
      isSet: true,
      changeDoes: 'a keyspace replicates to datacenters by name (NetworkTopologyStrategy), so a renamed datacenter starts with no replicas and the old name\'s replicas are counted as unreachable.',
      safeAlternative: 'add the datacenter under its new name as a new site, ALTER KEYSPACE to replicate to it and run nodetool rebuild there, then remove the old datacenter from the keyspaces and the design.',
    },
  ],
  addMember: (_design, cluster, _details, site) => ({
    run: `set datacenter ${site}'s size to ${membersIn(cluster, site)} in K8ssandraCluster ${cluster.name} (kubectl -n ${cluster.namespace} edit k8ssandracluster ${cluster.name})`,
    waitFor: 'the new node is UN in `nodetool status`; then run `nodetool cleanup` on the datacenter\'s other nodes',
  }),
  removeMember: (_design, cluster, _details, site) => ({
    run: `set datacenter ${site}'s size to ${membersIn(cluster, site)} in K8ssandraCluster ${cluster.name} (cass-operator decommissions the node)`,
    waitFor: 'the node has left `nodetool status` and the CassandraDatacenter is Ready',
  }),
  applySettings: (_design, cluster) => ({
    run: `ALTER KEYSPACE ... WITH replication = the keyspaces of cluster ${cluster.name} in the new output; then nodetool repair -full on each datacenter whose replication factor grew`,
    waitFor: 'the repairs finished',
  }),
  // Cassandra writes a keyspace's replicas only in the datacenters its replication names: a new
  // datacenter holds none of a keyspace until an ALTER KEYSPACE names it, and `nodetool rebuild`
  // streams only what is replicated there (https://cassandra.apache.org/doc/4.1/cassandra/managing/operating/topo_changes.html,
  // adding a datacenter; https://docs.k8ssandra.io/tasks/scale/add-dc/). K8ssandra alters, before it
  // rebuilds a new datacenter, only the keyspaces its `k8ssandra.io/dc-replication` annotation lists
  // (k8ssandra-operator controllers/k8ssandra, updateUserKeyspacesReplication), and writes no such
  // annotation when the design declares no keyspace (./writer.ts): the .cql, whose ALTER names every
  // datacenter, makes sure either way (idempotent). The probe's table holds only rows the probes
  // rewrite, so the rebuild has nothing of it to stream: before or after the rebuild serves the same.
  sitesAdded: (design, a, sites) => {
    const step = cassandraWriteHealthStep(design, a);
    return step ? [{
      ...step,
      title: `Once the nodes of ${sites.join(', ')} are UN in \`nodetool status\`, run ${writeHealthCqlFile(a.cluster)} again: its ALTER KEYSPACE now replicates \`${WRITE_HEALTH_KEYSPACE}\` to ${sites.length === 1 ? 'that datacenter' : 'those datacenters'}. Until then the write-path probe there writes at ${a.cluster.engine.writeConsistency} to a keyspace with no replica in its datacenter, fails, and k8gb never serves the site. (K8ssandra alters for a new datacenter only the keyspaces of its \`k8ssandra.io/dc-replication\` annotation, written only when the design declares keyspaces; re-running the file is harmless. The probe's rows need no rebuild, so this may run before or after K8ssandra's.)`,
    }] : [];
  },
};
