import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Size } from 'cdk8s';
import { galeraMetroDesign } from '../examples/galera-metro/design';
import { Acknowledge, ActiveActiveSite, DeploymentShape, DistributedSqlCluster, Latency, MultiSiteApp, SqlEngine, WitnessSite } from '../lib';
import { findObject, readObjects, readTree, tempOutdir } from './support/designs';

const outdir = tempOutdir();
galeraMetroDesign(outdir).synth();
const files = readTree(outdir);
const objects = readObjects(outdir);
const report = files.get('REPORT.md')!;
const config = (site: string) => findObject(objects, 'ConfigMap', `orders-${site}-config`, site).data['galera.cnf'] as string;
const providerOptions = (text: string) => new Map(
  /wsrep_provider_options="([^"]+)"/.exec(text)![1].split('; ').map((kv) => kv.split('=') as [string, string]),
);

describe('Galera metro example: 2 + 2 data nodes, garbd in the witness', () => {
  test('one StatefulSet per data site, pinned, replicas = its data nodes; garbd only in the witness', () => {
    for (const site of ['dc-a', 'dc-b']) {
      const sts = findObject(objects, 'StatefulSet', `orders-${site}`, site);
      expect(sts.spec.replicas).toBe(2);
      expect(sts.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[0].matchExpressions)
        .toEqual([{ key: 'topology.kubernetes.io/zone', operator: 'In', values: [site] }]);
    }
    expect(objects.filter((o) => o.obj.kind === 'StatefulSet').map((o) => o.file.split('/')[0])).toEqual(['dc-a', 'dc-b']);
    const garbd = findObject(objects, 'Deployment', 'orders-arbitrator-dc-witness', 'dc-witness');
    expect(garbd.spec.replicas).toBe(1);
    const container = garbd.spec.template.spec.containers[0];
    expect(container.command).toEqual(['garbd']);
    expect(container.args.slice(0, 2)).toEqual([
      '--group=orders',
      '--address=gcomm://orders-dc-a-0.orders-dc-a.orders.svc.cluster.local:4567,orders-dc-a-1.orders-dc-a.orders.svc.cluster.local:4567,'
      + 'orders-dc-b-0.orders-dc-b.orders.svc.cluster.local:4567,orders-dc-b-1.orders-dc-b.orders.svc.cluster.local:4567',
    ]);
    expect(container.args[2]).toContain('gmcast.segment=2');
    // garbd refuses gcache.size and exits (found by the failure lab on Debian's garbd 26.4)
    expect(container.args[2]).not.toContain('gcache.size');
    // garbd keeps gvwstate.dat (pc.recovery) in its working directory: a writable volume under a read-only root
    expect(container.securityContext.readOnlyRootFilesystem).toBe(true);
    const state = container.volumeMounts.find((m: any) => m.mountPath === container.workingDir);
    expect(state).toBeDefined();
    expect(garbd.spec.template.spec.volumes.find((v: any) => v.name === state.name).emptyDir).toBeDefined();
  });

  test('REPORT.md says how to load a renewed replication certificate: mariadbd reads it at start only', () => {
    expect(report).toContain('FLUSH SSL; SET GLOBAL wsrep_provider_options=\\"socket.ssl_reload=1\\"');
    expect(report).toContain('kubectl -n orders rollout restart deployment/orders-arbitrator-dc-witness');
  });

  test('APPLY.md says to build and push the garbd image, which no published image ships, in the cluster that runs it', () => {
    const image = findObject(objects, 'Deployment', 'orders-arbitrator-dc-witness', 'dc-witness').spec.template.spec.containers[0].image;
    const prerequisites = JSON.parse(files.get('prerequisites.json')!);
    const entries = JSON.stringify(prerequisites).match(new RegExp(`"kind":"image","name":"${image.replace(/[.]/g, '\\.')}"`, 'g')) ?? [];
    expect(entries).toHaveLength(1);
    const apply = files.get('APPLY.md')!;
    expect(apply).toContain(`- image \`${image}\``);
    expect(apply).toContain('apt-get install -y --no-install-recommends galera-arbitrator-4');
    expect(apply).toContain(`docker push ${image}`);
  });

  test('WAN settings are written explicitly and bounded: segment per site, gcache, flow control, receive queue, EVS', () => {
    const a = providerOptions(config('dc-a'));
    const b = providerOptions(config('dc-b'));
    expect([a.get('gmcast.segment'), b.get('gmcast.segment')]).toEqual(['0', '1']);
    expect(a.get('gcache.size')).toBe('2048M');
    expect(a.get('gcs.fc_limit')).toBe('64');
    // a quarter of the 4 GiB memory limit: a replication backlog cannot OOM the node
    expect(a.get('gcs.recv_q_hard_limit')).toBe(String(1024 * 1024 * 1024));
    expect(config('dc-a')).toContain('innodb_buffer_pool_size=2048M');
    // 3 ms worst RTT: Galera's LAN defaults still hold
    expect([a.get('evs.suspect_timeout'), a.get('evs.inactive_timeout')]).toEqual(['PT5S', 'PT15S']);
    const sts = findObject(objects, 'StatefulSet', 'orders-dc-a');
    expect(sts.spec.template.spec.containers[0].resources.limits.memory).toBe('4096Mi');
  });

  test('TLS between sites and secrets by reference', () => {
    expect(providerOptions(config('dc-a')).get('socket.ssl_cert')).toBe('/etc/mysql/tls/tls.crt');
    expect(config('dc-a')).toContain('[sst]\nssl-mode=VERIFY_CA');
    // SQL clients too: a TCP client without TLS is refused; the unix socket (the probe's) stays open.
    expect(config('dc-a')).toMatch(/\[mariadb\]\n(?:[^[\n]+\n)*require_secure_transport=ON\n/);
    const env = findObject(objects, 'StatefulSet', 'orders-dc-a').spec.template.spec.containers[0].env;
    expect(env.find((e: any) => e.name === 'MARIADB_ROOT_PASSWORD')).toEqual({
      name: 'MARIADB_ROOT_PASSWORD', valueFrom: { secretKeyRef: { name: 'orders-root-password', key: 'password' } },
    });
    expect(objects.filter((o) => o.obj.kind === 'Secret')).toEqual([]);
  });

  // The image initializes root with a password only; the donor's mariabackup logs in as
  // mysql@localhost by unix socket, an account the image creates from these two variables.
  // The failure lab shows a joiner's SST failing without them.
  test('SST credentials the mariadb:11.4 image understands, and no secret in the output', () => {
    for (const site of ['dc-a', 'dc-b']) {
      expect(config(site)).toMatch(/\[mysqld\]\n(?:[^[\n]+\n)*wsrep_sst_method=mariabackup\nwsrep_sst_auth=mysql:\n/);
      const env = findObject(objects, 'StatefulSet', `orders-${site}`).spec.template.spec.containers[0].env;
      expect(env.filter((e: any) => e.name.startsWith('MARIADB_MYSQL_LOCALHOST_'))).toEqual([
        { name: 'MARIADB_MYSQL_LOCALHOST_USER', value: '1' },
        { name: 'MARIADB_MYSQL_LOCALHOST_GRANTS', value: 'RELOAD, PROCESS, LOCK TABLES, BINLOG MONITOR, REPLICA MONITOR' },
      ]);
    }
  });

  test('only the first pod of the bootstrap site may start a new cluster, only without Galera state and while the marker allows it', () => {
    const script = (site: string) => findObject(objects, 'StatefulSet', `orders-${site}`).spec.template.spec.containers[0].command[2] as string;
    expect(script('dc-a')).toContain('if [ "$POD_NAME" = "orders-dc-a-0" ] && [ ! -e /var/lib/mysql/grastate.dat ]; then if new_cluster_allowed && ! peer_answers; then set -- "$@" --wsrep-new-cluster; else');
    expect(script('dc-a')).toContain('new_cluster_allowed() {\n  [ -n "${GALERA_NEW_CLUSTER_UNTIL:-}" ] && [ "$(date +%s)" -lt "$GALERA_NEW_CLUSTER_UNTIL" ] 2>/dev/null\n}');
    expect(script('dc-b')).not.toContain('--wsrep-new-cluster');
  });

  // An empty disk cut off from every peer looks like a first install to the start script: only
  // the marker tells them apart (test/failure-lab/galera-empty-cutoff.test.ts).
  test('the marker reaches the bootstrap pod only, from an optional ConfigMap that APPLY.md creates on the first install and deletes after', () => {
    const env = (site: string) => findObject(objects, 'StatefulSet', `orders-${site}`).spec.template.spec.containers[0].env as any[];
    expect(env('dc-a').find((e) => e.name === 'GALERA_NEW_CLUSTER_UNTIL')).toEqual({
      name: 'GALERA_NEW_CLUSTER_UNTIL', valueFrom: { configMapKeyRef: { name: 'orders-new-cluster', key: 'until', optional: true } },
    });
    expect(env('dc-b').find((e) => e.name === 'GALERA_NEW_CLUSTER_UNTIL')).toBeUndefined();
    // No written object creates it, and the apply does not wait for it.
    expect(objects.filter((o) => o.obj.metadata?.name === 'orders-new-cluster')).toEqual([]);
    expect(JSON.stringify(JSON.parse(files.get('prerequisites.json')!))).not.toContain('"name":"orders-new-cluster"');
    const apply = files.get('APPLY.md')!;
    const create = apply.indexOf('kubectl -n orders create configmap orders-new-cluster --from-literal=until=$(( $(date +%s) + 3600 ))');
    const applyK = apply.indexOf('kubectl apply -k .');
    const wait = apply.indexOf('kubectl -n orders wait --for=condition=Ready pod/orders-dc-a-0 --timeout=60m');
    const remove = apply.indexOf('kubectl -n orders delete configmap orders-new-cluster');
    expect(create).toBeGreaterThan(0);
    expect([create < applyK, applyK < wait, wait < remove]).toEqual([true, true, true]);
    // `kubectl wait` on a pod not created yet fails at once (kubernetes/kubectl#1516), and the marker would go
    // before the pod read it: the step first waits for the pod to exist.
    expect(apply).toContain('timeout 60m sh -c \'until kubectl -n orders get pod/orders-dc-a-0 > /dev/null 2>&1; do sleep 2; done\' && kubectl -n orders wait --for=condition=Ready pod/orders-dc-a-0 --timeout=60m');
    expect(apply).toContain('First install of orders only (skip on every later apply)');
  });

  // An empty datadir on the bootstrap pod while the cluster runs (new PVC) must join by SST:
  // bootstrapping then makes a second cluster (test/failure-lab/galera-rejoin-empty.test.ts).
  // A joiner of the same first install listens on gcomm already, not on SQL
  // (test/failure-lab/galera-first-install.test.ts): in the stretched cluster every peer is asked on 3306.
  test('the bootstrap pod first tries every other member of wsrep_cluster_address on its SQL port', () => {
    const script = findObject(objects, 'StatefulSet', 'orders-dc-a').spec.template.spec.containers[0].command[2] as string;
    const members = /^wsrep_cluster_address=gcomm:\/\/(.*)$/m.exec(config('dc-a'))![1].split(',');
    const others = members.filter((m) => !m.startsWith('orders-dc-a-0.')).map((m) => m.replace(/:4567$/, ':3306'));
    expect(others).toHaveLength(members.length - 1);
    const tries = [...script.matchAll(/timeout 2 bash -c "<\/dev\/tcp\/([^/]+)\/(\d+)" 2>\/dev\/null && return 0/g)].map((m) => `${m[1]}:${m[2]}`);
    expect(tries).toEqual(others);
    expect(script.indexOf('peer_answers() {')).toBeLessThan(script.indexOf('! peer_answers'));
  });

  describe('health checks: ready only when Synced, liveness a TCP connect', () => {
    const container = (site: string) => findObject(objects, 'StatefulSet', `orders-${site}`).spec.template.spec.containers[0];

    test('startup and liveness stay TCP on 3306; readiness runs a command with its own timeout', () => {
      for (const site of ['dc-a', 'dc-b']) {
        const c = container(site);
        expect(c.startupProbe).toEqual({ tcpSocket: { port: 3306 }, periodSeconds: 10, failureThreshold: 360 });
        expect(c.livenessProbe).toEqual({ tcpSocket: { port: 3306 }, periodSeconds: 10, failureThreshold: 6 });
        expect(c.readinessProbe.tcpSocket).toBeUndefined();
        expect(c.readinessProbe.exec.command.slice(0, 2)).toEqual(['/bin/bash', '-c']);
        expect(c.readinessProbe).toMatchObject({ periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 2 });
        expect(c.readinessProbe.exec.command).toEqual(container('dc-a').readinessProbe.exec.command);
      }
    });

    /**
     * Runs the synthesized readiness command with a stand-in `mariadb` first on PATH that
     * prints `status` as `SHOW GLOBAL STATUS --batch --skip-column-names` does (or fails with
     * `exitCode`) and records how it was called.
     */
    function runReadiness(status: Record<string, string>, opts: { exitCode?: number; password?: string } = {}) {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'galera-readiness-'));
      try {
        const lines = Object.entries(status).map(([k, v]) => `${k}\t${v}`).join('\n');
        fs.writeFileSync(path.join(dir, 'mariadb'), [
          '#!/bin/bash',
          `printf '%s\\n' "$MYSQL_PWD" "$@" > '${dir}/called'`,
          opts.exitCode ? `echo 'ERROR 2002 (HY000): stand-in' >&2; exit ${opts.exitCode}` : `cat '${dir}/status'`,
        ].join('\n'), { mode: 0o755 });
        fs.writeFileSync(path.join(dir, 'status'), `${lines}\n`);
        const [bin, ...args] = container('dc-a').readinessProbe.exec.command as string[];
        const env: Record<string, string> = { PATH: `${dir}:/usr/bin:/bin` };
        if (opts.password !== undefined) env.MARIADB_ROOT_PASSWORD = opts.password;
        // stdin not a socket: bash would read ~/.bashrc, taking itself for an rsh session
        const r = spawnSync(bin, args, { env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
        const called = fs.existsSync(path.join(dir, 'called')) ? fs.readFileSync(path.join(dir, 'called'), 'utf8').split('\n') : [];
        return { exit: r.status, out: `${r.stdout}${r.stderr}`.trim(), called };
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    }

    // The model: MariaDB's wsrep_local_state values (wsrep_member_status_t: 0 undefined,
    // 1 joiner, 2 donor, 3 joined, 4 synced) and wsrep_ready ON/OFF; ready only at ON and 4.
    const cases: [string, number, Record<string, string>][] = [
      ['Synced, ready', 0, { wsrep_local_state: '4', wsrep_ready: 'ON' }],
      ['Synced, ready (other row order)', 0, { wsrep_ready: 'ON', wsrep_local_state: '4' }],
      ['cut off from the Primary component', 1, { wsrep_local_state: '0', wsrep_ready: 'OFF' }],
      ['joiner', 1, { wsrep_local_state: '1', wsrep_ready: 'OFF' }],
      ['donor (desynced, still serving)', 1, { wsrep_local_state: '2', wsrep_ready: 'ON' }],
      ['joined, catching up', 1, { wsrep_local_state: '3', wsrep_ready: 'ON' }],
      ['Synced but not ready', 1, { wsrep_local_state: '4', wsrep_ready: 'OFF' }],
      ['one value missing', 1, { wsrep_ready: 'ON' }],
      ['a value that only starts like 4', 1, { wsrep_local_state: '40', wsrep_ready: 'ON' }],
    ];
    test.each(cases)('%s → exit %d', (_name, exit, status) => {
      const r = runReadiness(status, { password: 's3cret' });
      expect(r.exit).toBe(exit);
      if (exit !== 0) expect(r.out).toMatch(/^not Synced: wsrep_ready=\S+ wsrep_local_state=\S+$/);
    });

    test('logs in as root over the unix socket with the root password Secret, option files ignored', () => {
      const r = runReadiness({ wsrep_local_state: '4', wsrep_ready: 'ON' }, { password: 's3cret' });
      expect(r.exit).toBe(0);
      expect(r.called[0]).toBe('s3cret');
      expect(r.called).toEqual(expect.arrayContaining(['--no-defaults', '--protocol=socket', '--user=root',
        "--execute=SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_ready', 'wsrep_local_state')"]));
      const env = findObject(objects, 'StatefulSet', 'orders-dc-a').spec.template.spec.containers[0].env;
      expect(env.map((e: any) => e.name)).toContain('MARIADB_ROOT_PASSWORD');
    });

    test('fails when the client fails or the password is missing', () => {
      expect(runReadiness({}, { exitCode: 1, password: 's3cret' })).toMatchObject({ exit: 1, out: 'ERROR 2002 (HY000): stand-in' });
      const noPassword = runReadiness({ wsrep_local_state: '4', wsrep_ready: 'ON' });
      expect(noPassword.exit).toBe(1);
      expect(noPassword.called).toEqual([]);
    });
  });

  test('the PDB counts garbd: 5 votes, at most 2 evicted', () => {
    const pdb = findObject(objects, 'PodDisruptionBudget', 'orders', 'cluster-wide');
    expect(pdb.spec.maxUnavailable).toBe(2);
    expect(pdb.spec.selector.matchExpressions[0].values).toEqual(['database', 'arbitrator']);
  });

  test('report: votes with garbd counted, survival per single-site and two-site loss', () => {
    expect(report).toContain('## Cluster `orders` (MariaDB Galera)');
    expect(report).toContain('| site | voters (data nodes) | arbitrators (no data) | votes (data nodes + garbd) |');
    expect(report).toContain('| dc-a | 2 | 0 | 2 |\n| dc-b | 2 | 0 | 2 |\n| dc-witness | 0 | 1 | 1 |\n| total | 4 | 1 | 5 |\n| quorum | - | - | 3 |');
    expect(report).toContain('| dc-b | 3 of 5 left (needs 3) | survives |');
    expect(report).toContain('| dc-b + dc-witness | 2 of 5 left (needs 3) | **halts** |');
    expect(report).toContain('- `gmcast.segment` per site: dc-a 0, dc-b 1, dc-witness 2');
    expect(report).toContain('every write set is delivered to every member of the primary component');
    expect(report).toContain('A data node is ready (and in the client Service) only while Synced (`wsrep_ready=ON`, `wsrep_local_state=4`)');
    expect(report).toContain('site_dc_witness{{"dc-witness (witness)<br/>orders: 1 arbitrator(s)"}}');
  });
});

describe('Galera designs that are refused or warned', () => {
  function galera(rttMillis: number, placement: (a: ActiveActiveSite, b: ActiveActiveSite, w: WitnessSite) => any[], image?: string) {
    const app = new MultiSiteApp({ outdir: tempOutdir() });
    const a = new ActiveActiveSite(app, 'dc-a', { controlPlaneNodes: 1 });
    const b = new ActiveActiveSite(app, 'dc-b', { controlPlaneNodes: 1 });
    const w = new WitnessSite(app, 'dc-witness', { controlPlaneNodes: 1 });
    app.addLink(a, b, Latency.ofRttMillis(rttMillis));
    app.addLink(a, w, Latency.ofRttMillis(4));
    app.addLink(b, w, Latency.ofRttMillis(4));
    const cluster = new DistributedSqlCluster(app, 'orders', {
      engine: SqlEngine.galera({ arbitratorImage: image ?? 'registry.example.com/garbd:26.4', memory: Size.gibibytes(4) }),
      placement: placement(a, b, w),
    });
    return { app, cluster };
  }
  const metro = (a: ActiveActiveSite, b: ActiveActiveSite, w: WitnessSite) => [
    { site: a, voters: 2 }, { site: b, voters: 2 }, { site: w, arbitrators: 1 },
  ];
  const ids = (app: MultiSiteApp, severity = 'error') => app.check().filter((f) => f.severity === severity && !f.acknowledgedBecause).map((f) => f.ruleId);

  test('data nodes 10 ms apart are refused, writing nothing', () => {
    const { app } = galera(10, metro);
    expect(ids(app)).toEqual(['MS-GALERA-LATENCY']);
    expect(() => app.synth()).toThrow('data nodes in dc-a and dc-b are 10 ms RTT apart, above the 5 ms bound.');
    expect(fs.readdirSync(app.outdir)).toEqual([]);
  });

  test('…unless accepted in code with a reason, which the report prints; the EVS timers then grow with the RTT', () => {
    const { app, cluster } = galera(10, metro);
    Acknowledge.rule(cluster, 'MS-GALERA-LATENCY', 'batch writes only; 10 ms commits measured acceptable');
    app.synth();
    const out = readTree(app.outdir);
    expect(out.get('REPORT.md')).toContain('Acknowledged because: batch writes only; 10 ms commits measured acceptable');
    expect(out.get('cluster-wide/kustomization.yaml')).toBeDefined();
  });

  test('2 + 2 data nodes with no arbitrator', () => {
    const { app } = galera(1, (a, b) => [{ site: a, voters: 2 }, { site: b, voters: 2 }]);
    expect(ids(app)).toEqual(['MS-QUORUM-SITE-LOSS', 'MS-QUORUM-SITE-LOSS', 'MS-THREE-FAULT-DOMAINS', 'MS-GALERA-EVEN-VOTES']);
    expect(app.check().find((f) => f.ruleId === 'MS-GALERA-EVEN-VOTES')!.message).toBe('orders has 4 votes and no arbitrator.');
  });

  test('all data in one site, arbitrators elsewhere: refused, since losing that site leaves votes and no database', () => {
    const { app } = galera(1, (a, b, w) => [{ site: a, voters: 1 }, { site: b, arbitrators: 1 }, { site: w, arbitrators: 1 }]);
    expect(ids(app)).toEqual(['MS-DATA-IN-TWO-SITES']);
    expect(app.check().find((f) => f.ruleId === 'MS-DATA-IN-TWO-SITES')!.message).toBe('every member of orders that holds data is in dc-a.');
    expect(() => app.synth()).toThrow(/MS-DATA-IN-TWO-SITES/);
    const none = galera(1, (a, b, w) => [{ site: a, arbitrators: 1 }, { site: b, arbitrators: 1 }, { site: w, arbitrators: 1 }]);
    expect(ids(none.app)).toContain('MS-DATA-IN-TWO-SITES');
    expect(() => none.app.synth()).toThrow('orders has arbitrators only; no member holds data.');
  });

  test('a two-site loss that leaves a majority of votes but no data node halts in the report', () => {
    const app = new MultiSiteApp({ outdir: tempOutdir() });
    const [a, b, c, d] = ['dc-a', 'dc-b', 'dc-c', 'dc-d'].map((s) => new ActiveActiveSite(app, s));
    const w = new WitnessSite(app, 'dc-witness');
    [a, b, c, d, w].forEach((x, i, all) => all.slice(i + 1).forEach((y) => app.addLink(x, y, Latency.ofRttMillis(1))));
    new DistributedSqlCluster(app, 'orders', {
      engine: SqlEngine.galera({ arbitratorImage: 'registry.example.com/garbd:26.4' }),
      placement: [
        { site: a, voters: 1 }, { site: b, voters: 1 },
        { site: c, arbitrators: 1 }, { site: d, arbitrators: 1 }, { site: w, arbitrators: 1 },
      ],
    });
    Acknowledge.rule(app, 'MS-GALERA-ARBITRATOR-SITE', 'test: arbitrators in active sites on purpose');
    app.synth();
    const data = JSON.parse(readTree(app.outdir).get('report.json')!);
    const lost = data.clusters[0].twoSiteLosses.find((s: any) => s.lost.join('+') === 'dc-a+dc-b');
    expect(lost).toMatchObject({ survives: false, dataMembersLeft: 0 });
    expect(lost.groups.every((g: any) => g.survives)).toBe(true);
    expect(readTree(app.outdir).get('REPORT.md')).toContain('| dc-a + dc-b | 3 of 5 left (needs 3) | **halts: no member with data left** |');
  });

  test('an arbitrator in an active site warns', () => {
    const { app } = galera(1, (a, b, w) => [{ site: a, voters: 1, arbitrators: 1 }, { site: b, voters: 2 }, { site: w, voters: 1 }]);
    expect(ids(app, 'warning')).toEqual(['MS-GALERA-ARBITRATOR-SITE']);
  });

  test('arbitrators need an image with garbd', () => {
    const app = new MultiSiteApp({ outdir: tempOutdir() });
    const sites = ['dc-a', 'dc-b'].map((s) => new ActiveActiveSite(app, s));
    const w = new WitnessSite(app, 'dc-witness');
    new DistributedSqlCluster(app, 'orders', {
      engine: SqlEngine.galera(),
      placement: [{ site: sites[0], voters: 1 }, { site: sites[1], voters: 1 }, { site: w, arbitrators: 1 }],
    });
    expect(ids(app)).toEqual(['MS-GALERA-ARBITRATOR-IMAGE']);
  });
});

describe('a replication TLS Secret the user provides', () => {
  test('APPLY.md names the three keys galera.cnf reads, each from a file', () => {
    const out = tempOutdir();
    const app = new MultiSiteApp({ outdir: out });
    const a = new ActiveActiveSite(app, 'dc-a');
    const b = new ActiveActiveSite(app, 'dc-b');
    const w = new WitnessSite(app, 'dc-witness');
    app.addLink(a, b, Latency.ofRttMillis(1));
    app.addLink(a, w, Latency.ofRttMillis(2));
    app.addLink(b, w, Latency.ofRttMillis(2));
    new DistributedSqlCluster(app, 'orders', {
      engine: SqlEngine.galera({ arbitratorImage: 'registry.example.com/garbd:26.4', tlsSecret: 'orders-tls' }),
      placement: [{ site: a, voters: 2 }, { site: b, voters: 2 }, { site: w, arbitrators: 1 }],
    });
    app.synth();
    const prerequisites = JSON.parse(fs.readFileSync(path.join(out, 'prerequisites.json'), 'utf-8'));
    const provided = JSON.stringify(prerequisites);
    expect(provided).toContain('"keys":["ca.crt","tls.crt","tls.key"]');
    expect(provided).toContain('kubectl -n orders create secret generic orders-tls --from-file=ca.crt=<path to ca.crt> --from-file=tls.crt=<path to tls.crt> --from-file=tls.key=<path to tls.key>');
  });
});

// A joiner waiting for a Primary Component answers on gcomm, not on SQL
// (test/failure-lab/galera-first-install.test.ts). One Kubernetes cluster per site: the bootstrap
// pod asks its site's pods on SQL, the other sites' on gcomm (the only port their policy opens
// across sites), and APPLY.md applies those sites after the bootstrap pod is Ready.
describe('first install with one Kubernetes cluster per site', () => {
  const perSiteOutdir = tempOutdir();
  const app = new MultiSiteApp({ outdir: perSiteOutdir, shape: DeploymentShape.clusterPerSite() });
  const site = (name: string, i: number) => ({
    clusterDomain: `${name}.cluster.example`, podCidrs: [`10.${i}.0.0/16`], clusterDnsAddress: `172.16.${i}.53`, dnsAddress: `198.51.100.${i}`,
  });
  const a = new ActiveActiveSite(app, 'dc-a', site('dc-a', 1));
  const b = new ActiveActiveSite(app, 'dc-b', site('dc-b', 2));
  const w = new WitnessSite(app, 'dc-w', site('dc-w', 3));
  app.addLink(a, b, Latency.ofRttMillis(1));
  app.addLink(a, w, Latency.ofRttMillis(2));
  app.addLink(b, w, Latency.ofRttMillis(2));
  new DistributedSqlCluster(app, 'orders', {
    engine: SqlEngine.galera({ arbitratorImage: 'example.com/garbd:1' }),
    placement: [{ site: a, voters: 2 }, { site: b, voters: 2 }, { site: w, arbitrators: 1 }],
  });
  app.synth();
  const perSiteObjects = readObjects(perSiteOutdir);
  const apply = fs.readFileSync(path.join(perSiteOutdir, 'APPLY.md'), 'utf8');

  test('the bootstrap pod asks its own site\'s pods on SQL (3306) and the other site\'s on gcomm (4567)', () => {
    const script = perSiteObjects.find((o) => o.obj.kind === 'StatefulSet' && o.obj.metadata.name === 'orders-dc-a')!.obj.spec.template.spec.containers[0].command[2] as string;
    const tries = [...script.matchAll(/<\/dev\/tcp\/([^.]+)\.[^/]+\/(\d+)"/g)].map((m) => `${m[1]}:${m[2]}`);
    expect(tries).toEqual(['orders-dc-a-1:3306', 'orders-dc-b-0:4567', 'orders-dc-b-1:4567']);
    // Across sites the policy admits the peer ports only: SQL from dc-a is not admitted.
    const policy = perSiteObjects.find((o) => o.file === 'dc-b/orders/networkpolicy-orders.yaml')!.obj;
    const fromDcA = policy.spec.ingress.filter((r: any) => r.from.some((p: any) => p.ipBlock?.cidr === '10.1.0.0/16'));
    expect(fromDcA.flatMap((r: any) => r.ports.map((p: any) => p.port))).toEqual([4567, 4568, 4444]);
  });

  test('APPLY.md: the bootstrap site first, its wait for the bootstrap pod before the other data site is applied', () => {
    const wait = apply.indexOf('kubectl -n orders wait --for=condition=Ready pod/orders-dc-a-0 --timeout=60m');
    const applyB = apply.indexOf('kubectl apply -k dc-b');
    expect(apply.indexOf('## 1. Cluster of site dc-a')).toBeGreaterThan(0);
    expect(wait).toBeGreaterThan(apply.indexOf('kubectl apply -k dc-a'));
    expect(applyB).toBeGreaterThan(wait);
    expect(apply).toContain('Apply the other sites\' clusters only after this step');
  });
});
