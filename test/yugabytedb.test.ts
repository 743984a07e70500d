import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { yugabyteThreeRegionsDesign } from '../examples/yugabytedb-three-regions/design';
import { Acknowledge, DeploymentShape, Severity, Site, SqlEngine } from '../lib';
import { findObject, readObjects, readTree, tempOutdir } from './support/designs';
import { formatProblems, schemasAvailable, validateManifest } from './support/schema-validator';
import { yugabyteDesign, YbSiteSpec } from './support/yugabyte-designs';
import { analyzeDesign } from '../lib/check/analyze-design';
import { missedHeartbeatPeriods } from '../lib/engines/yugabytedb/heartbeat';
import { buildDesign } from '../lib/synth/build-design';

const THREE: YbSiteSpec[] = [{ name: 'a', tservers: 3 }, { name: 'b', tservers: 2 }, { name: 'c', tservers: 1, witness: true }];
const MASTERS = 'yb-a-master-0.yb-a-masters.yb.svc.a.example:7100,yb-b-master-0.yb-b-masters.yb.svc.b.example:7100,yb-c-master-0.yb-c-masters.yb.svc.c.example:7100';

const args = (sts: any): string[] => sts.spec.template.spec.containers[0].args;
const flag = (sts: any, name: string): string | undefined => args(sts).find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
const errorIds = (app: { check(): { ruleId: string; severity: Severity; acknowledgedBecause?: string }[] }) =>
  app.check().filter((f) => f.severity === Severity.ERROR && f.acknowledgedBecause === undefined).map((f) => f.ruleId);

