import { cockroachCertificates, cockroachNotes } from './cockroach-notes';
import { dataGuardSection } from './data-guard-section';
import { ClusterAnalysis, Scenario } from '../analysis/cluster-analysis';
import { disruptionBudgetOf } from '../analysis/disruption-budget';
import { Finding } from '../finding';
import { galeraNotes } from './galera-notes';
import { renderMermaid } from './mermaid';
import { gslbAnswersAfterLosing } from '../analysis/gslb-answers';
import { DesignModel, GslbZoneModel, isCockroach, isDataGuard, isGalera } from '../model/design';

const ENGINE_NAMES = { 'cockroachdb': 'CockroachDB', 'galera': 'MariaDB Galera', 'oracle-data-guard': 'Oracle Data Guard' } as const;
import { RttMatrix } from '../model/latency';
import { CheckResult } from '../rules/engine';
import { formatMillis } from '../rules/raft-latency';

/** `REPORT.md`: the page an architecture review reads. */
export function renderReport(design: DesignModel, analyses: readonly ClusterAnalysis[], result: CheckResult): string {
  const out: string[] = ['# Failure-mode report', ''];
  out.push(shapeSentence(design), '');
  out.push('## Sites', '', '| site | role | cluster domain | pod CIDRs |', '| --- | --- | --- | --- |');
  for (const s of design.sites) {
    const domain = design.shape.kind === 'stretched' ? design.shape.clusterDomain : s.clusterDomain;
    out.push(`| ${s.name} | ${s.role} | ${domain} | ${s.podCidrs.join(', ') || '-'} |`);
  }
  out.push('', '## Round trip times (ms)', '', rttMatrix(design), '');
  out.push('RTTs derived from distance use 2 × km / 100 ms (light in fibre); switching and routing add to them.', '');
  out.push('## Picture', '', renderMermaid(design, analyses), '');
  for (const a of analyses) out.push(...(isDataGuard(a.cluster) ? dataGuardSection(a.cluster) : clusterSection(design, a)));
  for (const z of design.gslbZones) out.push(...gslbSection(design, z));
  out.push(...findingsSection(result));
  return out.join('\n');
}

function shapeSentence(design: DesignModel): string {
  if (design.shape.kind === 'stretched') {
    return `Shape: one Kubernetes cluster stretched over the sites; a site is a value of node label \`${design.shape.siteLabel}\`.`;
  }
  return 'Shape: one Kubernetes cluster per site; members join across sites by DNS names under each site\'s cluster domain.';
}

function rttMatrix(design: DesignModel): string {
  const rtt = RttMatrix.of(design.links);
  const names = design.sites.map((s) => s.name);
  const rows = [`| | ${names.join(' | ')} |`, `| --- |${names.map(() => ' --- |').join('')}`];
  for (const a of names) {
    rows.push(`| **${a}** | ${names.map((b) => {
      const r = rtt.between(a, b);
      return r === undefined ? '?' : formatMillis(r);
    }).join(' | ')} |`);
  }
  return rows.join('\n');
}

function clusterSection(design: DesignModel, a: ClusterAnalysis): string[] {
  const c = a.cluster;
  const out = [`## Cluster \`${c.name}\` (${ENGINE_NAMES[c.engine.kind]})`, ''];
  const siteNames = design.sites.map((s) => s.name);
  out.push(`| | ${siteNames.join(' | ')} | total | quorum |`, `| --- |${siteNames.map(() => ' --- |').join('')} --- | --- |`);
  const row = (label: string, perSite: (site: string) => number) => {
    const counts = siteNames.map(perSite);
    out.push(`| ${label} | ${counts.join(' | ')} | ${counts.reduce((x, y) => x + y, 0)} | - |`);
  };
  row('voters (data nodes)', (s) => a.membersPerSite.get(s) ?? 0);
  if (c.members.some((m) => m.arbitrators > 0)) row('arbitrators (no data)', (s) => c.members.find((m) => m.site === s)?.arbitrators ?? 0);
  for (const g of a.votesPerSite) {
    out.push(`| ${g.label} | ${siteNames.map((s) => g.perSite.get(s)).join(' | ')} | ${g.total} | ${g.quorum} |`);
  }
  out.push('', ...(isCockroach(c) ? cockroachNotes(design, c) : isGalera(c) ? galeraNotes(design, c) : []));
  out.push('', '### Single-site loss', '', ...scenarioTable(a.singleSiteLosses));
  out.push('', '### Two-site loss', '', ...scenarioTable(a.twoSiteLosses));
  out.push('', '### Commit latency floor', '');
  out.push(isGalera(c)
    ? 'Every Galera commit is certified by every member: the least time a write from a site waits is the RTT to the farthest member, from the speed of light alone:'
    : 'The least time a write led from a site waits for a quorum of the default ranges, from the speed of light alone:', '');
  for (const [site, floor] of a.commitFloorMillis) {
    out.push(`- ${site}: ${floor === undefined ? 'unknown (an RTT is missing)' : `${formatMillis(floor)} ms`}`);
  }
  out.push('', '### Disruption budget', '', ...disruptionLines(design, a));
  if (isCockroach(c)) out.push(...cockroachCertificates(design, c));
  out.push('');
  return out;
}

function scenarioTable(rows: readonly Scenario[]): string[] {
  if (rows.length === 0) return ['(not applicable)'];
  const labels = rows[0].groups.map((g) => g.label);
  const out = [`| lost | ${labels.join(' | ')} | verdict |`, `| --- |${labels.map(() => ' --- |').join('')} --- |`];
  for (const r of rows) {
    const cells = r.groups.map((g) => `${g.votesLeft} of ${g.total} left (needs ${g.quorum})`);
    const verdict = r.survives ? 'survives' : r.groups.every((g) => g.survives) ? '**halts: no member with data left**' : '**halts**';
    out.push(`| ${r.lost.join(' + ')} | ${cells.join(' | ')} | ${verdict} |`);
  }
  return out;
}

function disruptionLines(design: DesignModel, a: ClusterAnalysis): string[] {
  const budget = disruptionBudgetOf(design, a.cluster);
  if (!budget.perSite) {
    return [`One PodDisruptionBudget over all voting members: maxUnavailable ${budget.total}, so voluntary evictions never take more than ${budget.total} vote(s) (replicas of a range, for CockroachDB) and never the quorum.`];
  }
  const parts = [...budget.perSite].map(([s, n]) => `${s} ${n}`).join(', ');
  return [
    `PodDisruptionBudgets cannot see across Kubernetes clusters, so the budget of ${budget.total} is split: ${parts} (maxUnavailable per site).`,
    'A site with 0 cannot be drained by evictions; take it down only while every other site is whole, by deleting its pods one at a time.',
  ];
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
  for (const site of design.sites) {
    const after = gslbAnswersAfterLosing(z, [site.name]);
    const stale = before.includes(site.name)
      ? `${z.ttlSeconds} s by the TTL, longer where resolvers or clients ignore it: clients must retry`
      : 'no: it was not in the answers';
    out.push(`| ${site.name} | ${after.join(', ') || '**nothing**'} | ${stale} |`);
  }
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
