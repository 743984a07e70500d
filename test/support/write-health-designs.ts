import * as kplus from 'cdk8s-plus-28';
import {
  ActiveActiveSite, CassandraConsistency, DeploymentShape, DistributedSqlCluster, GslbTarget, GslbZone, Latency, MultiSiteApp, SqlEngine, WitnessSite,
} from '../../lib';

/** The GSLB host every design here serves, in namespace `shop`, depending on the database. */
export const WRITE_HEALTH_FQDN = 'shop.app.global.example.com';

/**
 * Three active sites (dc-a, dc-b, dc-c), one Kubernetes cluster per site, 2 ms
 * apart, a database over them and the GSLB host `shop` that depends on it. `engine` picks
 * YugabyteDB (one tserver per site) or Cassandra (three nodes per datacenter, a `control` witness
 * for K8ssandra's control plane, keyspace `shop`, writes at `writeConsistency`).
 */
export function writeHealthDesign(outdir: string, engine: 'yugabytedb' | 'cassandra', options: {
  readonly writeConsistency?: CassandraConsistency;
  readonly insecure?: boolean;
  /** YugabyteDB tservers per site. */
  readonly tserversPerSite?: number;
} = {}): MultiSiteApp {
  const app = new MultiSiteApp({ outdir, shape: DeploymentShape.clusterPerSite() });
  const site = (name: string, i: number) => ({
    clusterDomain: `${name}.example`, podCidrs: [`10.${i}.0.0/16`], clusterDnsAddress: `172.16.${i}.53`, dnsAddress: `198.51.100.${i + 1}`,
  });
  const sites = ['dc-a', 'dc-b', 'dc-c'].map((n, i) => new ActiveActiveSite(app, n, site(n, i)));
  const all = engine === 'cassandra' ? [...sites, new WitnessSite(app, 'control', site('control', 9))] : sites;
  for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) app.addLink(all[i], all[j], Latency.ofRttMillis(2));
  const db = engine === 'yugabytedb'
    ? new DistributedSqlCluster(app, 'yb', {
      engine: SqlEngine.yugabyteDb({ insecure: options.insecure }), placement: sites.map((s) => ({ site: s, voters: options.tserversPerSite ?? 1 })),
    })
    : new DistributedSqlCluster(app, 'cass', {
      engine: SqlEngine.cassandra({ writeConsistency: options.writeConsistency, keyspaces: [{ name: 'shop' }], insecure: options.insecure }),
      placement: sites.map((s) => ({ site: s, voters: 3 })),
    });
  for (const s of sites) shopService(s);
  const zone = new GslbZone(app, 'app-global', { zone: 'app.global.example.com', parentZone: 'example.com', edgeDnsServers: ['192.0.2.53'] });
  zone.addHost({ hostname: 'shop', namespace: 'shop', target: GslbTarget.ingress('shop'), backendServices: [{ name: 'shop', port: 80 }], dependsOn: db });
  return app;
}

/** The application's Service and Ingress `shop` in a serving site: what the write-health Ingress and k8gb count beside the probe. */
function shopService(site: ActiveActiveSite): void {
  new kplus.k8s.KubeService(site, 'shop-service', {
    metadata: { name: 'shop', namespace: 'shop' },
    spec: { selector: { 'app.kubernetes.io/name': 'shop' }, ports: [{ port: 80, targetPort: kplus.k8s.IntOrString.fromNumber(8080) }] },
  });
  new kplus.k8s.KubeIngress(site, 'shop-ingress', {
    metadata: { name: 'shop', namespace: 'shop' },
    spec: { rules: [{ host: WRITE_HEALTH_FQDN, http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: 'shop', port: { number: 80 } } } }] } }] },
  });
}
