import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as fc from 'fast-check';
import {
  Acknowledge, ActiveActiveSite, CassandraConsistency, CassandraOptions, DeploymentShape, DistributedSqlCluster,
  Latency, MultiSiteApp, Site, SqlEngine, WitnessSite,
} from '../lib';
import { findObject, readObjects, readTree, tempOutdir } from './support/designs';
import { EXAMPLE_DESIGNS } from './support/examples';
import { formatProblems, schemasAvailable, validateManifest } from './support/schema-validator';
import { analyzeDesign } from '../lib/check/analyze-design';
import { CassandraAnalysis } from '../lib/engines/cassandra/analysis';
import { buildDesign } from '../lib/synth/build-design';

interface DcSpec {
  readonly name: string;
  readonly nodes: number;
  readonly podCidr?: string;
}

/** Data sites dc-0…, each its own Kubernetes cluster with a /16 of pods, plus a control-plane witness; fully linked at 10 ms. */
function cassandraApp(
  dcs: readonly DcSpec[],
  options: (sites: Map<string, Site>) => CassandraOptions = () => ({}),
  shape = DeploymentShape.clusterPerSite(),
): MultiSiteApp {
  const app = new MultiSiteApp({ outdir: tempOutdir(), shape });
  const sites = new Map<string, Site>();
  dcs.forEach((d, i) => sites.set(d.name, new ActiveActiveSite(app, d.name, { clusterDomain: `${d.name}.example`, podCidrs: [d.podCidr ?? `10.${i}.0.0/16`], clusterDnsAddress: `192.0.2.${i + 1}` })));
  sites.set('control', new WitnessSite(app, 'control', { clusterDomain: 'control.example', podCidrs: ['10.99.0.0/16'] }));
  const all = [...sites.values()];
  for (let i = 0; i < all.length; i++) for (let j = i + 1; j < all.length; j++) app.addLink(all[i], all[j], Latency.ofRttMillis(10));
  new DistributedSqlCluster(app, 'cass', {
    engine: SqlEngine.cassandra(options(sites)),
    placement: dcs.map((d) => ({ site: sites.get(d.name)!, voters: d.nodes })),
  });
  return app;
}

function analysisOf(app: MultiSiteApp): CassandraAnalysis {
  return analyzeDesign(buildDesign(app, app.shape, (app as any).links)).analyses[0].details as CassandraAnalysis;
}

