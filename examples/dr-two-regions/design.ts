// Seed 002, active-passive across regions: one Kubernetes cluster per region, two regions about
// 800 km apart, Oracle Data Guard shipping redo asynchronously from the primary in region-a to a
// standby in region-b, and a GSLB zone with a short TTL that sends clients to the region of the
// database primary. The passive region runs the shop at minimal capacity; RUNBOOK-ledger.md says
// how a person verifies a region loss, fails over, moves DNS in every cluster, scales region-b up,
// reinstates region-a and fails back.
//
// Without a witness (the seed's design) failover is manual and said out loud; with
// `{ witness: true }` a third, small cluster runs the broker and the fast-start failover observer.
//
// Outside this repository, import from 'cdk-multisite' instead of '../../lib'.
import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  ActiveActiveSite,
  DeploymentShape,
  DistributedSqlCluster,
  GslbStrategy,
  GslbTarget,
  GslbZone,
  Latency,
  Monitoring,
  MultiSiteApp,
  SqlEngine,
  WitnessSite,
} from '../../lib';

/** Choices of the DR example. */
export interface DrTwoRegionsOptions {
  /** A third site for the broker and the fast-start failover observer (default: none, the seed's design). */
  readonly witness?: boolean;
  /** Monitoring (default: none): Oracle's metrics exporter beside each database, the lag and margin alerts. */
  readonly monitoring?: Monitoring;
}

/** The two-region DR design, ready to synthesize into `outdir` (default: `CDK8S_OUTDIR`, or `dist`). */
export function drTwoRegionsDesign(outdir?: string, options: DrTwoRegionsOptions = {}): MultiSiteApp {
  const app = new MultiSiteApp({ outdir, shape: DeploymentShape.clusterPerSite(), monitoring: options.monitoring });

  const regionA = new ActiveActiveSite(app, 'region-a', {
    clusterDomain: 'region-a.cluster.example',
    podCidrs: ['10.10.0.0/16'],
    serviceCidrs: ['10.110.0.0/16'],
    nodeCidrs: ['172.16.10.0/24'],
    dnsAddress: '198.51.100.53',
  });
  const regionB = new ActiveActiveSite(app, 'region-b', {
    clusterDomain: 'region-b.cluster.example',
    podCidrs: ['10.20.0.0/16'],
    serviceCidrs: ['10.120.0.0/16'],
    nodeCidrs: ['172.16.20.0/24'],
    dnsAddress: '203.0.113.53',
  });
  app.addLink(regionA, regionB, Latency.ofDistanceKm(800));
  const witness = options.witness
    ? new WitnessSite(app, 'region-witness', {
      clusterDomain: 'region-witness.cluster.example',
      podCidrs: ['10.30.0.0/16'],
      serviceCidrs: ['10.130.0.0/16'],
      nodeCidrs: ['172.16.30.0/24'],
    })
    : undefined;
  if (witness) {
    app.addLink(regionA, witness, Latency.ofDistanceKm(450));
    app.addLink(regionB, witness, Latency.ofDistanceKm(450));
  }

  const ledger = new DistributedSqlCluster(app, 'ledger', {
    engine: SqlEngine.oracleDataGuard({
      primary: regionA,
      rpo: Duration.seconds(30),
      // With two regions only, no observer can tell a lost region from a cut link: a person fails over.
      fastStartFailover: witness !== undefined,
      storageSize: Size.gibibytes(200),
      // TCPS between sites: the same CA Secret in every cluster; the library writes the Issuer and each database's Certificate.
      certManagerCaSecret: 'multisite-ca',
      databaseDomain: 'db.example.com',
      clientNamespaces: ['shop'],
    }),
    placement: [
      { site: regionA, voters: 1 },
      { site: regionB, voters: 1 },
      ...(witness ? [{ site: witness, arbitrators: 1 }] : []),
    ],
  });

  // Data Guard members reach each other by the names they are published under (databaseDomain),
  // not by cluster domains, so no cluster needs to resolve another's (no MS-CROSS-SITE-DNS).

  // Full capacity in the active region, minimal in the passive one; the runbook scales region-b up.
  shop(regionA, 6);
  shop(regionB, 1);

  const zone = new GslbZone(app, 'app-global', {
    zone: 'app.global.example.com',
    parentZone: 'example.com',
    edgeDnsServers: ['192.0.2.53'],
    strategy: GslbStrategy.failover(regionA),
    ttl: Duration.seconds(30),
  });
  zone.addHost({ hostname: 'shop', namespace: 'shop', target: GslbTarget.ingress('shop'), backendServices: [{ name: 'shop', port: 80 }], dependsOn: ledger, deployment: 'shop' });
  return app;
}

/** The shop: a stateless front end that writes to the region's database, its Service and Ingress. */
function shop(site: ActiveActiveSite, replicas: number): void {
  const namespace = new kplus.Namespace(site, 'shop-namespace', {
    metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
  });
  const web = new kplus.Deployment(site, 'shop', {
    metadata: { name: 'shop', namespace: 'shop' },
    podMetadata: { labels: { 'app.kubernetes.io/name': 'shop' } },
    replicas,
    containers: [{
      name: 'web',
      image: 'nginxinc/nginx-unprivileged:1.27-alpine',
      portNumber: 8080,
      // The region's database: a standby rejects writes, so the zone must send clients to the primary's region.
      envVariables: { DATABASE_URL: kplus.EnvValue.fromValue(`ledger-${site.siteName}.db.example.com:1521/LEDGER${site.siteName === 'region-a' ? 1 : 2}`) },
      securityContext: {
        user: 101,
        group: 101,
        capabilities: { drop: [kplus.Capability.ALL] },
        seccompProfile: { type: kplus.SeccompProfileType.RUNTIME_DEFAULT },
        readOnlyRootFilesystem: false,
      },
      resources: {
        cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
        memory: { request: Size.mebibytes(64), limit: Size.mebibytes(128) },
      },
    }],
  });
  const service = web.exposeViaService({ name: 'shop', ports: [{ port: 80, targetPort: 8080 }] });
  new kplus.Ingress(site, 'shop-ingress', {
    metadata: { name: 'shop', namespace: 'shop' },
    rules: [{ host: 'shop.app.global.example.com', backend: kplus.IngressBackend.fromService(service) }],
  });
  const policy = new kplus.NetworkPolicy(site, 'shop-policy', {
    metadata: { name: 'shop', namespace: 'shop' },
    selector: web,
    ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
  });
  policy.addIngressRule(kplus.NetworkPolicyIpBlock.anyIpv4(site, 'anyone'), [kplus.NetworkPolicyPort.tcp(8080)]);
  web.node.addDependency(namespace);
  policy.node.addDependency(namespace);
}
