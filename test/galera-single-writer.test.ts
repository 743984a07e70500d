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
import { serverLines, writeOrder, writeSteps } from './support/haproxy-writes';
import { formatProblems, schemasAvailable, validateManifest } from './support/schema-validator';
import { evsTimeoutsFor } from '../lib/engines/galera/evs-timeouts';
import { routerPlan } from '../lib/engines/galera/router-plan';

const objectsOf = (outdir: string) => readObjects(outdir).map((x) => ({ ...x, folder: x.file.split(path.sep)[0] }));
const routerConfig = (objects: { obj: any }[], site: string) =>
  objects.find((o) => o.obj.kind === 'ConfigMap' && o.obj.metadata.name === `ledger-router-${site}`)!.obj.data['haproxy.cfg'] as string;
describe('single-writer routing in the example (two data sites, garbd in the witness, priority dc-b then dc-a)', () => {
  const outdir = tempOutdir();
  galeraSingleWriterDesign(outdir).synth();
  const objects = objectsOf(outdir);

  test.each(['dc-a', 'dc-b'])('the router of %s sends writes to one node, in priority order, one backend per step', (site) => {
    const config = routerConfig(objects, site);
    expect(writeOrder(config)).toEqual(['ledger-dc-b-0', 'ledger-dc-b-1', 'ledger-dc-a-0', 'ledger-dc-a-1']);
    expect(writeSteps(config)).toHaveLength(4);
    // Step 3: the two nodes above it track their checks and end dc-a-0's sessions when they come back.
    expect(serverLines(config, 'backend writes-3')).toEqual([
      expect.objectContaining({ name: 'ledger-dc-b-0', flags: 'no-check track writes-1/ledger-dc-b-0 on-marked-up shutdown-backup-sessions' }),
      expect.objectContaining({ name: 'ledger-dc-b-1', flags: 'no-check track writes-2/ledger-dc-b-1 on-marked-up shutdown-backup-sessions' }),
      expect.objectContaining({ name: 'ledger-dc-a-0', flags: 'backup' }),
    ]);
    // Only the first operational backup takes traffic unless allbackups is set (HAProxy 5.2 `backup`).
    expect(config.split('listen reads')[0]).not.toContain('allbackups');
    expect(config).toMatch(/default-server check port 9200 inter 8000ms rise 2 fall 3 on-marked-down shutdown-sessions /);
    expect(config).toContain('option httpchk GET /\n  http-check expect status 200');
    const reads = serverLines(config, 'listen reads');
    expect(reads.filter((r) => r.flags === '').map((r) => r.name)).toEqual([`ledger-${site}-0`, `ledger-${site}-1`]);
  });

  test('Debian\'s haproxy accepts every written configuration', () => {
    if (spawnSync('haproxy', ['-v']).status !== 0) {
      // The lab setup installs it (scripts/failure-lab-setup.sh), and .ci/run has it.
      process.stdout.write('galera-single-writer: haproxy -c not run: haproxy is not installed\n');
      return;
    }
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

  test('the replication certificate names the router Services and the public Service (TLS passes through the routers to the nodes)', () => {
    const cert = objects.find((o) => o.obj.kind === 'Certificate')!.obj;
    expect(cert.spec.dnsNames).toEqual(expect.arrayContaining(['ledger-writer-dc-a', 'ledger-reader-dc-b', 'ledger-writer-dc-b.ledger.svc.cluster.local', 'ledger-public', 'ledger-public.ledger.svc.cluster.local']));
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
    // Fail-back: rise 2 → 1 × 8 s at the soonest, 2 × (8 s + 5 s) = 26 s at the latest; routers may disagree for the difference, 18 s.
    expect(report).toContain('takes writes back after 2 passing checks, 8 s to 26 s after it is healthy');
    expect(report).toContain('for up to 18 s (the difference of those two times)');
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
    expect(writeOrder(config)).toEqual(['db-dc-b-0', 'db-dc-a-0']);
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

describe('writer VIPs: MetalLB layer 2 in front of each site\'s routers', () => {
  type Sites = { a: ActiveActiveSite; b: ActiveActiveSite; w: WitnessSite };
  function vipDesign(outdir: string, vips: (sites: Sites) => { site: any; address: string }[]) {
    const app = new MultiSiteApp({ outdir, shape: DeploymentShape.stretchedCluster() });
    const a = new ActiveActiveSite(app, 'dc-a');
    const b = new ActiveActiveSite(app, 'dc-b');
    const w = new WitnessSite(app, 'dc-w');
    app.addLink(a, b, Latency.ofRttMillis(1));
    app.addLink(a, w, Latency.ofRttMillis(2));
    app.addLink(b, w, Latency.ofRttMillis(2));
    new DistributedSqlCluster(app, 'db', {
      engine: SqlEngine.galera({ arbitratorImage: 'example.com/garbd:1', routing: GaleraRouting.singleWriter({ priority: [b, a], writerVips: vips({ a, b, w }) }) }),
      placement: [{ site: a, voters: 2 }, { site: b, voters: 2 }, { site: w, arbitrators: 1 }],
    });
    return app;
  }
  const outdir = tempOutdir();
  vipDesign(outdir, ({ a, b }) => [{ site: a, address: '10.1.0.50' }, { site: b, address: '10.2.0.50' }]).synth();
  const objects = objectsOf(outdir);
  const named = (kind: string, name: string) => objects.find((o) => o.obj.kind === kind && o.obj.metadata.name === name)!;

  test('each site gets a pool holding its /32, an L2Advertisement from its own nodes only, and a LoadBalancer Service on its routers', () => {
    for (const [site, address] of [['dc-a', '10.1.0.50'], ['dc-b', '10.2.0.50']]) {
      const pool = named('IPAddressPool', `db-writer-${site}`);
      expect(pool.folder).toBe(site);
      expect(pool.obj.metadata.namespace).toBe('metallb-system');
      expect(pool.obj.spec).toEqual({ addresses: [`${address}/32`], autoAssign: false });
      const adv = named('L2Advertisement', `db-writer-${site}`);
      expect(adv.obj.apiVersion).toBe('metallb.io/v1beta1');
      expect(adv.obj.spec).toEqual({ ipAddressPools: [`db-writer-${site}`], nodeSelectors: [{ matchLabels: { 'topology.kubernetes.io/zone': site } }] });
      const service = named('Service', `db-writer-${site}-vip`);
      expect(service.obj.metadata.annotations).toEqual({ 'metallb.io/address-pool': `db-writer-${site}`, 'metallb.io/loadBalancerIPs': address });
      expect(service.obj.spec).toMatchObject({ type: 'LoadBalancer', externalTrafficPolicy: 'Cluster', ports: [{ port: 3306, targetPort: 3306 }] });
      expect(service.obj.spec.selector).toMatchObject({ 'app.kubernetes.io/component': 'router', 'cdk-multisite/site': site });
    }
  });

  test('the objects validate against MetalLB v0.16.1\'s CRDs and Kubernetes\' schemas', () => {
    if (!schemasAvailable()) {
      process.stdout.write('galera-single-writer: VIP schema check not run: the schemas are not available\n');
      return;
    }
    const written = objects.filter((o) => ['IPAddressPool', 'L2Advertisement'].includes(o.obj.kind) || o.obj.metadata.name.endsWith('-vip') || o.obj.kind === 'NetworkPolicy');
    expect(written.length).toBeGreaterThanOrEqual(6);
    for (const o of written) expect(formatProblems(validateManifest(o.obj))).toBe('');
    // The check reads MetalLB's schema: a selector of the wrong shape is caught.
    const adv = named('L2Advertisement', 'db-writer-dc-a').obj;
    expect(validateManifest({ ...adv, spec: { ...adv.spec, nodeSelectors: { site: 'dc-a' } } })).not.toEqual([]);
  });

  test('the router NetworkPolicy admits VIP clients from any address on the writes port only', () => {
    const policy = named('NetworkPolicy', 'db-router-dc-a').obj;
    const fromAnywhere = policy.spec.ingress.filter((r: any) => r.from?.some((f: any) => f.ipBlock?.cidr === '0.0.0.0/0'));
    expect(fromAnywhere).toEqual([expect.objectContaining({ ports: [{ port: 3306, protocol: 'TCP' }] })]);
  });

  test('REPORT.md names each site\'s VIP and says layer 2 does not cross sites', () => {
    const report = fs.readFileSync(path.join(outdir, 'REPORT.md'), 'utf-8');
    expect(report).toContain('Writer VIPs (MetalLB layer 2): dc-a `10.1.0.50` (Service `db-writer-dc-a-vip`), dc-b `10.2.0.50` (Service `db-writer-dc-b-vip`)');
    expect(report).toContain('layer 2 does not cross sites');
  });

  test('one cluster per site: the advertisement needs no node selector (every node of the cluster is in the site)', () => {
    const perSite = tempOutdir();
    const app = new MultiSiteApp({ outdir: perSite, shape: DeploymentShape.clusterPerSite() });
    const site = (name: string, i: number) => new ActiveActiveSite(app, name, {
      clusterDomain: `${name}.example.internal`, podCidrs: [`10.${i}.0.0/16`], clusterDnsAddress: `10.0.${i}.53`,
    });
    const a = site('dc-a', 1);
    const b = site('dc-b', 2);
    const w = new WitnessSite(app, 'dc-witness', { clusterDomain: 'dc-witness.example.internal', podCidrs: ['10.4.0.0/16'], clusterDnsAddress: '10.0.4.53' });
    app.addLink(a, b, Latency.ofRttMillis(1));
    app.addLink(a, w, Latency.ofRttMillis(2));
    app.addLink(b, w, Latency.ofRttMillis(2));
    new DistributedSqlCluster(app, 'db', {
      engine: SqlEngine.galera({ arbitratorImage: 'example.com/garbd:1', routing: GaleraRouting.singleWriter({ writerVips: [{ site: b, address: '10.2.0.50' }] }) }),
      placement: [{ site: a, voters: 2 }, { site: b, voters: 2 }, { site: w, arbitrators: 1 }],
    });
    app.synth();
    const adv = objectsOf(perSite).filter((o) => o.obj.kind === 'L2Advertisement');
    expect(adv.map((o) => [o.folder, o.obj.spec])).toEqual([['dc-b', { ipAddressPools: ['db-writer-dc-b'] }]]);
  });

  test('no VIP: no MetalLB object', () => {
    const plain = tempOutdir();
    vipDesign(plain, () => []).synth();
    expect(readObjects(plain).filter((o) => o.obj.apiVersion?.startsWith('metallb.io/'))).toEqual([]);
  });

  test('bad inputs: a site twice, one address in two sites, not an address, a namespace; a VIP in a site without data nodes is refused at synth', () => {
    expect(() => vipDesign(tempOutdir(), ({ a }) => [{ site: a, address: '10.1.0.50' }, { site: a, address: '10.1.0.51' }]))
      .toThrow('GaleraRouting.singleWriter: writerVips names site dc-a twice; a site\'s routers take one writer address.');
    expect(() => vipDesign(tempOutdir(), ({ a, b }) => [{ site: a, address: '10.1.0.50' }, { site: b, address: '10.1.0.50' }]))
      .toThrow('GaleraRouting.singleWriter: writerVips gives address 10.1.0.50 to sites dc-a and dc-b; MetalLB layer 2 moves an address only between the nodes of one L2 segment, and each site is its own');
    expect(() => vipDesign(tempOutdir(), ({ a }) => [{ site: a, address: '10.1.0.0/24' }]))
      .toThrow('GaleraRouting.singleWriter: writerVips[0].address "10.1.0.0/24" is not a unicast IPv4 address (MetalLB layer 2 holds one /32 per site).');
    expect(() => GaleraRouting.singleWriter({ metallbNamespace: 'MetalLB' }))
      .toThrow('GaleraRouting.singleWriter: metallbNamespace "MetalLB" is not a namespace name (DNS label).');
    const findings = vipDesign(tempOutdir(), ({ w }) => [{ site: w, address: '10.3.0.50' }]).check();
    expect(findings.find((f) => f.ruleId === 'MS-GALERA-WRITER-PRIORITY')?.message)
      .toBe('routing writerVips names site dc-w, which holds no data node of the cluster, so no router runs there (routers in dc-b, dc-a).');
  });
});