function hasKubectl(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

describe('the yugabytedb-three-regions example', () => {
  const outdir = tempOutdir();
  const app = yugabyteThreeRegionsDesign(outdir);
  app.synth();
  const objects = readObjects(outdir);
  const sites = ['eu-west', 'eu-central', 'eu-north'];

  test('synthesizes with no error and no open warning', () => {
    expect(app.check().filter((f) => f.severity === Severity.ERROR || !f.acknowledgedBecause).map((f) => f.ruleId)).toEqual([]);
  });

  (schemasAvailable() ? test : test.skip)('every object validates strictly against ../shared/schemas', () => {
    expect(objects.length).toBeGreaterThan(30);
    for (const { file, obj } of objects) expect(`${file}: ${formatProblems(validateManifest(obj))}`).toBe(`${file}: `);
  });

  (hasKubectl() ? test : test.skip)('kubectl kustomize builds each site folder', () => {
    for (const site of sites) {
      const built = execFileSync('kubectl', ['kustomize', path.join(outdir, site)], { encoding: 'utf-8' });
      expect(built).toContain(`name: ybdb-${site}-master`);
      expect(built).toContain(`name: ybdb-${site}-tserver`);
    }
  });

  test('one master per site, the tservers placed there, both pinned by their site\'s flags', () => {
    for (const site of sites) {
      const masters = objects.filter((o) => o.obj.kind === 'StatefulSet' && o.file.startsWith(`${site}/`)
        && o.obj.metadata.labels['app.kubernetes.io/component'] === 'master');
      expect(masters.map((m) => [m.obj.metadata.name, m.obj.spec.replicas])).toEqual([[`ybdb-${site}-master`, 1]]);
      const tserver = findObject(objects, 'StatefulSet', `ybdb-${site}-tserver`, site);
      expect(tserver.spec.replicas).toBe(3);
      for (const sts of [masters[0].obj, tserver]) {
        expect([flag(sts, 'placement_cloud'), flag(sts, 'placement_region'), flag(sts, 'placement_zone')]).toEqual(['cloud1', site, site]);
        expect(flag(sts, 'leader_failure_max_missed_heartbeat_periods')).toBe('10');
      }
      const all = sites.map((s) => `ybdb-${s}-master-0.ybdb-${s}-masters.ybdb.svc.${s}.cluster.example:7100`).join(',');
      expect(flag(masters[0].obj, 'master_addresses')).toBe(all);
      expect(flag(masters[0].obj, 'replication_factor')).toBe('3');
      expect(flag(tserver, 'tserver_master_addrs')).toBe(all);
      expect(flag(tserver, 'server_broadcast_addresses')).toBe(`$(POD_NAME).ybdb-${site}-tservers.ybdb.svc.${site}.cluster.example:9100`);
    }
  });

  test('the placement Job runs modify_placement_info, then set_preferred_zones, in one site only', () => {
    const jobs = objects.filter((o) => o.obj.kind === 'Job');
    expect(jobs.map((j) => j.file)).toEqual(['eu-west/ybdb/job-ybdb-placement.yaml']);
    const script: string = jobs[0].obj.spec.template.spec.containers[0].command[2];
    const masters = sites.map((s) => `ybdb-${s}-master-0.ybdb-${s}-masters.ybdb.svc.${s}.cluster.example:7100`).join(',');
    const base = `/home/yugabyte/tserver/bin/yb-admin -master_addresses ${masters} -certs_dir_name /opt/certs/yugabyte`;
    const commands = script.split('\n').filter((l) => l.includes('yb-admin')).map((l) => l.replace(/^ *if (.*); then ok=1; break; fi$/, '$1'));
    expect(commands).toEqual([
      `${base} modify_placement_info cloud1.eu-west.eu-west,cloud1.eu-central.eu-central,cloud1.eu-north.eu-north 3`,
      `${base} set_preferred_zones cloud1.eu-central.eu-central:1 cloud1.eu-west.eu-west:2`,
    ]);
  });

  test('TLS node-to-node and client-to-server, from the cert-manager Secret under the names --cert_node_filename gives', () => {
    const tserver = findObject(objects, 'StatefulSet', 'ybdb-eu-north-tserver', 'eu-north');
    for (const f of ['use_node_to_node_encryption', 'use_client_to_server_encryption']) expect(flag(tserver, f)).toBe('true');
    expect(flag(tserver, 'allow_insecure_connections')).toBe('false');
    expect(flag(tserver, 'certs_dir')).toBe('/opt/certs/yugabyte');
    expect(flag(tserver, 'certs_for_client_dir')).toBe('/opt/certs/yugabyte');
    expect(flag(tserver, 'cert_node_filename')).toBe('server');
    const volume = tserver.spec.template.spec.volumes.find((v: any) => v.name === 'certs');
    expect(volume.secret.secretName).toBe('ybdb-yugabyte-tls');
    expect(volume.secret.items).toEqual([
      { key: 'ca.crt', path: 'ca.crt' }, { key: 'tls.crt', path: 'node.server.crt' }, { key: 'tls.key', path: 'node.server.key' },
    ]);
    const master = findObject(objects, 'StatefulSet', 'ybdb-eu-north-master', 'eu-north');
    expect(flag(master, 'use_node_to_node_encryption')).toBe('true');
    expect(flag(master, 'use_client_to_server_encryption')).toBeUndefined();
    for (const site of sites) {
      const cert = findObject(objects, 'Certificate', 'ybdb-yugabyte-tls', site);
      expect(cert.spec.dnsNames).toContain(`*.ybdb-${site}-tservers.ybdb.svc.${site}.cluster.example`);
      expect(cert.spec.dnsNames).toContain('*.ybdb-eu-west-masters.ybdb.svc.eu-west.cluster.example');
      expect(cert.spec.issuerRef.name).toBe('ybdb-ca');
    }
  });

  test('disruption budgets split one master and one tserver eviction over the three clusters', () => {
    const budget = (name: string, site: string) => findObject(objects, 'PodDisruptionBudget', name, site).spec.maxUnavailable;
    expect(sites.map((s) => budget('ybdb-masters', s))).toEqual([1, 0, 0]);
    expect(sites.map((s) => budget('ybdb', s))).toEqual([1, 0, 0]);
    expect(findObject(objects, 'PodDisruptionBudget', 'ybdb-masters', 'eu-west').spec.selector.matchLabels['app.kubernetes.io/component']).toBe('master');
  });

  test('NetworkPolicies admit the masters\' and tservers\' RPC from the other regions, YSQL from the client namespace', () => {
    const masters = findObject(objects, 'NetworkPolicy', 'ybdb-masters', 'eu-west');
    const fromCidr = (policy: any, cidr: string) => policy.spec.ingress
      .filter((r: any) => r.from.some((f: any) => f.ipBlock?.cidr === cidr))
      .flatMap((r: any) => r.ports.map((p: any) => p.port));
    expect(fromCidr(masters, '10.42.0.0/16')).toEqual([7100, 7000]);
    expect(fromCidr(masters, '10.41.0.0/16')).toEqual([]);
    const tservers = findObject(objects, 'NetworkPolicy', 'ybdb', 'eu-west');
    expect(fromCidr(tservers, '10.43.0.0/16')).toEqual([9100, 9000]);
    const fromApp = tservers.spec.ingress.filter((r: any) => r.from.some((f: any) => f.namespaceSelector?.matchLabels?.['kubernetes.io/metadata.name'] === 'app'));
    expect(fromApp.flatMap((r: any) => r.ports.map((p: any) => p.port))).toEqual([5433]);
  });

  test('the pods run as uid 10001 under Pod Security restricted', () => {
    for (const { obj } of objects.filter((o) => o.obj.kind === 'StatefulSet' || o.obj.kind === 'Job')) {
      const pod = obj.spec.template.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 10001, fsGroup: 10001 });
      for (const c of pod.containers) {
        expect(c.securityContext).toMatchObject({ allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] }, seccompProfile: { type: 'RuntimeDefault' } });
      }
    }
  });

  test('the report gives the votes, the floors from the preferred leader site, and the heartbeat setting', () => {
    const report = readTree(outdir).get('REPORT.md')!;
    expect(report).toContain('| site | voters (data nodes) | tablets (3 replicas) | masters (3) |');
    expect(report).toContain('| eu-west | 3 | 1 | 1 |\n| eu-central | 3 | 1 | 1 |\n| eu-north | 3 | 1 | 1 |\n| total | 9 | 3 | 3 |\n| quorum | - | 2 | 2 |');
    // eu-central's floor is its RTT to eu-west (22 ms); a write from eu-west first crosses to eu-central.
    expect(report).toContain('- eu-central: 22 ms');
    expect(report).toContain('- eu-west: 44 ms');
    expect(report).toContain('- eu-north: 46 ms');
    expect(report).toContain('`--leader_failure_max_missed_heartbeat_periods=10`');
  });

  test('the report\'s disruption budget is the two PodDisruptionBudgets the writer gives each cluster, and only those', () => {
    const report = readTree(outdir).get('REPORT.md')!;
    const section = report.slice(report.indexOf('### Disruption budget'));
    const budget = section.slice(0, section.indexOf('\n#', 1));
    expect(budget).toContain('Two PodDisruptionBudgets per Kubernetes cluster: `ybdb-masters` (maxUnavailable eu-');
    expect(budget).not.toMatch(/One PodDisruptionBudget|budget of \d+ is split/);
  });
});

