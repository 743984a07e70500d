import { Rule, Violation } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { Severity } from '../core/types';

/** A stretched cluster's control plane is a quorum system too: where it runs must be said. */
export const controlPlaneUndeclared: Rule = {
  id: 'MS-CONTROL-PLANE-UNDECLARED',
  summary: 'a stretched cluster whose control-plane nodes are not declared per site',
  severity: Severity.WARNING,
  acknowledgeable: true,
  why: 'If the control plane\'s etcd members lose their quorum with a site, the databases may keep theirs, but nothing is rescheduled, no controller acts and nothing can be changed until the site returns; without the placement that cannot be checked.',
  check(design: AnalyzedDesign): Violation[] {
    if (design.shape.kind !== 'stretched' || design.sites.some((s) => s.controlPlaneNodes !== undefined)) return [];
    return [{
      path: '/',
      message: 'no site declares controlPlaneNodes, so whether the API server survives a site loss is unknown.',
      fix: 'Set controlPlaneNodes on every site (0 where there is none), e.g. 1 + 1 + 1 over three sites.',
    }];
  },
};
