import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';
import { evaluateConnection, NetworkPolicyObject, PolicyEndpoint } from '../lib/network-policy/evaluate';

/**
 * The evaluator against the worked examples of the Kubernetes documentation
 * (https://kubernetes.io/docs/concepts/services-networking/network-policies/, kubernetes/website
 * `content/en/docs/concepts/services-networking/network-policies.md`) and every recipe in
 * ../shared/networkpolicy-recipes/ (ahmetb/kubernetes-network-policy-recipes 11f5018), each
 * case as the page states what its policy allows and blocks.
 */

const CLUSTER = 'lab';
const RECIPES = path.join(__dirname, '..', '..', 'shared', 'networkpolicy-recipes');

function pod(namespace: string, labels: Record<string, string>, extra: Partial<PolicyEndpoint> = {}): PolicyEndpoint {
  return { kubernetesCluster: CLUSTER, namespace, podLabels: labels, addresses: ['10.8.0.7/32'], ...extra };
}
const external = (address: string): PolicyEndpoint => ({ addresses: [`${address}/32`] });

function allowed(policies: readonly NetworkPolicyObject[], from: PolicyEndpoint, to: PolicyEndpoint, port: number, protocol?: string): boolean {
  return evaluateConnection(new Map([[CLUSTER, policies]]), { from, to, port, protocol }).allowed;
}

/** The NetworkPolicies in the YAML blocks of a recipe page, in page order. */
function recipe(file: string): NetworkPolicyObject[] {
  const text = fs.readFileSync(path.join(RECIPES, file), 'utf-8');
  const blocks = [...text.matchAll(/```yaml\n([\s\S]*?)```/g)].map((m) => m[1]);
  return blocks.flatMap((b) => parseAllDocuments(b).map((d) => d.toJS())).filter((o) => o && o.kind === 'NetworkPolicy');
}