describe('YugabyteDB in one stretched Kubernetes cluster', () => {
  const outdir = tempOutdir();
  const app = yugabyteDesign(outdir, THREE, () => ({}), DeploymentShape.stretchedCluster());
  app.synth();
  const objects = readObjects(outdir);

  test('every server is pinned to its site by node affinity', () => {
    for (const s of THREE) {
      for (const role of ['master', 'tserver']) {
        const sts = findObject(objects, 'StatefulSet', `yb-${s.name}-${role}`);
        const terms = sts.spec.template.spec.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms;
        expect(terms).toEqual([{ matchExpressions: [{ key: 'topology.kubernetes.io/zone', operator: 'In', values: [s.name] }] }]);
      }
      expect(findObject(objects, 'StatefulSet', `yb-${s.name}-tserver`).spec.replicas).toBe(s.tservers);
    }
  });

  test('one PodDisruptionBudget each for masters and tservers, each allowing one eviction', () => {
    expect(findObject(objects, 'PodDisruptionBudget', 'yb-masters', 'cluster-wide').spec.maxUnavailable).toBe(1);
    expect(findObject(objects, 'PodDisruptionBudget', 'yb', 'cluster-wide').spec.maxUnavailable).toBe(1);
    expect(objects.filter((o) => o.obj.kind === 'Job').map((o) => o.file)).toEqual(['cluster-wide/yb/job-yb-placement.yaml']);
  });

  test('with a metro RTT, the heartbeat setting stays at YugabyteDB\'s default', () => {
    expect(flag(findObject(objects, 'StatefulSet', 'yb-a-master'), 'leader_failure_max_missed_heartbeat_periods')).toBe('6');
    expect(flag(findObject(objects, 'StatefulSet', 'yb-a-master'), 'master_addresses')).toBe(MASTERS.replace(/\.(a|b|c)\.example/g, '.cluster.local'));
  });

  (schemasAvailable() ? test : test.skip)('every object validates strictly', () => {
    for (const { file, obj } of objects) expect(`${file}: ${formatProblems(validateManifest(obj))}`).toBe(`${file}: `);
  });
});

