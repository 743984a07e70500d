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
import { Duration, Size } from 'cdk8s';
import { parse, stringify } from 'yaml';
import { dataGuardDrDesign } from '../examples/data-guard-dr/design';
import { drTwoRegionsDesign } from '../examples/dr-two-regions/design';
import { ActiveActiveSite, DataGuardProtectionMode, DeploymentShape, DistributedSqlCluster, Latency, Monitoring, MultiSiteApp, SqlEngine, WitnessSite } from '../lib';
import { readObjects, tempOutdir } from './support/designs';
import { hasPromtool, promtool, ruleFile } from './support/promtool';
import { formatProblems, schemasAvailable, validateManifest } from './support/schema-validator';
import { analyzeDesign } from '../lib/check/analyze-design';
import { blockedFlows } from '../lib/check/rules/network-flow-blocked';
import { writtenNetwork } from '../lib/check/written-network';
import { DG_DATUM_REFRESH_SECONDS, DG_EXPORTER_PORT, DG_METRICS, DG_MONITORING_ACCOUNT } from '../lib/engines/oracle-data-guard/metrics-exporter';
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
    for (const column of ['apply_lag_seconds', 'apply_datum_age_seconds', 'transport_lag_seconds', 'transport_datum_age_seconds', 'role']) {
      expect(toml).toContain(`${column} = "`);
      expect(toml).toContain(`as ${column}`);
    }
    expect(DG_METRICS.applyLag).toBe('oracledb_dataguard_apply_lag_seconds');
    expect(DG_METRICS.transportDatumAge).toBe('oracledb_dataguard_transport_datum_age_seconds');
    // The datum's age: TIME_COMPUTED - DATUM_TIME, both the standby's 'MM/DD/YYYY HH24:MI:SS' strings, in seconds; NULLs left out.
    expect(toml).toContain("round((to_date(time_computed, 'MM/DD/YYYY HH24:MI:SS') - to_date(datum_time, 'MM/DD/YYYY HH24:MI:SS')) * 86400)");
    expect(toml.match(/value is not null and datum_time is not null and time_computed is not null/g)).toHaveLength(2);
    // Only the views SYSDG reads on a mounted standby; the interval string converted in SQL, NULL left out.
    expect(toml.match(/from (v\$\w+)/g)!.sort()).toEqual(['from v$database', 'from v$dataguard_stats', 'from v$dataguard_stats']);
    expect(toml).toContain('extract(day from to_dsinterval(value)) * 86400');
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

/** The alert of `name` (after the cluster's) in `of`. */
const alertNamed = (suffix: string, of: readonly any[] = alerts) => of.find((a) => a.alert === `Ledger${suffix}`);

/**
 * The same configuration in MaxAvailability: synchronous redo, RPO 0 (the standby 50 km away), so
 * every second of a datum's age would count if the refresh were not allowed for.
 */
function maxAvailabilityAlerts(): any[] {
  const dir = tempOutdir();
  const app = new MultiSiteApp({ outdir: dir, shape: DeploymentShape.stretchedCluster(), monitoring: Monitoring.prometheusOperator() });
  const dcA = new ActiveActiveSite(app, 'dc-a', { controlPlaneNodes: 1 });
  const dcB = new ActiveActiveSite(app, 'dc-b', { controlPlaneNodes: 1 });
  const witness = new WitnessSite(app, 'dc-witness', { controlPlaneNodes: 1 });
  app.addLink(dcA, dcB, Latency.ofDistanceKm(50));
  app.addLink(dcA, witness, Latency.ofDistanceKm(50));
  app.addLink(dcB, witness, Latency.ofDistanceKm(50));
  new DistributedSqlCluster(app, 'ledger', {
    engine: SqlEngine.oracleDataGuard({
      primary: dcA,
      rpo: Duration.seconds(0),
      protectionMode: DataGuardProtectionMode.MAX_AVAILABILITY,
      fastStartFailover: true,
      storageSize: Size.gibibytes(200),
      certManagerCaSecret: 'multisite-ca',
    }),
    placement: [{ site: dcA, voters: 1 }, { site: dcB, voters: 1 }, { site: witness, arbitrators: 1 }],
  });
  app.synth();
  const r = readObjects(dir).map((o) => o.obj).find((o) => o.kind === 'PrometheusRule' && o.metadata.name === 'ledger-margin');
  return r.spec.groups.flatMap((g: any) => g.rules);
}
const maxAvailabilityRule = { spec: { groups: [{ name: 'ledger-margin', rules: maxAvailabilityAlerts() }] } };

