import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { DesignModel, SqlClusterModel } from '../model/design';

/** A NetworkPolicy for one kind of member that only its peers reach. */
export interface PeerPolicyProps {
  readonly design: DesignModel;
  readonly cluster: SqlClusterModel;
  /** The policy's name. */
  readonly name: string;
  /** Labels of the pods the policy selects (and puts on itself). */
  readonly labels: Record<string, string>;
  /** The ports the cluster's members open to these pods. */
  readonly ports: readonly number[];
  /** The site whose Kubernetes cluster this is; unset for a stretched cluster. */
  readonly site?: string;
}

/**
 * Admits `ports` to the selected pods from every pod of the cluster (`app.kubernetes.io/instance`)
 * in this Kubernetes cluster and, with one cluster per site, from the other member sites' pod
 * CIDRs (a policy cannot select pods of another cluster). For members that are not
 * `DatabaseServices`' data pods: garbd, YugabyteDB's masters.
 */
export function peerPolicy(scope: Construct, id: string, props: PeerPolicyProps): kplus.NetworkPolicy {
  const { design, cluster } = props;
  const policy = new kplus.NetworkPolicy(scope, id, {
    metadata: { name: props.name, namespace: cluster.namespace, labels: props.labels },
    selector: kplus.Pods.select(scope, `${id}-pods`, { labels: props.labels }),
    ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
  });
  const ports = props.ports.map((p) => kplus.NetworkPolicyPort.tcp(p));
  policy.addIngressRule(kplus.Pods.select(scope, `${id}-peers`, { labels: { 'app.kubernetes.io/instance': cluster.name } }), ports);
  if (props.site === undefined) return policy;
  for (const s of design.sites.filter((x) => x.name !== props.site && cluster.members.some((m) => m.site === x.name))) {
    for (const [i, cidr] of s.podCidrs.entries()) {
      const block = cidr.includes(':')
        ? kplus.NetworkPolicyIpBlock.ipv6(scope, `${id}-${s.name}-pods-${i}`, cidr)
        : kplus.NetworkPolicyIpBlock.ipv4(scope, `${id}-${s.name}-pods-${i}`, cidr);
      policy.addIngressRule(block, ports);
    }
  }
  return policy;
}
