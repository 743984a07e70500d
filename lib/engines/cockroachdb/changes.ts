import { CockroachDbModel } from './model';
import { CockroachAnalysis } from './voting-groups';
import { localityTier } from './writer';
import { zoneConfigStatements } from './zone-config';
import { membersName } from '../../model/member-addresses';
import { EngineChangeFacts } from '../engine';
import { membersIn, scaleStatefulSet } from '../scale-step';

/**
 * How a CockroachDB node joins or leaves, and new replication settings are applied. The zone
 * configuration pins voters per site, so every step re-runs it for the placement after the step.
 * Sources: a node is removed by decommissioning it first, which moves its replicas away
 * (https://www.cockroachlabs.com/docs/v24.2/node-shutdown#decommission-the-node); replication
 * zones are changed with `CONFIGURE ZONE` and the replicas move in the background
 * (https://www.cockroachlabs.com/docs/v24.2/configure-replication-zones). The cluster's identity
 * is its data, not a setting: no identity setting.
 */
export const COCKROACHDB_CHANGES: EngineChangeFacts<CockroachDbModel, CockroachAnalysis> = {
  identity: () => [],
  addMember: (design, cluster, details, site) => ({
    run: `${scaleStatefulSet(cluster.namespace, membersName(cluster, site), membersIn(cluster, site))}; once the node is live, in cockroach sql: `
      + zoneConfigStatements(details, localityTier(design)).join(' '),
    waitFor: 'the node is live in `cockroach node status` and no range is under-replicated or over-replicated (SELECT * FROM system.replication_stats)',
  }),
  removeMember: (design, cluster, details, site) => ({
    run: `in cockroach sql: ${zoneConfigStatements(details, localityTier(design)).join(' ')} then cockroach node decommission <the node id of ${membersName(cluster, site)}'s highest ordinal>; `
      + `then ${scaleStatefulSet(cluster.namespace, membersName(cluster, site), membersIn(cluster, site))}`,
    waitFor: 'the decommission reports the node\'s replicas at 0 and the node decommissioned, and no range is under-replicated',
  }),
  applySettings: (design, _cluster, details) => ({
    run: `in cockroach sql: ${zoneConfigStatements(details, localityTier(design)).join(' ')}`,
    waitFor: 'no range is under-replicated or over-replicated (SELECT * FROM system.replication_stats)',
  }),
};