/** The input series' interval and the evaluation interval (s): fine enough to see when an alert starts. */
const STEP = 10;
/** Samples per series: ten minutes. */
const SAMPLES = 60;
/**
 * A healthy standby's datum age: within the refresh period, at its top (1 s) for runs longer than
 * the alerts' `for`, as independent scrapes can read it, back to 0 every ten samples.
 */
const HEALTHY_AGE = Array.from({ length: SAMPLES + 1 }, (_, i) => (i % 10 === 0 ? 0 : DG_DATUM_REFRESH_SECONDS)).join(' ');
/** A datum that stopped at 0 s (the standby cut off from its primary): its age grows with the wall clock. */
const STOPPED_AGE = `0+${STEP}x${SAMPLES}`;
const podLabels = (site: string) => `namespace="ledger",cdk_multisite_cluster="ledger",component="database",site="${site}",pod="ledger-${site}-metrics-0"`;
/** The lag gauges of the standby (dc-b; only a standby has V$DATAGUARD_STATS rows): each lag frozen at its value, with its datum's age. */
const healthy = { apply: HEALTHY_AGE, transport: HEALTHY_AGE };
const lagSeries = (lag: { apply: number; transport: number }, age: { apply: string; transport: string } = healthy) => [
  { series: `${DG_METRICS.applyLag}{${podLabels('dc-b')}}`, values: `${lag.apply}x${SAMPLES}` },
  { series: `${DG_METRICS.applyDatumAge}{${podLabels('dc-b')}}`, values: age.apply },
  { series: `${DG_METRICS.transportLag}{${podLabels('dc-b')}}`, values: `${lag.transport}x${SAMPLES}` },
  { series: `${DG_METRICS.transportDatumAge}{${podLabels('dc-b')}}`, values: age.transport },
];
/** `oracledb_up` of each database, 0 in the sites of `down`. */
const upSeries = (sites: readonly string[], down: readonly string[]) =>
  sites.map((s) => ({ series: `${DG_METRICS.up}{${podLabels(s)}}`, values: `${down.includes(s) ? 0 : 1}x${SAMPLES}` }));
/** A `for:` such as `1m` in seconds. */
const seconds = (d: string) => Number(d.slice(0, -1)) * { s: 1, m: 60, h: 3600 }[d.slice(-1) as 's' | 'm' | 'h']!;

/** promtool's check of alert `a` at `evalSeconds`: firing (on the standby, with `$value` = `value`) or not. */
const expectAlert = (a: any, fires: boolean, evalSeconds: number, value?: number) => ({
  eval_time: `${evalSeconds}s`,
  alertname: a.alert,
  exp_alerts: fires ? [{
    exp_labels: { ...a.labels, ...(value === undefined ? {} : { component: 'database', site: 'dc-b', pod: 'ledger-dc-b-metrics-0' }) },
    exp_annotations: Object.fromEntries(Object.entries(a.annotations).map(([k, v]) => [k, String(v)
      .replace(/\{\{ \$labels\.pod \}\}/g, 'ledger-dc-b-metrics-0').replace(/\{\{ \$labels\.site \}\}/g, 'dc-b').replace(/\{\{ \$value \}\}/g, String(value))])),
  }] : [],
});

/**
 * When a lag alert fires after the standby's datum stops (at 0 s) with the lag frozen at `value`:
 * Oracle's potential loss, `value` plus the time since the datum, passes the ceiling once the
 * age is above `above − value + refresh`; the first evaluation after that starts the alert, which
 * fires `for` later.
 */
function predictedFiring(value: number, above: number, forSeconds: number): number {
  const firstAbove = (Math.floor((above - value + DG_DATUM_REFRESH_SECONDS) / STEP) + 1) * STEP;
  return firstAbove + forSeconds;
}

/** The checks of a cut-off standby: silent one evaluation before the predicted time, firing at it with the loss as its value. */
function cutOffChecks(a: any, value: number, above: number): object[] {
  const at = predictedFiring(value, above, seconds(a.for));
  return [expectAlert(a, false, at - STEP), expectAlert(a, true, at, value + at - DG_DATUM_REFRESH_SECONDS)];
}

/**
 * The promtool unit tests of the MaxPerformance design: for no loss and each single-site loss
 * report.json says the configuration survives, `oracledb_up` of each exporter (0 in the lost site;
 * the witness runs none), the standby's lags well below the RPO with healthy datums; "next loss
 * of X halts" must fire exactly when report.json says losing X as well halts and the lost site
 * publishes metrics. Then each lag at the RPO (silent) and one second above it (firing), the
 * datum healthy; then the standby cut off: both lags frozen, their datums' age growing, each alert
 * firing at its predicted time and not one evaluation before.
 */
