import { ORACLE_DATA_GUARD_KIND, OracleDataGuardModel } from './model';
import { dataGuardOutcome, DataGuardOutcome, dataGuardRoles, DataGuardRoles } from './outcome';
import { AnalyzedCluster, AnalyzedDesign, clustersOfKind } from '../../analysis/analyzed-design';
import { singleSiteLosses, twoSiteLosses } from '../../analysis/site-loss';
import { SqlClusterOf } from '../../model/design';

/** What synth works out once about a Data Guard configuration. */
export interface DataGuardAnalysis {
  readonly roles: DataGuardRoles;
  /** What each single-site loss does to writes, in site order. */
  readonly singleSiteOutcomes: readonly DataGuardOutcome[];
  /** What each two-site loss does to writes, in site order. */
  readonly twoSiteOutcomes: readonly DataGuardOutcome[];
}

/** A Data Guard cluster with its analysis. */
export type AnalyzedDataGuard = AnalyzedCluster<OracleDataGuardModel, DataGuardAnalysis>;

/** Roles and loss outcomes of one configuration. */
export function analyzeDataGuard(cluster: SqlClusterOf<OracleDataGuardModel>): DataGuardAnalysis {
  const roles = dataGuardRoles(cluster);
  const sites = cluster.members.map((m) => m.site);
  return {
    roles,
    singleSiteOutcomes: singleSiteLosses(sites).map((lost) => dataGuardOutcome(cluster, roles, lost)),
    twoSiteOutcomes: twoSiteLosses(sites).map((lost) => dataGuardOutcome(cluster, roles, lost)),
  };
}

/** The design's Data Guard configurations, analyzed. */
export function dataGuardAnalyses(design: AnalyzedDesign): AnalyzedDataGuard[] {
  return clustersOfKind<OracleDataGuardModel, DataGuardAnalysis>(design, ORACLE_DATA_GUARD_KIND);
}

/** The design's Data Guard clusters. */
export function dataGuardClusters(design: AnalyzedDesign): SqlClusterOf<OracleDataGuardModel>[] {
  return dataGuardAnalyses(design).map((a) => a.cluster);
}