describe('YugabyteDB without TLS', () => {
  test('writes no TLS flag or certificate volume, and warns MS-INSECURE-CLUSTER', () => {
    const outdir = tempOutdir();
    const app = yugabyteDesign(outdir, THREE, () => ({ insecure: true }));
    expect(app.check().map((f) => f.ruleId)).toContain('MS-INSECURE-CLUSTER');
    Acknowledge.rule(app, 'MS-INSECURE-CLUSTER', 'a lab without certificates');
    app.synth();
    const objects = readObjects(outdir);
    const tserver = findObject(objects, 'StatefulSet', 'yb-a-tserver', 'a');
    expect(args(tserver).filter((a) => /cert|encryption|insecure/.test(a))).toEqual([]);
    expect(tserver.spec.template.spec.volumes.map((v: any) => v.name)).toEqual(['tmp']);
    const script: string = findObject(objects, 'Job', 'yb-placement', 'a').spec.template.spec.containers[0].command[2];
    expect(script).not.toContain('certs_dir_name');
    expect(script).toContain(`yb-admin -master_addresses ${MASTERS} modify_placement_info cloud1.a.a,cloud1.b.b,cloud1.c.c 3;`);
  });
});

describe('RF 5 over three regions, 2+2+1: the topology of YugabyteDB\'s region-failure guide', () => {
  // https://docs.yugabyte.com/stable/explore/fault-tolerance/handling-region-failures/: two replicas
  // in the preferred and failover regions, one in the third; any one region lost leaves 3 of 5.
  const outdir = tempOutdir();
  const app = yugabyteDesign(outdir, [{ name: 'a', tservers: 2 }, { name: 'b', tservers: 2 }, { name: 'c', tservers: 1, witness: true }], () => ({ replicationFactor: 5 }));
  const findings = app.check();
  app.synth();
  const objects = readObjects(outdir);
  const masters = ['a-master-0.yb-a-masters.yb.svc.a.example', 'a-master-1.yb-a-masters.yb.svc.a.example', 'b-master-0.yb-b-masters.yb.svc.b.example',
    'b-master-1.yb-b-masters.yb.svc.b.example', 'c-master-0.yb-c-masters.yb.svc.c.example'].map((h) => `yb-${h}:7100`).join(',');

  test('is accepted, and every single-region loss leaves a majority of tablets and masters', () => {
    expect(findings.filter((f) => f.severity === Severity.ERROR).map((f) => f.ruleId)).toEqual([]);
    const report = JSON.parse(fs.readFileSync(path.join(outdir, 'report.json'), 'utf-8')).clusters[0];
    expect(report.votingGroups.map((g: any) => [g.label, g.perSite])).toEqual([
      ['tablets (5 replicas)', { a: '2', b: '2', c: '1' }],
      ['masters (5)', { a: '2', b: '2', c: '1' }],
    ]);
    expect(report.singleSiteLosses.map((l: any) => [l.lost.join(), l.survives])).toEqual([['a', true], ['b', true], ['c', true]]);
  });

  test('writes a master StatefulSet per site with the site\'s masters, and --master_addresses names all five', () => {
    for (const [site, replicas] of [['a', 2], ['b', 2], ['c', 1]] as const) {
      const master = findObject(objects, 'StatefulSet', `yb-${site}-master`, site);
      expect(master.spec.replicas).toBe(replicas);
      expect(flag(master, 'master_addresses')).toBe(masters);
      expect(flag(master, 'replication_factor')).toBe('5');
      expect(flag(findObject(objects, 'StatefulSet', `yb-${site}-tserver`, site), 'tserver_master_addrs')).toBe(masters);
    }
    const script: string = findObject(objects, 'Job', 'yb-placement', 'a').spec.template.spec.containers[0].command[2];
    expect(script).toContain('modify_placement_info cloud1.a.a:2,cloud1.b.b:2,cloud1.c.c 5;');
  });

  (schemasAvailable() ? test : test.skip)('every object validates strictly against ../shared/schemas', () => {
    for (const o of objects) expect(`${o.file}: ${formatProblems(validateManifest(o.obj))}`).toBe(`${o.file}: `);
  });
});

