import { Rule, Violation } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { survivingControlPlane } from '../analysis/control-plane-fix';
import { Severity } from '../core/types';

/** The control-plane rule seen from the other side: no site holds a majority of etcd. */
export const controlPlaneMajority: Rule = {
  id: 'MS-CONTROL-PLANE-MAJORITY',
  summary: 'one site holds a majority of the stretched cluster\'s etcd members',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'The site that holds a majority of etcd takes the API server with it when it is lost, and is the only side of a partition where anything can be changed.',
  check(design: AnalyzedDesign): Violation[] {
    const cp = design.controlPlane;
    if (!cp || cp.checks.majoritySite === undefined) return [];
    const site = cp.checks.majoritySite;
    const held = cp.placement.find((p) => p.site === site)!.members;
    return [{
      path: design.sites.find((s) => s.name === site)!.path,
      message: `${site} holds ${held} of the ${cp.members} etcd members, a majority inside one site.`,
      fix: `Move control-plane nodes out of ${site}: ${survivingControlPlane(design)}.`,
    }];
  },
};
