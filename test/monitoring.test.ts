/**
 * Monitoring (`Monitoring.prometheusOperator`): its options refused with the prop named, and the
 * PrometheusRules synth writes proven with Prometheus' own `promtool`: `check rules` on every rule
 * file, and a `test rules` suite generated from report.json's predicted losses (the series of each
 * loss; the alerts that must fire and those that must not). A mutation (a threshold off by one)
 * shows the suite can fail.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { galeraMetroDesign } from '../examples/galera-metro/design';
import { labDesign } from '../examples/lab/design';
import { ActiveActiveSite, DeploymentShape, DistributedSqlCluster, Latency, Monitoring, MultiSiteApp, SqlEngine, WitnessSite } from '../lib';
import { readObjects, tempOutdir } from './support/designs';
import { majorityHalts } from './support/majority-model';
import { hasPromtool, promtool, ruleFile } from './support/promtool';
import { formatProblems, schemasAvailable, validateManifest, withoutGoCaseFlag } from './support/schema-validator';
import { groupSizeThreshold, nextLossMargins } from '../lib/analysis/margin';
import { fatalDownStates } from '../lib/analysis/margin-floors';
import { evaluateConnection } from '../lib/network-policy/evaluate';

if (!hasPromtool && process.env.CI === 'true') {
  test('promtool is required under CI', () => {
    throw new Error('promtool not found: install Debian\'s prometheus package (scripts/failure-lab-setup.sh does).');
  });
}
const withPromtool = hasPromtool ? describe : describe.skip;

describe('bad monitoring options are refused with the prop named', () => {
  test.each([
    [{ resourceLabels: { 'bad key!': 'x' } }, 'Monitoring.prometheusOperator(): resourceLabels key "bad key!" is not a Kubernetes label key'],
    [{ resourceLabels: { release: 'not a value' } }, 'Monitoring.prometheusOperator(): resourceLabels["release"] "not a value" is not a Kubernetes label value'],
    [{ alertLabels: { '0team': 'db' } }, 'Monitoring.prometheusOperator(): alertLabels key "0team" is not a Prometheus label name'],
    [{ alertLabels: { __name__: 'x' } }, 'Monitoring.prometheusOperator(): alertLabels key "__name__" is not a Prometheus label name'],
    [{ alertLabels: { severity: 'page' } }, 'Monitoring.prometheusOperator(): alertLabels key "severity" is set by the library itself'],
    [{ scrapeInterval: '30 seconds' }, 'Monitoring.prometheusOperator(): scrapeInterval "30 seconds" is not a Prometheus duration'],
    [{ scrapeInterval: '0' }, 'Monitoring.prometheusOperator(): scrapeInterval "0" must be longer than 0'],
    [{ alertAfter: '5min' }, 'Monitoring.prometheusOperator(): alertAfter "5min" is not a Prometheus duration'],
    [{ marginSeverity: 'page' }, 'Monitoring.prometheusOperator(): marginSeverity "page" is not one of critical, warning, info'],
    [{ scraperNamespace: 'Monitoring' }, 'Monitoring.prometheusOperator(): scraperNamespace "Monitoring" is not a namespace name'],
    [{ flowControlPausedRatio: 1 }, 'Monitoring.prometheusOperator(): flowControlPausedRatio 1 must be a fraction of time above 0 and below 1'],
    [{ certificateExpiryDays: 0 }, 'Monitoring.prometheusOperator(): certificateExpiryDays 0 must be a whole number of days from 1 to 365'],
  ])('%j', (options, message) => {
    expect(() => Monitoring.prometheusOperator(options as any)).toThrow(message);
  });

  test('good options are kept', () => {
    expect(() => Monitoring.prometheusOperator({ scrapeInterval: '1m30s', alertAfter: '0', marginSeverity: 'warning', alertLabels: { team: 'db' } })).not.toThrow();
  });
});

describe('nextLossMargins', () => {
  // A majority of 5 votes placed 2 + 2 + 1 (Raft: a commit needs 3 of 5).
  const votes: Record<string, number> = { a: 2, b: 2, w: 1 };
  const survives = (lost: readonly string[]) => 5 - lost.reduce((n, s) => n + votes[s], 0) >= 3;

  test('2 + 2 + 1: after losing any site, losing any other halts', () => {
    expect(nextLossMargins(['a', 'b', 'w'], survives)).toEqual([
      { next: 'a', afterLosing: [['b'], ['w']] },
      { next: 'b', afterLosing: [['a'], ['w']] },
      { next: 'w', afterLosing: [['a'], ['b']] },
    ]);
  });

  test('group size: 2 + 2 + 1 has no margin left at 4 members or fewer, and exactly so', () => {
    // Galera's primary component: more than half of the members (https://galeracluster.com/library/documentation/weighted-quorum.html).
    expect(groupSizeThreshold(new Map(Object.entries(votes)), survives)).toEqual({ atMost: 4, exact: true });
  });

  test('group size: 3 + six 1s is not exact: 7 left with the 3-site has no margin, 6 left without it does', () => {
    const placed: Record<string, number> = { a: 3, b: 1, c: 1, d: 1, e: 1, f: 1, g: 1 };
    const majority = (lost: readonly string[]) => 9 - lost.reduce((n, s) => n + placed[s], 0) >= 5;
    expect(groupSizeThreshold(new Map(Object.entries(placed)), majority)).toEqual({ atMost: 7, exact: false });
  });

  test('3 + 3 + 3 (9 votes, 5 to commit): losing b halts once two members are down in a, in c, or one in each; one alone does not', () => {
    const placed = { a: 3, b: 3, c: 3 } as Record<string, number>;
    const survivesWithDown = (lost: readonly string[], down: readonly { site: string; count: number }[]) =>
      9 - lost.reduce((n, s) => n + placed[s], 0) - down.filter((d) => !lost.includes(d.site)).reduce((n, d) => n + d.count, 0) >= 5;
    const margins = nextLossMargins(['a', 'b', 'c'], (lost) => survivesWithDown(lost, []));
    const members = ['a', 'b', 'c'].map((site) => ({ site, component: 'database', count: 3 }));
    expect(fatalDownStates(margins, members, survivesWithDown)[1]).toEqual([
      [{ site: 'a', component: 'database', below: 2 }],
      [{ site: 'c', component: 'database', below: 2 }],
      [{ site: 'a', component: 'database', below: 3 }, { site: 'c', component: 'database', below: 3 }],
    ]);
  });

  test('1 + 1 + 1 + 1 + 1: it takes two other sites down before a third loss halts', () => {
    const five = ['a', 'b', 'c', 'd', 'e'];
    const margins = nextLossMargins(five, (lost) => lost.length <= 2);
    expect(margins[0].afterLosing).toEqual([['b', 'c'], ['b', 'd'], ['c', 'd'], ['b', 'e'], ['c', 'e'], ['d', 'e']]);
  });
});

/** A stretched YugabyteDB, so its masters and tservers are monitored too. */
function yugabyteStretched(outdir: string): MultiSiteApp {
  const app = new MultiSiteApp({ outdir, shape: DeploymentShape.stretchedCluster(), monitoring: Monitoring.prometheusOperator() });
  const a = new ActiveActiveSite(app, 'dc-a');
  const b = new ActiveActiveSite(app, 'dc-b');
  const w = new WitnessSite(app, 'dc-w');
  new DistributedSqlCluster(app, 'yb', { engine: SqlEngine.yugabyteDb({ replicationFactor: 3 }), placement: [{ site: a, voters: 2 }, { site: b, voters: 2 }, { site: w, voters: 1 }] });
  return app;
}

