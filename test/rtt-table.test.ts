import * as fs from 'fs';
import * as path from 'path';
import {
  ActiveActiveSite, DeploymentShape, DistributedSqlCluster, GslbStrategy, GslbTarget, GslbZone, Latency, MultiSiteApp, SqlEngine, WitnessSite,
} from '../lib';
import { tempOutdir } from './support/designs';

/**
 * REPORT.md's RTT section lists what a reader can use: the worst link of each cluster and zone,
 * and each pair of sites that share a cluster or a zone, once; not every pair of sites.
 */
describe('REPORT.md round trip times', () => {
  const outdir = tempOutdir();
  const app = new MultiSiteApp({ outdir, shape: DeploymentShape.clusterPerSite() });
  const site = (name: string, i: number) => new ActiveActiveSite(app, name, {
    clusterDomain: `${name}.example`, podCidrs: [`10.${i}.0.0/16`], dnsAddress: `198.51.100.${i + 1}`, clusterDnsAddress: `192.0.2.${i + 1}`,
  });
  const [a, b, c, d, e] = ['site-a', 'site-b', 'site-c', 'site-d', 'site-e'].map(site);
  const w = new WitnessSite(app, 'witness', { clusterDomain: 'witness.example', podCidrs: ['10.9.0.0/16'], clusterDnsAddress: '192.0.2.9' });
  app.addLink(a, b, Latency.ofRttMillis(5));
  app.addLink(a, w, Latency.ofRttMillis(10));
  app.addLink(b, w, Latency.ofRttMillis(12));
  app.addLink(a, c, Latency.ofRttMillis(7));
  // No link between site-c and the witness: MS-LINK-RTT-UNKNOWN warns, the table says '?'.
  app.addLink(d, e, Latency.ofRttMillis(40));
  app.addLink(a, d, Latency.ofRttMillis(3));
  for (const [name, other] of [['x', b], ['y', c]] as const) {
    new DistributedSqlCluster(app, name, {
      engine: SqlEngine.cockroachDb({ replicationFactor: 5 }),
      placement: [{ site: a, voters: 2 }, { site: other, voters: 2 }, { site: w, voters: 1 }],
    });
  }
  new GslbZone(app, 'shop', {
    zone: 'shop.example.com', parentZone: 'example.com', edgeDnsServers: ['192.0.2.53'], strategy: GslbStrategy.roundRobin(), sites: [d, e],
  }).addHost({ hostname: 'www', namespace: 'shop', target: GslbTarget.ingress('shop') });
  app.synth();
  const report = fs.readFileSync(path.join(outdir, 'REPORT.md'), 'utf-8');
  const section = report.slice(report.indexOf('## Round trip times (ms)'), report.indexOf('## Picture'));

  afterAll(() => fs.rmSync(outdir, { recursive: true, force: true }));

  test('the worst link of each cluster and zone; a missing link is the worst', () => {
    expect(section).toContain('| cluster `x` | site-a, site-b, witness | site-b – witness | 12 |');
    expect(section).toContain('| cluster `y` | site-a, site-c, witness | site-c – witness | ? |');
    expect(section).toContain('| zone shop.example.com | site-d, site-e | site-d – site-e | 40 |');
  });

  test('each pair that shares a cluster or a zone once, in site order, with every cluster and zone it shares; no other pair', () => {
    const rows = section.split('\n').filter((l) => /^\| site-|^\| witness/.test(l));
    expect(rows).toEqual([
      '| site-a | site-b | 5 | `x` |',
      '| site-a | site-c | 7 | `y` |',
      '| site-a | witness | 10 | `x`, `y` |',
      '| site-b | witness | 12 | `x` |',
      '| site-c | witness | ? | `y` |',
      '| site-d | site-e | 40 | zone shop.example.com |',
    ]);
  });

  test('every declared link stays in report.json', () => {
    const data = JSON.parse(fs.readFileSync(path.join(outdir, 'report.json'), 'utf-8'));
    expect(data.links).toHaveLength(6);
  });
});
