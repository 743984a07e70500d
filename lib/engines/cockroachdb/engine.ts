import { COCKROACHDB_KIND, CockroachDbModel, cockroachDbModel } from './model';
import { CockroachDbOptions } from './options';
import { cockroachCertificates, cockroachNotes } from './report-section';
import { replicationFactor } from './rules/replication-factor';
import { cockroachVotingGroups } from './voting-groups';
import { writeCockroachDb } from './writer';
import { WritePath } from '../../analysis/analyzed-design';
import { commitLatencyFloorMillis } from '../../analysis/latency-floor';
import { quorumClusterSection } from '../../report/quorum-section';
import { SqlEngineDefinition } from '../engine';

/** CockroachDB: Raft per range, strongly consistent; every member site holds data, the witness included. */
export const COCKROACHDB: SqlEngineDefinition<CockroachDbOptions, CockroachDbModel, undefined> = {
  kind: COCKROACHDB_KIND,
  label: 'CockroachDB',
  stronglyConsistent: true,
  hasArbitrators: false,
  writePath: WritePath.RAFT_QUORUM,
  validateOptions(options) {
    const rf = options.replicationFactor ?? 3;
    if (!Number.isInteger(rf) || rf < 1) {
      throw new Error(`SqlEngine.cockroachDb: replicationFactor must be a whole number ≥ 1, got ${rf}.`);
    }
  },
  toModel: cockroachDbModel,
  votingGroups: cockroachVotingGroups,
  // The strictest group (the default ranges) sets the floor.
  commitFloorMillis: (_cluster, groups, site, rtt) => commitLatencyFloorMillis(groups[0], site, rtt),
  replicatesInClear: (model) => model.insecure,
  analyze: () => undefined,
  rules: [replicationFactor],
  write: ({ design, analysis, charts }) => writeCockroachDb(design, analysis, charts),
  reportSection: (design, analysis) => quorumClusterSection(design, analysis, {
    notes: cockroachNotes(design, analysis.cluster),
    floorSentence: 'The least time a write led from a site waits for a quorum of the default ranges, from the speed of light alone:',
    trailer: cockroachCertificates(design, analysis.cluster),
  }),
  extraFiles: () => new Map(),
};
