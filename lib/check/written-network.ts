import { writeScrapePolicies } from './scrape-flows';
import { writeClusterInScratch } from './scratch-write';
import { AnalyzedCluster, AnalyzedDesign } from '../analysis/analyzed-design';
import { FlowMembers } from '../analysis/network-flow';
import { NetworkPolicyObject, PolicyEndpoint } from '../network-policy/evaluate';

/** The kinds the evaluator reads of what the writers write. */
const NETWORK_KINDS: ReadonlySet<string> = new Set(['NetworkPolicy', 'Namespace']);

/** The Kubernetes cluster of a stretched design, as the evaluator names it. */
const STRETCHED = 'stretched';

/** What the writers write for one SQL cluster that NetworkPolicies act on, per Kubernetes cluster. */
export interface WrittenNetwork {
  /** Kubernetes cluster → the NetworkPolicies written into it. */
  readonly policies: ReadonlyMap<string, readonly NetworkPolicyObject[]>;
  /** Kubernetes cluster → namespace name → the labels of the Namespace written for it. */
  readonly namespaceLabels: ReadonlyMap<string, ReadonlyMap<string, Readonly<Record<string, string>>>>;
}

/**
 * Runs the cluster's engine writer into charts of a scratch app, exactly as synth does, with the
 * monitoring writer's scrape policies for the cluster (`writeScrapePolicies`), and keeps their
 * NetworkPolicies and Namespaces, with the app's own NetworkPolicies from the site charts
 * (`userNetworkPolicies`) beside them: what the rules judge is what synth would write.
 */
export function writtenNetwork(design: AnalyzedDesign, analysis: AnalyzedCluster): WrittenNetwork {
  const policies = new Map<string, NetworkPolicyObject[]>();
  const namespaceLabels = new Map<string, Map<string, Record<string, string>>>();
  const written = writeClusterInScratch(design, analysis, NETWORK_KINDS, (charts) => writeScrapePolicies(design, analysis, charts));
  for (const { site, object: o } of written) {
    const cluster = site === undefined ? STRETCHED : kubernetesClusterOf(design, site);
    if (o.kind === 'NetworkPolicy') policies.set(cluster, [...policies.get(cluster) ?? [], o]);
    if (o.kind === 'Namespace') {
      const byName = namespaceLabels.get(cluster) ?? new Map<string, Record<string, string>>();
      byName.set(o.metadata.name, o.metadata.labels ?? {});
      namespaceLabels.set(cluster, byName);
    }
  }
  for (const u of design.userNetworkPolicies ?? []) {
    const cluster = kubernetesClusterOf(design, u.site);
    policies.set(cluster, [...policies.get(cluster) ?? [], u.policy as NetworkPolicyObject]);
  }
  return { policies, namespaceLabels };
}

/** The Kubernetes cluster a site's pods run in: the stretched cluster, or the site's own. */
export function kubernetesClusterOf(design: AnalyzedDesign, site: string): string {
  return design.shape.kind === 'stretched' ? STRETCHED : site;
}

/** The pods of a flow's end as the evaluator sees them: cluster, namespace and its labels, pod labels, the site's pod CIDRs. */
export function endpointOf(design: AnalyzedDesign, written: WrittenNetwork, members: FlowMembers): PolicyEndpoint {
  const cluster = kubernetesClusterOf(design, members.site);
  return {
    kubernetesCluster: cluster,
    namespace: members.namespace,
    namespaceLabels: written.namespaceLabels.get(cluster)?.get(members.namespace) ?? {},
    podLabels: members.podLabels,
    addresses: design.sites.find((s) => s.name === members.site)?.podCidrs ?? [],
  };
}
