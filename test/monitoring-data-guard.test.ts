/**
 * Data Guard monitoring: Oracle's exporter beside each database (restricted, the password by
 * Secret reference, the Data Guard metrics file as its default set), scraped by a PodMonitor,
 * and the alerts proven with promtool from report.json's predicted losses and the RPO: the
 * series of each loss (`oracledb_up` 0 in the lost site) and of each lag at and just above the
 * RPO, the alerts that must fire and those that must not; a threshold off by one fails the suite.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse, stringify } from 'yaml';
import { dataGuardDrDesign } from '../examples/data-guard-dr/design';
import { drTwoRegionsDesign } from '../examples/dr-two-regions/design';
import { ActiveActiveSite, Monitoring, MultiSiteApp, SqlEngine } from '../lib';
import { readObjects, tempOutdir } from './support/designs';
import { hasPromtool, promtool, ruleFile } from './support/promtool';
import { formatProblems, schemasAvailable, validateManifest } from './support/schema-validator';
import { analyzeDesign } from '../lib/check/analyze-design';
import { blockedFlows } from '../lib/check/rules/network-flow-blocked';
import { writtenNetwork } from '../lib/check/written-network';
import { DG_EXPORTER_PORT, DG_METRICS, DG_MONITORING_ACCOUNT } from '../lib/engines/oracle-data-guard/metrics-exporter';
import { evaluateConnection } from '../lib/network-policy/evaluate';
import { buildDesign } from '../lib/synth/build-design';

const withPromtool = hasPromtool ? describe : describe.skip;

const outdir = tempOutdir();
dataGuardDrDesign(outdir, Monitoring.prometheusOperator()).synth();
const objects = readObjects(outdir).map((o) => o.obj);
const report = JSON.parse(fs.readFileSync(path.join(outdir, 'report.json'), 'utf-8'));
const cluster = report.clusters[0];
const exporters = objects.filter((o) => o.kind === 'Deployment' && o.metadata.labels['app.kubernetes.io/name'] === 'oracledb-exporter');
const rule = objects.find((o) => o.kind === 'PrometheusRule' && o.metadata.name === 'ledger-margin');
const alerts: any[] = rule.spec.groups.flatMap((g: any) => g.rules);
/** The RPO the design states (examples/data-guard-dr: 30 s). */
const RPO = 30;