/** The metro Galera design (2 + 2 data nodes, garbd in the witness), monitored: the exporter sidecar and the group-size alert. */
function galeraMonitored(outdir: string): MultiSiteApp {
  return galeraMetroDesign(outdir, Monitoring.prometheusOperator());
}

/**
 * 3 + 3 + 3 members in three sites, stretched: one member down in a site leaves the next site loss
 * survivable (Galera: 9 votes, 5 to stay Primary; CockroachDB at replication factor 5: its 2 + 2 + 1
 * voters of a range lose at most one to a node down), so the margin alerts must stay silent there.
 */
function threeByThree(engine: SqlEngine) {
  return (outdir: string): MultiSiteApp => {
    const app = new MultiSiteApp({ outdir, shape: DeploymentShape.stretchedCluster(), monitoring: Monitoring.prometheusOperator() });
    const sites = ['dc-a', 'dc-b', 'dc-c'].map((s) => new ActiveActiveSite(app, s));
    app.addLink(sites[0], sites[1], Latency.ofDistanceKm(50));
    app.addLink(sites[0], sites[2], Latency.ofDistanceKm(50));
    app.addLink(sites[1], sites[2], Latency.ofDistanceKm(50));
    new DistributedSqlCluster(app, 'db', { engine, placement: sites.map((site) => ({ site, voters: 3 })) });
    return app;
  };
}

