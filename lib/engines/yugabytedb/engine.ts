import { analyzeYugabyte, YugabyteAnalysis, yugabyteVotingGroups } from './analysis';
import { YUGABYTE_BACKUP } from './backup';
import { YUGABYTEDB_CHANGES } from './changes';
import { yugabyteFlows } from './flows';
import { yugabyteMetricsEndpoints } from './metrics';
import { YUGABYTEDB_DEFAULT_REPLICATION_FACTOR, YUGABYTEDB_KIND, YugabyteDbModel, yugabyteDbModel } from './model';
import { YugabyteDbOptions } from './options';
import { yugabyteCertificates, yugabyteDisruptionBudget, yugabyteFloorSentence, yugabyteNotes } from './report-section';
import { WritePath } from '../../analysis/analyzed-design';
import { SqlEngineDefinition } from '../engine';
import { checkClientNamespaces, checkCpu, checkSecretNames, checkWholeGibibytes, checkWholeMebibytes, checkWorkload } from '../option-checks';
import { ybEvenSites } from './rules/yb-even-sites';
import { ybEvenSitesHalt } from './rules/yb-even-sites-halt';
import { ybMasterCount } from './rules/yb-master-count';
import { ybMasterPlacement } from './rules/yb-master-placement';
import { ybObjectNames } from './rules/yb-object-names';
import { ybPreferredLeaders } from './rules/yb-preferred-leaders';
import { ybReplicasPerSite } from './rules/yb-replicas-per-site';
import { ybReplicationFactor } from './rules/yb-replication-factor';
import { yugabyteWriteHealthFlows, yugabyteWriteHealthProbe } from './write-health';
import { renderWriteHealthSql, writeHealthSqlFile, yugabyteClusterSetup, yugabyteWriteHealthStep } from './write-health-setup';
import { writeYugabyteDb } from './writer';
import { commitLatencyFloorMillis } from '../../analysis/latency-floor';
import { splitOffDown } from '../../analysis/members-down';
import { majorityVerdict, SurvivalRule } from '../../analysis/survival';
import { VotingGroup } from '../../analysis/voting-group';
import { RttMatrix } from '../../model/latency';
import { shownNumber } from '../../model/validation';
import { quorumClusterSection } from '../../report/quorum-section';

const NAME_LABEL = /^[A-Za-z0-9]([-A-Za-z0-9_]*[A-Za-z0-9])?$/;

/**
 * The least commit latency of a write from `site`: the tablets' Raft floor from the leader's site
 * (`groups[0]` are the tablets). With preferred leader sites the leader is in the first of them,
 * so a write from elsewhere first crosses to it; without, some tablets are led in `site` itself.
 */
export function yugabyteCommitFloorMillis(
  preferredLeaderSites: readonly string[], tablets: VotingGroup, site: string, rtt: RttMatrix,
): number | undefined {
  const lead = preferredLeaderSites[0];
  if (lead === undefined) return commitLatencyFloorMillis(tablets, site, rtt);
  const toLeader = rtt.between(site, lead);
  const leaderFloor = commitLatencyFloorMillis(tablets, lead, rtt);
  return toLeader === undefined || leaderFloor === undefined ? undefined : toLeader + leaderFloor;
}

