import { AnalyzedCluster } from '../analysis/analyzed-design';
import { formatMillis } from '../core/types';
import { DesignModel } from '../model/design';

/** A Mermaid graph of the sites, the links with their RTT, and each cluster's members per site. */
export function renderMermaid(design: DesignModel, analyses: readonly AnalyzedCluster[]): string {
  const id = (site: string) => `site_${site.replace(/[^a-zA-Z0-9]/g, '_')}`;
  const lines = ['```mermaid', 'graph LR'];
  for (const site of design.sites) {
    const members = analyses.flatMap((a) => a.cluster.members.filter((m) => m.site === site.name).map((m) => {
      const parts = [m.voters > 0 ? `${m.voters} voter(s)` : '', m.arbitrators > 0 ? `${m.arbitrators} arbitrator(s)` : ''];
      return `${a.cluster.name}: ${parts.filter(Boolean).join(' + ')}`;
    }));
    const label = [`${site.name} (${site.role})`, ...members].join('<br/>');
    const shape = site.role === 'witness' ? ['{{"', '"}}'] : ['["', '"]'];
    lines.push(`  ${id(site.name)}${shape[0]}${label}${shape[1]}`);
  }
  for (const link of design.links) {
    lines.push(`  ${id(link.siteA)} ---|"${formatMillis(link.rttMillis)} ms"| ${id(link.siteB)}`);
  }
  lines.push('```');
  return lines.join('\n');
}
