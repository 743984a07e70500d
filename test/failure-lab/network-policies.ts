/**
 * The NetworkPolicies synth wrote, applied to the lab's processes as nftables rules inside the
 * site namespaces, so a flow the policies block is blocked in the lab too (and counted).
 *
 * Kubernetes' semantics, for ingress (the only policy type the output writes; an Egress policy
 * makes the translation throw rather than be ignored), from
 * https://kubernetes.io/docs/concepts/services-networking/network-policies/:
 * - a Pod is isolated for ingress when any NetworkPolicy in its namespace selects it
 *   (`spec.podSelector`) with `Ingress` in `policyTypes`; it then admits only the union of the
 *   `ingress` rules of every policy that selects it, plus the replies to its own connections;
 * - a rule with no `from` admits every source, with no `ports` every port; a peer with
 *   `podSelector` only means Pods in the policy's namespace, with `namespaceSelector` only every Pod
 *   in the matching namespaces, with both the matching Pods in the matching namespaces;
 * - a named port resolves against the destination Pod's container ports;
 * - every namespace carries `kubernetes.io/metadata.name: <name>`, set by the API server.
 *
 * Translated, not guessed: peers are the lab's own Pods (their lab addresses), so an `ipBlock`
 * peer, whose addresses would be the design's CIDRs rather than the lab's, throws; so do
 * protocols other than TCP and `endPort`. ICMP is admitted (the lab's reachability checks ping;
 * NetworkPolicy defines nothing for it).
 */
import { NetworkPolicyObject, PodIdentity } from './design-output';

/** One process of the lab as the policies see it: a Pod with its lab address. */
export interface LabPod extends PodIdentity {
  readonly name: string;
  readonly address: string;
  /** The network namespace of the Pod's site host. */
  readonly netns: string;
  readonly ports: readonly { name?: string; port: number }[];
}

/** What a Pod admits: undefined when no policy isolates it. */
export interface PodIngress {
  readonly pod: LabPod;
  /** The policies that isolate it (`namespace/name`). */
  readonly isolatedBy: string[];
  /** Each admitted (sources, ports): sources undefined = any, ports undefined = any. */
  readonly admits: { readonly from?: readonly LabPod[]; readonly ports?: readonly number[] }[];
}

/** A label selector (matchLabels, matchExpressions) against labels; `{}` selects everything. */
export function selects(selector: any, labels: Record<string, string>): boolean {
  for (const [k, v] of Object.entries(selector?.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of (selector?.matchExpressions ?? []) as { key: string; operator: string; values?: string[] }[]) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    const ok = e.operator === 'In' ? has && (e.values ?? []).includes(labels[e.key])
      : e.operator === 'NotIn' ? !has || !(e.values ?? []).includes(labels[e.key])
        : e.operator === 'Exists' ? has
          : e.operator === 'DoesNotExist' ? !has
            : (() => { throw new Error(`label selector operator ${e.operator} is not a Kubernetes one`); })();
    if (!ok) return false;
  }
  return true;
}

/** What every lab Pod admits under `policies`. */
export function podIngress(
  policies: readonly NetworkPolicyObject[], namespaceLabels: Record<string, Record<string, string>>, pods: readonly LabPod[],
): PodIngress[] {
  const nsLabels = (ns: string) => ({ ...(namespaceLabels[ns] ?? {}), 'kubernetes.io/metadata.name': ns });
  return pods.map((pod) => {
    const isolatedBy: string[] = [];
    const admits: { from?: LabPod[]; ports?: number[] }[] = [];
    for (const p of policies) {
      const where = `NetworkPolicy ${p.metadata.namespace}/${p.metadata.name}`;
      const types: string[] = p.spec.policyTypes ?? (p.spec.egress ? ['Ingress', 'Egress'] : ['Ingress']);
      if (types.includes('Egress')) throw new Error(`${where} has Egress rules, which the lab does not translate`);
      if ((p.metadata.namespace ?? '') !== pod.namespace || !selects(p.spec.podSelector, pod.labels)) continue;
      isolatedBy.push(`${p.metadata.namespace}/${p.metadata.name}`);
      for (const rule of (p.spec.ingress ?? []) as any[]) {
        const from = rule.from === undefined ? undefined : (rule.from as any[]).flatMap((peer) => {
          if (peer.ipBlock) throw new Error(`${where}: an ipBlock peer (${JSON.stringify(peer.ipBlock)}) names the design's addresses, not the lab's`);
          return pods.filter((src) => (peer.namespaceSelector
            ? selects(peer.namespaceSelector, nsLabels(src.namespace))
            : src.namespace === p.metadata.namespace) && (peer.podSelector === undefined || selects(peer.podSelector, src.labels)));
        });
        const ports = rule.ports === undefined ? undefined : (rule.ports as any[]).map((r) => {
          if ((r.protocol ?? 'TCP') !== 'TCP' || r.endPort !== undefined) throw new Error(`${where}: port ${JSON.stringify(r)} is not a single TCP port`);
          if (typeof r.port === 'number') return r.port;
          const named = pod.ports.find((x) => x.name === r.port);
          if (!named) throw new Error(`${where}: ${pod.name} has no port named ${r.port}`);
          return named.port;
        });
        admits.push({ from, ports });
      }
    }
    return { pod, isolatedBy, admits };
  });
}

