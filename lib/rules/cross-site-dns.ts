import { Rule, Violation } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { Severity } from '../core/types';

/**
 * With one cluster per site, members of an engine that joins by cluster-domain names find each
 * other by names only the other site's DNS knows. Engines whose members connect by pod IPs or
 * by published names (`resolvesPeersByClusterDns: false`) need no cross-site DNS.
 */
export const crossSiteDns: Rule = {
  id: 'MS-CROSS-SITE-DNS',
  summary: 'a member site whose cluster cannot resolve the other sites\' cluster domains (cluster per site)',
  severity: Severity.WARNING,
  acknowledgeable: true,
  why: 'Join lists name members under each site\'s cluster domain; a cluster that cannot resolve another site\'s domain never reaches its members, and the database does not form across sites.',
  check(design: AnalyzedDesign): Violation[] {
    // With the multi-cluster services API, members join under clusterset.local, which the MCS implementation serves.
    if (design.shape.kind !== 'cluster-per-site' || design.shape.discovery !== 'coredns-forwarding') return [];
    const members = new Set(design.analyses
      .filter((a) => a.resolvesPeersByClusterDns)
      .flatMap((a) => a.cluster.members.map((m) => m.site)));
    return design.sites
      .filter((s) => members.has(s.name) && s.clusterDnsAddress === undefined)
      .map((s) => ({
        path: s.path,
        message: `no cluster DNS address is known for ${s.name}, so the other sites are not told where to resolve ${s.clusterDomain}.`,
        fix: `Set clusterDnsAddress on ${s.name} (the library then writes the forward blocks for the other sites), or acknowledge MS-CROSS-SITE-DNS if your DNS already resolves it.`,
      }));
  },
};
