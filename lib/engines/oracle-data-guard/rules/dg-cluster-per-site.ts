import { AnalyzedDesign } from '../../../analysis/analyzed-design';
import { Severity } from '../../../core/types';
import { Rule, Violation } from '../../../rules/rule';
import { dataGuardClusters } from '../analysis';

/** Oracle's operator builds standbys only inside one Kubernetes cluster. */
export const dataGuardClusterPerSite: Rule = {
  id: 'MS-DG-CLUSTER-PER-SITE',
  summary: 'Data Guard across Kubernetes clusters (the operator cannot build such standbys)',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'Oracle\'s Database Operator (v2.1) creates a standby from a primary SingleInstanceDatabase it looks up in its own namespace and runs the broker by exec into local pods, so it cannot act on a standby in another Kubernetes cluster (upstream issues #111, #210): the objects would never become a Data Guard configuration.',
  check(design: AnalyzedDesign): Violation[] {
    if (design.shape.kind !== 'cluster-per-site') return [];
    return dataGuardClusters(design).map((c) => ({
      path: c.path,
      message: `${c.name} is declared with one Kubernetes cluster per site.`,
      fix: 'Use DeploymentShape.stretchedCluster() (one cluster whose nodes carry the site label), or run Data Guard outside the operator.',
    }));
  },
};