describe('the worked examples of the Kubernetes documentation', () => {
  const testPolicy: NetworkPolicyObject = {
    metadata: { name: 'test-network-policy', namespace: 'default' },
    spec: {
      podSelector: { matchLabels: { role: 'db' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [{
        from: [
          { ipBlock: { cidr: '172.17.0.0/16', except: ['172.17.1.0/24'] } },
          { namespaceSelector: { matchLabels: { project: 'myproject' } } },
          { podSelector: { matchLabels: { role: 'frontend' } } },
        ],
        ports: [{ protocol: 'TCP', port: 6379 }],
      }],
      egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ protocol: 'TCP', port: 5978 }] }],
    },
  };
  const db = pod('default', { role: 'db' });

  test('test-network-policy: role=db admits TCP 6379 from role=frontend in default, any pod of project=myproject, 172.17.0.0/16 but 172.17.1.0/24', () => {
    expect(allowed([testPolicy], pod('default', { role: 'frontend' }), db, 6379)).toBe(true);
    expect(allowed([testPolicy], pod('other', { anything: 'x' }, { namespaceLabels: { project: 'myproject' } }), db, 6379)).toBe(true);
    expect(allowed([testPolicy], external('172.17.0.9'), db, 6379)).toBe(true);
    expect(allowed([testPolicy], external('172.17.2.1'), db, 6379)).toBe(true);
    // blocked: the except range, another port, UDP, role=frontend in another namespace, an unlabelled pod
    expect(allowed([testPolicy], external('172.17.1.9'), db, 6379)).toBe(false);
    expect(allowed([testPolicy], pod('default', { role: 'frontend' }), db, 6380)).toBe(false);
    expect(allowed([testPolicy], pod('default', { role: 'frontend' }), db, 6379, 'UDP')).toBe(false);
    expect(allowed([testPolicy], pod('other', { role: 'frontend' }), db, 6379)).toBe(false);
    expect(allowed([testPolicy], pod('default', {}), db, 6379)).toBe(false);
  });

  test('test-network-policy: role=db may connect to 10.0.0.0/24 on TCP 5978 only, and only its pods are isolated', () => {
    expect(allowed([testPolicy], db, external('10.0.0.20'), 5978)).toBe(true);
    expect(allowed([testPolicy], db, external('10.0.0.20'), 80)).toBe(false);
    expect(allowed([testPolicy], db, external('10.0.1.20'), 5978)).toBe(false);
    // a pod of another role is not isolated in either direction
    expect(allowed([testPolicy], pod('default', { role: 'web' }), external('8.8.8.8'), 53, 'UDP')).toBe(true);
    expect(allowed([testPolicy], external('8.8.8.8'), pod('default', { role: 'web' }), 80)).toBe(true);
  });

  test('namespaceSelector and podSelector in one from element are ANDed, in two elements ORed', () => {
    const ns = { namespaceSelector: { matchLabels: { user: 'alice' } } };
    const ps = { podSelector: { matchLabels: { role: 'client' } } };
    const and: NetworkPolicyObject = { metadata: { name: 'and' }, spec: { podSelector: {}, ingress: [{ from: [{ ...ns, ...ps }] }] } };
    const or: NetworkPolicyObject = { metadata: { name: 'or' }, spec: { podSelector: {}, ingress: [{ from: [ns, ps] }] } };
    const target = pod('default', { app: 'x' });
    const aliceClient = pod('alice-ns', { role: 'client' }, { namespaceLabels: { user: 'alice' } });
    const aliceOther = pod('alice-ns', { role: 'server' }, { namespaceLabels: { user: 'alice' } });
    const localClient = pod('default', { role: 'client' });
    expect([aliceClient, aliceOther, localClient].map((p) => allowed([and], p, target, 80))).toEqual([true, false, false]);
    expect([aliceClient, aliceOther, localClient].map((p) => allowed([or], p, target, 80))).toEqual([true, true, true]);
  });

  test('default deny all ingress; allow all ingress makes it void; deny all egress; allow all egress; deny all', () => {
    const denyIngress: NetworkPolicyObject = { metadata: { name: 'default-deny-ingress' }, spec: { podSelector: {}, policyTypes: ['Ingress'] } };
    const allowIngress: NetworkPolicyObject = { metadata: { name: 'allow-all-ingress' }, spec: { podSelector: {}, ingress: [{}], policyTypes: ['Ingress'] } };
    const denyEgress: NetworkPolicyObject = { metadata: { name: 'default-deny-egress' }, spec: { podSelector: {}, policyTypes: ['Egress'] } };
    const allowEgress: NetworkPolicyObject = { metadata: { name: 'allow-all-egress' }, spec: { podSelector: {}, egress: [{}], policyTypes: ['Egress'] } };
    const denyAll: NetworkPolicyObject = { metadata: { name: 'default-deny-all' }, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } };
    const a = pod('default', { app: 'a' });
    const b = pod('default', { app: 'b' });
    expect(allowed([denyIngress], a, b, 80)).toBe(false);
    expect(allowed([denyIngress], b, external('1.1.1.1'), 443)).toBe(true); // egress untouched
    expect(allowed([denyIngress, allowIngress], a, b, 80)).toBe(true);
    expect(allowed([denyEgress], a, external('1.1.1.1'), 443)).toBe(false);
    expect(allowed([denyEgress], external('1.1.1.1'), a, 443)).toBe(true); // ingress untouched
    expect(allowed([denyEgress, allowEgress], a, external('1.1.1.1'), 443)).toBe(true);
    expect(allowed([denyAll], a, b, 80)).toBe(false);
    expect(allowed([denyAll], external('1.1.1.1'), a, 80)).toBe(false);
    // a policy in another namespace does not isolate these pods
    expect(allowed([{ ...denyAll, metadata: { name: 'x', namespace: 'other' } }], a, b, 80)).toBe(true);
  });

  test('multi-port-egress: a range of ports, 32000 to 32768 inclusive', () => {
    const p: NetworkPolicyObject = {
      metadata: { name: 'multi-port-egress', namespace: 'default' },
      spec: { podSelector: { matchLabels: { role: 'db' } }, policyTypes: ['Egress'], egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/24' } }], ports: [{ protocol: 'TCP', port: 32000, endPort: 32768 }] }] },
    };
    expect([31999, 32000, 32500, 32768, 32769].map((port) => allowed([p], db, external('10.0.0.5'), port))).toEqual([false, true, true, true, false]);
  });

  test('policyTypes left out: Ingress, plus Egress only when the policy has egress rules', () => {
    const onlyEgressRules: NetworkPolicyObject = { metadata: { name: 'e' }, spec: { podSelector: {}, egress: [{ to: [{ ipBlock: { cidr: '10.0.0.0/8' } }] }] } };
    const a = pod('default', { app: 'a' });
    expect(allowed([onlyEgressRules], external('1.2.3.4'), a, 80)).toBe(false); // Ingress implied, no ingress rule
    expect(allowed([onlyEgressRules], a, external('10.1.2.3'), 80)).toBe(true);
    expect(allowed([onlyEgressRules], a, external('11.1.2.3'), 80)).toBe(false);
    const emptyEgress: NetworkPolicyObject = { metadata: { name: 'e' }, spec: { podSelector: {}, egress: [] } };
    expect(allowed([emptyEgress], a, external('11.1.2.3'), 80)).toBe(true); // no egress rules: not an Egress policy
  });

  test('namespaces are selected by name through kubernetes.io/metadata.name', () => {
    const p: NetworkPolicyObject = {
      metadata: { name: 'by-name', namespace: 'db' },
      spec: { podSelector: {}, ingress: [{ from: [{ namespaceSelector: { matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['app'] }] } }] }] },
    };
    expect(allowed([p], pod('app', { x: 'y' }), pod('db', {}), 5432)).toBe(true);
    expect(allowed([p], pod('web', { x: 'y' }), pod('db', {}), 5432)).toBe(false);
  });

  test('selectors see only pods of the policy\'s own cluster; an ipBlock does not admit a pod of the same cluster', () => {
    const p: NetworkPolicyObject = {
      metadata: { name: 'p', namespace: 'db' },
      spec: { podSelector: {}, ingress: [{ from: [{ podSelector: {} }, { ipBlock: { cidr: '10.8.0.0/16' } }] }] },
    };
    const remote: PolicyEndpoint = { kubernetesCluster: 'other', namespace: 'db', podLabels: {}, addresses: ['10.9.0.0/16'] };
    expect(allowed([p], remote, pod('db', {}), 1)).toBe(false);
    expect(allowed([p], { ...remote, addresses: ['10.8.4.0/24'] }, pod('db', {}), 1)).toBe(true);
    expect(allowed([p], { ...remote, addresses: ['10.8.4.0/24', '10.9.0.0/16'] }, pod('db', {}), 1)).toBe(false); // every range must be admitted
    expect(allowed([p], { ...remote, addresses: ['10.8.0.0/15'] }, pod('db', {}), 1)).toBe(false); // and all of a range
    const dualStack: NetworkPolicyObject = {
      metadata: { name: 'dual', namespace: 'db' },
      spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.9.0.0/16' } }] }, { from: [{ ipBlock: { cidr: 'fd00:9::/56' } }] }] },
    };
    expect(allowed([dualStack], { ...remote, addresses: ['10.9.0.0/16', 'fd00:9::/56'] }, pod('db', {}), 1)).toBe(true);
    expect(allowed([dualStack], { ...remote, addresses: ['10.9.0.0/16', 'fd00:10::/56'] }, pod('db', {}), 1)).toBe(false);
    const localOnlyByIp: NetworkPolicyObject = { metadata: { name: 'ip', namespace: 'db' }, spec: { podSelector: {}, ingress: [{ from: [{ ipBlock: { cidr: '10.8.0.0/16' } }] }] } };
    expect(allowed([localOnlyByIp], pod('app', {}), pod('db', {}), 1)).toBe(false);
  });
});

