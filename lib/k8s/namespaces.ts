import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

/**
 * The namespace `name` in `chart`, enforcing Pod Security `restricted`, with a NetworkPolicy
 * that denies all ingress not admitted by a more specific policy; created on first use, so
 * clusters that share a namespace share one.
 */
export function restrictedNamespace(chart: Chart, name: string): kplus.Namespace {
  return namespaceOnce(chart, name, {
    'pod-security.kubernetes.io/enforce': 'restricted',
    'pod-security.kubernetes.io/enforce-version': 'v1.28',
  }, (namespace, id) => {
    const denyAll = new kplus.k8s.KubeNetworkPolicy(chart, `${id}-default-deny`, {
      metadata: { name: 'default-deny-ingress', namespace: name, labels: { 'app.kubernetes.io/managed-by': 'cdk-multisite' } },
      spec: { podSelector: {}, policyTypes: ['Ingress'] },
    });
    denyAll.node.addDependency(namespace);
  });
}

/**
 * The namespace `name` in `chart` for pods whose operator cannot run them under `restricted`:
 * it enforces `level` (`baseline` or `privileged`) and warns and audits against `restricted`, so
 * the gap stays visible. Created on first use.
 */
export function exemptNamespace(chart: Chart, name: string, level: 'baseline' | 'privileged'): kplus.Namespace {
  return namespaceOnce(chart, name, {
    'pod-security.kubernetes.io/enforce': level,
    'pod-security.kubernetes.io/warn': 'restricted',
    'pod-security.kubernetes.io/audit': 'restricted',
  });
}

/** The namespace `name` of `chart` with these Pod Security labels; `created` runs once, when it is made. */
function namespaceOnce(
  chart: Chart, name: string, podSecurity: Record<string, string>, created?: (namespace: kplus.Namespace, id: string) => void,
): kplus.Namespace {
  const id = `namespace-${name}`;
  const existing = chart.node.tryFindChild(id);
  if (existing) return existing as kplus.Namespace;
  const namespace = new kplus.Namespace(chart, id, {
    metadata: { name, labels: { ...podSecurity, 'app.kubernetes.io/managed-by': 'cdk-multisite' } },
  });
  created?.(namespace, id);
  return namespace;
}
