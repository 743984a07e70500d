import { COCKROACH_BACKUP } from './backup';
import { COCKROACHDB_CHANGES } from './changes';
import { cockroachClusterSetup } from './cluster-setup';
import { cockroachCommitFloorMillis, cockroachFloorSentence } from './commit-floor';
import { cockroachFlows } from './flows';
import { cockroachMetricsEndpoints } from './metrics';
import { COCKROACHDB_DEFAULT_REPLICATION_FACTOR, COCKROACHDB_KIND, CockroachDbModel, cockroachDbModel } from './model';
import { CockroachDbOptions } from './options';
import { pinnedGroup } from './pinned-placement';
import { cockroachCertificates, cockroachNotes } from './report-section';
import { cockroachWriteHealthFlows, cockroachWriteHealthProbe } from './write-health';
import { shownNumber } from '../../model/validation';
import { SqlEngineDefinition } from '../engine';
import { checkClientNamespaces, checkSecretNames, checkWholeGibibytes, checkWholeMebibytes, checkWorkload } from '../option-checks';
import { leasePreferences } from './rules/lease-preferences';
import { replicationFactor } from './rules/replication-factor';
import { analyzeCockroach, CockroachAnalysis } from './voting-groups';
import { writeCockroachDb } from './writer';
import { WritePath } from '../../analysis/analyzed-design';
import { splitOffDown } from '../../analysis/members-down';
import { majorityVerdict, SurvivalRule } from '../../analysis/survival';
import { quorumClusterSection, votingMembersBudget } from '../../report/quorum-section';

/** CockroachDB: Raft per range, strongly consistent; every member site holds data, the witness included. */
export const COCKROACHDB: SqlEngineDefinition<CockroachDbOptions, CockroachDbModel, CockroachAnalysis> = {
  kind: COCKROACHDB_KIND,
  label: 'CockroachDB',
  stronglyConsistent: true,
  hasArbitrators: false,
  namesEveryMemberInJoinList: true,
  writePath: WritePath.RAFT_QUORUM,
  // A range's (tablet's, write set's) commit needs a majority of its voters: the groups' majorities decide.
  survivalRule: SurvivalRule.MAJORITY,
  survivalAfterLosing: (cluster, _details, groups, lost) => majorityVerdict(cluster, groups, lost),
  // "CockroachDB replicates each range ... and stores each replica on a different node"
  // (https://www.cockroachlabs.com/docs/v2.0/recommended-production-settings): a node down takes at
  // most one voter of each range, wherever in its site the allocator put them (worst case: it does).
  // Up-replication onto the site's other nodes after server.time_until_store_dead is not counted.
  survivalWithMembersDown: (cluster, _details, groups, lost, down) => {
    const split = splitOffDown(groups, down, () => true);
    return majorityVerdict(cluster, split.groups, [...lost, ...split.downSites]);
  },
  // --join lists every member as <pod>.<headless service>.<namespace>.svc.<its site's cluster domain> (writer.ts).
  resolvesPeersByClusterDns: true,
  validateOptions(options) {
    const rf = options.replicationFactor ?? COCKROACHDB_DEFAULT_REPLICATION_FACTOR;
    if (!Number.isInteger(rf) || rf < 1) {
      throw new Error(`SqlEngine.cockroachDb: replicationFactor must be a whole number ≥ 1, got ${shownNumber(rf)}.`);
    }
    // ValidateTandemFields in pkg/config/zonepb/zone.go: "at least 3 replicas are required for multi-replica configurations".
    if (rf === 2) {
      throw new Error('SqlEngine.cockroachDb: replicationFactor 2 is refused by CockroachDB (a multi-replica zone needs at least 3 replicas); use 1 or 3.');
    }
    const where = 'SqlEngine.cockroachDb';
    checkWorkload(where, { image: options.image, storageClassName: options.storageClassName, cpu: options.cpu });
    checkWholeGibibytes(where, 'storageSize', options.storageSize);
    checkWholeMebibytes(where, 'memory', options.memory, 1024);
    checkSecretNames(where, {
      nodeCertificatesSecret: options.nodeCertificatesSecret,
      rootClientCertificatesSecret: options.rootClientCertificatesSecret,
      certManagerCaSecret: options.certManagerCaSecret,
    });
    checkClientNamespaces(where, 'sqlClientNamespaces entry', options.sqlClientNamespaces);
    const leases = options.leasePreferences ?? [];
    if (new Set(leases).size !== leases.length) {
      throw new Error(`SqlEngine.cockroachDb: leasePreferences names a site twice (${leases.map((s) => s.siteName).join(', ')}); list each site once, most preferred first.`);
    }
  },
  sitesNamedIn: (options) => options.leasePreferences ?? [],
  toModel: cockroachDbModel,
  votingGroups: (_cluster, details) => details.ranges.map(pinnedGroup),
  // The strictest group (the default ranges) sets the floor, from the site that leads writes.
  commitFloorMillis: (cluster, groups, site, rtt) => cockroachCommitFloorMillis(cluster.engine.leasePreferences, groups[0], site, rtt),
  // Odd factors only: an even one adds a vote and no failure survived (and 2 is refused by CockroachDB).
  fixAlternatives: (model) => [1, 3, 5, 7, 9].filter((rf) => rf !== model.replicationFactor).map((rf) => ({
    model: { ...model, replicationFactor: rf },
    votesChanged: Math.abs(rf - model.replicationFactor),
    change: `set replicationFactor ${rf}`,
  })),
  replicatesInClear: (model) => model.insecure,
  certificatesFromCertManager: (model) => model.certManagerCaSecret !== undefined,
  networkFlows: (design, cluster) => [...cockroachFlows(design, cluster), ...cockroachWriteHealthFlows(design, cluster)],
  writeHealthProbe: (design, cluster, _details, site) => cockroachWriteHealthProbe(design, cluster, site),
  analyze: analyzeCockroach,
  changes: COCKROACHDB_CHANGES,
  backup: COCKROACH_BACKUP,
  rules: [replicationFactor, leasePreferences],
  write: ({ design, analysis, charts }) => writeCockroachDb(design, analysis, charts),
  reportSection: (design, analysis) => quorumClusterSection(design, analysis, {
    notes: cockroachNotes(design, analysis.cluster),
    floorSentence: cockroachFloorSentence(analysis.cluster.engine.leasePreferences),
    trailer: cockroachCertificates(design, analysis.cluster),
    // A pod holds at most one replica of each range, so each evicted pod is one vote of a range.
    disruptionBudget: votingMembersBudget(analysis, 'replicas of a range'),
  }),
  clusterSetup: (design, analysis) => cockroachClusterSetup(design, analysis.cluster),
  extraFiles: () => new Map(),
  metricsEndpoints: (cluster) => cockroachMetricsEndpoints(cluster),
};