/** The nftables table the lab loads into each site namespace. */
export const NFT_TABLE = 'msl_networkpolicy';

/**
 * A drop counter's comment: `blocked <pod> <port>` (port `other` for the rest) counts connection
 * attempts (SYN without ACK) the policies refuse: each is a blocked flow.
 */
export function blockedComment(pod: string, port: number | 'other'): string {
  return `blocked ${pod} ${port}`;
}

/**
 * The nftables script (for `nft -f -`) of one site namespace: established replies and ICMP
 * accepted, then per isolated Pod its admitted (source, port) pairs, then a counted drop of
 * connection attempts per declared port and one for the other ports, then a drop of the rest:
 * stray packets of connections conntrack no longer tracks (after a partition), no flow of their own.
 */
export function nftScript(netns: string, ingress: readonly PodIngress[]): string {
  const lines = [`table inet ${NFT_TABLE} {`, '  chain ingress {', '    type filter hook input priority 0; policy accept;', '    ct state established,related accept',
    '    meta l4proto { icmp, ipv6-icmp } accept'];
  for (const { pod, isolatedBy, admits } of ingress.filter((i) => i.pod.netns === netns)) {
    if (!isolatedBy.length) continue;
    const dst = `ip daddr ${pod.address}`;
    lines.push(`    # ${pod.name}: isolated by ${isolatedBy.join(', ')}`);
    for (const a of admits) {
      if (a.from !== undefined && !a.from.length) continue;
      const from = a.from === undefined ? '' : ` ip saddr { ${[...new Set(a.from.map((s) => s.address))].join(', ')} }`;
      const ports = a.ports === undefined ? ' meta l4proto tcp' : ` tcp dport { ${[...new Set(a.ports)].join(', ')} }`;
      lines.push(`    ${dst}${from}${ports} accept`);
    }
    const attempt = 'tcp flags & (syn | ack) == syn';
    for (const port of [...new Set(pod.ports.map((p) => p.port))]) lines.push(`    ${dst} tcp dport ${port} ${attempt} counter drop comment "${blockedComment(pod.name, port)}"`);
    lines.push(`    ${dst} ${attempt} counter drop comment "${blockedComment(pod.name, 'other')}"`);
    lines.push(`    ${dst} counter drop comment "stray ${pod.name}"`);
  }
  lines.push('  }', '}');
  return `${lines.join('\n')}\n`;
}

/** One counted drop: packets to `pod` on `port` the policies blocked. */
export interface BlockedFlow {
  readonly pod: string;
  readonly port: string;
  readonly packets: number;
}

/** The drops counted in `nft -j list table inet …` output (only counters that saw packets). */
export function blockedFlows(nftJson: string): BlockedFlow[] {
  const out: BlockedFlow[] = [];
  for (const item of JSON.parse(nftJson).nftables as any[]) {
    const rule = item.rule;
    if (!rule?.comment?.startsWith('blocked ')) continue;
    const counter = (rule.expr as any[]).find((e) => e.counter)?.counter;
    const [, pod, port] = rule.comment.split(' ');
    if (counter?.packets > 0) out.push({ pod, port, packets: counter.packets });
  }
  return out;
}
