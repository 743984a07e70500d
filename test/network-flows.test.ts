import { ApiObject, App, Chart } from 'cdk8s';
import { perClusterLabDesign } from '../examples/lab-per-cluster/design';
import { ActiveActiveSite, DeploymentShape, DistributedSqlCluster, Latency, Monitoring, MultiSiteApp, SqlEngine, WitnessSite } from '../lib';
import { tempOutdir } from './support/designs';
import { EXAMPLE_DESIGNS } from './support/examples';
import { AnalyzedDesign } from '../lib/analysis/analyzed-design';
import { describeFlow, NetworkFlow } from '../lib/analysis/network-flow';
import { analyzeDesign } from '../lib/check/analyze-design';
import { ALL_RULES } from '../lib/check/rule-registry';
import { blockedFlows, networkFlowBlocked } from '../lib/check/rules/network-flow-blocked';
import { scrapeFlows } from '../lib/check/scrape-flows';
import { endpointOf, WrittenNetwork, writtenNetwork } from '../lib/check/written-network';
import { engineOfKind } from '../lib/engines/registry';
import { NetworkPolicyObject, evaluateConnection } from '../lib/network-policy/evaluate';
import { buildDesign } from '../lib/synth/build-design';

function analyzed(app: MultiSiteApp): AnalyzedDesign {
  return analyzeDesign(buildDesign(app, app.shape, (app as any).links));
}

/** Three sites, one Kubernetes cluster each, with pod CIDRs (dc-b dual-stack), and a cluster of `engine` over them. */
function perSiteSample(engine: SqlEngine, witness: { voters?: number; arbitrators?: number }, voters = 2): MultiSiteApp {
  const app = new MultiSiteApp({ outdir: tempOutdir(), shape: DeploymentShape.clusterPerSite() });
  const site = (name: string, i: number) => ({
    clusterDomain: `${name}.cluster.example`, podCidrs: [`10.${i}.0.0/16`, ...(i === 2 ? ['fd00:2::/56'] : [])], clusterDnsAddress: `172.16.${i}.53`,
  });
  const a = new ActiveActiveSite(app, 'dc-a', site('dc-a', 1));
  const b = new ActiveActiveSite(app, 'dc-b', site('dc-b', 2));
  const w = new WitnessSite(app, 'dc-w', site('dc-w', 3));
  app.addLink(a, b, Latency.ofRttMillis(1));
  app.addLink(a, w, Latency.ofRttMillis(2));
  app.addLink(b, w, Latency.ofRttMillis(2));
  new DistributedSqlCluster(app, 'db', { engine, placement: [{ site: a, voters }, { site: b, voters }, { site: w, ...witness }] });
  return app;
}

/** The same three sites as zones of one stretched cluster. */
function stretchedSample(engine: SqlEngine, witness: { voters?: number; arbitrators?: number }, voters = 2): MultiSiteApp {
  const app = new MultiSiteApp({ outdir: tempOutdir() });
  const a = new ActiveActiveSite(app, 'dc-a');
  const b = new ActiveActiveSite(app, 'dc-b');
  const w = new WitnessSite(app, 'dc-w');
  app.addLink(a, b, Latency.ofRttMillis(1));
  app.addLink(a, w, Latency.ofRttMillis(2));
  app.addLink(b, w, Latency.ofRttMillis(2));
  new DistributedSqlCluster(app, 'db', { engine, placement: [{ site: a, voters }, { site: b, voters }, { site: w, ...witness }] });
  return app;
}

const garbd = () => SqlEngine.galera({ arbitratorImage: 'example.com/garbd:1' });

/** Per engine, designs in both shapes: the examples and samples for the shapes no example has. */
const DESIGNS: Record<string, Record<string, () => MultiSiteApp>> = {
  'cockroachdb': {
    'lab (stretched)': () => EXAMPLE_DESIGNS.lab(tempOutdir()),
    'lab-per-cluster': () => EXAMPLE_DESIGNS['lab-per-cluster'](tempOutdir()),
  },
  'galera': {
    'galera-metro (stretched)': () => EXAMPLE_DESIGNS['galera-metro'](tempOutdir()),
    'galera-single-writer (stretched, routers with a priority)': () => EXAMPLE_DESIGNS['galera-single-writer'](tempOutdir()),
    'cluster per site, garbd in the witness': () => perSiteSample(garbd(), { arbitrators: 1 }),
    'stretched, two garbd': () => stretchedSample(garbd(), { arbitrators: 2 }),
  },
  'yugabytedb': {
    'yugabytedb-three-regions (cluster per site)': () => EXAMPLE_DESIGNS['yugabytedb-three-regions'](tempOutdir()),
    'stretched': () => stretchedSample(SqlEngine.yugabyteDb({ replicationFactor: 5 }), { voters: 1 }),
  },
  'cassandra': { 'cassandra-multi-dc (cluster per site)': () => EXAMPLE_DESIGNS['cassandra-multi-dc'](tempOutdir()) },
  'oracle-data-guard': {
    'data-guard-dr (stretched)': () => EXAMPLE_DESIGNS['data-guard-dr'](tempOutdir()),
    'dr-two-regions (cluster per site)': () => EXAMPLE_DESIGNS['dr-two-regions'](tempOutdir()),
  },
};

