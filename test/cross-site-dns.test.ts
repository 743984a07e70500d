import * as fs from 'fs';
import * as path from 'path';
import { ActiveActiveSite, DeploymentShape, DistributedSqlCluster, Latency, MultiSiteApp, Site, SqlEngine, WitnessSite } from '../lib';
import { tempOutdir } from './support/designs';
import { ENGINES } from '../lib/engines/registry';

/**
 * One cluster per site with CoreDNS forwarding and no cluster DNS address anywhere: the sites of
 * an engine whose members join by cluster-domain names get MS-CROSS-SITE-DNS; the sites of one
 * whose members connect by pod IPs (Cassandra's seeds) or published names (Data Guard) do not.
 */
const EXPECTED: Record<string, { engine: (primary: Site) => SqlEngine; witnessArbitrators: boolean; warns: boolean }> = {
  'cockroachdb': { engine: () => SqlEngine.cockroachDb(), witnessArbitrators: false, warns: true },
  'galera': { engine: () => SqlEngine.galera({ arbitratorImage: 'example.com/garbd:1' }), witnessArbitrators: true, warns: true },
  'yugabytedb': { engine: () => SqlEngine.yugabyteDb(), witnessArbitrators: false, warns: true },
  'oracle-data-guard': { engine: (primary) => SqlEngine.oracleDataGuard({ primary, databaseDomain: 'db.example.com' }), witnessArbitrators: true, warns: false },
  'cassandra': { engine: () => SqlEngine.cassandra(), witnessArbitrators: false, warns: false },
};

function perSiteApp(): { app: MultiSiteApp; dcA: ActiveActiveSite; dcB: ActiveActiveSite; witness: WitnessSite } {
  const app = new MultiSiteApp({ outdir: tempOutdir(), shape: DeploymentShape.clusterPerSite() });
  const dcA = new ActiveActiveSite(app, 'dc-a', { clusterDomain: 'dc-a.example.internal', podCidrs: ['10.10.0.0/16'] });
  const dcB = new ActiveActiveSite(app, 'dc-b', { clusterDomain: 'dc-b.example.internal', podCidrs: ['10.20.0.0/16'] });
  const witness = new WitnessSite(app, 'dc-witness', { clusterDomain: 'dc-witness.example.internal', podCidrs: ['10.30.0.0/16'] });
  app.addLink(dcA, dcB, Latency.ofRttMillis(2));
  app.addLink(dcA, witness, Latency.ofRttMillis(4));
  app.addLink(dcB, witness, Latency.ofRttMillis(4));
  return { app, dcA, dcB, witness };
}

const crossSiteDnsPaths = (app: MultiSiteApp) => app.check().filter((f) => f.ruleId === 'MS-CROSS-SITE-DNS').map((f) => f.path).sort();

describe('MS-CROSS-SITE-DNS asks for cross-site DNS only where members resolve each other by cluster domain', () => {
  test('every engine is listed here', () => {
    expect(Object.keys(EXPECTED).sort()).toEqual(ENGINES.map((e) => e.kind).sort());
  });

  test.each(Object.entries(EXPECTED))('%s', (_kind, sample) => {
    const { app, dcA, dcB, witness } = perSiteApp();
    new DistributedSqlCluster(app, 'db', {
      engine: sample.engine(dcA),
      placement: [
        { site: dcA, voters: 1 },
        { site: dcB, voters: 1 },
        sample.witnessArbitrators ? { site: witness, arbitrators: 1 } : { site: witness, voters: 1 },
      ],
    });
    expect(crossSiteDnsPaths(app)).toEqual(sample.warns ? ['dc-a', 'dc-b', 'dc-witness'] : []);
  });

  test('beside a Cassandra cluster, only the sites of the engine that joins by name warn', () => {
    const { app, dcA, dcB, witness } = perSiteApp();
    new DistributedSqlCluster(app, 'events', {
      engine: SqlEngine.cassandra(),
      placement: [{ site: dcA, voters: 3 }, { site: dcB, voters: 3 }],
    });
    new DistributedSqlCluster(app, 'orders', {
      engine: SqlEngine.galera({ arbitratorImage: 'example.com/garbd:1' }),
      placement: [{ site: dcB, voters: 2 }, { site: witness, arbitrators: 1 }],
    });
    expect(crossSiteDnsPaths(app)).toEqual(['dc-b', 'dc-witness']);
  });
});

describe('the CoreDNS forwarding written follows the same engines', () => {
  const forwardedFrom = (outdir: string, site: string): string | undefined => {
    const file = path.join(outdir, site, 'kube-system', 'configmap-coredns-custom.yaml');
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf-8') : undefined;
  };

  test('sites that share only a Cassandra cluster get no forwarding; those of a Galera cluster beside it do', () => {
    const outdir = tempOutdir();
    const app = new MultiSiteApp({ outdir, shape: DeploymentShape.clusterPerSite() });
    const site = (name: string, i: number) => new ActiveActiveSite(app, name, {
      clusterDomain: `${name}.example.internal`, podCidrs: [`10.${i}.0.0/16`], clusterDnsAddress: `10.0.${i}.53`,
    });
    const [dcA, dcB, dcC] = [site('dc-a', 1), site('dc-b', 2), site('dc-c', 3)];
    const witness = new WitnessSite(app, 'dc-witness', { clusterDomain: 'dc-witness.example.internal', podCidrs: ['10.4.0.0/16'], clusterDnsAddress: '10.0.4.53' });
    const all = [dcA, dcB, dcC, witness];
    for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) app.addLink(all[i], all[j], Latency.ofRttMillis(2));
    new DistributedSqlCluster(app, 'events', {
      engine: SqlEngine.cassandra(),
      placement: [{ site: dcA, voters: 3 }, { site: dcB, voters: 3 }, { site: dcC, voters: 3 }],
    });
    new DistributedSqlCluster(app, 'orders', {
      engine: SqlEngine.galera({ arbitratorImage: 'example.com/garbd:1' }),
      placement: [{ site: dcB, voters: 2 }, { site: dcC, voters: 2 }, { site: witness, arbitrators: 1 }],
    });
    app.synth();
    expect(forwardedFrom(outdir, 'dc-a')).toBeUndefined();
    const fromB = forwardedFrom(outdir, 'dc-b')!;
    expect(fromB).toContain('dc-c.example.internal:53 {');
    expect(fromB).toContain('dc-witness.example.internal:53 {');
    expect(fromB).not.toContain('dc-a.example.internal');
  });
});
