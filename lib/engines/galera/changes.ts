import { GaleraModel } from './model';
import { membersName } from '../../model/member-addresses';
import { EngineChangeFacts } from '../engine';
import { membersIn, scaleStatefulSet } from '../scale-step';

/**
 * What may not change in a running Galera cluster, and how one node joins or leaves.
 * Sources: `wsrep_cluster_name` ("all nodes in a cluster must have the same name; nodes refuse
 * to connect to nodes that have a different name",
 * https://galeracluster.com/library/documentation/mysql-wsrep-options.html#wsrep-cluster-name);
 * a node that leaves gracefully is removed from the membership and the quorum is recomputed
 * (https://galeracluster.com/library/documentation/weighted-quorum.html).
 */
export const GALERA_CHANGES: EngineChangeFacts<GaleraModel> = {
  identity: (cluster) => [{
    name: 'wsrep_cluster_name',
    value: cluster.name,
    changeDoes: 'every node restarted with the new name refuses to connect to the nodes that still carry the old one, so a rolling update splits the cluster into two that each lost quorum or each take writes (wsrep_cluster_name: "nodes refuse to connect to nodes that have a different name").',
    safeAlternative: 'keep the cluster\'s name (the DistributedSqlCluster\'s id); to get a new name, build a second cluster beside the old one, replicate into it (an asynchronous replica of the old cluster), switch the clients, then remove the old one.',
  }],
  addMember: (_design, cluster, _details, site) => ({
    run: scaleStatefulSet(cluster.namespace, membersName(cluster, site), membersIn(cluster, site)),
    waitFor: 'the new node reports wsrep_local_state_comment = Synced and every node reports the larger wsrep_cluster_size (SHOW STATUS LIKE \'wsrep_%\')',
  }),
  removeMember: (_design, cluster, _details, site) => ({
    run: `${scaleStatefulSet(cluster.namespace, membersName(cluster, site), membersIn(cluster, site))}; the highest ordinal shuts down and leaves the membership`,
    waitFor: 'every remaining node reports the smaller wsrep_cluster_size and wsrep_cluster_status = Primary',
  }),
  applySettings: (_design, cluster) => ({
    run: `apply the new output for cluster ${cluster.name} (a rolling restart, one node at a time)`,
    waitFor: 'every node Synced and wsrep_cluster_status = Primary after each restart',
  }),
};