const CASES = Object.entries(DESIGNS).flatMap(([kind, designs]) => Object.entries(designs).map(([name, make]) => [kind, name, make] as const));

/** Every object the engine writes for the cluster, per chart. */
function writtenObjects(design: AnalyzedDesign): any[] {
  const app = new App({ outdir: '.' });
  const charts = new Map<string, Chart>();
  const chart = (id: string) => charts.get(id) ?? charts.set(id, new Chart(app, id, { disableResourceNameHashes: true })).get(id)!;
  for (const analysis of design.analyses) {
    engineOfKind(analysis.cluster.engine.kind).write({ design, analysis, charts: { forSite: chart, clusterWide: () => chart('cluster-wide') } });
  }
  return [...charts.values()].flatMap((c) => c.toJson());
}

/** Labels of every pod the objects make: workload templates, and the pods K8ssandra makes from its CR. */
function podLabelSets(objects: readonly any[]): { namespace: string; labels: Record<string, string> }[] {
  return objects.flatMap((o) => {
    if (o.spec?.template?.metadata?.labels) return [{ namespace: o.metadata.namespace, labels: o.spec.template.metadata.labels }];
    if (o.kind === 'K8ssandraCluster') return [{ namespace: o.metadata.namespace, labels: o.spec.cassandra.metadata.pods.labels }];
    return [];
  });
}

function flowsOf(design: AnalyzedDesign): { flow: NetworkFlow; analysis: AnalyzedDesign['analyses'][number] }[] {
  return design.analyses.flatMap((analysis) => engineOfKind(analysis.cluster.engine.kind)
    .networkFlows(design, analysis.cluster, analysis.details).map((flow) => ({ flow, analysis })));
}

describe('every engine\'s flows are admitted by the NetworkPolicies it writes', () => {
  test('every registered engine has designs here', () => {
    const { ENGINES } = jest.requireActual('../lib/engines/registry');
    expect(Object.keys(DESIGNS).sort()).toEqual(ENGINES.map((e: any) => e.kind).sort());
  });

  test.each(CASES)('%s, %s: every flow admitted, MS-NETWORK-FLOW-BLOCKED silent', (kind, _name, make) => {
    const design = analyzed(make());
    expect(design.analyses.map((a) => a.cluster.engine.kind)).toContain(kind);
    const flows = flowsOf(design);
    expect(flows.length).toBeGreaterThan(0);
    expect(networkFlowBlocked.check(design)).toEqual([]);
  });

  test.each(CASES)('%s, %s: every end of a flow with labels is a pod the writer writes', (_kind, _name, make) => {
    const design = analyzed(make());
    const pods = podLabelSets(writtenObjects(design));
    const unmatched = flowsOf(design).flatMap(({ flow }) => [flow.from, flow.to])
      .filter((m) => Object.keys(m.podLabels).length > 0 && m.namespace === design.sqlClusters[0].namespace)
      .filter((m) => !pods.some((p) => p.namespace === m.namespace && Object.entries(m.podLabels).every(([k, v]) => p.labels[k] === v)))
      .map((m) => `${m.role} in ${m.site}`);
    expect([...new Set(unmatched)]).toEqual([]);
  });

  test.each(CASES)('%s, %s: a policy with one port removed is refused, naming the flow', (_kind, _name, make) => {
    const design = analyzed(make());
    const flows = flowsOf(design);
    // A flow between sites where there is one (the ipBlock path with one cluster per site), else the first.
    const { flow, analysis } = flows.find((f) => f.flow.from.site !== f.flow.to.site) ?? flows[0];
    const written = writtenNetwork(design, analysis);
    const from = endpointOf(design, written, flow.from);
    const verdict = evaluateConnection(written.policies, { from, to: endpointOf(design, written, flow.to), port: flow.port });
    const admitting = verdict.ingress.admittedBy;
    expect(admitting.length).toBeGreaterThan(0);
    // Remove the flow's port from every rule of the policies that admit it.
    const withoutPort = (p: NetworkPolicyObject): NetworkPolicyObject => {
      if (!admitting.includes(`${p.metadata?.namespace}/${p.metadata?.name}`)) return p;
      const ingress = (p.spec?.ingress ?? []).map((r) => ({ ...r, ports: (r.ports ?? []).filter((x) => x.port !== flow.port) }));
      return { ...p, spec: { ...p.spec, ingress: ingress.filter((r) => r.ports.length > 0) } };
    };
    const mutated: WrittenNetwork = { ...written, policies: new Map([...written.policies].map(([k, ps]) => [k, ps.map(withoutPort)])) };
    const messages = blockedFlows(design, analysis, mutated).map((v) => v.message);
    expect(messages.some((m) => m.startsWith(describeFlow(flow)))).toBe(true);
    expect(messages.join('\n')).toContain(`TCP ${flow.port}`);
  });
});

