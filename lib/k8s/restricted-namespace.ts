import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';

/**
 * The namespace `name` in `chart`, enforcing Pod Security `restricted`; created on first
 * use, so clusters that share a namespace share one object.
 */
export function restrictedNamespace(chart: Chart, name: string): kplus.Namespace {
  const id = `namespace-${name}`;
  const existing = chart.node.tryFindChild(id);
  if (existing) return existing as kplus.Namespace;
  return new kplus.Namespace(chart, id, {
    metadata: {
      name,
      labels: {
        'pod-security.kubernetes.io/enforce': 'restricted',
        'pod-security.kubernetes.io/enforce-version': 'v1.28',
        'app.kubernetes.io/managed-by': 'cdk-multisite',
      },
    },
  });
}
