import { Rule, Violation } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { Severity } from '../core/types';

/** With one Kubernetes cluster per site, member names are only unique if cluster domains are. */
export const clusterDomainUnique: Rule = {
  id: 'MS-CLUSTER-DOMAIN-UNIQUE',
  summary: 'two sites\' clusters sharing a DNS domain (cluster per site)',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'Sites whose clusters share a DNS domain give their pods the same names, so one site cannot reach the other\'s members and the join list points at itself.',
  check(design: AnalyzedDesign): Violation[] {
    if (design.shape.kind !== 'cluster-per-site') return [];
    const byDomain = new Map<string, string[]>();
    for (const site of design.sites) {
      byDomain.set(site.clusterDomain, [...(byDomain.get(site.clusterDomain) ?? []), site.name]);
    }
    const out: Violation[] = [];
    for (const [domain, sites] of byDomain) {
      if (sites.length < 2) continue;
      out.push({
        path: design.sites.find((s) => s.name === sites[1])!.path,
        message: `sites ${sites.join(', ')} all use cluster domain ${domain}.`,
        fix: 'Give each site\'s cluster its own domain (clusterDomain, e.g. dc-a.cluster.example) and have each cluster\'s DNS forward the others\' domains.',
      });
    }
    return out;
  },
};