describe('the Data Guard exporter', () => {
  test('one per database Kubernetes runs, none in the witness', () => {
    expect(exporters.map((d) => d.metadata.labels['cdk-multisite/site']).sort()).toEqual(['dc-a', 'dc-b']);
  });

  test.each(exporters.map((d) => [d.metadata.name, d]))('%s: restricted as the image\'s USER 1000, the password by Secret reference only', (_n, d) => {
    const pod = d.spec.template.spec;
    const c = pod.containers[0];
    // oracle/oracle-db-appdev-monitoring 2.4.2 Dockerfile: `USER 1000` in both final stages.
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 1000 });
    expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
    expect(c.image).toBe('container-registry.oracle.com/database/observability-exporter:2.4.2');
    expect(c.ports).toEqual([{ name: 'metrics', containerPort: DG_EXPORTER_PORT }]);
    const env = Object.fromEntries(c.env.map((e: any) => [e.name, e]));
    expect(env.DB_PASSWORD.valueFrom.secretKeyRef).toEqual({ name: 'ledger-monitoring', key: 'password' });
    expect(env.DB_USERNAME.value).toBe(DG_MONITORING_ACCOUNT);
    expect(env.DB_CONNECT_STRING.value).toMatch(/^ledger-dc-[ab]\.ledger\.svc:1521\/LEDGER[12]$/);
    expect(pod.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions[0].values)
      .toEqual([d.metadata.labels['cdk-multisite/site']]);
  });

  test('its configuration logs in AS SYSDG and reads only the Data Guard metrics file, mounted where it says', () => {
    const d = exporters[0];
    const config = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === d.metadata.name);
    const yaml = parse(config.data['exporter-config.yaml']);
    expect(yaml.databases.default).toMatchObject({ username: '${DB_USERNAME}', password: '${DB_PASSWORD}', url: '${DB_CONNECT_STRING}', role: 'SYSDG' });
    const mount = d.spec.template.spec.containers[0].volumeMounts.find((m: any) => m.readOnly).mountPath;
    expect(yaml.metrics.default).toBe(`${mount}/dataguard-metrics.toml`);
    expect(d.spec.template.spec.containers[0].args).toEqual([`--config.file=${mount}/exporter-config.yaml`]);
    const toml: string = config.data['dataguard-metrics.toml'];
    // oracledb_<context>_<column>: the names the alerts read.
    expect(toml).toContain('context = "dataguard"');
    for (const column of ['apply_lag_seconds', 'transport_lag_seconds', 'role']) expect(toml).toContain(`${column} = "`);
    expect(DG_METRICS.applyLag).toBe('oracledb_dataguard_apply_lag_seconds');
    // Only the views SYSDG reads on a mounted standby; the interval string converted in SQL, NULL left out.
    expect(toml.match(/from (v\$\w+)/g)!.sort()).toEqual(['from v$database', 'from v$dataguard_stats', 'from v$dataguard_stats']);
    expect(toml).toContain('extract(day from to_dsinterval(value)) * 86400');
    expect(toml).toContain('value is not null');
  });

  test('APPLY.md creates the account once with SYSDG only, its password read from the Secret, never typed', () => {
    const apply = fs.readFileSync(path.join(outdir, 'APPLY.md'), 'utf-8');
    const step = apply.split('\n').find((l) => l.includes(`CREATE USER ${DG_MONITORING_ACCOUNT}`))!;
    expect(step).toContain('kubectl -n ledger get secret ledger-monitoring -o jsonpath=\'{.data.password}\' | base64 -d');
    expect(step).toContain(`echo 'GRANT SYSDG TO ${DG_MONITORING_ACCOUNT};'`);
    expect(step).not.toMatch(/GRANT (DBA|SYSDBA|SELECT ANY)/);
    expect(apply).toContain('kubectl -n ledger create secret generic ledger-monitoring --from-literal=password=<password>');
  });

  test('no exporter without monitoring', () => {
    const plain = tempOutdir();
    dataGuardDrDesign(plain).synth();
    expect(readObjects(plain).map((o) => o.obj).filter((o) => o.metadata?.name?.endsWith('-metrics'))).toEqual([]);
  });

  test('Prometheus in the scraper namespace reaches the exporter only through the scrape policy', () => {
    const policies = objects.filter((o) => o.kind === 'NetworkPolicy');
    const allowed = (set: readonly any[], w: any) => evaluateConnection(new Map([['only', set]]), {
      from: { kubernetesCluster: 'only', namespace: 'monitoring', podLabels: { 'app.kubernetes.io/name': 'prometheus' }, addresses: ['10.0.0.1/32'] },
      to: { kubernetesCluster: 'only', namespace: 'ledger', podLabels: w.spec.template.metadata.labels, addresses: ['10.0.0.2/32'] },
      port: DG_EXPORTER_PORT,
    }).allowed;
    for (const w of exporters) {
      expect(allowed(policies, w)).toBe(true);
      expect(allowed(policies.filter((p) => p.metadata.name !== 'ledger-database-metrics'), w)).toBe(false);
    }
  });

  test('MS-NETWORK-FLOW-BLOCKED checks the exporter\'s login to its database: admitted as written, blocked without the listener policy\'s same-namespace rule', () => {
    const app = dataGuardDrDesign(tempOutdir(), Monitoring.prometheusOperator());
    const design = analyzeDesign(buildDesign(app, app.shape, (app as any).links));
    const analysis = design.analyses[0];
    const written = writtenNetwork(design, analysis);
    const exporterFlows = (w: typeof written) => blockedFlows(design, analysis, w).filter((v) => v.message.startsWith('metrics exporter login'));
    expect(exporterFlows(written)).toEqual([]);
    // The defect put back: the listener policy admits the namespace's own pods no more.
    const sameNamespace = (r: any) => (r.from ?? []).some((f: any) => f.podSelector && !f.namespaceSelector && !f.ipBlock);
    const policies = new Map([...written.policies].map(([k, list]) => [k, list.map((p: any) => (p.metadata.name !== 'ledger' ? p
      : { ...p, spec: { ...p.spec, ingress: p.spec.ingress.filter((r: any) => !sameNamespace(r)) } }))]));
    const blocked = exporterFlows({ ...written, policies }).map((v) => v.message);
    expect(blocked).toHaveLength(2);
    for (const m of blocked) expect(m).toMatch(/^metrics exporter login \(SQL over TCP\) TCP 1521 from metrics exporter in (dc-a|dc-b) to database in \1 .* is blocked/);
  });

  (schemasAvailable() ? test.each(objects.map((o) => [`${o.kind} ${o.metadata.name}`, o]))
    : test.skip.each([['schemas not found', {}]]))('%s validates strictly against the upstream schemas', (_n, obj) => {
    expect(formatProblems(validateManifest(obj))).toBe('');
  });
});

