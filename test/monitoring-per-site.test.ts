/**
 * Monitoring with one Kubernetes cluster per site: each site's folder gets the scrape objects and
 * a PrometheusRule with the alerts its own Prometheus can decide from its own members' series.
 * Proven with `promtool`: `check rules` on every site's file, and a `test rules` suite per site
 * generated from report.json's two-site losses (the alerts that must fire when the site's members
 * go down, and only those), and, for Cassandra, from the consistency level's documented need. A
 * mutation (a threshold off by one; the series labels of the wrong scrape object) shows each
 * suite can fail. Cassandra's series come from the ServiceMonitor K8ssandra's telemetry writes.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { cassandraMultiDcDesign } from '../examples/cassandra-multi-dc/design';
import { perClusterLabDesign } from '../examples/lab-per-cluster/design';
import { yugabyteThreeRegionsDesign } from '../examples/yugabytedb-three-regions/design';
import { ActiveActiveSite, DeploymentShape, DistributedSqlCluster, Latency, Monitoring, MultiSiteApp, SqlEngine, WitnessSite } from '../lib';
import { readObjects, tempOutdir } from './support/designs';
import { majorityHalts } from './support/majority-model';
import { hasPromtool, promtool, ruleFile } from './support/promtool';
import { formatProblems, schemasAvailable, validateManifest } from './support/schema-validator';
import { hasMetricsEndpoint } from '../lib/engines/cassandra/metrics-version';
import { evaluateConnection } from '../lib/network-policy/evaluate';

if (!hasPromtool && process.env.CI === 'true') {
  test('promtool is required under CI', () => {
    throw new Error('promtool not found: install Debian\'s prometheus package (scripts/failure-lab-setup.sh does).');
  });
}
const withPromtool = hasPromtool ? describe : describe.skip;

/** CamelCase of a DNS label, as alert names spell sites: `dc-a` → `DcA`. */
const camel = (s: string) => s.split(/[^a-zA-Z0-9]+/).filter((w) => w).map((w) => w[0].toUpperCase() + w.slice(1)).join('');

/**
 * The labels of one member's series in its site's Prometheus. The library's PodMonitor labels them
 * `cdk_multisite_cluster`, `component` and `site`. K8ssandra's ServiceMonitor (k8ssandra-operator
 * v1.32.5 pkg/telemetry/prom_cass_servicemonitor.go) scrapes the datacenter's all-pods Service
 * and copies its `cassandra.datastax.com/cluster` and `.../datacenter` labels (`targetLabels`;
 * Prometheus writes the other characters as `_`); the datacenter is named after the site.
 */
type SeriesLabels = (cluster: string, namespace: string, site: string, component: string, pod: string) => string;
const podMonitorSeries: SeriesLabels = (cluster, namespace, site, component, pod) =>
  `namespace="${namespace}",cdk_multisite_cluster="${cluster}",component="${component}",site="${site}",pod="${pod}"`;
const k8ssandraSeries: SeriesLabels = (cluster, namespace, site, _component, pod) =>
  `namespace="${namespace}",cassandra_datastax_com_cluster="${cluster}",cassandra_datastax_com_datacenter="${site}",service="${cluster}-${site}-all-pods-service",pod="${pod}"`;

/**
 * A local consistency level's need, from Cassandra's documented semantics
 * (https://cassandra.apache.org/doc/latest/cassandra/architecture/dynamo.html#tunable-consistency):
 * LOCAL_QUORUM needs ⌊RF/2⌋ + 1 replicas in the coordinator's datacenter. With `down` nodes down
 * they may all be replicas of one range (the metrics do not say which ranges a node held), so
 * that range keeps RF − min(down, RF).
 */
const localQuorumFails = (rf: number, down: number) => rf - Math.min(down, rf) < Math.floor(rf / 2) + 1;

interface PerSiteDesign {
  readonly build: (outdir: string) => MultiSiteApp;
  readonly series: SeriesLabels;
  /** Scrape objects the library writes per site: PodMonitors, or none where the operator writes ServiceMonitors. */
  readonly podMonitorsPerSite: number;
  /** The application's local level, when it is one: the replication factor in each datacenter. */
  readonly localQuorumReplicas?: number;
  /**
   * Galera: mysqld_exporter publishes `mysql_global_status_wsrep_ready` 1 on a member that is
   * synced and accepts queries (https://galeracluster.com/library/documentation/galera-status-variables.html#wsrep-ready;
   * SHOW GLOBAL STATUS as mysql_global_status_<variable>), none while the member is down.
   */
  readonly wsrepReady?: boolean;
}

