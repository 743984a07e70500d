import { Severity } from '../finding';
import { Rule, Violation } from './rule';
import { DesignModel, isDataGuard } from '../model/design';

/** Oracle's operator builds standbys only inside one Kubernetes cluster. */
export const dataGuardClusterPerSite: Rule = {
  id: 'MS-DG-CLUSTER-PER-SITE',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'Oracle\'s Database Operator (v2.1) creates a standby from a primary SingleInstanceDatabase it looks up in its own namespace and runs the broker by exec into local pods, so it cannot act on a standby in another Kubernetes cluster (upstream issues #111, #210): the objects would never become a Data Guard configuration.',
  check(design: DesignModel): Violation[] {
    if (design.shape.kind !== 'cluster-per-site') return [];
    return design.sqlClusters.filter(isDataGuard).map((c) => ({
      path: c.path,
      message: `${c.name} is declared with one Kubernetes cluster per site.`,
      fix: 'Use DeploymentShape.stretchedCluster() (one cluster whose nodes carry the site label), or run Data Guard outside the operator.',
    }));
  },
};