describe('every flow admitted over placements and shapes', () => {
  const engines: [string, (votes: number) => SqlEngine, (voters: number) => { voters?: number; arbitrators?: number }][] = [
    ['cockroachdb', () => SqlEngine.cockroachDb(), () => ({ voters: 1 })],
    ['galera', () => garbd(), () => ({ arbitrators: 1 })],
    ['yugabytedb', (votes) => SqlEngine.yugabyteDb({ replicationFactor: votes }), () => ({ voters: 1 })],
  ];
  const cases = engines.flatMap(([kind, engine, witness]) => [1, 2, 3].flatMap((voters) => ['stretched', 'cluster per site'].map((shape) =>
    [kind, voters, shape, engine, witness] as const)));
  test.each(cases)('%s, %i voters in each active site and the witness\'s member, %s: MS-NETWORK-FLOW-BLOCKED silent', (_kind, voters, shape, engine, witness) => {
    const make = shape === 'stretched' ? stretchedSample : perSiteSample;
    const design = analyzed(make(engine(2 * voters + 1), witness(voters), voters));
    expect(flowsOf(design).length).toBeGreaterThan(0);
    expect(networkFlowBlocked.check(design)).toEqual([]);
  });
});

describe('MS-NETWORK-FLOW-BLOCKED', () => {
  test('is registered and not acknowledgeable', () => {
    expect(ALL_RULES).toContain(networkFlowBlocked);
    expect(networkFlowBlocked.acknowledgeable).toBe(false);
  });

  test('garbd admits gcomm from the data nodes (the policy it lacked before), and the finding names the flow without it', () => {
    const design = analyzed(EXAMPLE_DESIGNS['galera-metro'](tempOutdir()));
    const analysis = design.analyses[0];
    const written = writtenNetwork(design, analysis);
    const names = [...written.policies.values()].flat().map((p) => p.metadata?.name);
    const arbitrator = names.find((n) => n?.includes('-arbitrator-'));
    expect(arbitrator).toBeDefined();
    const policies = new Map([...written.policies].map(([k, ps]) => [k, ps.filter((p) => p.metadata?.name !== arbitrator)]));
    const withoutGarbdPolicy: WrittenNetwork = { ...written, policies };
    const messages = blockedFlows(design, analysis, withoutGarbdPolicy).map((v) => v.message);
    expect(messages.length).toBeGreaterThan(0);
    expect(messages[0]).toMatch(new RegExp([
      '^gcomm \\(group communication\\) TCP 4567 from data node in \\S+ to garbd in \\S+ ',
      '\\(cluster orders, namespace orders, Kubernetes cluster stretched\\) ',
      'is blocked: the destination is isolated for ingress by orders/default-deny-ingress and none admits it\\.$',
    ].join('')));
  });
});

