// The seed-000 lab as production usually runs it: one Kubernetes cluster per site. The same
// CockroachDB 2 + 2 + 1, a stateless shop front end in both active sites, the GSLB zone
// app.global.example.com delegated from Route 53 to k8gb in dc-a and dc-b, and an anycast
// address for the front end announced by BGP (MetalLB) from dc-a and dc-b.
//
// Outside this repository, import from 'cdk-multisite' instead of '../../lib'.
import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import {
  ActiveActiveSite,
  AnycastTarget,
  AnycastVip,
  DeploymentShape,
  DistributedSqlCluster,
  GslbStrategy,
  GslbTarget,
  GslbZone,
  Latency,
  Monitoring,
  MultiSiteApp,
  SqlEngine,
  TerraformBackend,
  WitnessSite,
} from '../../lib';

/**
 * The per-cluster lab, ready to synthesize into `outdir` (default: `CDK8S_OUTDIR`, or `dist`).
 * Its Terraform stacks keep their state in `terraformBackend` (default: `.terraform-state/` beside `outdir`).
 * With `monitoring`, each site gets the PodMonitors and alerts its own Prometheus can decide.
 */
export function perClusterLabDesign(outdir?: string, terraformBackend?: TerraformBackend, monitoring?: Monitoring): MultiSiteApp {
  const app = new MultiSiteApp({ outdir, shape: DeploymentShape.clusterPerSite(), terraformBackend, monitoring });

  const dcA = new ActiveActiveSite(app, 'dc-a', {
    clusterDomain: 'dc-a.cluster.example',
    podCidrs: ['10.10.0.0/16'],
    serviceCidrs: ['10.110.0.0/16'],
    nodeCidrs: ['172.16.10.0/24'],
    dnsAddress: '198.51.100.53',
    clusterDnsAddress: '172.16.10.53',
  });
  const dcB = new ActiveActiveSite(app, 'dc-b', {
    clusterDomain: 'dc-b.cluster.example',
    podCidrs: ['10.20.0.0/16'],
    serviceCidrs: ['10.120.0.0/16'],
    nodeCidrs: ['172.16.20.0/24'],
    dnsAddress: '203.0.113.53',
    clusterDnsAddress: '172.16.20.53',
  });
  const witness = new WitnessSite(app, 'dc-witness', {
    clusterDomain: 'dc-witness.cluster.example',
    podCidrs: ['10.30.0.0/16'],
    serviceCidrs: ['10.130.0.0/16'],
    nodeCidrs: ['172.16.30.0/24'],
    clusterDnsAddress: '172.16.30.53',
  });

  app.addLink(dcA, dcB, Latency.ofDistanceKm(100));
  app.addLink(dcA, witness, Latency.ofDistanceKm(150));
  app.addLink(dcB, witness, Latency.ofRttMillis(3.5));

  const crdb = new DistributedSqlCluster(app, 'crdb', {
    engine: SqlEngine.cockroachDb({
      replicationFactor: 5,
      storageSize: Size.gibibytes(20),
      sqlClientNamespaces: ['shop'],
      // One CA for every site (a Secret you create in namespace crdb of each cluster);
      // cert-manager issues each site's node and client certificates from it.
      certManagerCaSecret: 'multisite-ca',
    }),
    placement: [
      { site: dcA, voters: 2 },
      { site: dcB, voters: 2 },
      { site: witness, voters: 1 },
    ],
  });

  // The front end: an ordinary cdk8s-plus workload in each active site's chart.
  for (const site of [dcA, dcB]) shopFrontEnd(site);

  const zone = new GslbZone(app, 'app-global', {
    zone: 'app.global.example.com',
    parentZone: 'example.com',
    edgeDnsServers: ['192.0.2.53'],
    strategy: GslbStrategy.roundRobin(),
  });
  // The shop writes to crdb: a site whose nodes cannot take writes stops being answered.
  zone.addHost({ hostname: 'shop', namespace: 'shop', target: GslbTarget.ingress('shop'), backendServices: [{ name: 'shop', port: 80 }], dependsOn: crdb });

  // The same front end also answers on one anycast address, announced by BGP from both sites.
  new AnycastVip(app, 'shop-vip', {
    address: '192.0.2.80',
    target: AnycastTarget.pods({ namespace: 'shop', selector: { 'app.kubernetes.io/name': 'shop' }, ports: [{ port: 80, targetPort: 8080 }] }),
    localAsn: 64512,
    routers: [
      { site: dcA, address: '172.16.10.1', asn: 65010 },
      { site: dcA, address: '172.16.10.2', asn: 65010 },
      { site: dcB, address: '172.16.20.1', asn: 65020 },
      { site: dcB, address: '172.16.20.2', asn: 65020 },
    ],
    communities: ['65000:100'],
    // Clients on the internet reach the same sites through AWS's edge (validated, not applied, in the tests).
    awsEdge: [
      { site: dcA, region: 'eu-west-1', endpointId: 'arn:aws:elasticloadbalancing:eu-west-1:111122223333:loadbalancer/net/shop-dc-a/0123456789abcdef' },
      { site: dcB, region: 'eu-central-1', endpointId: 'arn:aws:elasticloadbalancing:eu-central-1:111122223333:loadbalancer/net/shop-dc-b/0123456789abcdef' },
    ],
  });
  return app;
}

/** A stateless web front end with its Service and an Ingress for shop.app.global.example.com. */
function shopFrontEnd(site: ActiveActiveSite): void {
  const namespace = new kplus.Namespace(site, 'shop-namespace', {
    metadata: { name: 'shop', labels: { 'pod-security.kubernetes.io/enforce': 'restricted' } },
  });
  const web = new kplus.Deployment(site, 'shop', {
    metadata: { name: 'shop', namespace: 'shop' },
    podMetadata: { labels: { 'app.kubernetes.io/name': 'shop' } },
    replicas: 3,
    containers: [{
      name: 'web',
      image: 'nginxinc/nginx-unprivileged:1.27-alpine',
      portNumber: 8080,
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
  // A public front end: HTTP from anywhere, nothing else.
  const policy = new kplus.NetworkPolicy(site, 'shop-policy', {
    metadata: { name: 'shop', namespace: 'shop' },
    selector: web,
    ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
  });
  policy.addIngressRule(kplus.NetworkPolicyIpBlock.anyIpv4(site, 'anyone'), [kplus.NetworkPolicyPort.tcp(8080)]);
  web.node.addDependency(namespace);
  policy.node.addDependency(namespace);
}