/** 2 + 2 Galera data nodes and garbd in a witness (or, `threeByThree`, 3 + 3 + 3 data nodes), one Kubernetes cluster per site. */
function galeraPerSite(outdir: string, threeByThree = false): MultiSiteApp {
  const app = new MultiSiteApp({ outdir, shape: DeploymentShape.clusterPerSite(), monitoring: Monitoring.prometheusOperator() });
  const site = (n: number) => ({
    clusterDomain: `dc-${n}.cluster.example`,
    podCidrs: [`10.${n}.0.0/16`],
    serviceCidrs: [`10.10${n}.0.0/16`],
    nodeCidrs: [`172.16.${n}.0/24`],
    controlPlaneNodes: 1,
    clusterDnsAddress: `172.16.${n}.53`,
  });
  const a = new ActiveActiveSite(app, 'dc-a', site(1));
  const b = new ActiveActiveSite(app, 'dc-b', site(2));
  const w = threeByThree ? new ActiveActiveSite(app, 'dc-w', site(3)) : new WitnessSite(app, 'dc-w', site(3));
  app.addLink(a, b, Latency.ofDistanceKm(50));
  app.addLink(a, w, Latency.ofDistanceKm(50));
  app.addLink(b, w, Latency.ofDistanceKm(50));
  new DistributedSqlCluster(app, 'orders', {
    engine: SqlEngine.galera({ arbitratorImage: 'registry.example.com/platform/garbd:26.4' }),
    placement: threeByThree
      ? [{ site: a, voters: 3 }, { site: b, voters: 3 }, { site: w, voters: 3 }]
      : [{ site: a, voters: 2 }, { site: b, voters: 2 }, { site: w, arbitrators: 1 }],
  });
  return app;
}

const PER_SITE: Record<string, PerSiteDesign> = {
  'example: lab per cluster (CockroachDB 2 + 2 + 1)': {
    build: (outdir) => perClusterLabDesign(outdir, undefined, Monitoring.prometheusOperator()),
    series: podMonitorSeries,
    podMonitorsPerSite: 1,
  },
  // Both keyspaces at replication factor 3 per datacenter; reads and writes at LOCAL_QUORUM (examples/cassandra-multi-dc/design.ts).
  'example: YugabyteDB three regions (masters and tservers)': {
    build: (outdir) => yugabyteThreeRegionsDesign(outdir, Monitoring.prometheusOperator()),
    series: podMonitorSeries,
    podMonitorsPerSite: 2,
  },
  'Galera 2 + 2 + garbd': {
    build: galeraPerSite,
    series: podMonitorSeries,
    podMonitorsPerSite: 1,
    wsrepReady: true,
  },
  // 9 votes, 5 to stay Primary: one node down in a site leaves 5 after losing another site, two down leave 4.
  'Galera 3 + 3 + 3': {
    build: (outdir) => galeraPerSite(outdir, true),
    series: podMonitorSeries,
    podMonitorsPerSite: 1,
    wsrepReady: true,
  },
  'example: Cassandra multi-DC (3 + 3, LOCAL_QUORUM)': {
    build: (outdir) => cassandraMultiDcDesign(outdir, Monitoring.prometheusOperator({ resourceLabels: { release: 'kps' } })),
    series: k8ssandraSeries,
    podMonitorsPerSite: 0,
    localQuorumReplicas: 3,
  },
};

/** A synthesized design: its objects with the site folder each is in, and report.json's one cluster. */
function synthesized(design: PerSiteDesign) {
  const outdir = tempOutdir();
  design.build(outdir).synth();
  const objects = readObjects(outdir).map((o) => ({ site: o.file.split('/')[0], obj: o.obj }));
  const report = JSON.parse(fs.readFileSync(path.join(outdir, 'report.json'), 'utf-8'));
  return { outdir, objects, cluster: report.clusters[0] };
}