function unitTests(ruleFileName: string): string {
  const sites: string[] = Object.keys(cluster.votersPerSite);
  const withDatabase = sites.filter((s) => cluster.votersPerSite[s] > 0);
  const twoSite = new Map<string, boolean>(cluster.twoSiteLosses.map((l: any) => [[...l.lost].sort().join('+'), l.survives]));
  const margin = alerts.filter((a) => /NextLossOf.*Halts$/.test(a.alert));
  const [transport, apply] = [alertNamed('TransportLagAboveRpo'), alertNamed('ApplyLagAboveRpo')];
  const losses: string[][] = [[], ...cluster.singleSiteLosses.filter((l: any) => l.survives).map((l: any) => l.lost)];
  const frozen = { transport: 2, apply: 12 };
  const tests = [
    ...losses.map((lost) => ({
      name: lost.length === 0 ? 'every site whole' : `lost ${lost.join(', ')}`,
      interval: `${STEP}s`,
      input_series: [...upSeries(withDatabase, lost), ...lagSeries({ apply: 3, transport: 1 })],
      alert_rule_test: [
        ...margin.map((a) => expectAlert(a, lost.length > 0 && lost.every((s) => withDatabase.includes(s))
          && !lost.includes(a.labels.site) && twoSite.get([...lost, a.labels.site].sort().join('+')) === false, 300)),
        ...[transport, apply].map((a) => expectAlert(a, false, 300)),
      ],
    })),
    ...[RPO, RPO + 1].flatMap((lag) => [
      { name: `transport lag ${lag} s`, interval: `${STEP}s`, input_series: [...upSeries(withDatabase, []), ...lagSeries({ apply: 0, transport: lag })], alert_rule_test: [expectAlert(transport, lag > RPO, 300, lag), expectAlert(apply, false, 300)] },
      { name: `apply lag ${lag} s`, interval: `${STEP}s`, input_series: [...upSeries(withDatabase, []), ...lagSeries({ apply: lag, transport: 0 })], alert_rule_test: [expectAlert(transport, false, 300), expectAlert(apply, lag > RPO, 300, lag)] },
    ]),
    {
      name: `standby cut off: transport lag frozen at ${frozen.transport} s, apply lag at ${frozen.apply} s, their datums stopped`,
      interval: `${STEP}s`,
      input_series: [...upSeries(withDatabase, []), ...lagSeries(frozen, { apply: STOPPED_AGE, transport: STOPPED_AGE })],
      alert_rule_test: [...cutOffChecks(transport, frozen.transport, RPO), ...cutOffChecks(apply, frozen.apply, RPO)],
    },
  ];
  return stringify({ rule_files: [ruleFileName], evaluation_interval: `${STEP}s`, tests });
}

/**
 * The promtool unit tests of the MaxAvailability design (RPO 0): a healthy standby, lag 0 and its
 * datum's age at the refresh period for longer than `for`, stays silent through ten minutes; cut
 * off, it fires at the predicted time.
 */
function maxAvailabilityUnitTests(ruleFileName: string): string {
  const maAlerts = maxAvailabilityRule.spec.groups[0].rules;
  const transport = alertNamed('TransportLagAboveRpo', maAlerts);
  const up = upSeries(['dc-a', 'dc-b'], []);
  return stringify({
    rule_files: [ruleFileName],
    evaluation_interval: `${STEP}s`,
    tests: [
      {
        name: 'MaxAvailability, healthy: lag 0, datum age within the refresh period',
        interval: `${STEP}s`,
        input_series: [...up, ...lagSeries({ apply: 0, transport: 0 })],
        alert_rule_test: Array.from({ length: SAMPLES / 6 }, (_, i) => expectAlert(transport, false, (i + 1) * 60)),
      },
      {
        name: 'MaxAvailability, standby cut off: lag frozen at 0 s, datum stopped',
        interval: `${STEP}s`,
        input_series: [...up, ...lagSeries({ apply: 0, transport: 0 }, { apply: STOPPED_AGE, transport: STOPPED_AGE })],
        alert_rule_test: cutOffChecks(transport, 0, 0),
      },
    ],
  });
}

