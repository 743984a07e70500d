import { ActiveActiveSite, DeploymentShape, DistributedSqlCluster, GslbStrategy, GslbTarget, GslbZone, Latency, MultiSiteApp, SqlEngine, WitnessSite } from '../../lib';

const REGION = 10;

/**
 * The scale bench's regional layout (bench/synth-bench.ts): `activeSites` active sites in regions
 * of 10 (every pair in a region linked, every site linked to the witness), one Kubernetes cluster
 * per site, 20 CockroachDB clusters of 2 + 2 + 1 over two active sites and the witness, and a GSLB
 * zone served from the first region.
 */
export function regionalDesign(activeSites: number, outdir: string): MultiSiteApp {
  const app = new MultiSiteApp({ outdir, shape: DeploymentShape.clusterPerSite() });
  const active = Array.from({ length: activeSites }, (_, i) => {
    const name = `site-${String(i).padStart(4, '0')}`;
    const [hi, lo] = [Math.floor(i / 256), i % 256];
    return new ActiveActiveSite(app, name, {
      clusterDomain: `${name}.cluster.example`,
      podCidrs: [`10.${Math.floor(i / 16)}.${(i % 16) * 16}.0/20`],
      dnsAddress: `100.${64 + hi}.${lo}.53`,
      clusterDnsAddress: `100.${64 + hi}.${lo}.10`,
    });
  });
  const witness = new WitnessSite(app, 'witness', { clusterDomain: 'witness.cluster.example', podCidrs: ['10.250.0.0/16'], clusterDnsAddress: '100.127.255.10' });
  for (let i = 0; i < activeSites; i++) {
    app.addLink(active[i], witness, Latency.ofRttMillis(2 + (i % 45)));
    for (let j = i + 1; j < activeSites && Math.floor(j / REGION) === Math.floor(i / REGION); j++) {
      app.addLink(active[i], active[j], Latency.ofRttMillis(2 + ((i * 31 + j * 17) % 45)));
    }
  }
  for (let k = 0; k < 20; k++) {
    new DistributedSqlCluster(app, `crdb-${String(k).padStart(2, '0')}`, {
      engine: SqlEngine.cockroachDb({ replicationFactor: 5 }),
      placement: [{ site: active[2 * k], voters: 2 }, { site: active[2 * k + 1], voters: 2 }, { site: witness, voters: 1 }],
    });
  }
  const zone = new GslbZone(app, 'app-global', {
    zone: 'app.global.example.com',
    parentZone: 'example.com',
    edgeDnsServers: ['192.0.2.53'],
    strategy: GslbStrategy.roundRobin(),
    sites: active.slice(0, REGION),
  });
  zone.addHost({ hostname: 'shop', namespace: 'shop', target: GslbTarget.ingress('shop') });
  return app;
}