describe('with monitoring, Prometheus\' scrape of every metrics endpoint is a flow too', () => {
  /** The design as `monitoring: Monitoring.prometheusOperator({ scraperNamespace: 'observability' })` makes it. */
  const monitored = (design: AnalyzedDesign): AnalyzedDesign => ({
    ...design, monitoring: Monitoring.prometheusOperator({ scraperNamespace: 'observability' })._model,
  });
  const scrapesOf = (design: AnalyzedDesign) => design.analyses
    .flatMap((analysis) => scrapeFlows(design, analysis).map((flow) => ({ flow, analysis })));

  test.each(CASES)('%s, %s: a scrape flow per metrics endpoint and site with its pods, every one admitted', (_kind, _name, make) => {
    const plain = analyzed(make());
    expect(scrapesOf({ ...plain, monitoring: undefined })).toEqual([]);
    const design = monitored(plain);
    const scrapes = scrapesOf(design);
    const targets = design.analyses.flatMap((a) => engineOfKind(a.cluster.engine.kind).metricsEndpoints!(a.cluster, a.details))
      .flatMap((e) => [...e.podsPerSite].filter(([, pods]) => pods > 0).map(([site]) => `${e.component} in ${site} TCP ${e.portNumber}`));
    expect(targets.length).toBeGreaterThan(0);
    expect(scrapes.map(({ flow }) => `${flow.to.role} in ${flow.to.site} TCP ${flow.port}`)).toEqual(targets);
    expect(scrapes.every(({ flow }) => flow.from.namespace === 'observability' && flow.from.site === flow.to.site)).toBe(true);
    expect(networkFlowBlocked.check(design)).toEqual([]);
  });

  test.each(CASES)('%s, %s: without the rule of one scrape policy, the finding names the scrape flow', (_kind, _name, make) => {
    const design = monitored(analyzed(make()));
    const { flow, analysis } = scrapesOf(design)[0];
    const written = writtenNetwork(design, analysis);
    const scrapePolicy = `${analysis.cluster.name}-${flow.to.role}-metrics`;
    expect([...written.policies.values()].flat().map((p) => p.metadata?.name)).toContain(scrapePolicy);
    // The policy stays and still selects the pods: it isolates them and admits nothing.
    const withoutRule = (p: NetworkPolicyObject): NetworkPolicyObject =>
      (p.metadata?.name === scrapePolicy ? { ...p, spec: { ...p.spec, ingress: [] } } : p);
    const mutated: WrittenNetwork = { ...written, policies: new Map([...written.policies].map(([k, ps]) => [k, ps.map(withoutRule)])) };
    const messages = blockedFlows(design, analysis, mutated).map((v) => v.message);
    expect(messages.some((m) => m.startsWith(`${describeFlow(flow)} (cluster ${analysis.cluster.name}, namespace ${flow.to.namespace}, `))).toBe(true);
    expect(messages.every((m) => m.startsWith('Prometheus scrape (metrics) '))).toBe(true);
  });

  test('an egress default-deny of the app\'s own in Prometheus\' namespace is refused, naming each scrape', () => {
    const app = perClusterLabDesign(tempOutdir(), undefined, Monitoring.prometheusOperator());
    new ApiObject(app.sites.find((s) => s.siteName === 'dc-a')!, 'deny-egress', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'deny-egress', namespace: 'monitoring' },
      spec: { podSelector: {}, policyTypes: ['Egress'] },
    });
    const messages = app.check().filter((f) => f.ruleId === 'MS-NETWORK-FLOW-BLOCKED').map((f) => f.message);
    expect(messages).toEqual([
      'Prometheus scrape (metrics) TCP 8080 from Prometheus in dc-a to database in dc-a (cluster crdb, namespace crdb, Kubernetes cluster dc-a) is blocked: '
      + 'the source is isolated for egress by monitoring/deny-egress and none admits it.',
    ]);
  });
});

describe('the app\'s own NetworkPolicies count too', () => {
  function labWith(policy?: (chart: Chart) => void): MultiSiteApp {
    const app = EXAMPLE_DESIGNS.lab(tempOutdir());
    const dcA = app.sites.find((s) => s.siteName === 'dc-a')!;
    policy?.(dcA);
    return app;
  }
  const denyEgress = (chart: Chart) => new ApiObject(chart, 'deny-egress', {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'deny-egress', namespace: 'crdb' },
    spec: { podSelector: {}, policyTypes: ['Egress'] },
  });

  test('an egress default-deny of the app\'s own in the database namespace is refused, naming each blocked flow', () => {
    const app = labWith(denyEgress);
    const findings = app.check().filter((f) => f.ruleId === 'MS-NETWORK-FLOW-BLOCKED');
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.map((f) => f.message)).toContain(
      'RPC (Raft, gossip) TCP 26357 from node in dc-a to node in dc-b (cluster crdb, namespace crdb, Kubernetes cluster stretched) is blocked: '
      + 'the source is isolated for egress by crdb/deny-egress and none admits it.',
    );
    expect(() => app.synth()).toThrow(/MS-NETWORK-FLOW-BLOCKED/);
  });

  test('one that also admits the cluster\'s own pods passes; after a synth the library\'s policies are not counted as the app\'s', () => {
    const app = labWith((chart) => new ApiObject(chart, 'egress-in-namespace', {
      apiVersion: 'networking.k8s.io/v1',
      kind: 'NetworkPolicy',
      metadata: { name: 'egress-in-namespace', namespace: 'crdb' },
      spec: { podSelector: {}, policyTypes: ['Egress'], egress: [{ to: [{ podSelector: {} }] }] },
    }));
    expect(app.check().filter((f) => f.ruleId === 'MS-NETWORK-FLOW-BLOCKED')).toEqual([]);
    app.synth();
    const design = analyzed(app);
    expect(design.userNetworkPolicies!.map((u) => (u.policy as any).metadata.name)).toEqual(['egress-in-namespace']);
    expect(app.check().filter((f) => f.ruleId === 'MS-NETWORK-FLOW-BLOCKED')).toEqual([]);
  });
});
