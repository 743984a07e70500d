import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { galeraMetroDesign } from '../examples/galera-metro/design';
import { galeraSingleWriterDesign } from '../examples/galera-single-writer/design';
import {
  ActiveActiveSite, DeploymentShape, DistributedSqlCluster, GaleraRouting, Latency, MultiSiteApp, SqlEngine, WitnessSite,
} from '../lib';
import { readObjects, tempOutdir } from './support/designs';
import { evsTimeoutsFor } from '../lib/engines/galera/evs-timeouts';
import { routerPlan } from '../lib/engines/galera/router-plan';

const objectsOf = (outdir: string) => readObjects(outdir).map((x) => ({ ...x, folder: x.file.split(path.sep)[0] }));
const routerConfig = (objects: { obj: any }[], site: string) =>
  objects.find((o) => o.obj.kind === 'ConfigMap' && o.obj.metadata.name === `ledger-router-${site}`)!.obj.data['haproxy.cfg'] as string;
/** The `server` lines of one `listen` section, as [name, flags]. */
function servers(config: string, section: string): [string, string][] {
  const body = config.split(`listen ${section}\n`)[1].split('\n\n')[0];
  return body.split('\n').filter((l) => l.trim().startsWith('server ')).map((l) => {
    const [, name, , ...flags] = l.trim().split(/\s+/);
    return [name, flags.join(' ')];
  });
}

describe('single-writer routing in the example (two data sites, garbd in the witness, priority dc-b then dc-a)', () => {
  const outdir = tempOutdir();
  galeraSingleWriterDesign(outdir).synth();
  const objects = objectsOf(outdir);

  test.each(['dc-a', 'dc-b'])('the router of %s sends writes to one node, in priority order, the others backups', (site) => {
    const config = routerConfig(objects, site);
    expect(servers(config, 'writes')).toEqual([
      ['ledger-dc-b-0', 'on-marked-up shutdown-backup-sessions'],
      ['ledger-dc-b-1', 'backup'],
      ['ledger-dc-a-0', 'backup'],
      ['ledger-dc-a-1', 'backup'],
    ]);
    // Only the first operational backup takes traffic unless allbackups is set (HAProxy 5.2 `backup`).
    expect(config.split('listen writes')[1].split('listen reads')[0]).not.toContain('allbackups');
    expect(config).toMatch(/default-server check port 9200 inter 8000ms rise 2 fall 3 on-marked-down shutdown-sessions /);
    expect(config).toContain('option httpchk GET /\n  http-check expect status 200');
    const reads = servers(config, 'reads');
    expect(reads.filter(([, f]) => f === '').map(([n]) => n)).toEqual([`ledger-${site}-0`, `ledger-${site}-1`]);
  });

  test('Debian\'s haproxy accepts every written configuration', () => {
    if (spawnSync('haproxy', ['-v']).status !== 0) return; // the lab setup installs it; the lab starts it
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'haproxy-check-'));
    try {
      for (const site of ['dc-a', 'dc-b']) {
        const file = path.join(dir, `${site}.cfg`);
        fs.writeFileSync(file, routerConfig(objects, site));
        const check = spawnSync('haproxy', ['-c', '-f', file], { encoding: 'utf-8' });
        expect(`${check.stdout}${check.stderr}`).toContain('Configuration file is valid');
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the replication certificate names the router Services (TLS passes through the routers to the nodes)', () => {
    const cert = objects.find((o) => o.obj.kind === 'Certificate')!.obj;
    expect(cert.spec.dnsNames).toEqual(expect.arrayContaining(['ledger-writer-dc-a', 'ledger-reader-dc-b', 'ledger-writer-dc-b.ledger.svc.cluster.local']));
  });

  test('the router Deployment runs the pinned official image under restricted Pod Security', () => {
    const deployment = objects.find((o) => o.obj.kind === 'Deployment' && o.obj.metadata.name === 'ledger-router-dc-a')!.obj;
    const pod = deployment.spec.template.spec;
    expect(pod.containers[0].image).toBe('haproxy:3.0.3');
    expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 99 });
    expect(pod.containers[0].securityContext).toMatchObject({ allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ['ALL'] } });
  });

  test('the writer and reader Services select the site\'s routers; REPORT.md names them and the failover times', () => {
    const writer = objects.find((o) => o.obj.kind === 'Service' && o.obj.metadata.name === 'ledger-writer-dc-b')!;
    expect(writer.folder).toBe('dc-b');
    expect(writer.obj.spec.selector).toMatchObject({ 'app.kubernetes.io/component': 'router', 'cdk-multisite/site': 'dc-b' });
    expect(writer.obj.spec.ports).toEqual([expect.objectContaining({ port: 3306, targetPort: 3306 })]);
    const reader = objects.find((o) => o.obj.kind === 'Service' && o.obj.metadata.name === 'ledger-reader-dc-b')!;
    expect(reader.obj.spec.ports).toEqual([expect.objectContaining({ port: 3306, targetPort: 3307 })]);
    const report = fs.readFileSync(path.join(outdir, 'REPORT.md'), 'utf-8');
    expect(report).toContain('| dc-b | `ledger-writer-dc-b` | `ledger-reader-dc-b` |');
    // evs.inactive_timeout 15 s (suspect 5 s × 3) → inter 8 s (the whole second with 2 × inter ≥ 15 s);
    // worst: 3 × (8 s + min(3 s, 8 s) + 2 s) = 39 s.
    expect(report).toContain('| site dc-b | dc-a, pod 0 | 39 s |');
    expect(report).toContain('the routers move writes no sooner than 16 s');
  });
});