describe('YugabyteDB refusals', () => {
  const sites = (n: number): YbSiteSpec[] => Array.from({ length: n }, (_, i) => ({ name: `s${i}`, tservers: 1 }));

  test('masters ≠ replication factor: masterPlacement with fewer masters than replicas', () => {
    const app = yugabyteDesign(tempOutdir(), sites(3), (made) => ({
      replicationFactor: 3, masterPlacement: [{ site: made[0], masters: 1 }, { site: made[1], masters: 1 }],
    }));
    expect(errorIds(app)).toEqual(expect.arrayContaining(['MS-YB-MASTER-COUNT']));
    const finding = app.check().find((f) => f.ruleId === 'MS-YB-MASTER-COUNT')!;
    expect(finding.message).toBe('yb runs 2 yb-master(s) (s0 1, s1 1, s2 0); replicationFactor is 3.');
    expect(finding.fix).toBe('Place 3 masters in all, like the tablets (s0 1, s1 1, s2 1): set masterPlacement so, or leave it unset to follow the tablet placement.');
  });

  test('a site asked for more replicas of every tablet than it runs tservers', () => {
    const app = yugabyteDesign(tempOutdir(), sites(3), () => ({ replicationFactor: 5 }));
    expect(errorIds(app)).toEqual(['MS-YB-REPLICAS-PER-SITE', 'MS-YB-REPLICAS-PER-SITE']);
    expect(app.check().find((f) => f.ruleId === 'MS-YB-REPLICAS-PER-SITE')!.message).toBe(
      'replicationFactor 5 over 3 site(s) puts 2 replicas of every tablet in s0, which runs 1 tserver(s).');
  });

  test('masters 2+1+0 are refused, with the reason: losing the site of two takes their majority', () => {
    const app = yugabyteDesign(tempOutdir(), sites(3), (made) => ({
      replicationFactor: 3, masterPlacement: [{ site: made[0], masters: 2 }, { site: made[1], masters: 1 }],
    }));
    expect(errorIds(app)).toEqual(expect.arrayContaining(['MS-YB-MASTER-PLACEMENT', 'MS-QUORUM-SITE-LOSS', 'MS-MAJORITY-IN-ONE-SITE']));
    const finding = app.check().find((f) => f.ruleId === 'MS-YB-MASTER-PLACEMENT')!;
    expect(finding.message).toBe('losing s0 leaves 1 of the 3 yb-masters (s0 2, s1 1, s2 0); a majority needs 2.');
    expect(finding.fix).toBe('Place the masters like the tablets (s0 1, s1 1, s2 1), so that every site holds fewer than half of them: leave masterPlacement unset, or give it those counts.');
    // The tablets alone would survive: the refusal is the masters'.
    const design = analyzeDesign(buildDesign(app, app.shape, (app as any).links));
    expect(design.analyses[0].singleSiteLosses.map((l) => [l.lost.join(), l.groups[0].survives, l.groups[1].survives, l.survives]))
      .toEqual([['s0', true, false, false], ['s1', true, true, true], ['s2', true, true, true]]);
  });

  test('masters in a site without the cluster\'s tservers are refused', () => {
    const app = yugabyteDesign(tempOutdir(), [...sites(3), { name: 's3', tservers: 0 }], (made) => ({
      replicationFactor: 3, masterPlacement: [{ site: made[0], masters: 1 }, { site: made[1], masters: 1 }, { site: made[3], masters: 1 }],
    }));
    expect(app.check().filter((f) => f.ruleId === 'MS-YB-MASTER-PLACEMENT').map((f) => f.message))
      .toContain('masterPlacement puts 1 yb-master(s) in s3, where yb runs no tservers.');
  });

  test('masterPlacement that names a site twice or a negative count is refused at once', () => {
    const twice = (made: Site[]) => ({ masterPlacement: [{ site: made[0], masters: 1 }, { site: made[0], masters: 2 }] });
    expect(() => yugabyteDesign(tempOutdir(), sites(3), twice))
      .toThrow('SqlEngine.yugabyteDb: masterPlacement names a site twice (s0, s0); give each site once with its masters.');
    expect(() => yugabyteDesign(tempOutdir(), sites(3), (made) => ({ masterPlacement: [{ site: made[0], masters: -1 }] })))
      .toThrow('SqlEngine.yugabyteDb: masterPlacement gives s0 -1 masters; use a whole number ≥ 0.');
  });

  test('a replication factor one site loss breaks', () => {
    expect(errorIds(yugabyteDesign(tempOutdir(), sites(1), () => ({ replicationFactor: 1 })))).toContain('MS-YB-REPLICATION-FACTOR');
    const two = errorIds(yugabyteDesign(tempOutdir(), sites(2), () => ({ replicationFactor: 2 })));
    expect(two).toEqual(expect.arrayContaining(['MS-YB-REPLICATION-FACTOR', 'MS-YB-EVEN-SITES-HALT', 'MS-QUORUM-SITE-LOSS', 'MS-THREE-FAULT-DOMAINS']));
    expect(two).not.toContain('MS-YB-EVEN-SITES');
  });

  test('an even number of sites that survives one loss is refused until acknowledged; one that does not survive cannot be', () => {
    const four = yugabyteDesign(tempOutdir(), sites(4), () => ({ replicationFactor: 4 }));
    expect(errorIds(four)).toEqual(['MS-YB-EVEN-SITES']);
    Acknowledge.rule(four, 'MS-YB-EVEN-SITES', 'a fourth region for read capacity, 2+2 partition accepted');
    expect(errorIds(four)).toEqual([]);
    const two = yugabyteDesign(tempOutdir(), sites(2), () => ({ replicationFactor: 2 }));
    expect(() => Acknowledge.rule(two, 'MS-YB-EVEN-SITES-HALT', 'one site loss halts it, so this must fail')).toThrow(/MS-YB-EVEN-SITES-HALT cannot be acknowledged/);
    expect(errorIds(two)).toContain('MS-YB-EVEN-SITES-HALT');
  });

  test('a preferred leader site without replicas', () => {
    const specs: YbSiteSpec[] = [...sites(3), { name: 'far', tservers: 0 }];
    const app = yugabyteDesign(tempOutdir(), specs, (made) => ({ preferredLeaderSites: [made[3]] }));
    expect(errorIds(app)).toEqual(['MS-YB-PREFERRED-LEADERS']);
  });

  test('bad options and names fail at once, naming the value', () => {
    expect(() => SqlEngine.yugabyteDb({ replicationFactor: 0 })).toThrow('SqlEngine.yugabyteDb: replicationFactor must be a whole number ≥ 1, got 0.');
    expect(() => SqlEngine.yugabyteDb({ placementCloud: 'aws.eu' })).toThrow(/placementCloud "aws.eu"/);
    const long = [{ name: 'a-site-name-that-is-long-enough-to-overflow', tservers: 1 }, { name: 'b', tservers: 1 }, { name: 'c', tservers: 1 }];
    const finding = yugabyteDesign(tempOutdir(), long).check().find((f) => f.ruleId === 'MS-YB-OBJECT-NAMES')!;
    expect(finding.message).toBe('StatefulSet yb-a-site-name-that-is-long-enough-to-overflow-tserver (site a-site-name-that-is-long-enough-to-overflow)'
      + ' is 54 characters, above the 52 a StatefulSet name may have.');
  });
});

describe('the heartbeat setting from the worst RTT', () => {
  test.each([
    [undefined, 10], [0.5, 6], [5, 6], [5.1, 10], [33, 10], [250, 10], [251, 11], [400, 16],
  ])('worst RTT %p ms → %p periods', (rtt, periods) => {
    expect(missedHeartbeatPeriods(rtt)).toBe(periods);
  });

  test('a design over 400 ms links writes 16 periods on masters and tservers alike', () => {
    const outdir = tempOutdir();
    const app = yugabyteDesign(outdir, THREE, () => ({}), DeploymentShape.clusterPerSite(), () => 400);
    Acknowledge.rule(app, 'MS-RAFT-LATENCY', 'a test of the heartbeat setting over slow links');
    app.synth();
    const objects = readObjects(outdir);
    for (const name of ['yb-b-master', 'yb-b-tserver']) {
      expect(flag(findObject(objects, 'StatefulSet', name, 'b'), 'leader_failure_max_missed_heartbeat_periods')).toBe('16');
    }
    expect(fs.readFileSync(path.join(outdir, 'REPORT.md'), 'utf-8')).toContain('16 × 500 ms = 8 s');
  });
});