/**
 * The promtool unit tests of one site's rule file: each component's members in the site with 0 to
 * all of them down, the others whole (its Prometheus still runs), and no other site's series (it
 * scrapes none). "Next loss of X halts" must fire exactly when, with those members down here,
 * losing X halts the cluster by the documented majority rule over report.json's voting groups
 * (majority-model.ts: worst case over which members held the votes), or with a local level once
 * that level may fail in the datacenter; the local level's alert exactly when the documented need is no longer
 * met in the worst case. `members` are the site's pods per component, as written.
 */
function unitTests(
  design: PerSiteDesign, cluster: any, site: string, members: readonly { component: string; pods: number }[], rule: any, ruleFileName: string,
): string {
  const alerts = rule.spec.groups.flatMap((g: any) => g.rules);
  const byName = (name: string) => alerts.find((a: any) => a.alert === name);
  const halts = new Map<string, boolean>(cluster.twoSiteLosses.map((l: any) => [[...l.lost].sort().join('+'), !l.survives]));
  const survivesAlone = (s: string) => cluster.singleSiteLosses.find((l: any) => l.lost.length === 1 && l.lost[0] === s)?.survives === true;
  const others = Object.keys(cluster.votersPerSite).filter((s) => s !== site);
  const nextSites = others.filter((x) => survivesAlone(site) && survivesAlone(x) && halts.get([site, x].sort().join('+')) === true);
  const margins = nextSites.map((x) => `${camel(cluster.name)}NextLossOf${camel(x)}Halts`);
  const floor = design.localQuorumReplicas ? `${camel(cluster.name)}LocalQuorumRequestsAtRiskIn${camel(site)}` : undefined;
  // Every site of these designs has a margin to watch: a suite without an alert to expect would prove nothing.
  expect(margins.length).toBeGreaterThan(0);
  for (const name of [...margins, ...(floor ? [floor] : [])]) {
    expect({ site, alert: name, written: byName(name) !== undefined }).toEqual({ site, alert: name, written: true });
  }
  const namespace = rule.metadata.namespace;
  expect(members.every((m) => m.pods > 0)).toBe(true);
  // Every site whole once, then each component with 1 to all of its members down.
  const cases = [
    { component: members[0].component, down: 0 },
    ...members.flatMap((m) => [...Array(m.pods).keys()].map((i) => ({ component: m.component, down: i + 1 }))),
  ];
  const tests = cases.map(({ component, down }) => ({
    name: `${down} of the ${component} members down in ${site}`,
    interval: '1m',
    input_series: members.flatMap((m) => [...Array(m.pods).keys()].flatMap((i) => {
      const labels = design.series(cluster.name, namespace, site, m.component, `${cluster.name}-${m.component}-${site}-${i}`);
      const isDown = m.component === component && i < down;
      return [
        { series: `up{${labels}}`, values: isDown ? '0x10' : '1x10' },
        ...(design.wsrepReady && !isDown ? [{ series: `mysql_global_status_wsrep_ready{${labels}}`, values: '1x10' }] : []),
      ];
    })),
    alert_rule_test: [
      // A local level needs nothing of the other datacenters: the site is as good as whole until the level may fail in it.
      // A majority engine: once the members up here are too few for the cluster to survive losing X as well (majority-model.ts).
      ...nextSites.map((x, i) => expectAlert(byName(margins[i]), design.localQuorumReplicas
        ? localQuorumFails(design.localQuorumReplicas, down)
        : majorityHalts(cluster, [x], [{ site, component, count: down }]))),
      ...(floor ? [expectAlert(byName(floor), localQuorumFails(design.localQuorumReplicas!, down))] : []),
    ],
  }));
  return stringify({ rule_files: [ruleFileName], evaluation_interval: '1m', tests });
}

