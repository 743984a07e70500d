/**
 * The write-path health probe of a Galera site (issue 32), as synth writes it for a GSLB host that
 * depends on the cluster, run against real mariadbd + garbd in network namespaces: ready in both
 * sites while the group is whole; when dc-a is cut off it leaves the Primary component and its
 * probe fails (k8gb withdraws dc-a), dc-b's keeps passing; when the link heals, dc-a's passes again.
 *
 * Run as root after `bash scripts/failure-lab-setup.sh`:
 *   MSL_FAILURE_LAB=1 npx jest --ci --coverage=false --runInBand --testPathIgnorePatterns='/node_modules/' --testPathPatterns='test/failure-lab/galera-write-health'
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GaleraOutput, readGaleraOutput, readObjects } from './design-output';
import { DataMember, GaleraLab, labUnavailableReason, ProbeResult, runProbe, summarize, waitFor, WsrepStatus } from './galera-lab';
import { cleanLeftovers, describeLab, LabRun } from './lab-gate';
import { createLabNetwork, PREFIX, setSiteLinkDown, SiteHost } from './netns';
import {
  ActiveActiveSite, DeploymentShape, DistributedSqlCluster, GslbTarget, GslbZone, Latency, MultiSiteApp, SqlEngine, WitnessSite,
} from '../../lib';

jest.setTimeout(6 * 60_000);

const TMP_PREFIX = `${PREFIX}write-health-`;

/**
 * 2 + 2 data nodes in dc-a and dc-b and garbd in dc-w, one Kubernetes cluster per site, TLS on
 * (cert-manager CA, as galera-metro), and a GSLB host that writes to it. The lab's client is
 * Debian's 10.11: with the probe's `--ssl` it speaks TLS but, unlike the image's 11.4 client
 * (MDEV-31855), does not verify the server's certificate; what the probe reads is the same.
 */
function design(outdir: string): MultiSiteApp {
  const app = new MultiSiteApp({ outdir, shape: DeploymentShape.clusterPerSite() });
  const site = (name: string, i: number) => ({
    clusterDomain: `${name}.cluster.example`, podCidrs: [`10.${i}.0.0/16`], clusterDnsAddress: `172.16.${i}.53`, dnsAddress: `198.51.100.${i}`,
  });
  const a = new ActiveActiveSite(app, 'dc-a', site('dc-a', 1));
  const b = new ActiveActiveSite(app, 'dc-b', site('dc-b', 2));
  const w = new WitnessSite(app, 'dc-w', site('dc-w', 3));
  app.addLink(a, b, Latency.ofRttMillis(1));
  app.addLink(a, w, Latency.ofRttMillis(2));
  app.addLink(b, w, Latency.ofRttMillis(2));
  const orders = new DistributedSqlCluster(app, 'orders', {
    engine: SqlEngine.galera({ arbitratorImage: 'registry.example.com/platform/garbd:26.4', certManagerCaSecret: 'multisite-ca', sqlClientNamespaces: ['shop'] }),
    placement: [{ site: a, voters: 2 }, { site: b, voters: 2 }, { site: w, arbitrators: 1 }],
  });
  const zone = new GslbZone(app, 'app-global', { zone: 'app.global.example.com', parentZone: 'example.com', edgeDnsServers: ['192.0.2.53'] });
  zone.addHost({ hostname: 'shop', namespace: 'shop', target: GslbTarget.ingress('shop'), backendServices: [{ name: 'shop', port: 80 }], dependsOn: orders });
  return app;
}

/** The written write-health Deployment of a site: its readiness command, timeout, env and user. */
interface WrittenProbe { command: string[]; timeoutSeconds: number; env: { name: string; secret: string; key: string }[]; uid: number }

function writtenProbe(outdir: string, site: string): WrittenProbe {
  const dep = readObjects(path.join(outdir, site)).find((o) => o.kind === 'Deployment' && o.metadata.name === 'shop-app-global-write-health');
  if (!dep) throw new Error(`no write-health Deployment in ${site}`);
  const spec = dep.spec.template.spec;
  const c = spec.containers[0];
  return {
    command: c.readinessProbe.exec.command,
    timeoutSeconds: c.readinessProbe.timeoutSeconds,
    env: (c.env as any[]).map((e) => ({ name: e.name, secret: e.valueFrom.secretKeyRef.name, key: e.valueFrom.secretKeyRef.key })),
    uid: spec.securityContext.runAsUser,
  };
}