/** Designs with monitoring on, whose rule files and promtool suites are checked. */
const MONITORED: Record<string, (outdir: string) => MultiSiteApp> = {
  'example: lab': labDesign,
  'YugabyteDB, stretched': yugabyteStretched,
  'Galera metro': galeraMonitored,
  'Galera 3 + 3 + 3': threeByThree(SqlEngine.galera()),
  'CockroachDB 3 + 3 + 3 at replication factor 5': threeByThree(SqlEngine.cockroachDb({ replicationFactor: 5 })),
};


/**
 * The promtool unit tests of one cluster, from report.json: for no loss and each single-site loss
 * the report predicts the cluster survives, the series the members' exporters publish then (`up`
 * 0 in the lost site; Galera's mysqld_exporter: `mysql_global_status_wsrep_ready` 1 on the
 * nodes left, `mysql_global_status_wsrep_cluster_size` the members left, garbd included, per
 * the Galera status variables), and the alerts: "next loss of X halts" must fire exactly when
 * the report says losing X as well halts (where the lost site has members that publish metrics:
 * garbd publishes none), and every state without a margin must raise some alert (the group-size
 * alert covers a lost garbd); with one member of each component down in a site of several, it
 * must fire exactly when the documented majority rule over report.json's voting groups says losing
 * X as well halts (majority-model.ts). promtool fails on a listed alert that fires unexpectedly.
 */
