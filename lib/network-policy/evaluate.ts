import { LabelSelectorObject, selects } from './label-selector';
import { CidrRange, parseCidr } from '../model/cidr';

/** A `networking.k8s.io/v1` NetworkPolicy as written (the fields the evaluator reads). */
export interface NetworkPolicyObject {
  readonly metadata?: { readonly name?: string; readonly namespace?: string };
  readonly spec?: {
    readonly podSelector?: LabelSelectorObject;
    readonly policyTypes?: readonly string[];
    readonly ingress?: readonly PolicyRuleObject[];
    readonly egress?: readonly PolicyRuleObject[];
  };
}

/** One ingress or egress rule: traffic must match one of `from`/`to` and one of `ports`. */
export interface PolicyRuleObject {
  readonly from?: readonly PolicyPeerObject[];
  readonly to?: readonly PolicyPeerObject[];
  readonly ports?: readonly PolicyPortObject[];
}

/** `NetworkPolicyPeer`. */
export interface PolicyPeerObject {
  readonly podSelector?: LabelSelectorObject;
  readonly namespaceSelector?: LabelSelectorObject;
  readonly ipBlock?: { readonly cidr: string; readonly except?: readonly string[] };
}

/** `NetworkPolicyPort`. */
export interface PolicyPortObject {
  readonly protocol?: string;
  readonly port?: number | string;
  readonly endPort?: number;
}

/** One side of a connection, as NetworkPolicies see it. */
export interface PolicyEndpoint {
  /** The Kubernetes cluster the pod runs in; unset for a client outside every cluster. */
  readonly kubernetesCluster?: string;
  /** The pod's namespace (unset outside the clusters). */
  readonly namespace?: string;
  /** Labels of the pod's namespace; `kubernetes.io/metadata.name` is added from `namespace`. */
  readonly namespaceLabels?: Readonly<Record<string, string>>;
  readonly podLabels?: Readonly<Record<string, string>>;
  /**
   * The address ranges the pod's packets may come from (its site's pod CIDRs, or one address /32):
   * a connection is allowed only when it is allowed from each of them, and an `ipBlock` admits a
   * range only when it holds all of it. Empty: unknown, and no `ipBlock` admits it.
   */
  readonly addresses: readonly string[];
  /** The pod's named container ports (name → number), for policies that name a port. */
  readonly namedPorts?: Readonly<Record<string, number>>;
}

/** A connection one endpoint opens to another. */
export interface PolicyConnection {
  readonly from: PolicyEndpoint;
  readonly to: PolicyEndpoint;
  readonly port: number;
  /** @default TCP */
  readonly protocol?: string;
}

/** What one direction's policies say about a connection. */
export interface DirectionVerdict {
  readonly allowed: boolean;
  /** The policies that isolate the pod in this direction (none: not isolated, everything allowed). */
  readonly isolatedBy: readonly string[];
  /** The policies with a rule that admits the connection. */
  readonly admittedBy: readonly string[];
}

/** Whether a connection is allowed: both the source's egress and the destination's ingress must allow it. */
export interface ConnectionVerdict {
  readonly allowed: boolean;
  readonly egress: DirectionVerdict;
  readonly ingress: DirectionVerdict;
}

/** The namespace a policy without `metadata.namespace` lands in with `kubectl apply`. */
const DEFAULT_NAMESPACE = 'default';

/**
 * Evaluates a connection against the NetworkPolicies of every Kubernetes cluster
 * (`policies`: cluster name → its policies) with Kubernetes' semantics
 * (https://kubernetes.io/docs/concepts/services-networking/network-policies/ and the
 * `NetworkPolicySpec` API reference):
 * - a pod is isolated for ingress (egress) when some policy in its namespace selects it and has
 *   `Ingress` (`Egress`) in its policy types; `policyTypes` left out means `Ingress`, plus `Egress`
 *   when the policy has egress rules (kubernetes/kubernetes `pkg/apis/networking/v1/defaults.go`);
 * - an isolated pod admits only what some rule of some policy selecting it admits (the union);
 *   a rule admits traffic that matches one of its peers and one of its ports, and a missing or
 *   empty `from`/`to`/`ports` matches everything;
 * - `podSelector` alone selects pods of the policy's namespace, `namespaceSelector` alone every
 *   pod of the selected namespaces, both together the selected pods of the selected namespaces;
 *   selectors see only pods of the policy's own Kubernetes cluster;
 * - `ipBlock` admits an endpoint whose addresses lie inside `cidr` and outside every `except`.
 *   Whether it matches pods of the same cluster is left to the network plugin ("These should be
 *   cluster-external IPs"), so here it does not: a flow admitted only that way is not admitted;
 * - a port matches by protocol (TCP when unset) and number, a range up to `endPort`, or a
 *   name resolved against the destination pod's named container ports;
 * - the connection is allowed only when the source's egress and the destination's ingress both
 *   allow it.
 */
