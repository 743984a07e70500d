import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import * as metallb from '../imports/metallb.io';

/** One address held by MetalLB in layer-2 mode in front of some pods of one site. */
export interface Layer2VipProps {
  /** Names the pool, the advertisement and (with `-vip`) the Service. */
  readonly name: string;
  /** The IPv4 address (a /32 in its own pool). */
  readonly address: string;
  /** Namespace MetalLB runs in. */
  readonly metallbNamespace: string;
  /**
   * The labels of the site's nodes, in a cluster that spans sites (one L2 segment per site);
   * unset in a cluster of one site, whose nodes all share its segment.
   */
  readonly siteNodes?: Readonly<Record<string, string>>;
  /** The Service in front of the pods. */
  readonly service: {
    readonly namespace: string;
    readonly selector: Readonly<Record<string, string>>;
    readonly ports: readonly { readonly name: string; readonly port: number; readonly targetPort: number }[];
  };
  readonly labels: Readonly<Record<string, string>>;
}

/**
 * Writes a MetalLB (v0.16) layer-2 VIP: an `IPAddressPool` holding only the /32 (`autoAssign:
 * false`, so no other Service takes it), an `L2Advertisement` of that pool from the site's nodes
 * only, and a `LoadBalancer` Service asking for the address
 * (`metallb.io/address-pool`, `metallb.io/loadBalancerIPs`, https://metallb.io/usage/#requesting-specific-ips).
 * One node of the site answers ARP for the address; when it is lost, memberlist detects it and
 * another node of the site takes the address over with a gratuitous ARP
 * (https://metallb.universe.tf/concepts/layer2/). `externalTrafficPolicy: Cluster`: the node that
 * holds the address forwards to any of the Service's pods, so the address does not depend on
 * which node runs them.
 */
export function writeLayer2Vip(scope: Construct, props: Layer2VipProps): void {
  const { name, labels } = props;
  new metallb.IpAddressPool(scope, 'l2-pool', {
    metadata: { name, namespace: props.metallbNamespace, labels: { ...labels } },
    spec: { addresses: [`${props.address}/32`], autoAssign: false },
  });
  new metallb.L2Advertisement(scope, 'l2-advertisement', {
    metadata: { name, namespace: props.metallbNamespace, labels: { ...labels } },
    spec: {
      ipAddressPools: [name],
      ...(props.siteNodes ? { nodeSelectors: [{ matchLabels: { ...props.siteNodes } }] } : {}),
    },
  });
  new kplus.k8s.KubeService(scope, 'l2-service', {
    metadata: {
      name: `${name}-vip`,
      namespace: props.service.namespace,
      labels: { ...labels },
      annotations: { 'metallb.io/address-pool': name, 'metallb.io/loadBalancerIPs': props.address },
    },
    spec: {
      type: 'LoadBalancer',
      externalTrafficPolicy: 'Cluster',
      selector: { ...props.service.selector },
      ports: props.service.ports.map((p) => ({ name: p.name, port: p.port, targetPort: kplus.k8s.IntOrString.fromNumber(p.targetPort), protocol: 'TCP' })),
    },
  });
}
