import { Severity } from '../../../core/types';
import { NO_PLACEMENT_REMEDY, Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { DataGuardAnalysis } from '../analysis';
import { OracleDataGuardModel } from '../model';

/** The Data Guard namespace enforces a Pod Security level no other cluster should run under. */
export const dataGuardOwnNamespace: EngineRule<OracleDataGuardModel, DataGuardAnalysis> = {
  id: 'MS-DG-OWN-NAMESPACE',
  summary: 'a Data Guard cluster sharing its namespace (its pods need Pod Security `privileged`, the others `restricted`)',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'Oracle\'s operator runs database pods that add SYS_NICE and a root init container, so a Data Guard namespace must enforce Pod Security `privileged`, while every other cluster\'s namespace enforces `restricted`. One namespace has one level: shared, either the Oracle pods are rejected at admission or the other clusters\' pods lose `restricted`.',
  checkClusters(clusters, design): Violation[] {
    return clusters.map((a) => a.cluster).flatMap((c) => {
      const sharing = design.sqlClusters.filter((o) => o !== c && o.namespace === c.namespace);
      if (sharing.length === 0) return [];
      return [{
        path: c.path,
        message: `${c.name} shares namespace ${c.namespace} with ${sharing.map((o) => o.name).join(', ')}.`,
        fix: `Give ${c.name} a namespace of its own (the namespace property of DistributedSqlCluster).`,
        placement: NO_PLACEMENT_REMEDY,
      }];
    });
  },
};
