import { AnalyzedDesign } from '../analysis/analyzed-design';
import { formatMillis } from '../core/types';

/**
 * REPORT.md's round trip times: the RTTs a reader can use, not the site-by-site matrix (3.9 MiB
 * of REPORT.md at 1,000 sites in the bench's regional layout). First the worst link of each
 * cluster (what its commit latency and Raft budget depend on) and of each GSLB zone, then every
 * pair of sites that share a cluster or a GSLB zone, once, with the clusters and zones they
 * share (issue 22). A zone of n sites adds up to n(n − 1)/2 rows: 4,950 rows (about 0.3 MiB) for
 * the bench's zone served from 100 sites, 45 for its 1,000-site regional layout's zone of 10.
 * Every declared link stays in report.json (`links`).
 */
export function rttSection(design: AnalyzedDesign): string[] {
  const order = new Map(design.sites.map((s, i) => [s.name, i]));
  const between = (a: string, b: string) => design.rtt.between(a, b);
  const rttText = (a: string, b: string) => {
    const r = between(a, b);
    return r === undefined ? '?' : formatMillis(r);
  };
  const out = [
    '## Round trip times (ms)',
    '',
    'Between sites that share a cluster or a GSLB zone, and the worst link of each cluster and zone; `?` where no link is declared. report.json lists every declared link (`links`).',
    '',
  ];

  const groups = [
    ...design.sqlClusters.map((c) => ({ name: `cluster \`${c.name}\``, sites: c.members.map((m) => m.site) })),
    ...design.gslbZones.map((z) => ({ name: `zone ${z.zone}`, sites: z.sites })),
  ];
  if (groups.length > 0) {
    out.push('| cluster or zone | sites | worst link | RTT |', '| --- | --- | --- | --- |');
    for (const g of groups) {
      const worst = worstLink(g.sites, between);
      const link = worst ? `${worst[0]} – ${worst[1]}` : '-';
      out.push(`| ${g.name} | ${g.sites.join(', ')} | ${link} | ${worst ? rttText(worst[0], worst[1]) : '-'} |`);
    }
    out.push('');
  }

  // Each pair once, in site order, with every cluster, then every zone, the two sites share.
  const shared = new Map<string, { a: string; b: string; by: string[] }>();
  const sharing = [
    ...design.sqlClusters.map((c) => ({ label: `\`${c.name}\``, sites: c.members.map((m) => m.site) })),
    ...design.gslbZones.map((z) => ({ label: `zone ${z.zone}`, sites: z.sites })),
  ];
  for (const g of sharing) {
    const sites = [...new Set(g.sites)].sort((x, y) => order.get(x)! - order.get(y)!);
    for (let i = 0; i < sites.length; i++) {
      for (let j = i + 1; j < sites.length; j++) {
        const key = `${sites[i]}\u0000${sites[j]}`;
        let pair = shared.get(key);
        if (!pair) {
          pair = { a: sites[i], b: sites[j], by: [] };
          shared.set(key, pair);
        }
        pair.by.push(g.label);
      }
    }
  }
  const pairs = [...shared.values()].sort((x, y) => order.get(x.a)! - order.get(y.a)! || order.get(x.b)! - order.get(y.b)!);
  if (pairs.length === 0) {
    out.push('No two sites share a cluster or a zone.');
  } else {
    out.push('| site | site | RTT | clusters and zones |', '| --- | --- | --- | --- |');
    for (const p of pairs) out.push(`| ${p.a} | ${p.b} | ${rttText(p.a, p.b)} | ${p.by.join(', ')} |`);
  }
  return out;
}

/**
 * The pair of `sites` with the highest RTT; a pair with no declared link counts as the worst,
 * since nothing bounds it. Undefined for fewer than two sites.
 */
function worstLink(sites: readonly string[], between: (a: string, b: string) => number | undefined): [string, string] | undefined {
  let worst: [string, string] | undefined;
  let worstRtt = -1;
  for (let i = 0; i < sites.length; i++) {
    for (let j = i + 1; j < sites.length; j++) {
      const r = between(sites[i], sites[j]) ?? Infinity;
      if (r > worstRtt) {
        worst = [sites[i], sites[j]];
        worstRtt = r;
      }
    }
  }
  return worst;
}
