import { perClusterLabDesign } from '../examples/lab-per-cluster/design';
import {
  ActiveActiveSite, AnycastTarget, AnycastVip, DeploymentShape, DistributedSqlCluster, Latency, MultiSiteApp, SqlEngine, WitnessSite,
} from '../lib';
import { findObject, readObjects, readTree, tempOutdir } from './support/designs';

const outdir = tempOutdir();
perClusterLabDesign(outdir).synth();
const objects = readObjects(outdir);

describe('AnycastVip in the per-cluster lab', () => {
  test('MetalLB objects exist for dc-a and dc-b only', () => {
    const metallb = objects.filter((o) => o.obj.apiVersion.startsWith('metallb.io/'));
    expect([...new Set(metallb.map((o) => o.file.split('/')[0]))]).toEqual(['dc-a', 'dc-b']);
    expect(metallb.filter((o) => o.file.startsWith('dc-a/')).map((o) => `${o.obj.kind} ${o.obj.apiVersion}`).sort()).toEqual([
      'BFDProfile metallb.io/v1beta1',
      'BGPAdvertisement metallb.io/v1beta1',
      'BGPPeer metallb.io/v1beta2',
      'BGPPeer metallb.io/v1beta2',
      'IPAddressPool metallb.io/v1beta1',
    ]);
  });

  test('the pool holds the /32; peers per router with BFD; the advertisement names the site\'s peers and community', () => {
    expect(findObject(objects, 'IPAddressPool', 'shop-vip', 'dc-a').spec).toEqual({ addresses: ['192.0.2.80/32'], autoAssign: false });
    const peer = findObject(objects, 'BGPPeer', 'shop-vip-dc-b-1', 'dc-b');
    expect(peer.spec).toEqual({ myASN: 64512, peerASN: 65020, peerAddress: '172.16.20.2', bfdProfile: 'shop-vip-bfd' });
    expect(findObject(objects, 'BGPAdvertisement', 'shop-vip', 'dc-b').spec).toEqual({
      ipAddressPools: ['shop-vip'], aggregationLength: 32, peers: ['shop-vip-dc-b-0', 'shop-vip-dc-b-1'], communities: ['65000:100'],
    });
  });

  test('the Service announces only from nodes with a local endpoint', () => {
    const svc = findObject(objects, 'Service', 'shop-vip-anycast', 'dc-a');
    expect(svc.spec).toMatchObject({ type: 'LoadBalancer', externalTrafficPolicy: 'Local', selector: { 'app.kubernetes.io/name': 'shop' } });
    expect(svc.metadata.annotations).toEqual({ 'metallb.io/address-pool': 'shop-vip', 'metallb.io/loadBalancerIPs': '192.0.2.80' });
    const web = findObject(objects, 'Deployment', 'shop', 'dc-a');
    expect(web.spec.template.metadata.labels['app.kubernetes.io/name']).toBe('shop');
  });
});

describe('anycast and address plans that are refused', () => {
  function design(options: { vipSites?: ('a' | 'b')[]; sql?: boolean; podB?: string; firewall?: boolean }) {
    const app = new MultiSiteApp({ outdir: tempOutdir(), shape: DeploymentShape.clusterPerSite() });
    const a = new ActiveActiveSite(app, 'dc-a', { clusterDomain: 'a.example', podCidrs: ['10.10.0.0/16'], serviceCidrs: ['10.96.0.0/16'] });
    const b = new ActiveActiveSite(app, 'dc-b', {
      clusterDomain: 'b.example', podCidrs: [options.podB ?? '10.20.0.0/16'], serviceCidrs: ['10.97.0.0/16'], statefulFirewall: options.firewall,
    });
    const w = new WitnessSite(app, 'dc-witness', { clusterDomain: 'w.example', podCidrs: ['10.30.0.0/16'] });
    app.addLink(a, b, Latency.ofRttMillis(2));
    app.addLink(a, w, Latency.ofRttMillis(3));
    app.addLink(b, w, Latency.ofRttMillis(3));
    const crdb = new DistributedSqlCluster(app, 'crdb', {
      engine: SqlEngine.cockroachDb(),
      placement: [{ site: a, voters: 1 }, { site: b, voters: 1 }, { site: w, voters: 1 }],
    });
    const sites = { a, b };
    new AnycastVip(app, 'vip', {
      address: '192.0.2.80',
      target: options.sql ? AnycastTarget.sqlCluster(crdb) : AnycastTarget.pods({ namespace: 'web', selector: { app: 'web' }, ports: [{ port: 443 }] }),
      localAsn: 64512,
      routers: (options.vipSites ?? ['a', 'b']).map((s) => ({ site: sites[s], address: '172.16.0.1', asn: 65000 })),
    });
    return app;
  }
  const findings = (app: MultiSiteApp, severity: string) => app.check().filter((f) => f.severity === severity).map((f) => `${f.ruleId}: ${f.message}`);

  test('a VIP in front of the SQL cluster', () => {
    expect(findings(design({ sql: true }), 'error')).toEqual(['MS-ANYCAST-STATEFUL: 192.0.2.80 fronts SQL cluster crdb.']);
  });

  test('a VIP announced from one site', () => {
    expect(findings(design({ vipSites: ['a'] }), 'error')).toEqual(['MS-ANYCAST-SITES: 192.0.2.80 is announced from 1 active site(s) (dc-a).']);
  });

  test('overlapping pod CIDRs between dc-a and dc-b, both named', () => {
    const app = design({ podB: '10.10.128.0/17' });
    expect(findings(app, 'error')).toEqual(['MS-CIDR-OVERLAP: dc-a\'s pod CIDR 10.10.0.0/16 overlaps dc-b\'s pod CIDR 10.10.128.0/17.']);
    expect(() => app.synth()).toThrow('MS-CIDR-OVERLAP at dc-b');
    expect(readTree(app.outdir).size).toBe(0);
  });

  test('a stateful firewall in an announcing site warns about asymmetric routing', () => {
    const app = design({ firewall: true });
    expect(findings(app, 'warning').filter((f) => f.startsWith('MS-ANYCAST'))).toEqual(['MS-ANYCAST-FIREWALL: dc-b has a stateful firewall in the path of 192.0.2.80.']);
    expect(app.check().find((f) => f.ruleId === 'MS-ANYCAST-FIREWALL')!.why).toContain('asymmetric routing');
  });

  test('props that are wrong on their own throw at once', () => {
    const app = new MultiSiteApp({ outdir: tempOutdir() });
    const a = new ActiveActiveSite(app, 'dc-a');
    const target = AnycastTarget.pods({ namespace: 'web', selector: { app: 'web' }, ports: [{ port: 80 }] });
    expect(() => new AnycastVip(app, 'v1', { address: '192.0.2.0/24', target, localAsn: 64512, routers: [] })).toThrow('AnycastVip "v1": address "192.0.2.0/24" is not a unicast IPv4 address (a /32 announced by BGP).');
    expect(() => new AnycastVip(app, 'v2', { address: '192.0.2.1', target, localAsn: 0, routers: [] })).toThrow('ASN 0');
    expect(() => new AnycastVip(app, 'v3', { address: '192.0.2.1', target, localAsn: 1, routers: [{ site: a, address: 'x', asn: 2 }] })).toThrow('router address "x"');
  });
});