/** The pods per component in `site`: the replicas of the StatefulSets each PodMonitor there selects; without PodMonitors (K8ssandra), the datacenter's size from report.json. */
function membersIn(objects: readonly { site: string; obj: any }[], cluster: any, site: string): { component: string; pods: number }[] {
  const monitors = objects.filter((o) => o.site === site && o.obj.kind === 'PodMonitor' && o.obj.metadata.labels?.['app.kubernetes.io/instance'] === cluster.name);
  if (monitors.length === 0) return [{ component: 'database', pods: cluster.votersPerSite[site] }];
  return monitors.map((pm) => ({
    component: pm.obj.spec.podMetricsEndpoints[0].relabelings.find((r: any) => r.targetLabel === 'component').replacement,
    pods: objects.filter((o) => o.site === site && o.obj.kind === 'StatefulSet'
      && Object.entries(pm.obj.spec.selector.matchLabels).every(([k, v]) => o.obj.spec.template.metadata.labels[k] === v))
      .reduce((n, o) => n + o.obj.spec.replicas, 0),
  }));
}

const expectAlert = (a: any, fires: boolean) => ({
  eval_time: '5m',
  alertname: a.alert,
  exp_alerts: fires ? [{ exp_labels: { ...a.labels }, exp_annotations: { ...a.annotations } }] : [],
});

