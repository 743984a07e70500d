import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { workloadLabels } from './labels';
import { OutputCharts } from './output-charts';
import * as metallb from '../imports/metallb.io';
import { AnycastVipModel, DesignModel } from '../model/design';

/**
 * Writes an anycast VIP for MetalLB (v0.16): in every announcing site the address pool
 * holding the /32, a BFD profile for fast withdrawal, one BGPPeer (v1beta2) per router and the
 * BGPAdvertisement; and the LoadBalancer Service in front of the pods with
 * `externalTrafficPolicy: Local`, so only nodes with a local endpoint announce and a site
 * without healthy pods withdraws. In a stretched cluster the peers are pinned to their
 * site's nodes by node selector.
 */
export function writeAnycastVip(design: DesignModel, vip: AnycastVipModel, charts: OutputCharts): void {
  if (!vip.pods) return;
  const stretched = design.shape.kind === 'stretched';
  const targets: { chart: Chart; sites: readonly string[] }[] = stretched
    ? [{ chart: charts.clusterWide(), sites: vip.sites }]
    : vip.sites.map((s) => ({ chart: charts.forSite(s), sites: [s] }));
  const labels = workloadLabels('metallb', vip.name, 'anycast');
  const ns = vip.metallbNamespace;

  for (const { chart, sites } of targets) {
    const scope = new Construct(chart, `anycast-${vip.name}`);
    new metallb.IpAddressPool(scope, 'pool', {
      metadata: { name: vip.name, namespace: ns, labels },
      spec: { addresses: [`${vip.address}/32`], autoAssign: false },
    });
    const bfd = new metallb.BfdProfile(scope, 'bfd', {
      metadata: { name: `${vip.name}-bfd`, namespace: ns, labels },
      spec: { receiveInterval: 300, transmitInterval: 300, detectMultiplier: 3 },
    });
    const peers: string[] = [];
    for (const site of sites) {
      vip.routers.filter((r) => r.site === site).forEach((r, i) => {
        const name = `${vip.name}-${site}-${i}`;
        peers.push(name);
        new metallb.BgpPeerV1Beta2(scope, name, {
          metadata: { name, namespace: ns, labels },
          spec: {
            myAsn: vip.localAsn,
            peerAsn: r.asn,
            peerAddress: r.address,
            bfdProfile: bfd.name,
            ...(r.passwordSecret ? { passwordSecret: { name: r.passwordSecret, namespace: ns } } : {}),
            ...(design.shape.kind === 'stretched' ? { nodeSelectors: [{ matchLabels: { [design.shape.siteLabel]: site } }] } : {}),
          },
        });
      });
    }
    new metallb.BgpAdvertisement(scope, 'advertisement', {
      metadata: { name: vip.name, namespace: ns, labels },
      spec: {
        ipAddressPools: [vip.name],
        aggregationLength: 32,
        peers,
        ...(vip.communities.length > 0 ? { communities: [...vip.communities] } : {}),
        ...(vip.localPreference !== undefined ? { localPref: vip.localPreference } : {}),
      },
    });
    new kplus.k8s.KubeService(scope, 'service', {
      metadata: {
        name: `${vip.name}-anycast`,
        namespace: vip.pods.namespace,
        labels,
        annotations: { 'metallb.io/address-pool': vip.name, 'metallb.io/loadBalancerIPs': vip.address },
      },
      spec: {
        type: 'LoadBalancer',
        externalTrafficPolicy: 'Local',
        selector: { ...vip.pods.selector },
        ports: vip.pods.ports.map((p) => ({ name: `tcp-${p.port}`, port: p.port, targetPort: kplus.k8s.IntOrString.fromNumber(p.targetPort), protocol: 'TCP' })),
      },
    });
  }
}
