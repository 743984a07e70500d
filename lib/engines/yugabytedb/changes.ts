import { YugabyteAnalysis } from './analysis';
import { YugabyteDbModel } from './model';
import { tserverSetName } from './names';
import { EngineChangeFacts } from '../engine';
import { membersIn, scaleStatefulSet } from '../scale-step';

/**
 * How a YugabyteDB T-Server joins or leaves, and a new placement (replication factor) is applied.
 * The placement pins replicas per site, so a step that changes it names the placement after it.
 * Sources: https://docs.yugabyte.com/preview/manage/change-cluster-config/ (blacklist a T-Server
 * with `yb-admin change_blacklist ADD`, wait for `get_load_move_completion` at 100, then stop it;
 * masters change one at a time with `change_master_config ADD_SERVER`/`REMOVE_SERVER`); the
 * placement and replication factor with `yb-admin modify_placement_info`
 * (https://docs.yugabyte.com/preview/admin/yb-admin/#modify-placement-info).
 */
export const YUGABYTEDB_CHANGES: EngineChangeFacts<YugabyteDbModel, YugabyteAnalysis> = {
  identity: () => [],
  addMember: (_design, cluster, _details, site) => ({
    run: scaleStatefulSet(cluster.namespace, tserverSetName(cluster, site), membersIn(cluster, site)),
    waitFor: 'the T-Server is ALIVE in `yb-admin list_all_tablet_servers` and `yb-admin get_load_move_completion` reports 100',
  }),
  removeMember: (_design, cluster, _details, site) => ({
    run: `yb-admin change_blacklist ADD <the highest ordinal of ${tserverSetName(cluster, site)}>:9100; once the load moved, `
      + scaleStatefulSet(cluster.namespace, tserverSetName(cluster, site), membersIn(cluster, site)),
    waitFor: '`yb-admin get_load_move_completion` reports 100 before scaling down',
  }),
  applySettings: (_design, cluster, details) => ({
    run: `yb-admin modify_placement_info ${details.placementBlocks.join(',')} ${cluster.engine.replicationFactor}; masters to ${details.masters}, one at a time: yb-admin change_master_config ADD_SERVER <host> 7100, then REMOVE_SERVER for any master that leaves`,
    waitFor: '`yb-admin get_load_move_completion` reports 100 and `yb-admin list_all_masters` shows one LEADER and every other master FOLLOWER',
  }),
};