function unitTests(cluster: any, rules: any[], podMonitors: any[], ruleFileName: string): string {
  const twoSite = new Map<string, boolean>(cluster.twoSiteLosses.map((l: any) => [[...l.lost].sort().join('+'), l.survives]));
  const sites: string[] = Object.keys(cluster.votersPerSite);
  const allRules = rules.flatMap((r) => r.spec.groups.flatMap((g: any) => g.rules));
  const marginAlerts = allRules.filter((r: any) => /NextLossOf.*Halts$/.test(r.alert));
  const sizeAlert = allRules.find((r: any) => /GroupAtLastMargin$/.test(r.alert));
  const scenarios: string[][] = [[], ...cluster.singleSiteLosses.filter((l: any) => l.survives).map((l: any) => l.lost)];
  const halts = (lost: string[], next: string) => twoSite.get([...lost, next].sort().join('+')) === false;
  // Whole sites lost; and in sites of several members (every other site whole), 1 to all but one of each component's
  // members down in one site, and one down in each of two (several sites a little degraded can halt it together).
  const many = sites.filter((s) => podMonitors.some((pm) => podsOf(cluster, componentOf(pm), s) > 1));
  const most = (s: string) => Math.max(...podMonitors.map((pm) => podsOf(cluster, componentOf(pm), s)));
  const cases = [
    ...scenarios.map((lost) => ({ lost, partial: undefined as Map<string, number> | undefined })),
    ...many.flatMap((s) => [...Array(most(s) - 1).keys()].map((k) => ({ lost: [] as string[], partial: new Map([[s, k + 1]]) }))),
    ...many.flatMap((s, i) => many.slice(i + 1).map((t) => ({ lost: [] as string[], partial: new Map([[s, 1], [t, 1]]) }))),
  ];
  // Members down per component as the suite writes them: k of each component down in a site of `partial` (all it has, if fewer).
  const downOf = (partial: Map<string, number>) => [...partial].flatMap(([site, k]) => podMonitors
    .map((pm) => ({ site, component: componentOf(pm), count: Math.min(k, podsOf(cluster, componentOf(pm), site)) })));
  // With those members down, losing `next` halts by the documented majority rule (majority-model.ts).
  const partialHalts = (partial: Map<string, number>, next: string) => majorityHalts(cluster, [next], downOf(partial));
  const tests = cases.map(({ lost, partial }) => {
    const noMargin = lost.length > 0 && sites.some((s) => !lost.includes(s) && halts(lost, s));
    const group = cluster.votingGroups?.[0];
    const membersLeft = group ? group.total - lost.reduce((n: number, s: string) => n + Number(group.perSite[s] ?? 0), 0) : 0;
    const down = (site: string, i: number) => (partial ? i < (partial.get(site) ?? 0) : lost.includes(site));
    const dataDown = partial ? downOf(partial).filter((d) => d.component === 'database').reduce((n, d) => n + d.count, 0) : 0;
    const series = podMonitors.flatMap((pm) => {
      const component = componentOf(pm);
      return sites.flatMap((site) => [...Array(podsOf(cluster, component, site)).keys()].flatMap((i) => {
        const labels = `namespace="${pm.metadata.namespace}",cdk_multisite_cluster="${cluster.name}",component="${component}",site="${site}",pod="${component}-${site}-${i}"`;
        const out = [{ series: `up{${labels}}`, values: down(site, i) ? '0x10' : '1x10' }];
        if (cluster.engine === 'galera' && !down(site, i)) {
          out.push({ series: `mysql_global_status_wsrep_ready{${labels}}`, values: '1x10' });
          out.push({ series: `mysql_global_status_wsrep_cluster_size{${labels}}`, values: `${partial ? group.total - dataDown : membersLeft}x10` });
        }
        return out;
      }));
    });
    // A site is seen when its data members publish metrics, or (arbitrators, which publish none) through the group size the data members publish.
    const seen = (site: string) => podMonitors.length > 0
      && (podsOf(cluster, 'database', site) > 0 || (sizeAlert !== undefined && arbitratorsOf(cluster, site) > 0));
    const firing = marginAlerts.filter((a: any) => (partial
      ? partialHalts(partial, a.labels.site)
      : lost.length > 0 && lost.every(seen) && !lost.includes(a.labels.site) && halts(lost, a.labels.site)));
    if (noMargin) expect(firing.length > 0 || sizeAlert !== undefined).toBe(true);
    const expectAlert = (a: any, fires: boolean) => ({
      eval_time: '5m',
      alertname: a.alert,
      exp_alerts: fires ? [{ exp_labels: { ...a.labels }, exp_annotations: { ...a.annotations, summary: a.annotations.summary.replace('{{ $value }}', String(membersLeft)) } }] : [],
    });
    return {
      name: partial ? `members down: ${[...partial].map(([s, k]) => `${k} in ${s}`).join(', ')}` : lost.length === 0 ? 'every site whole' : `lost ${lost.join(', ')}`,
      interval: '1m',
      input_series: series,
      alert_rule_test: [
        ...marginAlerts.map((a: any) => expectAlert(a, firing.includes(a))),
        // The group size after one member's loss is judged by the threshold itself: only whole-site losses test it.
        ...(sizeAlert && !partial ? [expectAlert(sizeAlert, noMargin)] : []),
      ],
    };
  });
  return stringify({ rule_files: [ruleFileName], evaluation_interval: '1m', tests });
}

/** The component a PodMonitor's series are labelled with. */
const componentOf = (pm: any): string => pm.spec.podMetricsEndpoints[0].relabelings.find((r: any) => r.targetLabel === 'component').replacement;

/** Arbitrators in a site: its members of the (first) voting group that are not data members, from report.json. */
const arbitratorsOf = (cluster: any, site: string): number =>
  Number(cluster.votingGroups?.[0]?.perSite[site] ?? 0) - Number(cluster.votersPerSite[site] ?? 0);

/** Pods of a component in a site: data members from report.json; YugabyteDB masters from its master voting group. */
function podsOf(cluster: any, component: string, site: string): number {
  if (component === 'master') {
    const group = cluster.votingGroups.find((g: any) => g.label.startsWith('masters'));
    return Number(group.perSite[site] ?? 0);
  }
  return cluster.votersPerSite[site] ?? 0;
}

/** Every Secret a container reads through its env (`valueFrom.secretKeyRef`, `envFrom.secretRef`). */
function secretsReferencedBy(container: any): string[] {
  return [
    ...(container.env ?? []).map((e: any) => e.valueFrom?.secretKeyRef?.name),
    ...(container.envFrom ?? []).map((e: any) => e.secretRef?.name),
  ].filter((n): n is string => n !== undefined);
}

