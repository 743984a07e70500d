/**
 * The stretched cluster's etcd: a PodMonitor on kubeadm's static etcd pods labelled with their
 * node, and alerts that join it with kube-state-metrics' `kube_node_labels` to count members up
 * per site, with the threshold from the control plane's majority (report.json's `quorum`).
 * Proven with promtool: for each loss report.json predicts and each number of members down in a
 * site, the series of the members and nodes, and "next loss of X halts" firing exactly when the
 * members up outside X are fewer than the quorum; a threshold off by one, or the site join
 * dropped, fails the suite.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { labDesign } from '../examples/lab/design';
import { ActiveActiveSite, DeploymentShape, DistributedSqlCluster, Monitoring, MultiSiteApp, SqlEngine, WitnessSite } from '../lib';
import { readObjects, tempOutdir } from './support/designs';
import { hasPromtool, promtool, ruleFile } from './support/promtool';
import { formatProblems, schemasAvailable, validateManifest } from './support/schema-validator';

const withPromtool = hasPromtool ? describe : describe.skip;

/** 2 + 2 + 1 etcd members (5, quorum 3): one member down in dc-a leaves losing dc-b fatal, losing the witness not. */
function twoTwoOne(outdir: string): MultiSiteApp {
  const app = new MultiSiteApp({ outdir, shape: DeploymentShape.stretchedCluster(), monitoring: Monitoring.prometheusOperator() });
  const a = new ActiveActiveSite(app, 'dc-a', { controlPlaneNodes: 2 });
  const b = new ActiveActiveSite(app, 'dc-b', { controlPlaneNodes: 2 });
  const w = new WitnessSite(app, 'dc-w', { controlPlaneNodes: 1 });
  new DistributedSqlCluster(app, 'db', { engine: SqlEngine.cockroachDb({ replicationFactor: 5 }), placement: [{ site: a, voters: 2 }, { site: b, voters: 2 }, { site: w, voters: 1 }] });
  return app;
}

const DESIGNS: Record<string, (outdir: string) => MultiSiteApp> = {
  'example: lab (1 + 1 + 1)': labDesign,
  '2 + 2 + 1': twoTwoOne,
};

describe('without controlPlaneNodes or monitoring, no etcd objects', () => {
  test('a design whose sites declare no control-plane nodes', () => {
    const dir = tempOutdir();
    const app = new MultiSiteApp({ outdir: dir, shape: DeploymentShape.stretchedCluster(), monitoring: Monitoring.prometheusOperator() });
    const sites = ['dc-a', 'dc-b', 'dc-c'].map((s) => new ActiveActiveSite(app, s));
    new DistributedSqlCluster(app, 'db', { engine: SqlEngine.cockroachDb({ replicationFactor: 3 }), placement: sites.map((site) => ({ site, voters: 1 })) });
    app.synth();
    expect(readObjects(dir).filter((o) => o.obj.metadata.namespace === 'kube-system')).toEqual([]);
  });
});