describe.each(Object.keys(PER_SITE))('%s: written per site', (name) => {
  const design = PER_SITE[name];
  const { outdir, objects, cluster } = synthesized(design);
  const sites = Object.keys(cluster.votersPerSite).filter((s) => cluster.votersPerSite[s] > 0);
  // The cluster's own objects (its instance label): k8gb's are tested below.
  const ofKind = (kind: string) => objects.filter((o) => o.obj.kind === kind && o.obj.metadata.labels?.['app.kubernetes.io/instance'] === cluster.name);

  test('each site with members gets its PrometheusRule and scrape objects; nothing spans the clusters', () => {
    expect(ofKind('PrometheusRule').map((o) => o.site).sort()).toEqual([...sites].sort());
    expect(ofKind('PodMonitor').length).toBe(sites.length * design.podMonitorsPerSite);
    expect(fs.existsSync(path.join(outdir, 'cluster-wide'))).toBe(false);
  });

  test('REPORT.md lists each site\'s alerts and what a Prometheus per site cannot see', () => {
    const report = fs.readFileSync(path.join(outdir, 'REPORT.md'), 'utf-8');
    for (const site of sites) expect(report).toContain(`In ${site}'s Prometheus:`);
    expect(report).toContain('a site lost whole takes its Prometheus with it');
  });

  test('APPLY.md asks for a Prometheus in each site\'s cluster, not one that reaches every site', () => {
    const apply = fs.readFileSync(path.join(outdir, 'APPLY.md'), 'utf-8');
    expect(apply).toContain('a Prometheus in this cluster');
    expect(apply).not.toContain('a Prometheus that reaches every site');
  });

  // Each site's cluster: its PodMonitors select the pods written there, and its own policies admit the scraper to their metrics port.
  const scrapes = ofKind('PodMonitor').flatMap((pm) => objects
    .filter((o) => o.site === pm.site && o.obj.kind === 'StatefulSet' && o.obj.metadata.namespace === pm.obj.metadata.namespace
      && Object.entries(pm.obj.spec.selector.matchLabels).every(([k, v]) => o.obj.spec.template.metadata.labels[k] === v))
    .map((w) => {
      const ports = w.obj.spec.template.spec.containers.flatMap((c: any) => c.ports ?? []);
      const port = ports.find((p: any) => p.name === pm.obj.spec.podMetricsEndpoints[0].port);
      return [`${pm.site}: ${pm.obj.metadata.name} → ${w.obj.metadata.name}:${port?.containerPort}`, pm.site, w.obj, port?.containerPort] as [string, string, any, number];
    }));
  if (design.podMonitorsPerSite > 0) {
    test('every PodMonitor selects pods written in its site that carry its port', () => {
      expect(new Set(scrapes.map(([, site]) => site)).size).toBe(sites.length);
      expect(scrapes.every(([, , , port]) => typeof port === 'number')).toBe(true);
    });
    test.each(scrapes)('%s: admitted from the scraper namespace, and only by the scrape policy', (_n, site, w, port) => {
      const policies = objects.filter((o) => o.site === site && o.obj.kind === 'NetworkPolicy').map((o) => o.obj);
      const allowed = (set: readonly any[]) => evaluateConnection(new Map([['only', set]]), {
        from: { kubernetesCluster: 'only', namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' }, addresses: ['10.0.0.1/32'] },
        to: { kubernetesCluster: 'only', namespace: w.metadata.namespace, podLabels: w.spec.template.metadata.labels, addresses: ['10.0.0.2/32'] },
        port,
      }).allowed;
      expect(allowed(policies)).toBe(true);
      expect(allowed(policies.filter((p) => !p.metadata.name.endsWith('-metrics')))).toBe(false);
    });
  }

  (schemasAvailable() ? test.each(objects.map((o) => [`${o.site}: ${o.obj.kind} ${o.obj.metadata.name}`, o.obj]))
    : test.skip.each([['schemas not found', {}]]))('%s validates strictly against the upstream schemas', (_n, obj) => {
    expect(formatProblems(validateManifest(obj))).toBe('');
  });

  withPromtool('by promtool', () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-multisite-promtool-'));
    afterAll(() => fs.rmSync(work, { recursive: true, force: true }));
    const rules: [string, any][] = ofKind('PrometheusRule').map((o) => [o.site, o.obj]);

    test.each(rules)('promtool check rules: %s', (site, rule) => {
      fs.writeFileSync(path.join(work, `${site}-check.yaml`), ruleFile(rule));
      const r = promtool(['check', 'rules', `${site}-check.yaml`], work);
      expect(r.out).toContain('SUCCESS');
      expect(r.status).toBe(0);
    });

    test.each(rules)('promtool test rules from report.json\'s losses: %s', (site, rule) => {
      const file = `${site}-rules.yaml`;
      fs.writeFileSync(path.join(work, file), ruleFile(rule));
      fs.writeFileSync(path.join(work, `${site}-tests.yaml`), unitTests(design, cluster, site, membersIn(objects, cluster, site), rule, file));
      const r = promtool(['test', 'rules', `${site}-tests.yaml`], work);
      expect(r.out).toContain('SUCCESS');
      expect(r.status).toBe(0);

      // Mutation: one member fewer in every threshold ("< 3" → "< 2"): the suite must catch it.
      const offByOne = ruleFile(rule).replace(/\) < (\d+)/g, (_m, n) => `) < ${Number(n) - 1}`);
      expect(offByOne).not.toEqual(ruleFile(rule));
      fs.writeFileSync(path.join(work, file), offByOne);
      expect(promtool(['test', 'rules', `${site}-tests.yaml`], work).status).not.toBe(0);

      // Mutation: the margin alerts' old threshold, a site degraded at its first member down ("< 2" → "< 3" of 3): where one
      // member down leaves the next loss survivable (Galera 3 + 3 + 3), the suite must catch it.
      const members = membersIn(objects, cluster, site);
      const firstDown = JSON.parse(JSON.stringify(rule));
      firstDown.spec.groups.forEach((g: any) => g.rules.filter((x: any) => /NextLossOf.*Halts$/.test(x.alert)).forEach((x: any) => {
        x.expr = x.expr.replace(/component="([^"]+)",site="[^"]+"\}\) or vector\(0\)\) < \d+/g,
          (m: string, component: string) => m.replace(/< \d+$/, `< ${members.find((p) => p.component === component)!.pods}`));
      }));
      const oneDownSurvivable = design.series === podMonitorSeries
        && members.some((p) => p.pods > 1 && Object.keys(cluster.votersPerSite).some((x) => x !== site
        && !majorityHalts(cluster, [x], [{ site, component: p.component, count: 1 }])
        && majorityHalts(cluster, [x, site], [])));
      if (oneDownSurvivable) {
        expect(ruleFile(firstDown)).not.toEqual(ruleFile(rule));
        fs.writeFileSync(path.join(work, file), ruleFile(firstDown));
        const m = promtool(['test', 'rules', `${site}-tests.yaml`], work);
        expect(m.status).not.toBe(0);
        expect(m.out).toMatch(/name: 1 of the database members down in/);
      }

      // Mutation: Cassandra's alerts selecting the labels of the library's PodMonitor, which K8ssandra's ServiceMonitor does not give its series.
      if (design.series === k8ssandraSeries) {
        const wrongLabels = ruleFile(rule).replace(/cassandra_datastax_com_datacenter=/g, 'site=');
        expect(wrongLabels).not.toEqual(ruleFile(rule));
        fs.writeFileSync(path.join(work, file), wrongLabels);
        expect(promtool(['test', 'rules', `${site}-tests.yaml`], work).status).not.toBe(0);
      }
    });
  });
});

