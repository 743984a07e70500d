import { REPORT_SITE_LIMIT } from './site-limit';
import { AnalyzedCluster } from '../analysis/analyzed-design';
import { formatMillis } from '../core/types';
import { DesignModel, SiteModel } from '../model/design';

/**
 * Mermaid's default `maxTextSize`: a longer diagram is not rendered, only an error in its place
 * (mermaid-js/mermaid, packages/mermaid/src/schemas/config.schema.yaml, `maxTextSize`, default 50000).
 */
export const MERMAID_MAX_TEXT_SIZE = 50_000;

/** Mermaid's default `maxEdges`: a graph with more edges is not drawn (the same file, `maxEdges`, default 500). */
export const MERMAID_MAX_EDGES = 500;


/** The most clusters the picture draws as nodes of their own when it draws clusters. */
const PICTURE_CLUSTER_LIMIT = 60;

/** The most site names a cluster's node lists. */
const NAMES_PER_NODE = 5;

/**
 * The picture of the design for REPORT.md, always within Mermaid's default limits (text and
 * edges): up to `REPORT_SITE_LIMIT` sites, every site, link and member; above it, the sites that
 * hold database members with the links between them, and one node per role counting the other
 * sites; when even those are too many, one node per cluster with its placement. A sentence before
 * the picture says what it leaves out; report.json keeps every site and link.
 */
export function renderMermaid(design: DesignModel, analyses: readonly AnalyzedCluster[]): string {
  const holding = new Set(analyses.flatMap((a) => a.cluster.members.filter((m) => m.voters + m.arbitrators > 0).map((m) => m.site)));
  const attempts = [
    () => (design.sites.length <= REPORT_SITE_LIMIT ? sitesPicture(design, analyses, design.sites) : undefined),
    () => {
      const shown = design.sites.filter((s) => holding.has(s.name));
      if (shown.length > REPORT_SITE_LIMIT) return undefined;
      const note = `The design has ${design.sites.length} sites: the picture draws the ${shown.length} with database members and counts the others by role; report.json lists every site and link.`;
      return withNote(note, sitesPicture(design, analyses, shown));
    },
  ];
  for (const attempt of attempts) {
    const picture = attempt();
    if (picture !== undefined && fits(picture)) return picture;
  }
  return clustersPicture(design, analyses, holding);
}

/** Every given site with its members, the declared links between them, and a node per role counting the sites left out. */
function sitesPicture(design: DesignModel, analyses: readonly AnalyzedCluster[], shown: readonly SiteModel[]): string {
  const lines = ['```mermaid', 'graph LR'];
  for (const site of shown) {
    const members = analyses.flatMap((a) => a.cluster.members.filter((m) => m.site === site.name).map((m) => {
      const parts = [m.voters > 0 ? `${m.voters} voter(s)` : '', m.arbitrators > 0 ? `${m.arbitrators} arbitrator(s)` : ''];
      return `${a.cluster.name}: ${parts.filter(Boolean).join(' + ')}`;
    }));
    const label = [`${site.name} (${site.role})`, ...members].join('<br/>');
    const shape = site.role === 'witness' ? ['{{"', '"}}'] : ['["', '"]'];
    lines.push(`  ${nodeId(site.name)}${shape[0]}${label}${shape[1]}`);
  }
  lines.push(...othersByRole(design, new Set(shown.map((s) => s.name))));
  const names = new Set(shown.map((s) => s.name));
  for (const link of design.links.filter((l) => names.has(l.siteA) && names.has(l.siteB))) {
    lines.push(`  ${nodeId(link.siteA)} ---|"${formatMillis(link.rttMillis)} ms"| ${nodeId(link.siteB)}`);
  }
  lines.push('```');
  return lines.join('\n');
}

/** One node per cluster with its placement (the first clusters, then a node counting the rest), and the sites counted by role. */
function clustersPicture(design: DesignModel, analyses: readonly AnalyzedCluster[], holding: ReadonlySet<string>): string {
  const lines = ['```mermaid', 'graph LR'];
  const drawn = analyses.slice(0, PICTURE_CLUSTER_LIMIT);
  for (const a of drawn) {
    const used = a.cluster.members.filter((m) => m.voters + m.arbitrators > 0);
    const counts = used.map((m) => m.voters + m.arbitrators).join('+');
    const sites = used.map((m) => m.site);
    const over = sites.length <= NAMES_PER_NODE ? sites.join(', ') : `${sites.slice(0, NAMES_PER_NODE).join(', ')} and ${sites.length - NAMES_PER_NODE} more`;
    lines.push(`  ${groupId('cluster', a.cluster.name)}["${a.cluster.name} (${a.engineLabel})<br/>${counts} over ${over}"]`);
  }
  if (analyses.length > drawn.length) lines.push(`  more_clusters["${analyses.length - drawn.length} more clusters"]`);
  lines.push(...othersByRole(design, new Set()));
  lines.push('```');
  const which = drawn.length === analyses.length ? 'each cluster\'s' : `the first ${drawn.length} clusters'`;
  const note = `The design has ${design.sites.length} sites (${holding.size} with database members): the picture draws ${which} placement and counts the sites by role; report.json lists every site.`;
  return withNote(note, lines.join('\n'));
}

/** A node per role counting the sites of the design that are not drawn. */
function othersByRole(design: DesignModel, drawn: ReadonlySet<string>): string[] {
  const byRole = new Map<string, number>();
  for (const s of design.sites.filter((x) => !drawn.has(x.name))) byRole.set(s.role, (byRole.get(s.role) ?? 0) + 1);
  const kind = drawn.size > 0 ? 'other ' : '';
  return [...byRole].map(([role, n]) => `  ${groupId('sites', role)}(["${n} ${kind}${role} site${n === 1 ? '' : 's'}"])`);
}

function fits(picture: string): boolean {
  const edges = picture.split('\n').filter((l) => l.includes(' ---|')).length;
  return picture.length <= MERMAID_MAX_TEXT_SIZE && edges <= MERMAID_MAX_EDGES;
}

function withNote(note: string, picture: string): string {
  return `${note}\n\n${picture}`;
}

/** A site's node id: `site_` and its name (a DNS label, so no other node's id, `cluster_…` or `sites_…`, can equal it). */
function nodeId(site: string): string {
  return `site_${site.replace(/[^a-zA-Z0-9]/g, '_')}`;
}

/** The id of a node that is not a site: a cluster (`cluster_<name>`) or the sites of a role (`sites_<role>`). */
function groupId(kind: 'cluster' | 'sites', name: string): string {
  return `${kind}_${name.replace(/[^a-zA-Z0-9]/g, '_')}`;
}
