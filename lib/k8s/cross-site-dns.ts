import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { AnalyzedDesign } from '../analysis/analyzed-design';

/**
 * CoreDNS server blocks that forward the cluster domain of every site `site` shares a SQL cluster
 * with (the names its members' join lists hold) to that site's cluster DNS, in the
 * `coredns-custom` ConfigMap that k3s, RKE2 and AKS import (`*.server` keys); on other
 * distributions paste the blocks into the Corefile. Only for engines whose members find each
 * other by those names (not Cassandra's seeds by pod IP, nor Data Guard's published names). Written only with one cluster per site and
 * `CrossSiteDiscovery.coreDnsForwarding()`.
 * Only peers, not every site: a site of 100 then carries a handful of blocks, not 99.
 */
export function writeCrossSiteDns(design: AnalyzedDesign, site: string, chart: Chart): void {
  if (design.shape.kind !== 'cluster-per-site' || design.shape.discovery !== 'coredns-forwarding') return;
  const peers = new Set(design.analyses
    .filter((a) => a.resolvesPeersByClusterDns)
    .map((a) => a.cluster)
    .filter((c) => c.members.some((m) => m.site === site))
    .flatMap((c) => c.members.map((m) => m.site)));
  const others = design.sites.filter((s) => s.name !== site && peers.has(s.name) && s.clusterDnsAddress !== undefined);
  if (others.length === 0) return;
  const blocks = others.map((s) => [
    `${s.clusterDomain}:53 {`,
    '    errors',
    '    cache 30',
    `    forward . ${s.clusterDnsAddress}`,
    '}',
  ].join('\n'));
  new kplus.ConfigMap(chart, 'cross-site-dns', {
    metadata: { name: 'coredns-custom', namespace: 'kube-system', labels: { 'app.kubernetes.io/managed-by': 'cdk-multisite' } },
    data: { 'multisite.server': `# The other sites' cluster domains, written by cdk-multisite.\n${blocks.join('\n')}\n` },
  });
}