describe('the Galera exporter sidecar', () => {
  const outdir = tempOutdir();
  galeraMonitored(outdir).synth();
  const sets = readObjects(outdir).map((o) => o.obj).filter((o) => o.kind === 'StatefulSet');

  test.each(sets.map((s) => [s.metadata.name, s]))('%s: restricted, logged in as mysql@localhost over the shared socket, no Secret', (_n, set) => {
    const pod = set.spec.template.spec;
    const exporter = pod.containers.find((c: any) => c.name === 'mysqld-exporter');
    const mariadb = pod.containers.find((c: any) => c.name === 'mariadb');
    expect(exporter.image).toBe('prom/mysqld-exporter:v0.14.0');
    expect(exporter.securityContext).toMatchObject({ allowPrivilegeEscalation: false, runAsNonRoot: true, capabilities: { drop: ['ALL'] } });
    // unix_socket names the account after the client's OS user: the exporter runs as mariadbd's uid (999, `mysql`).
    expect(exporter.securityContext.runAsUser).toBe(999);
    expect(exporter.securityContext.runAsUser).toBe(mariadb.securityContext.runAsUser);
    // The account the image's entrypoint creates IDENTIFIED VIA unix_socket.
    expect(mariadb.env).toEqual(expect.arrayContaining([{ name: 'MARIADB_MYSQL_LOCALHOST_USER', value: '1' }]));
    expect(exporter.ports).toEqual([expect.objectContaining({ name: 'metrics', containerPort: 9104 })]);
    expect(exporter.env).toEqual([{ name: 'DATA_SOURCE_NAME', value: 'mysql@unix(/run/mysqld/mysqld.sock)/' }]);
    expect(secretsReferencedBy(exporter)).toEqual([]);
    const runVolume = mariadb.volumeMounts.find((m: any) => m.mountPath === '/run/mysqld').name;
    expect(exporter.volumeMounts).toEqual([expect.objectContaining({ mountPath: '/run/mysqld', name: runVolume })]);
  });

  test('mutation: an exporter given the root password again is caught', () => {
    const pod = sets[0].spec.template.spec;
    const root = pod.containers.find((c: any) => c.name === 'mariadb').env.find((e: any) => e.name === 'MARIADB_ROOT_PASSWORD');
    const exporter = pod.containers.find((c: any) => c.name === 'mysqld-exporter');
    const mutated = { ...exporter, env: [{ name: 'MYSQL_ROOT_PASSWORD', valueFrom: root.valueFrom }, ...exporter.env] };
    const rootSecret = root.valueFrom.secretKeyRef.name;
    expect(secretsReferencedBy(mutated)).toEqual([rootSecret]);
    expect(secretsReferencedBy({ ...exporter, envFrom: [{ secretRef: { name: rootSecret } }] })).toEqual([rootSecret]);
  });

  test('no exporter without monitoring', () => {
    const plain = tempOutdir();
    galeraMetroDesign(plain).synth();
    const containers = readObjects(plain).map((o) => o.obj).filter((o) => o.kind === 'StatefulSet').flatMap((s) => s.spec.template.spec.containers.map((c: any) => c.name));
    expect(containers).not.toContain('mysqld-exporter');
  });
});

