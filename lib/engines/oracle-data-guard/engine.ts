import { analyzeDataGuard, DataGuardAnalysis } from './analysis';
import { ORACLE_DATA_GUARD_KIND, OracleDataGuardModel, oracleDataGuardModel, DataGuardCluster } from './model';
import { OracleDataGuardOptions } from './options';
import { dataGuardSection } from './report-section';
import { SqlEngineDefinition } from '../engine';
import { checkClientNamespaces, checkSecretNames, checkWholeGibibytes } from '../option-checks';
import { dataGuardClusterPerSite } from './rules/dg-cluster-per-site';
import { dataGuardManualFailover } from './rules/dg-manual-failover';
import { dataGuardObserver } from './rules/dg-observer';
import { dataGuardOwnNamespace } from './rules/dg-own-namespace';
import { dataGuardPlacement } from './rules/dg-placement';
import { dataGuardRpo } from './rules/dg-rpo';
import { renderRunbook } from './runbook';
import { writeDataGuard } from './writer';
import { WritePath } from '../../analysis/analyzed-design';
import { exactGroup } from '../../analysis/voting-group';
import { RttMatrix } from '../../model/latency';

/**
 * Oracle Data Guard with Oracle's Database Operator: one primary, physical standbys, the
 * fast-start failover observer as the arbitrator of a third site. Asynchronous: not strongly
 * consistent, so the quorum rules do not apply; the RPO must be stated.
 */
export const ORACLE_DATA_GUARD: SqlEngineDefinition<OracleDataGuardOptions, OracleDataGuardModel, DataGuardAnalysis> = {
  kind: ORACLE_DATA_GUARD_KIND,
  label: 'Oracle Data Guard',
  stronglyConsistent: false,
  hasArbitrators: true,
  writePath: WritePath.ASYNC_PRIMARY,
  validateOptions(options) {
    const where = 'SqlEngine.oracleDataGuard';
    if (options.rpo !== undefined && options.rpo.toSeconds() < 0) {
      throw new Error(`${where}: rpo must not be negative.`);
    }
    checkWholeGibibytes(where, 'storageSize', options.storageSize);
    checkSecretNames(where, { adminPasswordSecret: options.adminPasswordSecret, imagePullSecret: options.imagePullSecret });
    checkClientNamespaces(where, 'clientNamespaces entry', options.clientNamespaces);
  },
  sitesNamedIn: (options) => [options.primary],
  toModel: oracleDataGuardModel,
  votingGroups: (cluster) => [exactGroup('votes', new Map(cluster.members.map((m) => [m.site, m.voters + m.arbitrators])))],
  commitFloorMillis: dataGuardCommitFloorMillis,
  replicatesInClear: () => false,
  analyze: (_design, cluster) => analyzeDataGuard(cluster),
  rules: [dataGuardRpo, dataGuardPlacement, dataGuardObserver, dataGuardClusterPerSite, dataGuardOwnNamespace, dataGuardManualFailover],
  write: ({ design, analysis, charts }) => writeDataGuard(design, analysis, charts),
  reportSection: (_design, analysis) => dataGuardSection(analysis),
  extraFiles: (_design, analysis) => new Map([[`RUNBOOK-${analysis.cluster.name}.md`, renderRunbook(analysis)]]),
};

/**
 * Only the primary takes writes. In MaxPerformance redo ships asynchronously, so a commit waits
 * for no other site (0 ms); in MaxAvailability it waits for a synchronous standby to receive the
 * redo, at least the RTT to the nearest one. Undefined for the standbys' sites (they take no writes).
 */
function dataGuardCommitFloorMillis(cluster: DataGuardCluster, _groups: unknown, site: string, rtt: RttMatrix): number | undefined {
  if (site !== cluster.engine.primary) return undefined;
  if (cluster.engine.protectionMode === 'MaxPerformance') return 0;
  const standbys = cluster.members.filter((m) => m.voters > 0 && m.site !== site).map((m) => rtt.between(site, m.site));
  if (standbys.length === 0 || standbys.some((r) => r === undefined)) return undefined;
  return Math.min(...(standbys as number[]));
}
