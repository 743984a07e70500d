import { Rule, Violation } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { Severity } from '../core/types';

/** With one cluster per site, peers in other sites can only be admitted by address. */
export const peerPodCidrs: Rule = {
  id: 'MS-PEER-POD-CIDRS',
  summary: 'a member site without pod CIDRs (cluster per site)',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'A NetworkPolicy cannot select pods of another Kubernetes cluster, so without their pod CIDRs it blocks the members of other sites and the cluster never forms.',
  check(design: AnalyzedDesign): Violation[] {
    if (design.shape.kind !== 'cluster-per-site') return [];
    const withMembers = new Set(design.sqlClusters.flatMap((c) => c.members.map((m) => m.site)));
    return design.sites
      .filter((s) => withMembers.has(s.name) && s.podCidrs.length === 0)
      .map((s) => ({
        path: s.path,
        message: `${s.name} holds database members but declares no pod CIDRs.`,
        fix: `Set podCidrs on ${s.name} to the pod address ranges of its cluster.`,
      }));
  },
};
