import { CockroachDbModel } from './model';
import { membersName } from '../../model/member-addresses';
import { EngineChangeFacts } from '../engine';

/**
 * How a CockroachDB node joins or leaves, and new replication settings are applied.
 * Sources: a node is removed by decommissioning it first, which moves its replicas away
 * (https://www.cockroachlabs.com/docs/v24.2/node-shutdown#decommission-the-node); replication
 * zones are changed with `CONFIGURE ZONE` and the replicas move in the background
 * (https://www.cockroachlabs.com/docs/v24.2/configure-replication-zones). The cluster's identity
 * is its data, not a setting: no identity setting.
 */
export const COCKROACHDB_CHANGES: EngineChangeFacts<CockroachDbModel> = {
  identity: () => [],
  addMember: (cluster, site) => ({
    run: `kubectl -n ${cluster.namespace} scale statefulset ${membersName(cluster, site)} --replicas=<one more>`,
    waitFor: 'the node is live in `cockroach node status` and the cluster reports no under-replicated ranges (DB Console, Replication: under-replicated = 0)',
  }),
  removeMember: (cluster, site) => ({
    run: `cockroach node decommission <the node id of ${membersName(cluster, site)}'s highest ordinal> --certs-dir=... ; then kubectl -n ${cluster.namespace} scale statefulset ${membersName(cluster, site)} --replicas=<one fewer>`,
    waitFor: 'the decommission reports the node\'s replicas at 0 and the node decommissioned, and no under-replicated ranges',
  }),
  applySettings: (cluster) => ({
    run: `run the zone configuration of cluster ${cluster.name} from the new output (ALTER RANGE default CONFIGURE ZONE USING num_replicas = ${cluster.engine.replicationFactor}, ...)`,
    waitFor: 'the replication report shows no under-replicated and no over-replicated ranges (SELECT * FROM system.replication_stats)',
  }),
};