/** Synthesizes, expecting a refusal; returns the message. */
function refusal(app: MultiSiteApp): string {
  try {
    app.synth();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('synth accepted the design');
}

const errorIds = (message: string) => [...new Set([...message.matchAll(/\[ERROR\] (MS-[A-Z0-9-]+)/g)].map((m) => m[1]))].sort();

describe('the cassandra-multi-dc example', () => {
  const outdir = tempOutdir();
  EXAMPLE_DESIGNS['cassandra-multi-dc'](outdir).synth();
  const objects = readObjects(outdir);
  const files = readTree(outdir);

  test('writes the K8ssandraCluster in the control plane with a datacenter per data site, racks pinned to zones', () => {
    const kc = findObject(objects, 'K8ssandraCluster', 'cassandra', 'dc-control');
    expect(kc.spec.cassandra.datacenters.map((d: any) => [d.metadata.name, d.k8sContext, d.size])).toEqual([['dc-east', 'k8s-east', 3], ['dc-west', 'k8s-west', 3]]);
    expect(kc.spec.cassandra.datacenters[0].racks[1]).toEqual({ name: 'us-east-1b', nodeAffinityLabels: { 'topology.kubernetes.io/zone': 'us-east-1b' } });
    expect(JSON.parse(kc.metadata.annotations['k8ssandra.io/dc-replication'])).toEqual({ 'dc-east': { orders: 3, sessions: 3 }, 'dc-west': { orders: 3, sessions: 3 } });
    expect(kc.spec.cassandra.serverEncryptionStores.keystorePasswordSecretRef).toEqual({ name: 'cassandra-keystore-password', key: 'password' });
    expect(kc.spec.cassandra.config.cassandraYaml.server_encryption_options.internode_encryption).toBe('all');
    expect(objects.filter((o) => o.obj.kind === 'K8ssandraCluster').map((o) => o.file.split('/')[0])).toEqual(['dc-control']);
  });

  test('each data site gets the JKS stores from cert-manager and a policy admitting only the peer datacenter on 7000', () => {
    const cert = findObject(objects, 'Certificate', 'cassandra-encryption-stores', 'dc-west');
    expect(cert.spec.keystores.jks).toEqual({ create: true, passwordSecretRef: { name: 'cassandra-keystore-password', key: 'password' } });
    const policy = findObject(objects, 'NetworkPolicy', 'cassandra', 'dc-west');
    const from7000 = policy.spec.ingress.filter((r: any) => r.ports.some((p: any) => p.port === 7000)).flatMap((r: any) => r.from);
    expect(from7000.filter((f: any) => f.ipBlock).map((f: any) => f.ipBlock.cidr)).toEqual(['10.200.0.0/16']);
    const from8080 = policy.spec.ingress.filter((r: any) => r.ports.some((p: any) => p.port === 8080)).flatMap((r: any) => r.from);
    expect(from8080.filter((f: any) => f.ipBlock).map((f: any) => f.ipBlock.cidr)).toEqual(['10.210.0.0/16']);
    expect(objects.filter((o) => o.obj.kind === 'PodDisruptionBudget')).toEqual([]);
  });

  test('the report has the loss table, the seed hazard and the runbook', () => {
    const report = files.get('REPORT.md')!;
    expect(report).toContain('| dc-east lost | dc-west | dc-west | dc-west | dc-west | dc-west | dc-west | **none** | **none** | **none** | **none** |');
    expect(report).toContain('k8ssandra-operator #1546');
    expect(files.get('RUNBOOK-cassandra.md')).toContain('source_datacenter: dc-west');
    expect(files.get('KEYSPACES-cassandra.cql')).toContain('CREATE KEYSPACE IF NOT EXISTS "orders" WITH replication = {\'class\': \'NetworkTopologyStrategy\', \'dc-east\': 3, \'dc-west\': 3};');
  });

  (schemasAvailable() ? test : test.skip)('every object validates strictly against the upstream schemas', () => {
    expect(objects.length).toBeGreaterThanOrEqual(9);
    for (const { file, obj } of objects) expect(`${file}: ${formatProblems(validateManifest(obj))}`).toBe(`${file}: `);
  });

  test('kubectl kustomize builds every site folder', () => {
    for (const site of ['dc-east', 'dc-west', 'dc-control']) {
      const out = execFileSync('kubectl', ['kustomize', path.join(outdir, site)], { encoding: 'utf-8' });
      expect(out).toContain('kind: Namespace');
    }
    expect(fs.readdirSync(outdir).filter((f) => !f.startsWith('.')).sort()).toEqual(['APPLY.md', 'KEYSPACES-cassandra.cql', 'REPORT.md', 'RESTORE-cassandra.md', 'RUNBOOK-cassandra.md', 'dc-control', 'dc-east', 'dc-west', 'prerequisites.json', 'report.json']);
  });
});

describe('commit floors at the write level', () => {
  test.each([
    [CassandraConsistency.LOCAL_QUORUM, 0],
    [CassandraConsistency.QUORUM, 10],
    [CassandraConsistency.EACH_QUORUM, 10],
    [CassandraConsistency.ALL, 10],
  ])('%s over three datacenters of RF 3, 10 ms apart: %d ms', (write, floor) => {
    const app = cassandraApp([{ name: 'dc-a', nodes: 3 }, { name: 'dc-b', nodes: 3 }, { name: 'dc-c', nodes: 3 }], () => ({ writeConsistency: write }));
    expect(analyzeDesign(buildDesign(app, app.shape, (app as any).links)).analyses[0].commitFloorMillis.get('dc-a')).toBe(floor);
  });
});

describe('refusals', () => {
  const two = [{ name: 'dc-a', nodes: 3 }, { name: 'dc-b', nodes: 3 }];

  test('QUORUM writes over two datacenters cannot survive either loss; acknowledged as a trade-off, synth proceeds', () => {
    const app = cassandraApp(two, () => ({ writeConsistency: CassandraConsistency.QUORUM }));
    const message = refusal(app);
    expect(errorIds(message)).toEqual(['MS-CASSANDRA-CONSISTENCY-SITE-LOSS']);
    expect(message).toContain('[ERROR] MS-CASSANDRA-CONSISTENCY-SITE-LOSS at cass: losing dc-a leaves no datacenter where writes at QUORUM succeed.');
    expect(message).toContain('losing dc-b leaves no datacenter where writes at QUORUM succeed.');
    expect(message).toContain('fix: Use LOCAL_QUORUM for writes (each datacenter answers on its own; writes reach the others asynchronously, RPO > 0), or add a datacenter so that QUORUM still finds enough replicas without any one site; acknowledge MS-CASSANDRA-CONSISTENCY-SITE-LOSS to accept the outage.');
    Acknowledge.rule(app.node.findChild('cass'), 'MS-CASSANDRA-CONSISTENCY-SITE-LOSS', 'writes stop while a datacenter is down; reads continue');
    expect(() => app.synth()).not.toThrow();
  });

  test('QUORUM over three datacenters of RF 3 survives any one loss (6 of 9 left, 5 needed)', () => {
    const app = cassandraApp([...two, { name: 'dc-c', nodes: 3 }], () => ({ readConsistency: CassandraConsistency.QUORUM, writeConsistency: CassandraConsistency.QUORUM }));
    expect(app.check().filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('EACH_QUORUM reads', () => {
    const message = refusal(cassandraApp(two, () => ({ readConsistency: CassandraConsistency.EACH_QUORUM })));
    expect(message).toContain('losing dc-a leaves no datacenter where reads at EACH_QUORUM succeed.');
  });

  test('LOCAL_QUORUM in a datacenter that keeps no replica of a keyspace', () => {
    const message = refusal(cassandraApp(two, (s) => ({ keyspaces: [{ name: 'orders', perSite: [{ site: s.get('dc-b')!, replicationFactor: 0 }] }] })));
    expect(message).toContain('losing dc-a leaves no datacenter where reads at LOCAL_QUORUM succeed.');
    expect(message).toContain('fix: Give the keyspaces replicas in the other datacenters (replicationFactor ≥ 1 there), so that clients that fail over find a local quorum.');
  });

  test('more replicas than nodes', () => {
    const message = refusal(cassandraApp(two, () => ({ keyspaces: [{ name: 'orders', replicationFactor: 4 }] })));
    expect(errorIds(message)).toContain('MS-CASSANDRA-REPLICAS-EXCEED-NODES');
    expect(message).toContain('[ERROR] MS-CASSANDRA-REPLICAS-EXCEED-NODES at cass: keyspace orders asks for 4 replicas in dc-a, which has 3 node(s).');
    expect(message).toContain('fix: Lower orders\'s replication factor in dc-a to at most 3, or place 4 voters (nodes) there.');
  });

  test('two racks for three replicas', () => {
    const message = refusal(cassandraApp(two, (s) => ({ racks: [{ site: s.get('dc-a')!, zones: ['z1', 'z2'] }] })));
    expect(errorIds(message)).toEqual(['MS-CASSANDRA-RACKS']);
    expect(message).toContain('[ERROR] MS-CASSANDRA-RACKS at cass: dc-a has 2 racks for up to 3 replicas per row.');
    expect(message).toContain('fix: Give dc-a one rack, or at least 3 (one per zone), or lower the replication factor there to 2.');
  });

  test('two replicas in a datacenter of three: a warning, and one drained pod per datacenter stops LOCAL_QUORUM there', () => {
    const app = cassandraApp(two, (s) => ({ keyspaces: [{ name: 'orders', perSite: [{ site: s.get('dc-a')!, replicationFactor: 2 }] }] }));
    const findings = app.check();
    expect(findings.find((f) => f.ruleId === 'MS-CASSANDRA-REPLICATION-FACTOR')).toMatchObject({
      severity: 'warning',
      message: 'keyspace orders keeps 2 replica(s) in dc-a, which has 3 nodes.',
      fix: 'Set replicationFactor 3 for orders in dc-a (perSite), or acknowledge MS-CASSANDRA-REPLICATION-FACTOR if dc-a is not meant to serve orders.',
    });
    expect(errorIds(refusal(app))).toEqual(['MS-CASSANDRA-DISRUPTION-BUDGET']);
    expect(findings.find((f) => f.ruleId === 'MS-CASSANDRA-DISRUPTION-BUDGET')!.message)
      .toBe('with one pod drained in every datacenter, LOCAL_QUORUM coordinated in dc-a fails for keyspace orders.');
  });

  test('the control plane in a data site is a warning', () => {
    const findings = cassandraApp(two, (s) => ({ controlPlane: s.get('dc-a') })).check();
    expect(findings.find((f) => f.ruleId === 'MS-CASSANDRA-CONTROL-PLANE')).toMatchObject({
      severity: 'warning',
      message: 'the control plane of cass runs in dc-a, which holds a datacenter.',
    });
  });

  test('overlapping pod CIDRs are refused (seeds are pod IPs)', () => {
    const message = refusal(cassandraApp([{ name: 'dc-a', nodes: 3, podCidr: '10.1.0.0/16' }, { name: 'dc-b', nodes: 3, podCidr: '10.1.128.0/17' }]));
    expect(errorIds(message)).toEqual(['MS-CIDR-OVERLAP']);
    expect(message).toContain('[ERROR] MS-CIDR-OVERLAP at dc-b: dc-a\'s pod CIDR 10.1.0.0/16 overlaps dc-b\'s pod CIDR 10.1.128.0/17.');
  });

  test('a datacenter without pod CIDRs is refused', () => {
    const app = new MultiSiteApp({ outdir: tempOutdir(), shape: DeploymentShape.clusterPerSite() });
    const a = new ActiveActiveSite(app, 'dc-a', { clusterDomain: 'a.example', podCidrs: ['10.1.0.0/16'] });
    const b = new ActiveActiveSite(app, 'dc-b', { clusterDomain: 'b.example' });
    app.addLink(a, b, Latency.ofRttMillis(5));
    new DistributedSqlCluster(app, 'cass', { engine: SqlEngine.cassandra(), placement: [{ site: a, voters: 3 }, { site: b, voters: 3 }] });
    expect(refusal(app)).toContain('[ERROR] MS-PEER-POD-CIDRS at dc-b: dc-b holds database members but declares no pod CIDRs.');
  });

  test('a stretched cluster', () => {
    const message = refusal(cassandraApp(two, () => ({}), DeploymentShape.stretchedCluster()));
    expect(message).toContain('[ERROR] MS-CASSANDRA-CLUSTER-PER-SITE at cass: cass is declared in one stretched Kubernetes cluster.');
  });

  test('options wrong on their own throw at the factory', () => {
    expect(() => SqlEngine.cassandra({ writeConsistency: CassandraConsistency.SERIAL }))
      .toThrow('SqlEngine.cassandra: writeConsistency SERIAL is only for the Paxos phase of lightweight transactions; Cassandra rejects it for writes. Use QUORUM or LOCAL_QUORUM.');
    expect(() => SqlEngine.cassandra({ keyspaces: [{ name: 'system_x' }] })).toThrow('keyspace name "system_x" must be 1–48 letters');
    expect(() => SqlEngine.cassandra({ keyspaces: [{ name: 'a' }, { name: 'a' }] })).toThrow('SqlEngine.cassandra: keyspace a is listed twice.');
  });
});

// ---- The model: Cassandra's documented consistency levels, brute-forced over replies per datacenter ----
// Per the Cassandra docs (architecture/dynamo, "Tunable consistency"): ONE/TWO/THREE need that many
// replies from any datacenters; QUORUM and SERIAL a majority of all replicas; ALL every replica;
// LOCAL_ONE one reply and LOCAL_QUORUM/LOCAL_SERIAL a majority of the replicas in the coordinator's
// datacenter; EACH_QUORUM a majority of the replicas in each datacenter.

type Counts = readonly number[];

function acknowledges(cl: CassandraConsistency, rf: Counts, replies: Counts, coordinator: number): boolean {
  const sum = (xs: Counts) => xs.reduce((a, b) => a + b, 0);
  const maj = (n: number) => Math.floor(n / 2) + 1;
  switch (cl) {
    case CassandraConsistency.ONE: return sum(replies) >= 1;
    case CassandraConsistency.TWO: return sum(replies) >= 2;
    case CassandraConsistency.THREE: return sum(replies) >= 3;
    case CassandraConsistency.QUORUM:
    case CassandraConsistency.SERIAL: return sum(replies) >= maj(sum(rf));
    case CassandraConsistency.ALL: return replies.every((r, d) => r === rf[d]);
    case CassandraConsistency.LOCAL_ONE: return replies[coordinator] >= 1;
    case CassandraConsistency.LOCAL_QUORUM:
    case CassandraConsistency.LOCAL_SERIAL: return replies[coordinator] >= maj(rf[coordinator]);
    case CassandraConsistency.EACH_QUORUM: return replies.every((r, d) => rf[d] === 0 || r >= maj(rf[d]));
  }
  throw new Error(cl);
}

/** Every vector of replies with 0 ≤ replies[d] ≤ left[d]. */
function* replyVectors(left: Counts): Generator<number[]> {
  if (left.length === 0) {
    yield [];
    return;
  }
  for (const rest of replyVectors(left.slice(1))) for (let k = 0; k <= left[0]; k++) yield [k, ...rest];
}

/** Whether some set of replies from the replicas left acknowledges `cl` at a coordinator in datacenter `c`. */
function someReplies(cl: CassandraConsistency, rf: Counts, left: Counts, c: number): boolean {
  return [...replyVectors(left)].some((v) => acknowledges(cl, rf, v, c));
}

const LEVELS = Object.values(CassandraConsistency);

describe('the loss table equals a brute force over the replicas left per datacenter', () => {
  test('random datacenters, sizes, replicas and levels', () => {
    const design = fc.integer({ min: 2, max: 4 }).chain((n) => fc.record({
      sizes: fc.array(fc.integer({ min: 1, max: 5 }), { minLength: n, maxLength: n }),
      rfs: fc.array(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: n, maxLength: n }), { minLength: 1, maxLength: 2 }),
      write: fc.constantFrom(...LEVELS.filter((l) => l !== CassandraConsistency.SERIAL && l !== CassandraConsistency.LOCAL_SERIAL)),
    }));
    fc.assert(fc.property(design, ({ sizes, rfs, write }) => {
      const names = sizes.map((_, i) => `dc-${i}`);
      const rf = rfs.map((r) => r.map((x, d) => Math.min(x, sizes[d])));
      // A keyspace with no replica anywhere stores nothing; what Cassandra does with it is not what this property is about.
      fc.pre(rf.every((r) => r.some((x) => x > 0)));
      const app = cassandraApp(names.map((name, i) => ({ name, nodes: sizes[i] })), (s) => ({
        writeConsistency: write,
        keyspaces: rf.map((r, k) => ({ name: `ks${k}`, perSite: r.map((x, d) => ({ site: s.get(names[d])!, replicationFactor: x })) })),
      }));
      const details = analysisOf(app);
      const losses = analyzeDesign(buildDesign(app, app.shape, (app as any).links)).analyses[0].singleSiteLosses;
      for (const scenario of details.scenarios) {
        const lost = scenario.site === undefined ? -1 : names.indexOf(scenario.site);
        const side = (d: number) => (scenario.kind === 'partition' ? (d === lost) : true);
        for (const cl of LEVELS) {
          const expected = names.filter((_, c) => {
            if (scenario.kind === 'loss' && c === lost) return false;
            const left = (r: Counts) => r.map((x, d) => ((scenario.kind === 'loss' && d === lost) || side(d) !== side(c) ? 0 : x));
            return rf.every((r) => someReplies(cl, r, left(r), c));
          });
          expect(`${scenario.kind} ${scenario.site} ${cl}: ${scenario.servesFrom.get(cl)!.join(',')}`)
            .toBe(`${scenario.kind} ${scenario.site} ${cl}: ${expected.join(',')}`);
        }
      }
      // RPO > 0 when some acknowledgement at the write level can come from the lost datacenter alone.
      names.forEach((site, s) => {
        const repliesOnlyFromS = (r: Counts) => r.map((x, d) => (d === s ? x : 0));
        const onlyHere = rf.some((r) => names.some((_, c) => someReplies(write, r, repliesOnlyFromS(r), c)));
        expect(`${site}: ${losses.find((l) => l.lost.join() === site)!.mayLoseWrites}`).toBe(`${site}: ${onlyHere}`);
      });
    }), { numRuns: 150 });
  });
});