describeLab('Galera write-path health probe: readiness follows the Primary component', 'Galera write-health lab', labUnavailableReason, () => {
  const run = new LabRun();
  const rows: string[] = [];
  let root: string;
  let outdir: string;
  let output: GaleraOutput;
  let hosts: SiteHost[];
  let lab: GaleraLab;

  const host = (site: string) => hosts.find((h) => h.site === site)!;

  /**
   * Runs the written probe of `site` as the kubelet would in the write-health pod: the command
   * unchanged but for the client Service's name, which becomes the address of the site's first data
   * node (no cluster DNS here; the Service would pick a ready node of the site), as the pod's user,
   * with the Secret's value in its environment, killed at the probe's timeout.
   */
  async function probe(site: string, rewrite: (script: string) => string = (x) => x): Promise<ProbeResult> {
    const p = writtenProbe(outdir, site);
    const service = `orders-public.orders.svc.${site}.cluster.example`;
    const [bin, flag, script] = p.command;
    expect(script).toContain(`--host=${service} `);
    const node = lab.dataIn(site)[0];
    const env = p.env.map((e) => `${e.name}=${lab.secretOf(e.secret, e.key)}`);
    expect(p.uid).toBe(999); // the image's mysql user, as the lab's nodes run
    return runProbe('ip', [
      'netns', 'exec', host(site).ns, 'setpriv', '--reuid=mysql', '--regid=mysql', '--clear-groups',
      'env', '-i', 'PATH=/usr/local/bin:/usr/bin:/bin', ...env, bin, flag, rewrite(script).split(service).join(node.address),
    ], p.timeoutSeconds * 1000);
  }

  /**
   * The written probe's login (its client line: user, password variable, TLS flags, address) with
   * `sql` in place of its status query, printing what the server answers.
   */
  const withStatement = (sql: string) => (script: string): string => {
    const login = script.split('\n').find((l) => l.startsWith('status=$('));
    if (!login) throw new Error(`the written probe has no client line:\n${script}`);
    return `${login.replace(/--execute="[^"]*"/, `--execute="${sql}"`).replace(/^status=\$\(/, '').replace(/\) \|\| exit 1$/, '')} 2>&1`;
  };

  async function record(scenario: string, expected: Record<string, boolean>): Promise<void> {
    const statuses = await lab.statuses();
    for (const [site, ready] of Object.entries(expected)) {
      const r = await probe(site);
      const wsrep = lab.dataIn(site).map((m) => `${m.name} ${summarize(statuses.get(m.name))}`).join('; ');
      rows.push(`| ${scenario} | ${site} | ${wsrep} | ${ready ? 'pass' : 'fail'} | ${r.pass ? 'pass' : 'FAIL'} (${r.ms} ms)${r.output ? `: ${r.output.replace(/\n/g, ' ')}` : ''} |`);
      expect(`${site}: ${r.pass ? 'pass' : 'fail'}`).toBe(`${site}: ${ready ? 'pass' : 'fail'}`);
      if (!ready) expect(r.output).toMatch(/^site cannot write: wsrep_cluster_status=\S+ wsrep_ready=\S+ wsrep_local_state=\S+$|ERROR/);
    }
  }

  async function waitStatus(members: DataMember[], what: string, ok: (s: WsrepStatus | undefined) => boolean): Promise<void> {
    let last = new Map<string, WsrepStatus | undefined>();
    await waitFor(what, lab.viewChangeDeadlineMs, async () => {
      last = await lab.statuses(members);
      return members.every((m) => ok(last.get(m.name))) ? true : undefined;
    }, () => members.map((m) => `${m.name}: ${summarize(last.get(m.name))}`).join('; '));
  }

  beforeAll(async () => {
    await run.begin(90_000);
    cleanLeftovers(TMP_PREFIX);
    root = fs.mkdtempSync(path.join(os.tmpdir(), TMP_PREFIX));
    fs.chmodSync(root, 0o755);
    outdir = path.join(root, 'dist');
    design(outdir).synth();
    output = readGaleraOutput(outdir);
    hosts = createLabNetwork(output.report.sites.map((s) => ({
      site: s.name,
      addressCount: (output.dataSites.find((d) => d.site === s.name)?.podNames.length ?? 0)
        + output.arbitrators.filter((a) => a.site === s.name).length,
    })));
    lab = new GaleraLab(path.join(root, 'orders'), output, hosts, true);
    lab.prepare();
    await lab.start();
    run.started();
  }, 5 * 60_000);

  afterAll(() => run.finish({
    name: 'Galera write-health lab',
    stop: async () => { await lab?.killAll(); },
    root,
    reportFile: 'galera-write-health-lab.md',
    report: (removed) => [
      '', 'Galera write-path health probe (the written readiness command of each site\'s write-health pod):',
      '| scenario | site | wsrep status of its nodes | expected | probe |', '| --- | --- | --- | --- | --- |', ...rows,
      `cleanup: ${removed.length} namespace(s)/link(s) removed`, '',
    ],
  }));

  test('1. the whole group up: both sites\' probes pass', run.guarded(async () => {
    await record('all up', { 'dc-a': true, 'dc-b': true });
  }));

  test('2. the probe\'s account holds no privilege beyond logging in: its grants are USAGE only and it cannot write', run.guarded(async () => {
    const grants = await probe('dc-b', withStatement('SHOW GRANTS'));
    const write = await probe('dc-b', withStatement('CREATE DATABASE write_health_may_not'));
    const oneLine = (text: string) => text.replace(/IDENTIFIED BY PASSWORD '[^']*'/, 'IDENTIFIED BY PASSWORD <hash>').replace(/-{3,}/g, '').replace(/\s*\n\s*/g, ' ').trim();
    rows.push(`| least privilege | dc-b | SHOW GRANTS: ${oneLine(grants.output)} | USAGE only | ${write.pass ? 'CREATE DATABASE succeeded' : `CREATE DATABASE refused: ${oneLine(write.output)}`} |`);
    expect(grants.pass).toBe(true);
    const lines = grants.output.split('\n').filter((l) => l.trim() !== '');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^GRANT USAGE ON \*\.\* TO `write_health`@`%`/);
    expect(write.pass).toBe(false);
    expect(write.output).toMatch(/Access denied/);
  }));

  test('3. dc-a cut off: it leaves the Primary component, its probe fails; dc-b\'s passes', run.guarded(async () => {
    // report.json's bound on how long dc-a's nodes may still say Primary (evs.inactive_timeout).
    const detection = JSON.parse(fs.readFileSync(path.join(outdir, 'report.json'), 'utf8'))
      .writeHealth[0].probes.find((p: any) => p.site === 'dc-a').detectionSeconds as number;
    const cut = Date.now();
    setSiteLinkDown(host('dc-a'), true);
    await waitStatus(lab.dataIn('dc-a'), 'dc-a non-Primary', (s) => s?.wsrep_cluster_status !== 'Primary');
    const seen = Date.now() - cut;
    rows.push(`| dc-a cut off | dc-a | non-Primary after ${seen} ms | within report.json's detectionSeconds ${detection} s | ${seen <= detection * 1000 ? 'within' : 'ABOVE'} |`);
    expect(seen).toBeLessThanOrEqual(detection * 1000);
    await waitStatus(lab.dataIn('dc-b'), 'dc-b Primary and Synced', (s) => s?.wsrep_cluster_status === 'Primary' && s.wsrep_local_state === '4');
    await record('dc-a cut off', { 'dc-a': false, 'dc-b': true });
  }));

  test('4. the link heals: dc-a rejoins the Primary component and its probe passes again', run.guarded(async () => {
    setSiteLinkDown(host('dc-a'), false);
    await waitStatus(lab.dataIn('dc-a'), 'dc-a Primary and Synced', (s) => s?.wsrep_cluster_status === 'Primary' && s.wsrep_local_state === '4' && s.wsrep_ready === 'ON');
    await record('healed', { 'dc-a': true, 'dc-b': true });
  }));
});
