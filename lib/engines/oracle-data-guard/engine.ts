import { analyzeDataGuard, DataGuardAnalysis } from './analysis';
import { ORACLE_DATA_GUARD_KIND, OracleDataGuardModel, oracleDataGuardModel } from './model';
import { OracleDataGuardOptions } from './options';
import { dataGuardSection } from './report-section';
import { dataGuardClusterPerSite } from './rules/dg-cluster-per-site';
import { dataGuardManualFailover } from './rules/dg-manual-failover';
import { dataGuardObserver } from './rules/dg-observer';
import { dataGuardOwnNamespace } from './rules/dg-own-namespace';
import { dataGuardPlacement } from './rules/dg-placement';
import { dataGuardRpo } from './rules/dg-rpo';
import { renderRunbook } from './runbook';
import { writeDataGuard } from './writer';
import { WritePath } from '../../analysis/analyzed-design';
import { commitLatencyFloorMillis } from '../../analysis/latency-floor';
import { exactGroup } from '../../analysis/voting-group';
import { SqlEngineDefinition } from '../engine';

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
    if (options.rpo !== undefined && options.rpo.toSeconds() < 0) {
      throw new Error('SqlEngine.oracleDataGuard: rpo must not be negative.');
    }
  },
  toModel: oracleDataGuardModel,
  votingGroups: (cluster) => [exactGroup('votes', new Map(cluster.members.map((m) => [m.site, m.voters + m.arbitrators])))],
  commitFloorMillis: (_cluster, groups, site, rtt) => commitLatencyFloorMillis(groups[0], site, rtt),
  replicatesInClear: () => false,
  analyze: (_design, cluster) => analyzeDataGuard(cluster),
  rules: [dataGuardRpo, dataGuardPlacement, dataGuardObserver, dataGuardClusterPerSite, dataGuardOwnNamespace, dataGuardManualFailover],
  write: ({ design, analysis, charts }) => writeDataGuard(design, analysis, charts),
  reportSection: (_design, analysis) => dataGuardSection(analysis),
  extraFiles: (_design, analysis) => new Map([[`RUNBOOK-${analysis.cluster.name}.md`, renderRunbook(analysis)]]),
};
