import { backupSection } from './backup-section';
import { controlPlaneSection } from './control-plane-section';
import { renderMermaid } from './mermaid';
import { nodeLossSection } from './node-loss-section';
import { rttSection } from './rtt-table';
import { sitesSection } from './sites-table';
import { writeHealthSection } from './write-health-section';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { gslbAnswersAfterLosing } from '../analysis/gslb-answers';
import { CheckResult, Finding } from '../core/types';
import { DesignModel, GslbZoneModel } from '../model/design';

/**
 * `REPORT.md`: the page an architecture review reads. Each cluster's section comes from its
 * engine (`clusterSections`, in the order of the design's clusters); `monitoring` is the
 * monitoring section, when the design is monitored.
 */
export function renderReport(
  design: AnalyzedDesign, clusterSections: readonly (readonly string[])[], result: CheckResult, monitoring: readonly string[] = [],
): string {
  const out: string[] = ['# Failure-mode report', ''];
  out.push(shapeSentence(design), '');
  out.push(...sitesSection(design));
  out.push('', ...rttSection(design), '');
  out.push('RTTs derived from distance use 2 × km / 100 ms (light in fibre); switching and routing add to them.', '');
  out.push('## Picture', '', renderMermaid(design, design.analyses), '');
  out.push(...controlPlaneSection(design));
  clusterSections.forEach((section, i) => out.push(...section, ...nodeLossSection(design.analyses[i]), ...backupSection(design.analyses[i])));
  for (const z of design.gslbZones) {
    out.push(...gslbSection(design, z), ...design.writeHealth.filter((h) => h.zone === z.name).flatMap((h) => writeHealthSection(design, z, h)));
  }
  out.push(...monitoring);
  out.push(...findingsSection(result));
  return out.join('\n');
}

function shapeSentence(design: DesignModel): string {
  if (design.shape.kind === 'stretched') {
    return `Shape: one Kubernetes cluster stretched over the sites; a site is a value of node label \`${design.shape.siteLabel}\`.`;
  }
  if (design.shape.discovery === 'multi-cluster-services') {
    return 'Shape: one Kubernetes cluster per site; cross-site discovery: the multi-cluster services API (a ServiceExport per member Service; members join by `<pod>.<site>.<service>.<namespace>.svc.clusterset.local`; each cluster\'s cluster id must be its site name).';
  }
  return 'Shape: one Kubernetes cluster per site; cross-site discovery: CoreDNS forwarding (members join by DNS names under each site\'s cluster domain).';
}

function gslbSection(design: DesignModel, z: GslbZoneModel): string[] {
  const owner = z.delegation === 'terraform'
    ? `Terraform (\`dist/terraform/${z.name}/\`) writes the NS and glue records in ${z.parentZone}; k8gb's external-dns is off.`
    : `k8gb's external-dns writes the NS and glue records in ${z.parentZone}; no Terraform is written for it.`;
  const out = [`## GSLB zone \`${z.zone}\``, ''];
  out.push(`Strategy ${strategyText(z)}, TTL ${z.ttlSeconds} s, served from ${z.sites.join(', ')}. ${owner}`, '');
  out.push(`Normally answers with: ${gslbAnswersAfterLosing(z, []).join(', ')}.`, '');
  out.push('| lost | answers with | clients may keep the lost site\'s address |', '| --- | --- | --- |');
  const before = gslbAnswersAfterLosing(z, []);
  // Only serving sites: losing a site that serves no answers leaves them as they are.
  for (const site of z.sites) {
    const after = gslbAnswersAfterLosing(z, [site]);
    const stale = before.includes(site)
      ? `${z.ttlSeconds} s by the TTL, longer where resolvers or clients ignore it: clients must retry`
      : 'no: it was not in the answers';
    out.push(`| ${site} | ${after.join(', ') || '**nothing**'} | ${stale} |`);
  }
  if (design.sites.some((s) => !z.sites.includes(s.name))) out.push('', 'Losing a site that does not serve the zone leaves the answers as they are.');
  if (z.hosts.length > 0) {
    out.push('', 'Hosts:', '');
    for (const h of z.hosts) out.push(`- \`${h.fqdn}\` → ${h.resourceKind} \`${h.namespace}/${h.resourceName}\` in each serving site`);
  }
  out.push('');
  return out;
}

function strategyText(z: GslbZoneModel): string {
  const s = z.strategy;
  if (s.kind === 'failover') return `failover (primary ${s.primary})`;
  if (s.kind === 'weighted') return `weighted (${s.weights.map((w) => `${w.site} ${w.weight}`).join(', ')})`;
  return s.kind;
}

function findingsSection(result: CheckResult): string[] {
  const out = ['## Warnings', ''];
  if (result.warnings.length === 0) out.push('None open.');
  for (const f of result.warnings) out.push(findingLine(f));
  out.push('', '## Acknowledged warnings', '');
  if (result.acknowledged.length === 0) out.push('None.');
  for (const f of result.acknowledged) out.push(`${findingLine(f)} Acknowledged because: ${f.acknowledgedBecause}`);
  out.push('');
  return out;
}

function findingLine(f: Finding): string {
  return `- **${f.ruleId}** at \`${f.path}\`: ${f.message} Why: ${f.why} Fix: ${f.fix}`;
}