describe('the routing choice', () => {
  function design(outdir: string, routing: GaleraRouting | undefined) {
    const app = new MultiSiteApp({ outdir, shape: DeploymentShape.stretchedCluster() });
    const a = new ActiveActiveSite(app, 'dc-a');
    const b = new ActiveActiveSite(app, 'dc-b');
    const w = new WitnessSite(app, 'dc-w');
    app.addLink(a, b, Latency.ofRttMillis(1));
    app.addLink(a, w, Latency.ofRttMillis(2));
    app.addLink(b, w, Latency.ofRttMillis(2));
    new DistributedSqlCluster(app, 'db', {
      engine: SqlEngine.galera({ arbitratorImage: 'example.com/garbd:1', routing }),
      placement: [{ site: a, voters: 2 }, { site: b, voters: 2 }, { site: w, arbitrators: 1 }],
    });
    return app;
  }
  const routers = (outdir: string) => readObjects(outdir).filter((o) => o.obj.kind === 'Deployment' && o.obj.metadata.labels['app.kubernetes.io/component'] === 'router');

  test('single writer is the default across sites (the metro example gets a router per data site)', () => {
    const outdir = tempOutdir();
    galeraMetroDesign(outdir).synth();
    expect(routers(outdir).map((o) => o.obj.metadata.name).sort()).toEqual(['orders-router-dc-a', 'orders-router-dc-b']);
  });

  test('multi-writer is the default when every data node is in one site (a design the quorum rules refuse anyway)', () => {
    const cluster = (members: { site: string; voters: number; arbitrators: number }[]) => ({ members, engine: { routing: undefined } }) as any;
    const evs = evsTimeoutsFor(1);
    expect(routerPlan(cluster([{ site: 'dc-a', voters: 3, arbitrators: 0 }, { site: 'dc-w', voters: 0, arbitrators: 2 }]), evs)).toBeUndefined();
    expect(routerPlan(cluster([{ site: 'dc-a', voters: 2, arbitrators: 0 }, { site: 'dc-b', voters: 2, arbitrators: 0 }]), evs)?.writerSites).toEqual(['dc-a', 'dc-b']);
  });

  test('multi-writer across sites writes no router and warns MS-GALERA-MULTI-WRITER', () => {
    const outdir = tempOutdir();
    const app = design(outdir, GaleraRouting.multiWriter());
    const findings = app.check();
    expect(findings.map((f) => f.ruleId)).toContain('MS-GALERA-MULTI-WRITER');
    app.synth();
    expect(routers(outdir)).toEqual([]);
  });

  test('a priority puts its sites first; sites left out follow in placement order', () => {
    const other = tempOutdir();
    const b = new MultiSiteApp({ outdir: other, shape: DeploymentShape.stretchedCluster() });
    const sa = new ActiveActiveSite(b, 'dc-a');
    const sb = new ActiveActiveSite(b, 'dc-b');
    const sw = new WitnessSite(b, 'dc-w');
    b.addLink(sa, sb, Latency.ofRttMillis(1));
    b.addLink(sa, sw, Latency.ofRttMillis(2));
    b.addLink(sb, sw, Latency.ofRttMillis(2));
    new DistributedSqlCluster(b, 'db', {
      engine: SqlEngine.galera({ arbitratorImage: 'example.com/garbd:1', routing: GaleraRouting.singleWriter({ priority: [sb] }) }),
      placement: [{ site: sa, voters: 1 }, { site: sb, voters: 1 }, { site: sw, arbitrators: 1 }],
    });
    b.synth();
    const config = readObjects(other).find((o) => o.obj.kind === 'ConfigMap' && o.obj.metadata.name === 'db-router-dc-a')!.obj.data['haproxy.cfg'];
    expect(servers(config, 'writes').map(([n]) => n)).toEqual(['db-dc-b-0', 'db-dc-a-0']);
  });
});

