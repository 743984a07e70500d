import { Rule, Violation } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { survivingControlPlane } from '../analysis/control-plane-fix';
import { Severity } from '../core/types';

/** Stretched-cluster guides put control-plane members in three sites. */
export const controlPlaneThreeSites: Rule = {
  id: 'MS-CONTROL-PLANE-THREE-SITES',
  summary: 'the stretched cluster\'s etcd members in fewer than three sites',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'With etcd in two sites one of them holds at least half of the members, so losing it, or a partition between the two, leaves the API server without a quorum.',
  check(design: AnalyzedDesign): Violation[] {
    const cp = design.controlPlane;
    if (!cp || cp.checks.atLeastThreeSites) return [];
    return [{
      path: '/',
      message: `etcd members sit in ${cp.checks.sitesWithMembers.length} site(s) (${cp.checks.sitesWithMembers.join(', ')}); the control plane needs three.`,
      fix: `${survivingControlPlane(design).replace(/^./, (c) => c.toUpperCase())}.`,
    }];
  },
};
