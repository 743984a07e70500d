import { ApiObject } from 'cdk8s';
import { perClusterLab, readTree, tempOutdir } from './support/designs';
import { checkApplyInstalls } from '../lib/synth/apply-installs-check';
import { ClusterPlan } from '../lib/synth/cluster-plans';
import { PREREQUISITES } from '../lib/synth/prerequisites';

describe('MS-APPLY-INSTALLS: synth refuses output whose custom resources would not apply or not be reconciled', () => {
  test('a MetalLB IPAddressPool in namespace shop (MetalLB reads its configuration only in metallb-system): refused, nothing written', () => {
    const outdir = tempOutdir();
    const app = perClusterLab(outdir);
    const dcA = app.node.findChild('dc-a');
    new ApiObject(dcA, 'pool', { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'shop', namespace: 'shop' }, spec: { addresses: ['192.0.2.10/32'] } });
    expect(() => app.synth()).toThrow(
      '[ERROR] MS-APPLY-INSTALLS at cluster dc-a: IPAddressPool in dc-a/shop/ipaddresspool-shop.yaml: metallb v0.16.1 watches only metallb-system, not shop, so nothing reconciles it.',
    );
    expect(readTree(outdir).size).toBe(0);
  });

  test('the same pool in metallb-system: written, and MetalLB is installed first', () => {
    const outdir = tempOutdir();
    const app = perClusterLab(outdir);
    new ApiObject(app.node.findChild('dc-a'), 'pool', { apiVersion: 'metallb.io/v1beta1', kind: 'IPAddressPool', metadata: { name: 'shop', namespace: 'metallb-system' }, spec: { addresses: ['192.0.2.10/32'] } });
    app.synth();
    const dcA = JSON.parse(readTree(outdir).get('prerequisites.json')!).clusters.find((c: any) => c.cluster === 'dc-a');
    expect(dcA.prerequisites.map((p: any) => p.id)).toContain('metallb');
    // metallb-system is the install's own namespace: nothing to create first.
    expect(dcA.provide.filter((p: any) => p.kind === 'Namespace')).toEqual([]);
  });

  test('a kind its group\'s operator does not define, and an install that does not watch the namespace, are both reported', () => {
    const k8ssandra = PREREQUISITES.find((p) => p.id === 'k8ssandra-operator-control-plane')!;
    const plan: ClusterPlan = {
      label: 'dc-control',
      site: 'dc-control',
      entryPoint: 'dc-control',
      objects: [
        { folder: 'dc-control', file: 'cassandra/k8ssandracluster-c.yaml', apiVersion: 'k8ssandra.io/v1alpha1', kind: 'K8ssandraCluster', namespace: 'cassandra', name: 'c', references: [], producesSecrets: [] },
        { folder: 'dc-control', file: 'cassandra/nosuchkind-c.yaml', apiVersion: 'k8ssandra.io/v1alpha1', kind: 'NoSuchKind', namespace: 'cassandra', name: 'c', references: [], producesSecrets: [] },
      ],
      // The namespace-scoped control plane, as the issue found it.
      prerequisites: [{ ...k8ssandra, watchedNamespaces: ['k8ssandra-operator'] }],
      operatorCreates: [],
      provide: [],
      beforeApply: [],
      afterApply: [],
    };
    expect(checkApplyInstalls([plan]).map((f) => f.message)).toEqual([
      'K8ssandraCluster in dc-control/cassandra/k8ssandracluster-c.yaml: k8ssandra-operator-control-plane v1.32.5 watches only k8ssandra-operator, not cassandra, so nothing reconciles it.',
      'NoSuchKind in dc-control/cassandra/nosuchkind-c.yaml: no prerequisite installed in dc-control defines k8ssandra.io/NoSuchKind (installed: k8ssandra-operator-control-plane).',
    ]);
  });
});
