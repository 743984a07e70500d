/**
 * The alerts lab: the metro Galera design with monitoring on, started for real (Debian's
 * mariadbd + galera-4 and garbd, one network namespace per site, as the Galera failure lab does),
 * with Debian's `prometheus-mysqld-exporter` beside each data node as the written sidecar runs it,
 * and Debian's `prometheus` in the witness site scraping them with the rules of the written
 * PrometheusRule. Cutting off dc-b must fire "one more loss of dc-a halts" and the group-size
 * alert (report.json: losing dc-b and then dc-a halts the cluster); healing must clear them.
 *
 * Lab rewrites (everything else as written): each exporter listens on its node's own address
 * (the two nodes of a site share one namespace here, not one Pod each) and reads its node's
 * socket path; it runs as the host's `mysql`, the user the lab runs mariadbd as (the written
 * pod runs both as uid 999, `mysql` in the image), so unix_socket logs it in as mysql@localhost; Prometheus scrapes every 2 s (the PodMonitor says 30 s) with the PodMonitor's
 * labels set on static targets (what its relabelings produce); the written NetworkPolicies are
 * not loaded (the lab's Prometheus is no pod of a namespace; test/monitoring.test.ts shows with
 * the NetworkPolicy evaluator that they admit the scraper's namespace to every metrics port).
 *
 * The exporters log in as mysql@localhost by unix_socket, with no password (the written DSN); the
 * mutation runs the same exporter as another OS user and sees it refused (mysql_up 0).
 *
 * Not part of `npx projen test`. Run as root after `bash scripts/failure-lab-setup.sh`.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { stringify } from 'yaml';
import { GaleraOutput, readGaleraOutput, readObjects } from './design-output';
import { GaleraLab, labUnavailableReason, sleep, tail, waitFor } from './galera-lab';
import { cleanLeftovers, describeLab, LabRun, labHostProblems, labUnavailableBecause } from './lab-gate';
import { createLabNetwork, PREFIX, setSiteLinkDown, SiteHost } from './netns';
import { galeraMetroDesign } from '../../examples/galera-metro/design';
import { Monitoring, MultiSiteApp } from '../../lib';

jest.setTimeout(10 * 60_000);

const TMP_PREFIX = `${PREFIX}alerts-`;
const EXPORTER = '/usr/bin/prometheus-mysqld-exporter';
const PROMETHEUS = '/usr/bin/prometheus';
/** How often the lab's Prometheus scrapes and evaluates (the written PodMonitor says 30 s). */
const LAB_INTERVAL = '2s';
/** Where the mutation's exporter (run as another OS user) listens, beside the written one's 9104. */
const MUTANT_PORT = 9105;

/** The metro Galera design of examples/galera-metro, with monitoring on; its alerts fire 5 s after their condition holds. */
function monitoredMetro(outdir: string): MultiSiteApp {
  return galeraMetroDesign(outdir, Monitoring.prometheusOperator({ alertAfter: '5s' }));
}

/** Why the lab cannot run here: the Galera lab's reasons, or the monitoring packages missing. */
function unavailable(): string | undefined {
  return labUnavailableReason() ?? labUnavailableBecause(labHostProblems([path.basename(EXPORTER), path.basename(PROMETHEUS), 'promtool'], 'prometheus prometheus-mysqld-exporter'));
}