describe.each(Object.keys(MONITORED))('%s: the written NetworkPolicies admit the scraper to every metrics port', (name) => {
  const outdir = tempOutdir();
  MONITORED[name](outdir).synth();
  const objects = readObjects(outdir).map((o) => o.obj);
  const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
  const scrapes = objects.filter((o) => o.kind === 'PodMonitor').flatMap((pm) => objects
    .filter((o) => ['StatefulSet', 'Deployment'].includes(o.kind) && o.metadata.namespace === pm.metadata.namespace
      && Object.entries(pm.spec.selector.matchLabels).every(([k, v]) => o.spec.template.metadata.labels[k] === v))
    .map((w) => {
      const ports = w.spec.template.spec.containers.flatMap((c: any) => c.ports ?? []);
      const port = ports.find((p: any) => p.name === pm.spec.podMetricsEndpoints[0].port);
      return [`${pm.metadata.name} → ${w.metadata.name}:${port.containerPort}`, w, port.containerPort] as [string, any, number];
    }));
  const allowed = (set: readonly any[], w: any, port: number) => evaluateConnection(new Map([['only', set]]), {
    from: { kubernetesCluster: 'only', namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' }, addresses: ['10.0.0.1/32'] },
    to: { kubernetesCluster: 'only', namespace: w.metadata.namespace, podLabels: w.spec.template.metadata.labels, addresses: ['10.0.0.2/32'] },
    port,
  }).allowed;

  test('every PodMonitor selects written pods that carry its port', () => {
    expect(scrapes.length).toBeGreaterThan(0);
  });
  test.each(scrapes)('%s', (_n, w, port) => {
    expect(allowed(policies, w, port)).toBe(true);
    // Without the scrape policies the namespace's default deny keeps Prometheus out: the policy is what admits it.
    expect(allowed(policies.filter((p) => !p.metadata.name.endsWith('-metrics')), w, port)).toBe(false);
  });
});

withPromtool('Galera flow control alert, by promtool', () => {
  test('fires above the paused fraction on the member paused, not below it', () => {
    const outdir = tempOutdir();
    galeraMonitored(outdir).synth();
    const rule = readObjects(outdir).map((o) => o.obj).find((o) => o.kind === 'PrometheusRule');
    const alert = rule.spec.groups[0].rules.find((r: any) => r.alert === 'OrdersFlowControlPaused');
    expect(alert.expr).toContain('> 0.1');
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-multisite-promtool-'));
    fs.writeFileSync(path.join(work, 'rules.yaml'), ruleFile(rule));
    const labels = (pod: string) => `namespace="orders",cdk_multisite_cluster="orders",component="database",site="dc-a",pod="${pod}"`;
    // wsrep_flow_control_paused_ns is nanoseconds paused in total: 30 s a minute is half the time, 3 s a minute a twentieth.
    fs.writeFileSync(path.join(work, 'tests.yaml'), stringify({
      rule_files: ['rules.yaml'],
      evaluation_interval: '1m',
      tests: [{
        interval: '1m',
        input_series: [
          { series: `mysql_global_status_wsrep_flow_control_paused_ns{${labels('slow')}}`, values: '0+30000000000x15' },
          { series: `mysql_global_status_wsrep_flow_control_paused_ns{${labels('fine')}}`, values: '0+3000000000x15' },
        ],
        alert_rule_test: [{
          eval_time: '10m',
          alertname: 'OrdersFlowControlPaused',
          exp_alerts: [{
            exp_labels: { ...alert.labels, pod: 'slow', site: 'dc-a', component: 'database' },
            exp_annotations: {
              ...alert.annotations,
              summary: alert.annotations.summary.replace('{{ $labels.pod }}', 'slow').replace('{{ $labels.site }}', 'dc-a'),
              description: alert.annotations.description.replace('{{ $labels.pod }}', 'slow'),
            },
          }],
        }],
      }],
    }));
    const r = promtool(['test', 'rules', 'tests.yaml'], work);
    expect(r.out).toContain('SUCCESS');
    fs.rmSync(work, { recursive: true, force: true });
  });
});

describe('APPLY.md and prerequisites.json name the namespace Prometheus must run in', () => {
  const outdir = tempOutdir();
  const app = new MultiSiteApp({ outdir, shape: DeploymentShape.stretchedCluster(), monitoring: Monitoring.prometheusOperator({ scraperNamespace: 'observability' }) });
  const a = new ActiveActiveSite(app, 'dc-a');
  const b = new ActiveActiveSite(app, 'dc-b');
  const w = new WitnessSite(app, 'dc-w');
  new DistributedSqlCluster(app, 'yb', { engine: SqlEngine.yugabyteDb({ replicationFactor: 3 }), placement: [{ site: a, voters: 2 }, { site: b, voters: 2 }, { site: w, voters: 1 }] });
  app.synth();
  const objects = readObjects(outdir).map((o) => o.obj);

  test('the metrics NetworkPolicies admit that namespace, and the prometheus-operator step says so with a check', () => {
    const admitted = objects.filter((o) => o.kind === 'NetworkPolicy' && o.metadata.name.endsWith('-metrics'))
      .flatMap((p) => p.spec.ingress.flatMap((i: any) => i.from.map((f: any) => f.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'])));
    expect(admitted.length).toBeGreaterThan(0);
    expect(new Set(admitted)).toEqual(new Set(['observability']));
    const prerequisites = JSON.parse(fs.readFileSync(path.join(outdir, 'prerequisites.json'), 'utf-8'));
    const install: string[] = prerequisites.clusters[0].prerequisites.find((p: any) => p.id === 'prometheus-operator').install;
    expect(install).toContain('kubectl get prometheus -n observability');
    expect(install.join('\n')).toContain('must run in the namespace observability');
    const applyMd = fs.readFileSync(path.join(outdir, 'APPLY.md'), 'utf-8');
    expect(applyMd).toContain('   kubectl get prometheus -n observability');
    expect(applyMd).toContain('Prometheus must run in the namespace observability');
  });

  test('without monitoring, no prometheus-operator step', () => {
    const plain = tempOutdir();
    galeraMetroDesign(plain).synth();
    expect(fs.readFileSync(path.join(plain, 'APPLY.md'), 'utf-8')).not.toContain('kubectl get prometheus');
  });
});

describe('certificate expiry', () => {
  const alertsOf = (app: MultiSiteApp) => {
    app.synth();
    return readObjects(app.outdir).map((o) => o.obj).filter((o) => o.kind === 'PrometheusRule')
      .flatMap((r) => r.spec.groups.flatMap((g: any) => g.rules.map((x: any) => x.alert)));
  };

  test('alerted where cert-manager issues the certificates (its metric covers them)', () => {
    expect(alertsOf(galeraMonitored(tempOutdir()))).toContain('OrdersCertificateExpiresSoon');
  });

  test('not alerted where the certificates are Secrets the user provides: cert-manager publishes nothing for them', () => {
    expect(alertsOf(yugabyteStretched(tempOutdir())).filter((a) => /CertificateExpiresSoon$/.test(a))).toEqual([]);
  });
});

withPromtool.each(Object.keys(MONITORED))('%s: the written rules, by promtool', (name) => {
  const outdir = tempOutdir();
  MONITORED[name](outdir).synth();
  const objects = readObjects(outdir).map((o) => o.obj);
  const report = JSON.parse(fs.readFileSync(path.join(outdir, 'report.json'), 'utf-8'));
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-multisite-promtool-'));
  const rules = objects.filter((o) => o.kind === 'PrometheusRule');

  test('writes a PrometheusRule and PodMonitors per cluster', () => {
    // One per cluster, and the stretched control plane's own (test/monitoring-etcd.test.ts) where its sites declare members.
    expect(rules.filter((r) => r.metadata.labels['app.kubernetes.io/instance'] !== 'control-plane').length).toBe(report.clusters.length);
    expect(objects.filter((o) => o.kind === 'PodMonitor').length).toBeGreaterThanOrEqual(report.clusters.length);
  });

  (schemasAvailable() ? test.each(objects.map((o) => [`${o.kind} ${o.metadata.name}`, o]))
    : test.skip.each([['schemas not found', {}]]))('%s validates strictly against the upstream schemas', (_n, obj) => {
    expect(formatProblems(validateManifest(obj))).toBe('');
  });

  test.each(rules.map((r) => [r.metadata.name, r]))('promtool check rules: %s', (ruleName, rule) => {
    fs.writeFileSync(path.join(work, `${ruleName}.yaml`), ruleFile(rule));
    const r = promtool(['check', 'rules', `${ruleName}.yaml`], work);
    expect(r.out).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  const clusters: [string, any][] = report.clusters.map((c: any) => [c.name, c]);
  test.each(clusters)('promtool test rules from report.json\'s losses: %s', (clusterName, cluster) => {
    const mine = rules.filter((r) => r.metadata.labels['app.kubernetes.io/instance'] === clusterName);
    const podMonitors = objects.filter((o) => o.kind === 'PodMonitor' && o.metadata.labels['app.kubernetes.io/instance'] === clusterName);
    const file = `${clusterName}-rules.yaml`;
    fs.writeFileSync(path.join(work, file), ruleFile(mine[0]));
    fs.writeFileSync(path.join(work, `${clusterName}-tests.yaml`), unitTests(cluster, mine, podMonitors, file));
    const r = promtool(['test', 'rules', `${clusterName}-tests.yaml`], work);
    expect(r.out).toContain('SUCCESS');
    expect(r.status).toBe(0);

    // Mutation: one member fewer in every threshold ("< 2" → "< 1") — the suite must catch it.
    const mutated = ruleFile(mine[0]).replace(/\) < (\d+)/g, (_m, n) => `) < ${Number(n) - 1}`);
    expect(mutated).not.toEqual(ruleFile(mine[0]));
    fs.writeFileSync(path.join(work, file), mutated);
    const m = promtool(['test', 'rules', `${clusterName}-tests.yaml`], work);
    expect(m.status).not.toBe(0);

    // Mutation: the margin alerts' old threshold, a site degraded at its first member down: where one member down
    // leaves some next loss survivable, the suite must catch it.
    const firstDown = JSON.parse(JSON.stringify(mine[0]));
    firstDown.spec.groups.forEach((g: any) => g.rules.filter((x: any) => /NextLossOf.*Halts$/.test(x.alert)).forEach((x: any) => {
      x.expr = x.expr.replace(/component="([^"]+)",site="([^"]+)"\}\) or vector\(0\)\) < \d+/g,
        (term: string, component: string, site: string) => term.replace(/< \d+$/, `< ${podsOf(cluster, component, site)}`));
    }));
    const siteNames: string[] = Object.keys(cluster.votersPerSite);
    const oneDownSurvivable = siteNames.some((s) => Number(cluster.votersPerSite[s]) > 1 && siteNames.some((x) => x !== s
      && !majorityHalts(cluster, [x], podMonitors.map((pm) => ({ site: s, component: componentOf(pm), count: 1 })))
      && majorityHalts(cluster, [x, s], [])));
    if (['CockroachDB 3 + 3 + 3 at replication factor 5', 'Galera 3 + 3 + 3'].includes(name)) expect(oneDownSurvivable).toBe(true);
    if (oneDownSurvivable) {
      expect(ruleFile(firstDown)).not.toEqual(ruleFile(mine[0]));
      fs.writeFileSync(path.join(work, file), ruleFile(firstDown));
      const f = promtool(['test', 'rules', `${clusterName}-tests.yaml`], work);
      expect(f.status).not.toBe(0);
      expect(f.out).toMatch(/name: members down: 1 in /);
    }

    // Mutation: the arbitrators unseen (the expressions before the group-size term: a site of garbd dropped from the sets) — the case with it lost must fail.
    const arbitratorTerm = /\(max\(mysql_global_status_wsrep_cluster_size\{[^}]*\}\) or vector\(0\)\) - \(sum\(up\{[^}]*\}\) or vector\(0\)\) < \d+/g;
    if (Object.keys(cluster.votersPerSite).some((s) => arbitratorsOf(cluster, s) > 0) && cluster.engine === 'galera') {
      const unseenRule = JSON.parse(JSON.stringify(mine[0]));
      unseenRule.spec.groups.forEach((g: any) => g.rules.forEach((x: any) => { x.expr = x.expr.replace(arbitratorTerm, 'vector(0) > 1'); }));
      const unseen = ruleFile(unseenRule);
      expect(unseen).not.toEqual(ruleFile(mine[0]));
      fs.writeFileSync(path.join(work, file), unseen);
      const u = promtool(['test', 'rules', `${clusterName}-tests.yaml`], work);
      expect(u.status).not.toBe(0);
      expect(u.out).toMatch(/name: lost dc-witness,\s+alertname: OrdersNextLossOfDcAHalts/);
    }
  });

  afterAll(() => { if (!process.env.KEEP) fs.rmSync(work, { recursive: true, force: true }); });
});

test('Go\'s inline case flag in CRD patterns is read as JavaScript can', () => {
  const re = new RegExp(withoutGoCaseFlag('^(?i)(abort|warn)?$'));
  expect(['abort', 'WARN', 'Warn', ''].every((s) => re.test(s))).toBe(true);
  expect(re.test('stop')).toBe(false);
  expect(withoutGoCaseFlag('^[a-z]+$')).toBe('^[a-z]+$');
});

test('promtool is the real one', () => {
  if (!hasPromtool) return;
  expect(execFileSync('promtool', ['--version'], { encoding: 'utf-8' })).toMatch(/promtool, version \d+\.\d+/);
});