/** YugabyteDB: Raft per tablet and for the masters, strongly consistent; as many masters as the replication factor, placed like the tablets. */
export const YUGABYTEDB: SqlEngineDefinition<YugabyteDbOptions, YugabyteDbModel, YugabyteAnalysis> = {
  kind: YUGABYTEDB_KIND,
  label: 'YugabyteDB',
  stronglyConsistent: true,
  hasArbitrators: false,
  writePath: WritePath.RAFT_QUORUM,
  // A range's (tablet's, write set's) commit needs a majority of its voters: the groups' majorities decide.
  survivalRule: SurvivalRule.MAJORITY,
  survivalAfterLosing: (cluster, _details, groups, lost) => majorityVerdict(cluster, groups, lost),
  // "The tablet-peers corresponding to each tablet hosted on different YB-TServers form a Raft group"
  // (https://docs.yugabyte.com/stable/architecture/yb-tserver): a tserver down takes at most one peer
  // of each tablet, a master down one vote of the masters (yugabyteVotingGroups: tablets, then masters).
  survivalWithMembersDown: (cluster, _details, groups, lost, down) => {
    const split = splitOffDown(groups, down, (g, component) => (component === 'master') === g.label.startsWith('masters'));
    return majorityVerdict(cluster, split.groups, [...lost, ...split.downSites]);
  },
  // --master_addresses names every master under its site's cluster domain (names.ts masterAddresses).
  resolvesPeersByClusterDns: true,
  validateOptions(options) {
    const rf = options.replicationFactor ?? YUGABYTEDB_DEFAULT_REPLICATION_FACTOR;
    if (!Number.isInteger(rf) || rf < 1) {
      throw new Error(`SqlEngine.yugabyteDb: replicationFactor must be a whole number ≥ 1, got ${shownNumber(rf)}.`);
    }
    const where = 'SqlEngine.yugabyteDb';
    checkWorkload(where, { image: options.image, storageClassName: options.storageClassName });
    checkCpu(where, 'tserverCpu', options.tserverCpu);
    checkCpu(where, 'masterCpu', options.masterCpu);
    checkWholeGibibytes(where, 'tserverStorageSize', options.tserverStorageSize);
    checkWholeGibibytes(where, 'masterStorageSize', options.masterStorageSize);
    // The chart's smallest memory request is the master's 2 GiB; the library takes down to 1 GiB.
    checkWholeMebibytes(where, 'tserverMemory', options.tserverMemory, 1024);
    checkWholeMebibytes(where, 'masterMemory', options.masterMemory, 1024);
    checkSecretNames(where, {
      certificatesSecret: options.certificatesSecret,
      certManagerCaSecret: options.certManagerCaSecret,
      superuserPasswordSecret: options.superuserPasswordSecret,
      writeHealthPasswordSecret: options.writeHealthPasswordSecret,
    });
    checkClientNamespaces(where, 'sqlClientNamespaces entry', options.sqlClientNamespaces);
    const masterSites = (options.masterPlacement ?? []).map((p) => p.site);
    if (new Set(masterSites).size !== masterSites.length) {
      throw new Error(`${where}: masterPlacement names a site twice (${masterSites.map((s) => s.siteName).join(', ')}); give each site once with its masters.`);
    }
    for (const p of options.masterPlacement ?? []) {
      if (!Number.isInteger(p.masters) || p.masters < 0) {
        throw new Error(`${where}: masterPlacement gives ${p.site.siteName} ${p.masters} masters; use a whole number ≥ 0.`);
      }
    }
    const preferred = options.preferredLeaderSites ?? [];
    if (new Set(preferred).size !== preferred.length) {
      throw new Error(`SqlEngine.yugabyteDb: preferredLeaderSites names a site twice (${preferred.map((s) => s.siteName).join(', ')}); list each site once, most preferred first.`);
    }
    const cloud = options.placementCloud ?? 'cloud1';
    // yb-admin takes placements as cloud.region.zone: a dot in the cloud would shift the fields.
    if (!NAME_LABEL.test(cloud) || cloud.length > 63) {
      throw new Error(`SqlEngine.yugabyteDb: placementCloud "${cloud}" must be letters, digits, '-' or '_' (no dots: yb-admin splits cloud.region.zone on them), at most 63 characters.`);
    }
  },
  sitesNamedIn: (options) => [...(options.preferredLeaderSites ?? []), ...(options.masterPlacement ?? []).map((p) => p.site)],
  toModel: yugabyteDbModel,
  votingGroups: (cluster, details) => yugabyteVotingGroups(cluster, details),
  commitFloorMillis: (cluster, groups, site, rtt) => yugabyteCommitFloorMillis(cluster.engine.preferredLeaderSites, groups[0], site, rtt),
  replicatesInClear: (model) => model.insecure,
  certificatesFromCertManager: (model) => model.certManagerCaSecret !== undefined,
  networkFlows: (design, cluster, details) => [...yugabyteFlows(design, cluster, details), ...yugabyteWriteHealthFlows(design, cluster)],
  writeHealthProbe: (design, cluster, _details, site) => yugabyteWriteHealthProbe(design, cluster, site),
  clusterSetup: (design, analysis) => yugabyteClusterSetup(design, analysis),
  writeHealthAccountSteps: (design, analysis) => [yugabyteWriteHealthStep(design, analysis.cluster)].filter((s) => s !== undefined),
  analyze: analyzeYugabyte,
  changes: YUGABYTEDB_CHANGES,
  backup: YUGABYTE_BACKUP,
  rules: [ybMasterCount, ybMasterPlacement, ybReplicasPerSite, ybReplicationFactor, ybEvenSitesHalt, ybEvenSites, ybPreferredLeaders, ybObjectNames],
  write: ({ design, analysis, charts }) => writeYugabyteDb(design, analysis, charts),
  reportSection: (design, analysis) => quorumClusterSection(design, analysis, {
    notes: yugabyteNotes(analysis),
    floorSentence: yugabyteFloorSentence(analysis.cluster),
    trailer: yugabyteCertificates(design, analysis.cluster),
    disruptionBudget: yugabyteDisruptionBudget(analysis),
  }),
  extraFiles: (design, analysis) => (yugabyteWriteHealthStep(design, analysis.cluster)
    ? new Map([[writeHealthSqlFile(analysis.cluster), renderWriteHealthSql(analysis.cluster)]])
    : new Map()),
  metricsEndpoints: (cluster, details) => yugabyteMetricsEndpoints(cluster, details),
};
