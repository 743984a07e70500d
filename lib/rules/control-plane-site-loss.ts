import { Rule, Violation } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { survivingControlPlane } from '../analysis/control-plane-fix';
import { Severity } from '../core/types';

/** etcd keeps quorum through the loss of any one site: the same arithmetic as votes. */
export const controlPlaneSiteLoss: Rule = {
  id: 'MS-CONTROL-PLANE-SITE-LOSS',
  summary: 'losing one site takes the stretched cluster\'s etcd quorum (and its API server) with it',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'Without etcd\'s quorum the API server accepts no writes: pods on lost nodes are never rescheduled, controllers stop, and nothing can be changed until the site returns, whatever the databases do.',
  check(design: AnalyzedDesign): Violation[] {
    if (design.shape.kind !== 'stretched') return [];
    const declared = design.sites.some((s) => s.controlPlaneNodes !== undefined);
    if (!declared) return [];
    const cp = design.controlPlane;
    if (!cp) {
      return [{ path: '/', message: 'the sites declare no control-plane node at all.', fix: `${capitalize(survivingControlPlane(design))}.` }];
    }
    return cp.checks.sitesWhoseLossLosesQuorum.map((site) => {
      const loss = cp.singleSiteLosses.find((l) => l.lost.length === 1 && l.lost[0] === site)!;
      return {
        path: design.sites.find((s) => s.name === site)!.path,
        message: `losing ${site} leaves ${loss.membersLeft} of the ${loss.members} etcd members; a quorum needs ${loss.quorum}.`,
        fix: `${capitalize(survivingControlPlane(design))}.`,
      };
    });
  },
};

function capitalize(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