describe('the health check a data node answers for the routers (the script written into its ConfigMap, run by bash)', () => {
  const outdir = tempOutdir();
  galeraSingleWriterDesign(outdir).synth();
  const objects = objectsOf(outdir);
  const script = objects.find((o) => o.obj.kind === 'ConfigMap' && o.obj.metadata.name === 'ledger-dc-b-health-check')!.obj.data['check.sh'];
  const sidecar = objects.find((o) => o.obj.kind === 'StatefulSet' && o.obj.metadata.name === 'ledger-dc-b')!
    .obj.spec.template.spec.containers.find((c: any) => c.name === 'health-check');

  /** Runs the script as socat would, with a `mariadb` on PATH that prints `status` (or fails). */
  function answer(status: string | undefined): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'health-check-'));
    fs.writeFileSync(path.join(dir, 'mariadb'), status === undefined
      ? '#!/bin/sh\necho "ERROR 2002 (HY000): Can\'t connect" >&2\nexit 1\n'
      : `#!/bin/sh\nprintf '${status.replace(/\t/g, '\\t').replace(/\n/g, '\\n')}'\n`, { mode: 0o755 });
    fs.writeFileSync(path.join(dir, 'check.sh'), script);
    try {
      return execFileSync('/bin/bash', [path.join(dir, 'check.sh')], {
        input: 'GET / HTTP/1.0\r\n\r\n',
        env: { PATH: `${dir}:/usr/bin:/bin`, MARIADB_ROOT_PASSWORD: 'x' },
        encoding: 'utf-8',
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }

  test('the sidecar runs the script per connection on port 9200 with the root password and the server socket', () => {
    expect(sidecar.command).toEqual(['socat', 'TCP-LISTEN:9200,reuseaddr,fork', 'EXEC:/bin/bash /opt/galera-health/check.sh']);
    expect(sidecar.env).toEqual([expect.objectContaining({ name: 'MARIADB_ROOT_PASSWORD' })]);
    expect(sidecar.volumeMounts.map((m: any) => m.mountPath).sort()).toEqual(['/opt/galera-health', '/run/mysqld']);
  });

  test.each([
    ['Synced in the Primary component', 'wsrep_cluster_status\tPrimary\nwsrep_local_state\t4\n', '200 OK'],
    ['Synced but non-Primary (cut off)', 'wsrep_cluster_status\tnon-Primary\nwsrep_local_state\t4\n', '503 Service Unavailable'],
    ['a donor in the Primary component', 'wsrep_cluster_status\tPrimary\nwsrep_local_state\t2\n', '503 Service Unavailable'],
    ['a joiner', 'wsrep_cluster_status\tPrimary\nwsrep_local_state\t1\n', '503 Service Unavailable'],
    ['no server', undefined, '503 Service Unavailable'],
  ])('%s: answers as expected', (_name, status, code) => {
    const out = answer(status);
    expect(out.split('\r\n')[0]).toBe(`HTTP/1.1 ${code}`);
    const [head, body] = out.split('\r\n\r\n');
    expect(head).toContain(`Content-Length: ${Buffer.byteLength(body)}`);
  });
});
