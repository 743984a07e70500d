import { REPORT_SITE_LIMIT, REPORT_SITES_LISTED } from './site-limit';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { SiteModel } from '../model/design';

/**
 * REPORT.md's Sites table: every site up to `REPORT_SITE_LIMIT`; above it, the sites that hold
 * database members or serve a GSLB zone (up to `REPORT_SITES_LISTED`), then a row per role
 * counting the others (67 KiB of rows at 1,000 sites otherwise). report.json lists every site.
 */
export function sitesSection(design: AnalyzedDesign): string[] {
  const out = ['## Sites', ''];
  const notable = new Set([
    ...design.sqlClusters.flatMap((c) => c.members.filter((m) => m.voters + m.arbitrators > 0).map((m) => m.site)),
    ...design.gslbZones.flatMap((z) => z.sites),
  ]);
  const listed = design.sites.length <= REPORT_SITE_LIMIT
    ? design.sites
    : design.sites.filter((s) => notable.has(s.name)).slice(0, REPORT_SITES_LISTED);
  if (listed.length < design.sites.length) {
    out.push(`The design has ${design.sites.length} sites: the table lists the ${listed.length} that hold database members or serve a GSLB zone${listed.length < notable.size ? ' (the first of them)' : ''} and counts the others; report.json lists every site.`, '');
  }
  out.push('| site | role | cluster domain | pod CIDRs |', '| --- | --- | --- | --- |');
  const domainOf = (s: SiteModel) => (design.shape.kind === 'stretched' ? design.shape.clusterDomain : s.clusterDomain);
  for (const s of listed) out.push(`| ${s.name} | ${s.role} | ${domainOf(s)} | ${s.podCidrs.join(', ') || '-'} |`);
  const shown = new Set(listed.map((s) => s.name));
  const others = new Map<string, SiteModel[]>();
  for (const s of design.sites.filter((x) => !shown.has(x.name))) others.set(s.role, [...(others.get(s.role) ?? []), s]);
  for (const [role, sites] of others) {
    const range = sites.length === 1 ? sites[0].name : `${sites[0].name} … ${sites[sites.length - 1].name}`;
    out.push(`| ${sites.length} other site${sites.length === 1 ? '' : 's'} (${range}) | ${role} | - | - |`);
  }
  return out;
}
