import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

/**
 * The namespace `name` in `chart`, enforcing Pod Security `restricted`, with a NetworkPolicy
 * that denies all ingress not admitted by a more specific policy; created on first use, so
 * clusters that share a namespace share one.
 */
export function restrictedNamespace(chart: Chart, name: string): kplus.Namespace {
  const id = `namespace-${name}`;
  const existing = chart.node.tryFindChild(id);
  if (existing) return existing as kplus.Namespace;
  const namespace = new kplus.Namespace(chart, id, {
    metadata: {
      name,
      labels: {
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'v1.28',
        'app.kubernetes.io/managed-by': 'cdk-multisite',
      },
    },
  });
  const denyAll = new kplus.k8s.KubeNetworkPolicy(chart, `${id}-default-deny`, {
    metadata: { name: 'default-deny-ingress', namespace: name, labels: { 'app.kubernetes.io/managed-by': 'cdk-multisite' } },
    spec: { podSelector: {}, policyTypes: ['Ingress'] },
  });
  denyAll.node.addDependency(namespace);
  return namespace;
}