describe('the NetworkPolicy recipes (../shared/networkpolicy-recipes)', () => {
  const web = pod('default', { app: 'web' }, { namedPorts: { http: 80 } });
  const anyPod = pod('default', { run: 'test' });

  test('01 deny all traffic to an application: web admits nothing', () => {
    const [p] = recipe('01-deny-all-traffic-to-an-application.md');
    expect(allowed([p], anyPod, web, 80)).toBe(false);
    expect(allowed([p], pod('other', {}), web, 80)).toBe(false);
  });

  test('02 limit traffic to an application: only app=bookstore reaches the API', () => {
    const [p] = recipe('02-limit-traffic-to-an-application.md');
    const api = pod('default', { app: 'bookstore', role: 'api' });
    expect(allowed([p], anyPod, api, 80)).toBe(false);
    expect(allowed([p], pod('default', { app: 'bookstore', role: 'frontend' }), api, 80)).toBe(true);
  });

  test('02a allow all traffic to an application: an empty rule voids web-deny-all, from every namespace', () => {
    const [allow] = recipe('02a-allow-all-traffic-to-an-application.md');
    const [deny] = recipe('01-deny-all-traffic-to-an-application.md');
    expect(allowed([deny, allow], anyPod, web, 80)).toBe(true);
    expect(allowed([deny, allow], pod('secondary', {}), web, 80)).toBe(true);
  });

  test('03 deny all non-whitelisted traffic in the namespace', () => {
    const [p] = recipe('03-deny-all-non-whitelisted-traffic-in-the-namespace.md');
    expect(allowed([p], anyPod, web, 80)).toBe(false);
    expect(allowed([p], anyPod, pod('default', { app: 'db' }), 5432)).toBe(false);
    expect(allowed([p], anyPod, pod('kube-system', { app: 'dns' }), 53)).toBe(true);
  });

  test('04 deny traffic from other namespaces: foo is blocked, default is admitted', () => {
    const [p] = recipe('04-deny-traffic-from-other-namespaces.md');
    expect(allowed([p], pod('foo', {}), web, 80)).toBe(false);
    expect(allowed([p], anyPod, web, 80)).toBe(true);
  });

  test('05 allow traffic from all namespaces (over web-deny-all)', () => {
    const [p] = recipe('05-allow-traffic-from-all-namespaces.md');
    const [deny] = recipe('01-deny-all-traffic-to-an-application.md');
    expect(allowed([deny, p], pod('secondary', {}), web, 80)).toBe(true);
    expect(allowed([deny, p], pod('bar', {}), web, 80)).toBe(true);
    expect(allowed([deny, p], external('203.0.113.9'), web, 80)).toBe(false); // pods only, not outside IPs
  });

  test('06 allow traffic from a namespace: purpose=production admitted, purpose=testing blocked', () => {
    const [p] = recipe('06-allow-traffic-from-a-namespace.md');
    expect(allowed([p], pod('prod', {}, { namespaceLabels: { purpose: 'production' } }), web, 80)).toBe(true);
    expect(allowed([p], pod('dev', {}, { namespaceLabels: { purpose: 'testing' } }), web, 80)).toBe(false);
  });

  test('07 allow traffic from some pods in another namespace: both selectors must hold', () => {
    const [p] = recipe('07-allow-traffic-from-some-pods-in-another-namespace.md');
    const operations = { namespaceLabels: { team: 'operations' } };
    expect(allowed([p], anyPod, web, 80)).toBe(false);
    expect(allowed([p], pod('default', { type: 'monitoring' }), web, 80)).toBe(false);
    expect(allowed([p], pod('other', {}, operations), web, 80)).toBe(false);
    expect(allowed([p], pod('other', { type: 'monitoring' }, operations), web, 80)).toBe(true);
  });

  test('08 allow external traffic: an empty rule admits clients outside the cluster', () => {
    const [p] = recipe('08-allow-external-traffic.md');
    expect(allowed([p], external('198.51.100.7'), web, 80)).toBe(true);
    expect(allowed([p], anyPod, web, 80)).toBe(true);
  });

  test('09 allow traffic only to a port: role=monitoring on 5000, not 8000; a named port works alike', () => {
    const [p] = recipe('09-allow-traffic-only-to-a-port.md');
    const api = pod('default', { app: 'apiserver' }, { namedPorts: { 'api-port': 5000 } });
    expect(allowed([p], anyPod, api, 5000)).toBe(false);
    expect(allowed([p], anyPod, api, 8000)).toBe(false);
    expect(allowed([p], pod('default', { role: 'monitoring' }), api, 5000)).toBe(true);
    expect(allowed([p], pod('default', { role: 'monitoring' }), api, 8000)).toBe(false);
    const named: NetworkPolicyObject = { ...p, spec: { ...p.spec, ingress: [{ ...p.spec!.ingress![0], ports: [{ port: 'api-port' }] }] } };
    expect(allowed([named], pod('default', { role: 'monitoring' }), api, 5000)).toBe(true);
    expect(allowed([named], pod('default', { role: 'monitoring' }), api, 8000)).toBe(false);
  });

  test('10 allowing traffic with multiple selectors: the three services reach redis, app=other does not', () => {
    const [p] = recipe('10-allowing-traffic-with-multiple-selectors.md');
    const db = pod('default', { app: 'bookstore', role: 'db' });
    for (const labels of [{ app: 'bookstore', role: 'search' }, { app: 'bookstore', role: 'api' }, { app: 'inventory', role: 'web' }]) {
      expect(allowed([p], pod('default', labels), db, 6379)).toBe(true);
    }
    expect(allowed([p], pod('default', { app: 'other' }), db, 6379)).toBe(false);
  });

  test('11 deny egress traffic from an application: nothing at first, then only DNS to kube-dns', () => {
    const [denyAll, withDns] = recipe('11-deny-egress-traffic-from-an-application.md');
    const foo = pod('default', { app: 'foo' });
    const dns = pod('kube-system', { 'k8s-app': 'kube-dns' });
    expect(allowed([denyAll], foo, dns, 53, 'UDP')).toBe(false);
    expect(allowed([denyAll], foo, web, 80)).toBe(false);
    expect(allowed([withDns], foo, dns, 53, 'UDP')).toBe(true);
    expect(allowed([withDns], foo, dns, 53, 'TCP')).toBe(true);
    expect(allowed([withDns], foo, web, 80)).toBe(false);
    expect(allowed([withDns], foo, external('93.184.216.34'), 80)).toBe(false);
  });

  test('12 deny all non-whitelisted traffic from the namespace, DNS included', () => {
    const [p] = recipe('12-deny-all-non-whitelisted-traffic-from-the-namespace.md');
    expect(allowed([p], anyPod, pod('kube-system', { 'k8s-app': 'kube-dns' }), 53, 'UDP')).toBe(false);
    expect(allowed([p], pod('other', {}), web, 80)).toBe(true); // ingress untouched
  });

  test('14 deny external egress traffic: DNS and nothing else, whatever the page says of the web Service', () => {
    const [p] = recipe('14-deny-external-egress-traffic.md');
    const foo = pod('default', { app: 'foo' });
    expect(allowed([p], foo, pod('kube-system', { 'k8s-app': 'kube-dns' }), 53, 'UDP')).toBe(true);
    expect(allowed([p], foo, external('93.184.216.34'), 80)).toBe(false);
    // The page says foo still reaches the `web` Service; by the API's semantics the policy admits
    // only kube-dns on 53, so web is blocked too. Upstream agrees the page is wrong:
    // ahmetb/kubernetes-network-policy-recipes#111 (and #63, which had made the policy allow it).
    expect(allowed([p], foo, web, 80)).toBe(false);
  });

  test('every recipe with a policy is covered above', () => {
    const withPolicies = fs.readdirSync(RECIPES).filter((f) => /^\d/.test(f) && recipe(f).length > 0).sort();
    expect(withPolicies).toEqual([
      '01-deny-all-traffic-to-an-application.md', '02-limit-traffic-to-an-application.md', '02a-allow-all-traffic-to-an-application.md',
      '03-deny-all-non-whitelisted-traffic-in-the-namespace.md', '04-deny-traffic-from-other-namespaces.md', '05-allow-traffic-from-all-namespaces.md',
      '06-allow-traffic-from-a-namespace.md', '07-allow-traffic-from-some-pods-in-another-namespace.md', '08-allow-external-traffic.md',
      '09-allow-traffic-only-to-a-port.md', '10-allowing-traffic-with-multiple-selectors.md', '11-deny-egress-traffic-from-an-application.md',
      '12-deny-all-non-whitelisted-traffic-from-the-namespace.md', '14-deny-external-egress-traffic.md',
    ]);
  });
});
