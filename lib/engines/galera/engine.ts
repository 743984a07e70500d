import { GALERA_BACKUP } from './backup';
import { GALERA_CHANGES } from './changes';
import { galeraClusterSetup } from './cluster-setup';
import { galeraFlows } from './flows';
import { galeraMetricsEndpoints } from './metrics-exporter';
import { GALERA_KIND, GaleraModel, galeraModel } from './model';
import { GaleraOptions } from './options';
import { galeraNotes } from './report-section';
import { SqlEngineDefinition } from '../engine';
import { galeraArbitratorImage } from './rules/galera-arbitrator-image';
import { galeraArbitratorSite } from './rules/galera-arbitrator-site';
import { galeraEvenVotes } from './rules/galera-even-votes';
import { galeraLatency } from './rules/galera-latency';
import { galeraMultiWriter } from './rules/galera-multi-writer';
import { galeraRouterFailover } from './rules/galera-router-failover';
import { galeraWriterPriority } from './rules/galera-writer-priority';
import { GaleraSettings, galeraSettings } from './settings';
import { galeraWriteHealthAccountEnv, galeraWriteHealthAccountSteps, galeraWriteHealthFlows, galeraWriteHealthProbe } from './write-health';
import { writeGalera } from './writer';
import { WritePath } from '../../analysis/analyzed-design';
import { farthestMemberRttMillis } from '../../analysis/latency-floor';
import { splitOffDown } from '../../analysis/members-down';
import { majorityVerdict, SurvivalRule } from '../../analysis/survival';
import { exactGroup } from '../../analysis/voting-group';
import { shownNumber } from '../../model/validation';
import { quorumClusterSection, votingMembersBudget } from '../../report/quorum-section';
import { checkClientNamespaces, checkSecretNames, checkWholeGibibytes, checkWholeMebibytes, checkWorkload } from '../option-checks';

/**
 * MariaDB Galera: synchronous, certification-based, every data node in the write path; a
 * witness runs the arbitrator `garbd`, one vote and no data.
 */
export const GALERA: SqlEngineDefinition<GaleraOptions, GaleraModel, GaleraSettings> = {
  kind: GALERA_KIND,
  label: 'MariaDB Galera',
  stronglyConsistent: true,
  hasArbitrators: true,
  namesEveryMemberInJoinList: true,
  writePath: WritePath.EVERY_MEMBER,
  // A range's (tablet's, write set's) commit needs a majority of its voters: the groups' majorities decide.
  survivalRule: SurvivalRule.MAJORITY,
  survivalAfterLosing: (cluster, _details, groups, lost) => majorityVerdict(cluster, groups, lost),
  // Every data node and garbd has one vote (votingGroups): k of them down take k votes.
  survivalWithMembersDown: (cluster, _details, groups, lost, down) => {
    const split = splitOffDown(groups, down, () => true);
    return majorityVerdict(cluster, split.groups, [...lost, ...split.downSites]);
  },
  // wsrep_cluster_address (gcomm://) names every member under its site's cluster domain (writer.ts).
  resolvesPeersByClusterDns: true,
  validateOptions(options) {
    const where = 'SqlEngine.galera';
    checkWorkload(where, { image: options.image, storageClassName: options.storageClassName, cpu: options.cpu });
    checkWholeGibibytes(where, 'storageSize', options.storageSize);
    checkWholeMebibytes(where, 'memory', options.memory, 1024);
    checkWholeMebibytes(where, 'gcacheSize', options.gcacheSize, 128);
    checkSecretNames(where, {
      rootPasswordSecret: options.rootPasswordSecret,
      writeHealthPasswordSecret: options.writeHealthPasswordSecret,
      tlsSecret: options.tlsSecret,
      certManagerCaSecret: options.certManagerCaSecret,
    });
    checkClientNamespaces(where, 'sqlClientNamespaces entry', options.sqlClientNamespaces);
    if (options.maxRttMillis !== undefined && !(typeof options.maxRttMillis === 'number' && options.maxRttMillis > 0)) {
      throw new Error(`${where}: maxRttMillis must be > 0, got ${shownNumber(options.maxRttMillis)}.`);
    }
    if (options.flowControlLimit !== undefined && (!Number.isInteger(options.flowControlLimit) || options.flowControlLimit < 1)) {
      throw new Error(`${where}: flowControlLimit must be a whole number ≥ 1, got ${shownNumber(options.flowControlLimit)}.`);
    }
  },
  sitesNamedIn: (options) => options.routing?._sites ?? [],
  toModel: galeraModel,
  // Every data node and every arbitrator has one vote in the primary component.
  votingGroups: (cluster) => [exactGroup('votes (data nodes + garbd)', new Map(cluster.members.map((m) => [m.site, m.voters + m.arbitrators])))],
  commitFloorMillis: (cluster, _groups, site, rtt) => farthestMemberRttMillis(cluster.members.map((m) => m.site), site, rtt),
  replicatesInClear: (model) => model.insecure,
  certificatesFromCertManager: (model) => model.certManagerCaSecret !== undefined,
  networkFlows: (design, cluster, details) => [...galeraFlows(design, cluster, details), ...galeraWriteHealthFlows(design, cluster, details)],
  writeHealthProbe: (design, cluster, details, site) => galeraWriteHealthProbe(design, cluster, details, site),
  writeHealthAccountSteps: (design, analysis) => galeraWriteHealthAccountSteps(design, analysis.cluster),
  analyze: galeraSettings,
  changes: GALERA_CHANGES,
  backup: GALERA_BACKUP,
  rules: [galeraEvenVotes, galeraLatency, galeraArbitratorImage, galeraArbitratorSite, galeraWriterPriority, galeraRouterFailover, galeraMultiWriter],
  write: ({ design, analysis, charts }) => writeGalera(design, analysis, charts),
  reportSection: (design, analysis) => quorumClusterSection(design, analysis, {
    notes: galeraNotes(analysis.cluster, analysis.details, galeraWriteHealthAccountEnv(design, analysis.cluster).length > 0),
    floorSentence: 'Galera: every write set is delivered to every member of the primary component (garbd included) before the commit returns. The floor from a site is the RTT to the farthest member, from the speed of light alone:',
    trailer: [],
    disruptionBudget: votingMembersBudget(analysis, 'members of the primary component'),
  }),
  clusterSetup: (design, analysis) => galeraClusterSetup(design, analysis.cluster),
  extraFiles: () => new Map(),
  metricsEndpoints: (cluster) => galeraMetricsEndpoints(cluster),
};