withPromtool('Data Guard alerts, by promtool', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-multisite-promtool-dg-'));
  fs.writeFileSync(path.join(work, 'tests.yaml'), unitTests('rules.yaml'));
  fs.writeFileSync(path.join(work, 'tests-max-availability.yaml'), maxAvailabilityUnitTests('rules-max-availability.yaml'));
  /** Runs both suites on the two designs' rule files. */
  const run = (rules: string, maRules: string) => {
    fs.writeFileSync(path.join(work, 'rules.yaml'), rules);
    fs.writeFileSync(path.join(work, 'rules-max-availability.yaml'), maRules);
    return promtool(['test', 'rules', 'tests.yaml', 'tests-max-availability.yaml'], work);
  };
  const selector = 'namespace="ledger",cdk_multisite_cluster="ledger",component="database"';

  test('each lag, plus its datum\'s age beyond the 1 s refresh, against the RPO; the margin alerts those of the engine\'s verdict', () => {
    expect(DG_DATUM_REFRESH_SECONDS).toBe(1);
    expect(alertNamed('TransportLagAboveRpo').expr).toBe(`${DG_METRICS.transportLag}{${selector}} + clamp_min(${DG_METRICS.transportDatumAge}{${selector}} - 1, 0) > ${RPO}`);
    expect(alertNamed('ApplyLagAboveRpo').expr).toBe(`${DG_METRICS.applyLag}{${selector}} + clamp_min(${DG_METRICS.applyDatumAge}{${selector}} - 1, 0) > ${RPO}`);
    const maAlerts = maxAvailabilityRule.spec.groups[0].rules;
    expect(alertNamed('TransportLagAboveRpo', maAlerts).expr).toBe(`${DG_METRICS.transportLag}{${selector}} + clamp_min(${DG_METRICS.transportDatumAge}{${selector}} - 1, 0) > 0`);
    expect(alertNamed('ApplyLagAboveRpo', maAlerts)).toBeUndefined();
    expect(alertNamed('NextLossOfDcBHalts').expr).toContain(`${DG_METRICS.up}{namespace="ledger",cdk_multisite_cluster="ledger",component="database",site="dc-a"}`);
  });

  test('the predicted firing times: RPO 30 s, transport lag frozen at 2 s, apply at 12 s; RPO 0, lag 0; `for` 1m', () => {
    // Above the ceiling once the age passes 29 s, 19 s and 1 s: the evaluations at 30 s, 20 s and 10 s, plus 60 s.
    expect([predictedFiring(2, RPO, 60), predictedFiring(12, RPO, 60), predictedFiring(0, 0, 60)]).toEqual([90, 80, 70]);
  });

  test('promtool check rules', () => {
    for (const r of [rule, maxAvailabilityRule]) {
      fs.writeFileSync(path.join(work, 'check.yaml'), ruleFile(r));
      expect(promtool(['check', 'rules', 'check.yaml'], work).out).toContain('SUCCESS');
    }
  });

  test('promtool test rules from report.json\'s losses, the RPO and a cut-off standby, in both protection modes', () => {
    const r = run(ruleFile(rule), ruleFile(maxAvailabilityRule));
    expect(r.out).toContain('SUCCESS');
    expect(r.status).toBe(0);
  });

  /** The rule of a design with every alert's expression passed through `mutate`. */
  const mutatedRule = (of: any, mutate: (expr: string) => string) => {
    const copy = JSON.parse(JSON.stringify(of));
    copy.spec.groups.forEach((g: any) => g.rules.forEach((x: any) => { x.expr = mutate(x.expr); }));
    return ruleFile(copy);
  };
  const threshold = (metric: string, above: number) => (e: string) => (e.startsWith(metric) ? e.replace(/> \d+$/, `> ${above}`) : e);
  test.each([
    ['the transport lag threshold one second above the RPO', threshold(DG_METRICS.transportLag, RPO + 1)],
    ['the transport lag threshold one second below the RPO', threshold(DG_METRICS.transportLag, RPO - 1)],
    ['the apply lag threshold one second above the RPO', threshold(DG_METRICS.applyLag, RPO + 1)],
    ['the apply lag threshold one second below the RPO', threshold(DG_METRICS.applyLag, RPO - 1)],
    ['the lags without their datum\'s age (the metric before: a cut-off standby never alerts)', (e: string) => e.replace(/ \+ clamp_min\([^)]*\)/, '')],
    ['the datum\'s age counted in full, without the refresh period (a healthy RPO-0 standby alerts)', (e: string) => e.replace(/ - 1, 0\)/, ' - 0, 0)')],
    ['a refresh period one second longer (a cut-off standby alerts late)', (e: string) => e.replace(/ - 1, 0\)/, ' - 2, 0)')],
    ['a database counted down one member late', (e: string) => e.replace(/\) < 1$/, ') < 0')],
  ])('mutation: %s fails the suite', (_n, mutate) => {
    const [mutated, maMutated] = [mutatedRule(rule, mutate), mutatedRule(maxAvailabilityRule, mutate)];
    expect(mutated).not.toEqual(ruleFile(rule));
    expect(run(mutated, maMutated).status).not.toBe(0);
  });

  afterAll(() => { if (!process.env.KEEP) fs.rmSync(work, { recursive: true, force: true }); });
});
