/**
 * REPORT.md reads at any size (issue 30): at 1,000 sites it stays under 150 KiB, no line is over
 * 200 characters, and its picture stays within Mermaid's default limits (`maxTextSize` 50,000
 * characters, `maxEdges` 500: mermaid-js/mermaid packages/mermaid/src/schemas/config.schema.yaml),
 * so it renders. The design is the scale bench's regional layout: active sites in regions of 10
 * (every pair in a region linked, every site linked to the witness), one Kubernetes cluster per
 * site, 20 CockroachDB clusters of 2 + 2 + 1 and a GSLB zone served from the first region.
 */
import { ActiveActiveSite, DistributedSqlCluster, Latency, MultiSiteApp, SqlEngine, WitnessSite } from '../lib';
import { readTree, tempOutdir } from './support/designs';
import { regionalDesign } from './support/regional-design';
import { MERMAID_MAX_EDGES, MERMAID_MAX_TEXT_SIZE } from '../lib/report/mermaid';

/** The Mermaid diagram's text: what Mermaid measures against `maxTextSize`. */
function pictureOf(report: string): string {
  const start = report.indexOf('```mermaid\n');
  return report.slice(start + '```mermaid\n'.length, report.indexOf('\n```', start));
}

describe('REPORT.md at 1,000 sites', () => {
  const app = regionalDesign(999, tempOutdir());
  app.synth();
  const report = readTree(app.outdir).get('REPORT.md')!;

  test('is under 150 KiB, and no table row or picture line is over 200 characters', () => {
    expect(Buffer.byteLength(report)).toBeLessThan(150 * 1024);
    // Prose paragraphs are left as the engines write them (a paragraph is one line; its length does not grow with the design).
    const long = report.split('\n').filter((l) => l.length > 200 && (l.startsWith('|') || l.startsWith('  ')));
    expect(long.map((l) => l.slice(0, 120))).toEqual([]);
  });

  test('its picture renders with Mermaid\'s defaults: 41 sites hold members, more than it draws, so it draws each cluster', () => {
    const picture = pictureOf(report);
    expect(picture.length).toBeLessThanOrEqual(MERMAID_MAX_TEXT_SIZE);
    expect(picture.split('\n').filter((l) => l.includes(' ---|')).length).toBeLessThanOrEqual(MERMAID_MAX_EDGES);
    expect(report).toContain('The design has 1000 sites (41 with database members): the picture draws each cluster\'s placement and counts the sites by role; report.json lists every site.');
    expect(picture).toContain('cluster_crdb_00["crdb-00 (CockroachDB)<br/>2+2+1 over site-0000, site-0001, witness"]');
    expect(picture).toContain('sites_active(["999 active sites"])');
  });

  test('its Sites table lists the sites that hold members or serve the zone, and counts the others', () => {
    expect(report).toContain('The design has 1000 sites: the table lists the 41 that hold database members or serve a GSLB zone and counts the others; report.json lists every site.');
    expect(report).toContain('| 959 other sites (site-0040 … site-0998) | active | - | - |');
  });

  test('each cluster\'s votes table has a row per site that holds its members', () => {
    expect(report).toContain('| site | voters (data nodes) | all ranges (5 replicas) |\n| --- | --- | --- |\n| site-0038 | 2 | 2 |\n| site-0039 | 2 | 2 |\n| witness | 1 | 1 |');
    expect(report).toContain('The other 997 sites of the design hold no member of `crdb-19`.');
  });
});

describe('REPORT.md at 40 sites, one cluster', () => {
  test('the picture draws the 3 sites that hold members, with their links, and counts the other 37', () => {
    const app = new MultiSiteApp({ outdir: tempOutdir() });
    const sites = Array.from({ length: 39 }, (_, i) => new ActiveActiveSite(app, `dc-${i}`));
    const witness = new WitnessSite(app, 'dc-w');
    for (let i = 1; i < sites.length; i++) app.addLink(sites[0], sites[i], Latency.ofRttMillis(3));
    app.addLink(sites[1], sites[2], Latency.ofRttMillis(4));
    app.addLink(sites[0], witness, Latency.ofRttMillis(5));
    app.addLink(sites[1], witness, Latency.ofRttMillis(6));
    new DistributedSqlCluster(app, 'crdb', {
      engine: SqlEngine.cockroachDb({ replicationFactor: 5 }),
      placement: [{ site: sites[0], voters: 2 }, { site: sites[1], voters: 2 }, { site: witness, voters: 1 }],
    });
    app.synth();
    const picture = pictureOf(readTree(app.outdir).get('REPORT.md')!);
    expect(picture.split('\n')).toEqual([
      'graph LR',
      '  site_dc_0["dc-0 (active)<br/>crdb: 2 voter(s)"]',
      '  site_dc_1["dc-1 (active)<br/>crdb: 2 voter(s)"]',
      '  site_dc_w{{"dc-w (witness)<br/>crdb: 1 voter(s)"}}',
      '  sites_active(["37 other active sites"])',
      '  site_dc_0 ---|"3 ms"| site_dc_1',
      '  site_dc_0 ---|"5 ms"| site_dc_w',
      '  site_dc_1 ---|"6 ms"| site_dc_w',
    ]);
  });
});