describe('monitoringPasswordSecret', () => {
  test('a name that is not a Secret name is refused with the prop named', () => {
    const app = new MultiSiteApp({ outdir: tempOutdir() });
    const a = new ActiveActiveSite(app, 'dc-a');
    expect(() => SqlEngine.oracleDataGuard({ primary: a, monitoringPasswordSecret: 'Not_A_Secret' }))
      .toThrow('SqlEngine.oracleDataGuard: monitoringPasswordSecret "Not_A_Secret" is not a Secret name');
  });
});

describe('one cluster per site (dr-two-regions)', () => {
  const dir = tempOutdir();
  drTwoRegionsDesign(dir, { monitoring: Monitoring.prometheusOperator() }).synth();
  const written = readObjects(dir);
  test('each site that runs a database gets its exporter, PodMonitor and rule, schema-valid', () => {
    const sites = written.filter((o) => o.obj.kind === 'Deployment' && o.obj.metadata.name.endsWith('-metrics')).map((o) => o.obj.metadata.labels['cdk-multisite/site']);
    expect(sites.length).toBeGreaterThan(0);
    for (const o of written.filter((x) => ['Deployment', 'ConfigMap', 'Service', 'PodMonitor', 'PrometheusRule'].includes(x.obj.kind))) {
      if (schemasAvailable()) expect(formatProblems(validateManifest(o.obj))).toBe('');
    }
    expect(written.filter((o) => o.obj.kind === 'PodMonitor' && o.obj.metadata.name.endsWith('-database')).length).toBe(sites.length);
  });
});

/** The alert of `name` (after the cluster's). */
const alertNamed = (suffix: string) => alerts.find((a) => a.alert === `Ledger${suffix}`);

/**
 * The promtool unit tests: for no loss and each single-site loss report.json says the
 * configuration survives, `oracledb_up` of each exporter (0 in the lost site; the witness runs
 * none), the standby's lags well below the RPO; "next loss of X halts" must fire exactly when
 * report.json says losing X as well halts and the lost site publishes metrics. Then the standby's
 * transport and apply lag at the RPO (silent) and one second above it (firing).
 */
function unitTests(ruleFileName: string): string {
  const sites: string[] = Object.keys(cluster.votersPerSite);
  const withDatabase = sites.filter((s) => cluster.votersPerSite[s] > 0);
  const twoSite = new Map<string, boolean>(cluster.twoSiteLosses.map((l: any) => [[...l.lost].sort().join('+'), l.survives]));
  const margin = alerts.filter((a) => /NextLossOf.*Halts$/.test(a.alert));
  const labels = (site: string) => `namespace="ledger",cdk_multisite_cluster="ledger",component="database",site="${site}",pod="ledger-${site}-metrics-0"`;
  const series = (down: readonly string[], lag: { apply: number; transport: number }) => [
    ...withDatabase.map((s) => ({ series: `${DG_METRICS.up}{${labels(s)}}`, values: down.includes(s) ? '0x10' : '1x10' })),
    // Only the standby (dc-b) has V$DATAGUARD_STATS rows.
    { series: `${DG_METRICS.applyLag}{${labels('dc-b')}}`, values: `${lag.apply}x10` },
    { series: `${DG_METRICS.transportLag}{${labels('dc-b')}}`, values: `${lag.transport}x10` },
  ];
  const expectAlert = (a: any, fires: boolean, value?: number) => ({
    eval_time: '5m',
    alertname: a.alert,
    exp_alerts: fires ? [{
      exp_labels: { ...a.labels, ...(value === undefined ? {} : { component: 'database', site: 'dc-b', pod: 'ledger-dc-b-metrics-0' }) },
      exp_annotations: Object.fromEntries(Object.entries(a.annotations).map(([k, v]) => [k, String(v)
        .replace(/\{\{ \$labels\.pod \}\}/g, 'ledger-dc-b-metrics-0').replace(/\{\{ \$labels\.site \}\}/g, 'dc-b').replace(/\{\{ \$value \}\}/g, String(value))])),
    }] : [],
  });
  const lagAlerts = [alertNamed('TransportLagAboveRpo'), alertNamed('ApplyLagAboveRpo')];
  const losses: string[][] = [[], ...cluster.singleSiteLosses.filter((l: any) => l.survives).map((l: any) => l.lost)];
  const tests = [
    ...losses.map((lost) => ({
      name: lost.length === 0 ? 'every site whole' : `lost ${lost.join(', ')}`,
      interval: '1m',
      input_series: series(lost, { apply: 3, transport: 1 }),
      alert_rule_test: [
        ...margin.map((a) => expectAlert(a, lost.length > 0 && lost.every((s) => withDatabase.includes(s))
          && !lost.includes(a.labels.site) && twoSite.get([...lost, a.labels.site].sort().join('+')) === false)),
        ...lagAlerts.map((a) => expectAlert(a, false)),
      ],
    })),
    ...[RPO, RPO + 1].flatMap((lag) => [
      { name: `transport lag ${lag} s`, interval: '1m', input_series: series([], { apply: 0, transport: lag }), alert_rule_test: lagAlerts.map((a, i) => expectAlert(a, i === 0 && lag > RPO, lag)) },
      { name: `apply lag ${lag} s`, interval: '1m', input_series: series([], { apply: lag, transport: 0 }), alert_rule_test: lagAlerts.map((a, i) => expectAlert(a, i === 1 && lag > RPO, lag)) },
    ]),
  ];
  return stringify({ rule_files: [ruleFileName], evaluation_interval: '1m', tests });
}

