import { Rule, Violation } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { Severity } from '../core/types';

/** k8gb balances between Kubernetes clusters: it needs one cluster per site. */
export const gslbClusterPerSite: Rule = {
  id: 'MS-GSLB-CLUSTER-PER-SITE',
  summary: 'a GSLB zone on a stretched cluster',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'k8gb runs one controller and one CoreDNS per Kubernetes cluster: in one stretched cluster there is a single k8gb, so the zone has one nameserver set and dies with whichever site hosts it.',
  check(design: AnalyzedDesign): Violation[] {
    if (design.shape.kind !== 'stretched') return [];
    return design.gslbZones.map((z) => ({
      path: z.path,
      message: `${z.zone} is declared on a stretched cluster.`,
      fix: 'Use DeploymentShape.clusterPerSite() with one Kubernetes cluster per serving site; within one stretched cluster, balance with the cluster\'s own ingress instead.',
    }));
  },
};