describe.each(Object.keys(DESIGNS))('%s', (name) => {
  const outdir = tempOutdir();
  DESIGNS[name](outdir).synth();
  const objects = readObjects(outdir).map((o) => o.obj);
  const report = JSON.parse(fs.readFileSync(path.join(outdir, 'report.json'), 'utf-8'));
  const cp = report.controlPlane;
  const podMonitor = objects.find((o) => o.kind === 'PodMonitor' && o.metadata.name === 'cdk-multisite-etcd');
  const rule = objects.find((o) => o.kind === 'PrometheusRule' && o.metadata.name === 'cdk-multisite-control-plane');
  const alerts: any[] = rule.spec.groups[0].rules;
  const margin = alerts.filter((a) => /^ControlPlaneNextLossOf.*Halts$/.test(a.alert));

  test('the PodMonitor selects kubeadm\'s etcd pods and labels each series with its node', () => {
    expect(podMonitor.metadata.namespace).toBe('kube-system');
    expect(podMonitor.spec.selector.matchLabels).toEqual({ component: 'etcd', tier: 'control-plane' });
    const relabel = podMonitor.spec.podMetricsEndpoints[0].relabelings;
    expect(relabel).toContainEqual({ sourceLabels: ['__meta_kubernetes_pod_node_name'], targetLabel: 'node' });
    expect(relabel).toContainEqual({ sourceLabels: ['__meta_kubernetes_pod_ip'], regex: '([^:]+)', targetLabel: '__address__', replacement: '$1:2381' });
    expect(relabel).toContainEqual({ sourceLabels: ['__meta_kubernetes_pod_ip'], regex: '(.+:.+)', targetLabel: '__address__', replacement: '[$1]:2381' });
    // Prometheus anchors relabel regexes: exactly one of the two rewrites each address family.
    const address = (ip: string) => relabel.filter((r: any) => r.targetLabel === '__address__')
      .reduce((out: string | undefined, r: any) => (new RegExp(`^${r.regex}$`).test(ip) ? ip.replace(new RegExp(`^${r.regex}$`), r.replacement) : out), undefined);
    expect(address('10.1.2.3')).toBe('10.1.2.3:2381');
    expect(address('fd00:10::3')).toBe('[fd00:10::3]:2381');
  });

  test('one alert per site holding members, its threshold the quorum of report.json', () => {
    const held = cp.placement.filter((p: any) => p.members > 0).map((p: any) => p.site);
    expect(margin.map((a) => a.labels.site)).toEqual(held);
    for (const a of margin) expect(a.expr).toMatch(new RegExp(` < ${cp.quorum}\\) unless on\\(\\) \\(absent\\(`));
    expect(fs.readFileSync(path.join(outdir, 'REPORT.md'), 'utf-8')).toContain('--metric-labels-allowlist=nodes=[topology.kubernetes.io/zone]');
    // APPLY.md's prometheus-operator step says what to enable for the join.
    const apply = fs.readFileSync(path.join(outdir, 'APPLY.md'), 'utf-8');
    expect(apply).toContain('kube-state-metrics --metric-labels-allowlist=nodes=[topology.kubernetes.io/zone]');
    expect(apply).toContain('listen-metrics-urls: http://0.0.0.0:2381');
  });

  (schemasAvailable() ? test.each([podMonitor, rule].map((o) => [`${o.kind} ${o.metadata.name}`, o]))
    : test.skip.each([['schemas not found', {}]]))('%s validates strictly against the upstream schemas', (_n, obj) => {
    expect(formatProblems(validateManifest(obj))).toBe('');
  });

  withPromtool('by promtool', () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-multisite-promtool-etcd-'));
    const placement: { site: string; members: number }[] = cp.placement.filter((p: any) => p.members > 0);
    /** Cases: report.json's single-site losses, and 1 to all of each site's members down. */
    const cases: { name: string; down: Map<string, number> }[] = [
      { name: 'every member up', down: new Map() },
      ...cp.singleSiteLosses.map((l: any) => ({ name: `lost ${l.lost.join(', ')}`, down: new Map(l.lost.map((s: string) => [s, placement.find((p) => p.site === s)?.members ?? 0])) })),
      ...placement.flatMap((p) => [...Array(p.members).keys()].map((k) => ({ name: `${k + 1} down in ${p.site}`, down: new Map([[p.site, k + 1]]) }))),
    ];
    /** The join's node side missing (no kube_node_labels with the site label) or present: the unseen alert fires after 15m, or not. */
    function unseenCase(missing: boolean) {
      const unseen = alerts.find((a) => a.alert === 'ControlPlaneEtcdSitesUnseen');
      return {
        name: missing ? 'kube_node_labels without the site label' : 'both sides of the join present',
        interval: '1m',
        input_series: placement.flatMap((p) => [...Array(p.members).keys()].flatMap((i) => [
          { series: `up{cdk_multisite_cluster="control-plane",component="etcd",namespace="kube-system",node="${p.site}-cp-${i}"}`, values: '1x30' },
          { series: `kube_node_labels{node="${p.site}-cp-${i}"${missing ? '' : `,label_topology_kubernetes_io_zone="${p.site}"`}}`, values: '1x30' },
        ])),
        alert_rule_test: [
          { eval_time: '20m', alertname: unseen.alert, exp_alerts: missing ? [{ exp_labels: { ...unseen.labels }, exp_annotations: { ...unseen.annotations } }] : [] },
          // Every member up: no margin alert either way; with the join missing they keep quiet (the unseen alert speaks),
          // where counting 0 members per site would fire them in every site.
          ...alerts.filter((a) => a.alert !== unseen.alert).map((a) => ({ eval_time: '20m', alertname: a.alert, exp_alerts: [] })),
        ],
      };
    }
    const suite = stringify({
      rule_files: ['rules.yaml'],
      evaluation_interval: '1m',
      tests: cases.map(({ name: caseName, down }) => ({
        name: caseName,
        interval: '1m',
        input_series: placement.flatMap((p) => [...Array(p.members).keys()].flatMap((i) => {
          const node = `${p.site}-cp-${i}`;
          return [
            { series: `up{cdk_multisite_cluster="control-plane",component="etcd",namespace="kube-system",pod="etcd-${node}",node="${node}"}`, values: i < (down.get(p.site) ?? 0) ? '0x10' : '1x10' },
            { series: `kube_node_labels{node="${node}",label_topology_kubernetes_io_zone="${p.site}"}`, values: '1x10' },
          ];
        })),
        alert_rule_test: margin.map((a) => {
          // The majority arithmetic, independently: the members up outside the next site against the quorum.
          const upElsewhere = placement.filter((p) => p.site !== a.labels.site).reduce((n, p) => n + p.members - (down.get(p.site) ?? 0), 0);
          return {
            eval_time: '5m',
            alertname: a.alert,
            exp_alerts: upElsewhere < cp.quorum
              ? [{ exp_labels: { ...a.labels }, exp_annotations: { ...a.annotations, description: a.annotations.description.replace('{{ $value }}', String(upElsewhere)) } }]
              : [],
          };
        }),
      })).concat([unseenCase(true), unseenCase(false)]),
    });
    fs.writeFileSync(path.join(work, 'tests.yaml'), suite);
    const run = (rules: any) => {
      fs.writeFileSync(path.join(work, 'rules.yaml'), ruleFile(rules));
      return promtool(['test', 'rules', 'tests.yaml'], work);
    };
    const mutated = (mutate: (expr: string) => string) => {
      const copy = JSON.parse(JSON.stringify(rule));
      copy.spec.groups[0].rules.forEach((r: any) => { r.expr = mutate(r.expr); });
      expect(ruleFile(copy)).not.toEqual(ruleFile(rule));
      return copy;
    };

    test('some case fires an alert, some does not', () => {
      expect(suite).toContain('exp_labels');
      expect(suite).toContain('exp_alerts: []');
    });

    test('promtool check rules and test rules pass', () => {
      fs.writeFileSync(path.join(work, 'check.yaml'), ruleFile(rule));
      expect(promtool(['check', 'rules', 'check.yaml'], work).out).toContain('SUCCESS');
      const r = run(rule);
      expect(r.out).toContain('SUCCESS');
      expect(r.status).toBe(0);
    });

    test.each([
      ['the quorum one lower', (e: string) => e.replace(/ < (\d+)\) unless/, (_m, n) => ` < ${Number(n) - 1}) unless`)],
      ['the quorum one higher', (e: string) => e.replace(/ < (\d+)\) unless/, (_m, n) => ` < ${Number(n) + 1}) unless`)],
      ['the margin alerts counting 0 members where the join is missing', (e: string) => e.replace(/ unless on\(\) \(.*\)$/, '')],
      ['the site join dropped (members counted everywhere)', (e: string) => (e.startsWith('absent') ? e : e.replace(/kube_node_labels\{[^}]*\}/, 'kube_node_labels'))],
      ['the unseen alert blind to a missing site label', (e: string) => e.replace(/absent\(kube_node_labels\{[^}]*\}\)/, 'absent(kube_node_labels)')],
    ])('mutation: %s fails the suite', (_n, mutate) => {
      expect(run(mutated(mutate)).status).not.toBe(0);
    });

    afterAll(() => { if (!process.env.KEEP) fs.rmSync(work, { recursive: true, force: true }); });
  });
});