test('Galera 3 + 3 + 3: one node down in a site leaves the next site loss survivable, two do not (the model the suites check)', () => {
  const { cluster } = synthesized(PER_SITE['Galera 3 + 3 + 3']);
  expect(majorityHalts(cluster, ['dc-b'], [{ site: 'dc-a', component: 'database', count: 1 }])).toBe(false);
  expect(majorityHalts(cluster, ['dc-b'], [{ site: 'dc-a', component: 'database', count: 2 }])).toBe(true);
  expect(majorityHalts(cluster, ['dc-a', 'dc-b'], [])).toBe(true);
});

describe('Cassandra: K8ssandra\'s telemetry makes the operator scrape every datacenter', () => {
  const k8ssandraCluster = () => {
    const outdir = tempOutdir();
    cassandraMultiDcDesign(outdir, Monitoring.prometheusOperator({ resourceLabels: { release: 'kps' } })).synth();
    return readObjects(outdir).map((o) => ({ site: o.file.split('/')[0], obj: o.obj }));
  };

  test('telemetry.prometheus on with the resource labels, the management API\'s endpoint (MCAC off)', () => {
    const kc = k8ssandraCluster().find((o) => o.obj.kind === 'K8ssandraCluster')!.obj;
    expect(kc.spec.cassandra.telemetry).toEqual({ prometheus: { enabled: true, commonLabels: { release: 'kps' } }, mcac: { enabled: false } });
  });

  // k8ssandra-operator v1.32.5 pkg/telemetry/validation.go: the endpoint exists from 3.11.13 in 3.11 and from 4.0.4; before, MCAC must stay on.
  test.each([['3.11.12', false], ['3.11.13', true], ['4.0.3', false], ['4.0.4', true], ['4.1.5', true], ['5.0.2', true]])(
    'Cassandra %s has the management API\'s metrics endpoint: %s', (version, has) => {
      expect(hasMetricsEndpoint(version as string)).toBe(has);
    });

  test('no telemetry without monitoring', () => {
    const outdir = tempOutdir();
    cassandraMultiDcDesign(outdir).synth();
    const kc = readObjects(outdir).map((o) => o.obj).find((o) => o.kind === 'K8ssandraCluster');
    expect(kc.spec.cassandra.telemetry).toBeUndefined();
  });

  test('each data site\'s policies admit the scraper to the metrics port of the pods cass-operator runs, and only the scrape policy does', () => {
    const objects = k8ssandraCluster();
    const kc = objects.find((o) => o.obj.kind === 'K8ssandraCluster')!.obj;
    const podLabels = kc.spec.cassandra.metadata.pods.labels;
    for (const dc of kc.spec.cassandra.datacenters) {
      const policies = objects.filter((o) => o.site === dc.metadata.name && o.obj.kind === 'NetworkPolicy').map((o) => o.obj);
      const allowed = (set: readonly any[]) => evaluateConnection(new Map([['only', set]]), {
        from: { kubernetesCluster: 'only', namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' }, addresses: ['10.0.0.1/32'] },
        to: { kubernetesCluster: 'only', namespace: kc.metadata.namespace, podLabels, addresses: ['10.0.0.2/32'] },
        // The all-pods Service's `metrics` port (cass-operator v1.30.3 pkg/reconciliation/construct_service.go).
        port: 9000,
      }).allowed;
      expect({ dc: dc.metadata.name, allowed: allowed(policies) }).toEqual({ dc: dc.metadata.name, allowed: true });
      expect(allowed(policies.filter((p) => !p.metadata.name.endsWith('-metrics')))).toBe(false);
    }
  });
});

/**
 * k8gb's series as a site's Prometheus stores them: k8gb labels its Gslb metrics with the Gslb's
 * `namespace` and `name` (k8gb-io/k8gb v0.20.0 controllers/providers/metrics/prometheus.go); the
 * PodMonitor's target label `namespace` (k8gb's own) wins, and the scraped one is kept as
 * `exported_namespace` (Prometheus `honor_labels: false`, the PodMonitor default). A finished
 * reconciliation adds 1 to the counter every 30 s (`reconcileRequeueSeconds` default) while it runs.
 */
function k8gbTests(rule: any, site: string, gslb: { name: string; namespace: string }): string {
  const alerts = rule.spec.groups.flatMap((g: any) => g.rules);
  const find = (suffix: string) => alerts.find((a: any) => a.alert.endsWith(suffix) && a.labels.gslb === gslb.name);
  const notReconciled = find(`NotReconciledIn${camel(site)}`);
  const withdrawn = find(`WithdrawnIn${camel(site)}`);
  expect([notReconciled?.alert, withdrawn?.alert].every((a) => a !== undefined)).toBe(true);
  const labels = `namespace="k8gb",exported_namespace="${gslb.namespace}",name="${gslb.name}",site="${site}",pod="k8gb-0"`;
  const series = (loops: string, healthy: string | undefined) => [
    ...(loops ? [{ series: `k8gb_gslb_reconciliation_loops_total{${labels}}`, values: loops }] : []),
    ...(healthy ? [{ series: `k8gb_gslb_healthy_local_records{${labels}}`, values: healthy }] : []),
  ];
  const cases: [string, ReturnType<typeof series>, boolean, boolean][] = [
    ['reconciling, site healthy', series('0+2x15', '1x15'), false, false],
    ['reconciliations stopped', series('10x15', '1x15'), true, false],
    ['site withdrawn from DNS', series('0+2x15', '0x15'), false, true],
    ['k8gb gone: no series', series('', undefined), true, true],
  ];
  return stringify({
    rule_files: ['k8gb-rules.yaml'],
    evaluation_interval: '1m',
    tests: cases.map(([name, input, stuck, out]) => ({
      name,
      interval: '1m',
      input_series: input,
      alert_rule_test: [expectAlert(notReconciled, stuck), expectAlert(withdrawn, out)].map((t) => ({ ...t, eval_time: '10m' })),
    })),
  });
}

withPromtool('k8gb in each site of the per-cluster lab, by promtool', () => {
  const outdir = tempOutdir();
  perClusterLabDesign(outdir, undefined, Monitoring.prometheusOperator()).synth();
  const objects = readObjects(outdir).map((o) => ({ site: o.file.split('/')[0], obj: o.obj }));
  const rules: [string, any][] = objects.filter((o) => o.obj.kind === 'PrometheusRule' && o.obj.metadata.namespace === 'k8gb').map((o) => [o.site, o.obj]);
  const gslbs = objects.filter((o) => o.obj.kind === 'Gslb');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-multisite-promtool-'));
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('every site that serves a Gslb scrapes its k8gb and alerts on it', () => {
    expect(rules.map(([site]) => site).sort()).toEqual([...new Set(gslbs.map((g) => g.site))].sort());
    for (const [site] of rules) {
      const pm = objects.find((o) => o.site === site && o.obj.kind === 'PodMonitor' && o.obj.metadata.namespace === 'k8gb')!.obj;
      // The chart's selector labels with the release APPLY.md installs (helm upgrade --install k8gb), and its container port name.
      expect(pm.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'k8gb', 'app.kubernetes.io/instance': 'k8gb' });
      expect(pm.spec.podMetricsEndpoints[0].port).toBe('metrics');
    }
  });

  test.each(rules)('%s: not reconciling and withdrawn fire when they should, and only then', (site, rule) => {
    fs.writeFileSync(path.join(work, 'k8gb-rules.yaml'), ruleFile(rule));
    expect(promtool(['check', 'rules', 'k8gb-rules.yaml'], work).status).toBe(0);
    for (const g of gslbs.filter((x) => x.site === site)) {
      fs.writeFileSync(path.join(work, 'k8gb-tests.yaml'), k8gbTests(rule, site, g.obj.metadata));
      const r = promtool(['test', 'rules', 'k8gb-tests.yaml'], work);
      expect(r.out).toContain('SUCCESS');
      expect(r.status).toBe(0);
    }
    // Mutation: the Gslb's namespace read from `namespace`, as if the scrape honoured k8gb's labels: the alerts fire on a healthy k8gb.
    const honoured = ruleFile(rule).replace(/namespace="k8gb",exported_namespace=/g, 'namespace=');
    expect(honoured).not.toEqual(ruleFile(rule));
    fs.writeFileSync(path.join(work, 'k8gb-rules.yaml'), honoured);
    expect(promtool(['test', 'rules', 'k8gb-tests.yaml'], work).status).not.toBe(0);
  });
});

