import { YugabyteDbModel } from './model';
import { tserverSetName } from './names';
import { EngineChangeFacts } from '../engine';

/**
 * How a YugabyteDB T-Server joins or leaves, and a new placement (replication factor) is applied.
 * Sources: https://docs.yugabyte.com/preview/manage/change-cluster-config/ (blacklist a T-Server
 * with `yb-admin change_blacklist ADD`, wait for `get_load_move_completion` at 100, then stop it;
 * masters change one at a time with `change_master_config ADD_SERVER`/`REMOVE_SERVER`); the
 * placement and replication factor with `yb-admin modify_placement_info`
 * (https://docs.yugabyte.com/preview/admin/yb-admin/#modify-placement-info).
 */
export const YUGABYTEDB_CHANGES: EngineChangeFacts<YugabyteDbModel> = {
  identity: () => [],
  addMember: (cluster, site) => ({
    run: `kubectl -n ${cluster.namespace} scale statefulset ${tserverSetName(cluster, site)} --replicas=<one more>`,
    waitFor: 'the T-Server is ALIVE in `yb-admin list_all_tablet_servers` and `yb-admin get_load_move_completion` reports 100',
  }),
  removeMember: (cluster, site) => ({
    run: `yb-admin change_blacklist ADD <the highest ordinal of ${tserverSetName(cluster, site)}>:9100; then kubectl -n ${cluster.namespace} scale statefulset ${tserverSetName(cluster, site)} --replicas=<one fewer>`,
    waitFor: '`yb-admin get_load_move_completion` reports 100 before scaling down',
  }),
  applySettings: (cluster) => ({
    run: `yb-admin modify_placement_info <the placement of cluster ${cluster.name} from the new output> ${cluster.engine.replicationFactor}; masters one at a time with yb-admin change_master_config ADD_SERVER, then REMOVE_SERVER`,
    waitFor: '`yb-admin get_load_move_completion` reports 100 and `yb-admin list_all_masters` shows one LEADER and every master FOLLOWER or LEADER',
  }),
};