withPromtool('Data Guard alerts, by promtool', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-multisite-promtool-dg-'));
  const run = (rules: string) => {
    fs.writeFileSync(path.join(work, 'rules.yaml'), rules);
    return promtool(['test', 'rules', 'tests.yaml'], work);
  };
  fs.writeFileSync(path.join(work, 'tests.yaml'), unitTests('rules.yaml'));

  test('the lag thresholds are the RPO, the margin alerts those of the engine\'s verdict', () => {
    expect(alertNamed('TransportLagAboveRpo').expr).toBe(`${DG_METRICS.transportLag}{namespace="ledger",cdk_multisite_cluster="ledger",component="database"} > ${RPO}`);
    expect(alertNamed('ApplyLagAboveRpo').expr).toBe(`${DG_METRICS.applyLag}{namespace="ledger",cdk_multisite_cluster="ledger",component="database"} > ${RPO}`);
    expect(alertNamed('NextLossOfDcBHalts').expr).toContain(`${DG_METRICS.up}{namespace="ledger",cdk_multisite_cluster="ledger",component="database",site="dc-a"}`);
  });

  test('promtool check rules', () => {
    fs.writeFileSync(path.join(work, 'check.yaml'), ruleFile(rule));
    const r = promtool(['check', 'rules', 'check.yaml'], work);
    expect(r.out).toContain('SUCCESS');
  });

  test('promtool test rules from report.json\'s losses and the RPO', () => {
    const r = run(ruleFile(rule));
    expect(r.out).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  /** The rule with every alert's expression passed through `mutate`. */
  const mutatedRule = (mutate: (expr: string) => string) => {
    const copy = JSON.parse(JSON.stringify(rule));
    copy.spec.groups.forEach((g: any) => g.rules.forEach((x: any) => { x.expr = mutate(x.expr); }));
    return ruleFile(copy);
  };
  test.each([
    ['the transport lag threshold one second above the RPO', (e: string) => e.replace(`transport_lag_seconds{namespace="ledger",cdk_multisite_cluster="ledger",component="database"} > ${RPO}`, `transport_lag_seconds{namespace="ledger",cdk_multisite_cluster="ledger",component="database"} > ${RPO + 1}`)],
    ['the transport lag threshold one second below the RPO', (e: string) => e.replace(/(transport_lag_seconds\{[^}]*\}) > \d+/, `$1 > ${RPO - 1}`)],
    ['the apply lag threshold one second above the RPO', (e: string) => e.replace(/(apply_lag_seconds\{[^}]*\}) > \d+/, `$1 > ${RPO + 1}`)],
    ['the apply lag threshold one second below the RPO', (e: string) => e.replace(/(apply_lag_seconds\{[^}]*\}) > \d+/, `$1 > ${RPO - 1}`)],
    ['a database counted down one member late', (e: string) => e.replace(/\) < 1$/, ') < 0')],
  ])('mutation: %s fails the suite', (_n, mutate) => {
    const mutated = mutatedRule(mutate);
    expect(mutated).not.toEqual(ruleFile(rule));
    expect(run(mutated).status).not.toBe(0);
  });

  afterAll(() => { if (!process.env.KEEP) fs.rmSync(work, { recursive: true, force: true }); });
});