withPromtool('cert-manager, where it issues the certificates', () => {
  const outdir = tempOutdir();
  cassandraMultiDcDesign(outdir, Monitoring.prometheusOperator()).synth();
  const objects = readObjects(outdir).map((o) => ({ site: o.file.split('/')[0], obj: o.obj }));

  test('each data site scrapes its cert-manager controller on the chart\'s metrics port', () => {
    const monitors = objects.filter((o) => o.obj.kind === 'PodMonitor' && o.obj.metadata.namespace === 'cert-manager');
    expect(monitors.map((o) => o.site).sort()).toEqual(['dc-east', 'dc-west']);
    // cert-manager v1.21.1 deploy/charts/cert-manager/templates/deployment.yaml, rendered as release cert-manager (make/manifests.mk).
    expect(monitors[0].obj.spec.selector.matchLabels).toEqual({ 'app.kubernetes.io/name': 'cert-manager', 'app.kubernetes.io/instance': 'cert-manager', 'app.kubernetes.io/component': 'controller' });
    expect(monitors[0].obj.spec.podMetricsEndpoints[0].port).toBe('http-metrics');
  });

  test('the expiry alert fires before expiry, and a missing expiry series is alerted rather than silent', () => {
    const rule = objects.find((o) => o.site === 'dc-east' && o.obj.kind === 'PrometheusRule')!.obj;
    const alerts = rule.spec.groups.flatMap((g: any) => g.rules);
    const expiry = alerts.find((a: any) => a.alert === 'CassandraCertificateExpiresSoon');
    const unwatched = alerts.find((a: any) => a.alert === 'CassandraCertificatesUnwatched');
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-multisite-promtool-'));
    fs.writeFileSync(path.join(work, 'rules.yaml'), ruleFile(rule));
    // cert-manager's gauge: the certificate's notAfter in Unix seconds (https://cert-manager.io/docs/devops-tips/prometheus-metrics/); promtool's clock starts at 0.
    const certificate = (notAfterSeconds: number) => [{
      series: 'certmanager_certificate_expiration_timestamp_seconds{namespace="cassandra",name="cassandra-encryption-stores",site="dc-east"}',
      values: `${notAfterSeconds}x40`,
    }];
    const expect20m = (a: any, fires: boolean, extra: Record<string, string> = {}) => ({
      eval_time: '20m',
      alertname: a.alert,
      exp_alerts: fires ? [{ exp_labels: { ...a.labels, ...extra }, exp_annotations: { ...a.annotations, description: a.annotations.description.replace('{{ $labels.name }}', 'cassandra-encryption-stores') } }] : [],
    });
    const certLabels = { name: 'cassandra-encryption-stores', site: 'dc-east' };
    fs.writeFileSync(path.join(work, 'tests.yaml'), stringify({
      rule_files: ['rules.yaml'],
      evaluation_interval: '1m',
      tests: [
        { name: 'renewed: 60 days left', interval: '1m', input_series: certificate(60 * 86400), alert_rule_test: [expect20m(expiry, false), expect20m(unwatched, false)] },
        { name: '3 days left', interval: '1m', input_series: certificate(3 * 86400), alert_rule_test: [expect20m(expiry, true, certLabels), expect20m(unwatched, false)] },
        { name: 'cert-manager not scraped', interval: '1m', input_series: [{ series: 'up{job="other"}', values: '1x40' }], alert_rule_test: [expect20m(expiry, false), expect20m(unwatched, true)] },
      ],
    }));
    const r = promtool(['test', 'rules', 'tests.yaml'], work);
    expect(r.out).toContain('SUCCESS');
    // Mutation: the expiry compared the wrong way round: the suite must catch it.
    fs.writeFileSync(path.join(work, 'rules.yaml'), ruleFile(rule).replace('- time() <', '- time() >'));
    expect(promtool(['test', 'rules', 'tests.yaml'], work).status).not.toBe(0);
    fs.rmSync(work, { recursive: true, force: true });
  });
});