describeLab('Galera alerts lab: the written rules on real exporters and Prometheus', 'Galera alerts lab', unavailable, () => {
  const run = new LabRun();
  let root: string;
  let output: GaleraOutput;
  let hosts: SiteHost[];
  let lab: GaleraLab;
  let objects: any[];
  let report: any;
  const procs: ChildProcess[] = [];
  let prometheusUrl: string;
  let witnessHost: SiteHost;
  const lines: string[] = [];

  const firing = (): string[] => {
    const r = spawnSync('ip', ['netns', 'exec', witnessHost.ns, 'promtool', 'query', 'instant', prometheusUrl, 'ALERTS{alertstate="firing"}'], { encoding: 'utf-8', timeout: 10_000 });
    if (r.status !== 0) throw new Error(`promtool query failed: ${r.stderr}`);
    return [...r.stdout.matchAll(/alertname="([^"]+)"/g)].map((m) => m[1]).sort();
  };
  /** The alerts of the cluster's margin (not certificates, which the lab has no cert-manager for, nor flow control). */
  const marginAlerts = () => firing().filter((a) => /NextLossOf.*Halts$|GroupAtLastMargin$|NotServing$/.test(a));
  /** The samples of `expr` now, as `{labels} => value` lines. */
  const query = (expr: string): string[] => {
    const r = spawnSync('ip', ['netns', 'exec', witnessHost.ns, 'promtool', 'query', 'instant', prometheusUrl, expr], { encoding: 'utf-8', timeout: 10_000 });
    if (r.status !== 0) throw new Error(`promtool query ${expr} failed: ${r.stderr}`);
    return r.stdout.split('\n').filter((l) => l.includes('=>'));
  };
  const upTargets = (): number => {
    const r = spawnSync('ip', ['netns', 'exec', witnessHost.ns, 'promtool', 'query', 'instant', prometheusUrl, 'sum(up)'], { encoding: 'utf-8', timeout: 10_000 });
    return Number(/=> (\d+)/.exec(r.stdout)?.[1] ?? NaN);
  };

  beforeAll(async () => {
    await run.begin(90_000);
    cleanLeftovers(TMP_PREFIX);
    root = fs.mkdtempSync(path.join(os.tmpdir(), TMP_PREFIX));
    fs.chmodSync(root, 0o755);
    const outdir = path.join(root, 'dist');
    monitoredMetro(outdir).synth();
    output = readGaleraOutput(outdir);
    objects = readObjects(outdir);
    report = JSON.parse(fs.readFileSync(path.join(outdir, 'report.json'), 'utf-8'));
    const sites = output.report.sites;
    // One address per listening process; one more in the witness for Prometheus.
    hosts = createLabNetwork(sites.map((s) => ({
      site: s.name,
      addressCount: (output.dataSites.find((d) => d.site === s.name)?.podNames.length ?? 0)
        + output.arbitrators.filter((a) => a.site === s.name).length + (s.role === 'witness' ? 1 : 0),
    })));
    witnessHost = hosts.find((h) => sites.find((s) => s.name === h.site)!.role === 'witness')!;
    lab = new GaleraLab(path.join(root, 'metro'), output, hosts, true);
    lab.prepare();
    await lab.start();

    // The exporters, as the written sidecar runs them: its DSN (mysql@localhost over the socket, no
    // password: unix_socket admits the OS user `mysql`), as mariadbd's own user.
    const sts = objects.filter((o) => o.kind === 'StatefulSet');
    for (const m of lab.dataMembers) {
      const containers = sts.find((s) => s.metadata.labels['cdk-multisite/site'] === m.site).spec.template.spec.containers;
      const sidecar = containers.find((c: any) => c.name === 'mysqld-exporter');
      const server = containers.find((c: any) => c.name === 'mariadb');
      if (sidecar.securityContext.runAsUser !== server.securityContext.runAsUser) {
        throw new Error(`the written exporter runs as uid ${sidecar.securityContext.runAsUser}, mariadbd as ${server.securityContext.runAsUser}: unix_socket would not log it in as mysql`);
      }
      if (sidecar.env.some((e: any) => e.valueFrom)) throw new Error(`the written exporter reads a Secret: ${JSON.stringify(sidecar.env)}`);
      const dsn = sidecar.env.find((e: any) => e.name === 'DATA_SOURCE_NAME').value.replace('/run/mysqld/mysqld.sock', m.socket);
      const args = sidecar.args.map((a: string) => a.replace(/^--web.listen-address=:/, `--web.listen-address=${m.address}:`));
      const out = fs.openSync(path.join(m.dir, 'exporter.log'), 'a');
      // The lab's mariadbd runs as the host's `mysql` (see GaleraLab), the written pod's as uid 999, `mysql` in the image.
      procs.push(spawn('ip', ['netns', 'exec', m.host.ns, 'setpriv', '--reuid=mysql', '--regid=mysql', '--clear-groups', 'env', '-i', `DATA_SOURCE_NAME=${dsn}`, EXPORTER, ...args],
        { stdio: ['ignore', out, out] }));
      fs.closeSync(out);
    }

    // Prometheus in the witness site, with the PodMonitor's labels and the PrometheusRule's groups.
    // The cluster's own PodMonitor (cert-manager's is written beside it).
    const podMonitor = objects.find((o) => o.kind === 'PodMonitor' && o.metadata.labels['app.kubernetes.io/instance'] === 'orders');
    const endpoint = podMonitor.spec.podMetricsEndpoints[0];
    const relabeled = Object.fromEntries(endpoint.relabelings.filter((r: any) => r.replacement).map((r: any) => [r.targetLabel, r.replacement]));
    const port = Number(objects.find((o) => o.kind === 'StatefulSet').spec.template.spec.containers.find((c: any) => c.name === 'mysqld-exporter').ports[0].containerPort);
    // The cluster's own PrometheusRule: the stretched control plane's (etcd members per site) is written beside it,
    // and the lab runs no etcd.
    const rule = objects.find((o) => o.kind === 'PrometheusRule' && o.metadata.labels['app.kubernetes.io/instance'] === 'orders');
    const dir = path.join(root, 'prometheus');
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, 'rules.yaml'), stringify({ groups: rule.spec.groups }));
    fs.writeFileSync(path.join(dir, 'prometheus.yml'), stringify({
      global: { scrape_interval: LAB_INTERVAL, scrape_timeout: '1s', evaluation_interval: LAB_INTERVAL },
      rule_files: ['rules.yaml'],
      scrape_configs: [{
        job_name: `${podMonitor.metadata.namespace}/${podMonitor.metadata.name}`,
        metrics_path: endpoint.path,
        static_configs: lab.dataMembers.map((m) => ({
          targets: [`${m.address}:${port}`],
          labels: { namespace: podMonitor.metadata.namespace, pod: m.name, site: m.site, ...relabeled },
        })),
      }],
    }));
    const address = witnessHost.addresses[witnessHost.addresses.length - 1];
    prometheusUrl = `http://${address}:9090`;
    const out = fs.openSync(path.join(dir, 'prometheus.log'), 'a');
    procs.push(spawn('ip', ['netns', 'exec', witnessHost.ns, PROMETHEUS, `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${path.join(dir, 'data')}`, `--web.listen-address=${address}:9090`], { stdio: ['ignore', out, out], cwd: dir }));
    fs.closeSync(out);
    await waitFor('Prometheus to scrape every exporter', 60_000, async () => (upTargets() === lab.dataMembers.length ? true : undefined),
      () => fs.readFileSync(path.join(dir, 'prometheus.log'), 'utf-8').slice(-2000));
    run.started();
  }, 8 * 60_000);

  afterAll(() => run.finish({
    name: 'Galera alerts lab',
    stop: async () => {
      for (const p of procs) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
      await lab?.killAll();
    },
    root,
    reportFile: 'galera-alerts-lab.md',
    report: (removed) => ['', 'Galera alerts lab', ...lines, `cleanup: ${removed.length} namespace(s)/link(s) removed`, ''],
  }), 2 * 60_000);

  test('the exporters log in as mysql@localhost by unix_socket: mysql_up 1 and the wsrep series on every node', run.guarded(async () => {
    const value = (l: string) => Number(l.split('=>')[1].trim().split(' ')[0]);
    const perPod = (expr: string) => query(expr).map((l) => `${/pod="([^"]+)"/.exec(l)?.[1]}=${value(l)}`).sort();
    const up = perPod('mysql_up');
    const ready = perPod('mysql_global_status_wsrep_ready');
    const size = perPod('mysql_global_status_wsrep_cluster_size');
    const errors = query('sum by (collector) (mysql_exporter_scrape_errors_total)').map((l) => `${/collector="([^"]+)"/.exec(l)?.[1]}=${value(l)}`);
    lines.push(`mysql_up: ${up.join(', ')}`, `wsrep_ready: ${ready.join(', ')}`, `wsrep_cluster_size: ${size.join(', ')}`,
      `scrape errors by collector: ${errors.join(', ') || 'none'}`);
    const pods = lab.dataMembers.map((m) => m.name).sort();
    expect(up).toEqual(pods.map((p) => `${p}=1`));
    expect(ready).toEqual(pods.map((p) => `${p}=1`));
    const members = output.dataSites.flatMap((d) => d.podNames).length + output.arbitrators.length;
    expect(size).toEqual(pods.map((p) => `${p}=${members}`));
    expect(errors.filter((e) => !e.endsWith('=0'))).toEqual([]);
  }));

  test('mutation: the same exporter as another OS user is not logged in (mysql_up 0)', run.guarded(async () => {
    const m = lab.dataMembers[0];
    const sidecar = objects.find((o) => o.kind === 'StatefulSet').spec.template.spec.containers.find((c: any) => c.name === 'mysqld-exporter');
    const dsn = sidecar.env.find((e: any) => e.name === 'DATA_SOURCE_NAME').value.replace('/run/mysqld/mysqld.sock', m.socket);
    const address = `${m.address}:${MUTANT_PORT}`;
    const log = path.join(m.dir, 'exporter-as-nobody.log');
    const out = fs.openSync(log, 'a');
    const mutant = spawn('ip', ['netns', 'exec', m.host.ns, 'setpriv', '--reuid=nobody', '--regid=nogroup', '--clear-groups', 'env', '-i', `DATA_SOURCE_NAME=${dsn}`,
      EXPORTER, `--web.listen-address=${address}`, ...sidecar.args.filter((a: string) => !a.startsWith('--web.listen-address'))], { stdio: ['ignore', out, out] });
    procs.push(mutant);
    fs.closeSync(out);
    const scrape = () => spawnSync('ip', ['netns', 'exec', m.host.ns, 'curl', '-sf', `http://${address}/metrics`], { encoding: 'utf-8', timeout: 10_000 }).stdout ?? '';
    const { value: up } = await waitFor('the mutant exporter to answer', 30_000, async () => /^mysql_up (\d)/m.exec(scrape())?.[1], () => tail(log, 10));
    mutant.kill('SIGKILL');
    const why = /msg="Error pinging mysqld".*err="?([^"\n]*)/.exec(fs.readFileSync(log, 'utf-8'))?.[1] ?? 'no ping error logged';
    lines.push(`mutation, exporter as nobody: mysql_up ${up} (${why})`);
    expect(up).toBe('0');
  }));

  test('with every site whole, no margin alert fires', run.guarded(async () => {
    // Two evaluations past the alerts' `for`.
    await sleep(12_000);
    const now = marginAlerts();
    lines.push(`every site whole: firing ${now.join(', ') || 'nothing'}`);
    expect(now).toEqual([]);
  }));

  test('dc-b cut off: "next loss of dc-a halts" and the group-size alert fire, as report.json predicts; healed: they clear', run.guarded(async () => {
    const cluster = report.clusters[0];
    const [siteA, siteB] = output.dataSites.map((d) => d.site);
    const predicted = cluster.twoSiteLosses.find((l: any) => [...l.lost].sort().join('+') === [siteA, siteB].sort().join('+'));
    expect(predicted.survives).toBe(false); // losing dc-b and then dc-a halts: the margin after losing dc-b is zero
    const hostB = hosts.find((h) => h.site === siteB)!;
    const t = Date.now();
    setSiteLinkDown(hostB, true);
    let seen: string[] = [];
    try {
      await waitFor('the margin alerts to fire', 90_000, async () => {
        seen = firing();
        return seen.includes('OrdersNextLossOfDcAHalts') && seen.includes('OrdersGroupAtLastMargin') ? true : undefined;
      }, () => `firing: ${seen.join(', ')}`);
      lines.push(`${siteB} cut off: firing ${seen.join(', ')} after ${Math.round((Date.now() - t) / 1000)} s`);
      expect(seen).not.toContain('OrdersNextLossOfDcBHalts');
    } finally {
      setSiteLinkDown(hostB, false);
    }
    const healed = Date.now();
    const members = output.dataSites.flatMap((d) => d.podNames).length + output.arbitrators.length;
    for (const m of lab.dataIn(siteB)) await lab.waitSynced(m, members, lab.viewChangeDeadlineMs);
    await waitFor('the margin alerts to clear', 90_000, async () => {
      seen = marginAlerts();
      return seen.length === 0 ? true : undefined;
    }, () => `still firing: ${seen.join(', ')}`);
    lines.push(`${siteB} healed: every margin alert cleared ${Math.round((Date.now() - healed) / 1000)} s after the link came back`);
  }));
});