export function evaluateConnection(policies: ReadonlyMap<string, readonly NetworkPolicyObject[]>, c: PolicyConnection): ConnectionVerdict {
  // Each address range is a source (destination) the connection may come from (go to), e.g. the
  // IPv4 and the IPv6 range of a dual-stack site: every one must be allowed.
  const verdicts = singleAddresses(c.from).flatMap((from) => singleAddresses(c.to).map((to) => {
    const one = { ...c, from, to };
    const egress = direction(policies, 'Egress', from, to, one);
    const ingress = direction(policies, 'Ingress', to, from, one);
    return { allowed: egress.allowed && ingress.allowed, egress, ingress };
  }));
  return verdicts.find((v) => !v.allowed) ?? verdicts[0];
}

function singleAddresses(e: PolicyEndpoint): PolicyEndpoint[] {
  return e.addresses.length <= 1 ? [e] : e.addresses.map((a) => ({ ...e, addresses: [a] }));
}

function direction(
  policies: ReadonlyMap<string, readonly NetworkPolicyObject[]>, type: 'Ingress' | 'Egress',
  pod: PolicyEndpoint, peer: PolicyEndpoint, c: PolicyConnection,
): DirectionVerdict {
  if (pod.kubernetesCluster === undefined) return { allowed: true, isolatedBy: [], admittedBy: [] };
  const own = (policies.get(pod.kubernetesCluster) ?? []).filter((p) => namespaceOf(p) === pod.namespace
    && selects(p.spec?.podSelector ?? {}, pod.podLabels ?? {}) && policyTypesOf(p).includes(type));
  if (own.length === 0) return { allowed: true, isolatedBy: [], admittedBy: [] };
  const admittedBy = own.filter((p) => {
    const rules = (type === 'Ingress' ? p.spec?.ingress : p.spec?.egress) ?? [];
    return rules.some((r) => {
      const peers = type === 'Ingress' ? r.from : r.to;
      const peerMatches = peers === undefined || peers.length === 0
        || peers.some((x) => peerSelects(x, namespaceOf(p), pod.kubernetesCluster!, peer));
      return peerMatches && portMatches(r.ports, c);
    });
  });
  return { allowed: admittedBy.length > 0, isolatedBy: own.map(nameOf), admittedBy: admittedBy.map(nameOf) };
}

/** The policy types a policy has once the API server defaulted them. */
export function policyTypesOf(p: NetworkPolicyObject): readonly string[] {
  const declared = p.spec?.policyTypes ?? [];
  if (declared.length > 0) return declared;
  return (p.spec?.egress ?? []).length > 0 ? ['Ingress', 'Egress'] : ['Ingress'];
}

function peerSelects(peer: PolicyPeerObject, policyNamespace: string, cluster: string, endpoint: PolicyEndpoint): boolean {
  if (peer.ipBlock) {
    if (endpoint.kubernetesCluster === cluster) return false;
    return ipBlockHolds(peer.ipBlock.cidr, peer.ipBlock.except ?? [], endpoint.addresses);
  }
  if (endpoint.kubernetesCluster !== cluster || endpoint.namespace === undefined) return false;
  const podOk = selects(peer.podSelector ?? {}, endpoint.podLabels ?? {});
  if (peer.namespaceSelector === undefined) return endpoint.namespace === policyNamespace && podOk;
  const namespaceLabels = { ...endpoint.namespaceLabels, 'kubernetes.io/metadata.name': endpoint.namespace };
  return podOk && selects(peer.namespaceSelector, namespaceLabels);
}

function ipBlockHolds(cidr: string, except: readonly string[], addresses: readonly string[]): boolean {
  if (addresses.length === 0) return false;
  const block = parseCidr(cidr);
  const holes = except.map(parseCidr);
  return addresses.map(parseCidr).every((a) => inside(a, block) && holes.every((h) => !overlaps(a, h)));
}

function inside(a: CidrRange, b: CidrRange): boolean {
  return a.family === b.family && a.first >= b.first && a.last <= b.last;
}

function overlaps(a: CidrRange, b: CidrRange): boolean {
  return a.family === b.family && a.first <= b.last && b.first <= a.last;
}

function portMatches(ports: readonly PolicyPortObject[] | undefined, c: PolicyConnection): boolean {
  if (ports === undefined || ports.length === 0) return true;
  const protocol = c.protocol ?? 'TCP';
  return ports.some((p) => {
    if ((p.protocol ?? 'TCP') !== protocol) return false;
    if (p.port === undefined) return true;
    if (typeof p.port === 'string') return c.to.namedPorts?.[p.port] === c.port;
    return p.endPort === undefined ? p.port === c.port : p.port <= c.port && c.port <= p.endPort;
  });
}

function namespaceOf(p: NetworkPolicyObject): string {
  return p.metadata?.namespace ?? DEFAULT_NAMESPACE;
}

function nameOf(p: NetworkPolicyObject): string {
  return `${namespaceOf(p)}/${p.metadata?.name ?? '(unnamed)'}`;
}
