import * as fs from 'fs';
import * as path from 'path';
import { Acknowledge } from '../lib';
import { cockroachMoveDesign, controlPlaneDesign, galeraRenameDesign, yugabyteGrowDesign } from './support/change-designs';
import { tempOutdir } from './support/designs';
import { EXAMPLE_DESIGNS } from './support/examples';
import { analyzeDesign } from '../lib/check/analyze-design';
import { buildDesign } from '../lib/synth/build-design';
import { statefulSetsComparedWith } from '../lib/synth/change/current-design-record';
import { OUTPUT_RECORD } from '../lib/synth/write-atomically';

const recordOf = (outdir: string) => JSON.parse(fs.readFileSync(path.join(outdir, OUTPUT_RECORD), 'utf-8'));
const rollout = (outdir: string) => fs.readFileSync(path.join(outdir, 'ROLLOUT.md'), 'utf-8');
const rolloutJson = (outdir: string) => JSON.parse(fs.readFileSync(path.join(outdir, 'rollout.json'), 'utf-8'));
const refusal = (f: () => void): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
};
/** Stderr is where warnings go; the tests read them from findings instead. */
beforeAll(() => jest.spyOn(process.stderr, 'write').mockImplementation(() => true));

describe('the previous design kept beside the output', () => {
  test('a first synth says there is nothing to compare and records the analyzed design', () => {
    const outdir = tempOutdir();
    const app = cockroachMoveDesign(outdir, [1, 1, 1, 0]);
    app.synth();
    expect(app.summary()).toContain(`Change safety: no previous output in ${outdir}: this is a first synth, there is nothing to compare.`);
    const design = recordOf(outdir).design;
    expect(design).toMatchObject({ kind: 'cdk-multisite design', version: 1, sites: ['dc-a', 'dc-b', 'dc-c', 'dc-d'] });
    expect(design.controlPlane).toEqual([{ site: 'dc-a', members: 1 }, { site: 'dc-b', members: 1 }, { site: 'dc-c', members: 1 }, { site: 'dc-d', members: 0 }]);
    const crdb = design.clusters[0];
    expect(crdb.members.map((m: any) => [m.site, m.voters])).toEqual([['dc-a', 1], ['dc-b', 1], ['dc-c', 1]]);
    expect(crdb.engine).toMatchObject({ kind: 'cockroachdb', replicationFactor: 3 });
    expect(crdb.statefulSets.map((s: any) => [s.name, s.site, s.serviceName, s.podManagementPolicy, s.volumeClaimTemplates])).toEqual([
      ['crdb-dc-a', 'dc-a', 'crdb-dc-a', 'Parallel', [{ name: 'datadir', size: '100Gi' }]],
      ['crdb-dc-b', 'dc-b', 'crdb-dc-b', 'Parallel', [{ name: 'datadir', size: '100Gi' }]],
      ['crdb-dc-c', 'dc-c', 'crdb-dc-c', 'Parallel', [{ name: 'datadir', size: '100Gi' }]],
    ]);
    expect(fs.existsSync(path.join(outdir, 'ROLLOUT.md'))).toBe(false);
  });

  test('an unchanged design compares, writes no rollout, and writes the same bytes', () => {
    const outdir = tempOutdir();
    cockroachMoveDesign(outdir, [1, 1, 1, 0]).synth();
    const before = fs.readFileSync(path.join(outdir, OUTPUT_RECORD), 'utf-8');
    const again = cockroachMoveDesign(outdir, [1, 1, 1, 0]);
    again.synth();
    expect(again.summary()).toContain(`Change safety: compared with the design synth wrote last in ${outdir}.`);
    expect(fs.existsSync(path.join(outdir, 'ROLLOUT.md'))).toBe(false);
    expect(fs.readFileSync(path.join(outdir, OUTPUT_RECORD), 'utf-8')).toBe(before);
  });

  test('an output of a version without the design says there is nothing to compare, without a warning', () => {
    const outdir = tempOutdir();
    cockroachMoveDesign(outdir, [1, 1, 1, 0]).synth();
    const record = recordOf(outdir);
    delete record.design;
    fs.writeFileSync(path.join(outdir, OUTPUT_RECORD), JSON.stringify(record));
    const app = cockroachMoveDesign(outdir, [1, 1, 0, 1]);
    expect(app.check().filter((f) => f.ruleId.startsWith('MS-CHANGE-'))).toEqual([]);
    app.synth();
    expect(app.summary()).toContain('keeps no design (written by a cdk-multisite version before change safety): there is nothing to compare; the next synth compares with this one.');
  });

  const unreadable: Array<{ name: string; spoil: (design: any) => any; why: string }> = [
    { name: 'another library version', spoil: (d) => ({ ...d, libraryVersion: '0.0.1-old' }), why: 'it was written by cdk-multisite "0.0.1-old" and this is' },
    { name: 'another record version', spoil: (d) => ({ ...d, version: 2 }), why: 'its design record has version 2, this synth reads version 1' },
    { name: 'a corrupted record', spoil: (d) => ({ ...d, clusters: [{ ...d.clusters[0], members: 'dc-a' }] }), why: 'its design record is corrupted: cluster crdb has malformed members' },
    { name: 'not a design record', spoil: () => 'garbage', why: 'its design field is not the record synth writes' },
    { name: 'another app\'s record', spoil: (d) => ({ ...d, sites: ['eu-1', 'eu-2'] }), why: 'it describes another app (sites eu-1, eu-2; this app has dc-a, dc-b, dc-c, dc-d)' },
  ];
  test.each(unreadable)('$name: a clear warning (MS-CHANGE-BASELINE), and synth still writes', ({ spoil, why }) => {
    const outdir = tempOutdir();
    cockroachMoveDesign(outdir, [1, 1, 1, 0]).synth();
    const record = recordOf(outdir);
    fs.writeFileSync(path.join(outdir, OUTPUT_RECORD), JSON.stringify({ ...record, design: spoil(record.design) }));
    const app = cockroachMoveDesign(outdir, [1, 1, 0, 1]);
    const findings = app.check().filter((f) => f.ruleId.startsWith('MS-CHANGE-'));
    expect(findings.map((f) => [f.ruleId, f.severity])).toEqual([['MS-CHANGE-BASELINE', 'warning']]);
    expect(findings[0].message).toContain(why);
    expect(findings[0].message).toContain('This synth checks no change against it');
    app.synth();
    expect(recordOf(outdir).design.clusters[0].members.map((m: any) => m.site)).toEqual(['dc-a', 'dc-b', 'dc-d']);
  });

  test('a record that is not JSON is still refused by the output ownership check, as before', () => {
    const outdir = tempOutdir();
    cockroachMoveDesign(outdir, [1, 1, 1, 0]).synth();
    fs.writeFileSync(path.join(outdir, OUTPUT_RECORD), '{ not json');
    expect(refusal(() => cockroachMoveDesign(outdir, [1, 1, 1, 0]).synth())).toContain('is not the record synth writes');
  });
});

describe('change rules', () => {
  test('renaming a Galera cluster is refused: wsrep_cluster_name and the volumes, each with the safe alternative', () => {
    const outdir = tempOutdir();
    galeraRenameDesign(outdir, 'orders').synth();
    const findings = galeraRenameDesign(outdir, 'sales').check().filter((f) => f.ruleId.startsWith('MS-CHANGE-'));
    expect(findings.map((f) => [f.ruleId, f.path])).toEqual([
      ['MS-CHANGE-ORPHANED-VOLUMES', 'sales'],
      ['MS-CHANGE-ORPHANED-VOLUMES', 'sales'],
      ['MS-CHANGE-IDENTITY', 'sales'],
    ]);
    expect(findings[2].message).toContain('cluster sales changes wsrep_cluster_name from orders to sales');
    expect(findings[2].fix).toContain('build a second cluster beside the old one');
    expect(findings[0].message).toContain('StatefulSet orders-dc-a (namespace orders, Kubernetes cluster stretched) is no longer written (the cluster was renamed from orders)');
  });

  test('a refusal acknowledged with a reason passes, the reason kept', () => {
    const outdir = tempOutdir();
    galeraRenameDesign(outdir, 'orders').synth();
    const app = galeraRenameDesign(outdir, 'sales');
    const cluster = app.node.findChild('sales');
    Acknowledge.rule(cluster, 'MS-CHANGE-IDENTITY', 'empty staging cluster, recreated on purpose');
    Acknowledge.rule(cluster, 'MS-CHANGE-ORPHANED-VOLUMES', 'empty staging cluster, old claims deleted by hand');
    const findings = app.check().filter((f) => f.ruleId.startsWith('MS-CHANGE-'));
    expect(findings.every((f) => f.acknowledgedBecause !== undefined)).toBe(true);
    expect(() => app.synth()).not.toThrow();
  });

  test('a volume that shrinks is refused (MS-CHANGE-STORAGE); the StatefulSet\'s other fields are not', () => {
    const outdir = tempOutdir();
    galeraRenameDesign(outdir, 'orders', 50).synth();
    const findings = galeraRenameDesign(outdir, 'orders', 20).check().filter((f) => f.ruleId.startsWith('MS-CHANGE-'));
    expect(findings.map((f) => f.ruleId)).toEqual(['MS-CHANGE-STORAGE', 'MS-CHANGE-STORAGE']);
    expect(findings[0].message).toBe('volume datadir of StatefulSet orders-dc-a (namespace orders, Kubernetes cluster stretched) shrinks from 50Gi to 20Gi.');
  });

  test('a volume that grows changes a field the API server forbids (MS-CHANGE-STATEFULSET-FIELDS), with the expansion route', () => {
    const outdir = tempOutdir();
    galeraRenameDesign(outdir, 'orders', 50).synth();
    const findings = galeraRenameDesign(outdir, 'orders', 80).check().filter((f) => f.ruleId.startsWith('MS-CHANGE-'));
    expect(findings.map((f) => f.ruleId)).toEqual(['MS-CHANGE-STATEFULSET-FIELDS', 'MS-CHANGE-STATEFULSET-FIELDS']);
    expect(findings[0].message).toContain('changes volume claim template datadir size 50Gi → 80Gi');
    expect(findings[0].fix).toContain('--cascade=orphan');
  });

  test('a recorded selector, serviceName or podManagementPolicy that differs is refused', () => {
    const outdir = tempOutdir();
    cockroachMoveDesign(outdir, [1, 1, 1, 0]).synth();
    const record = recordOf(outdir);
    const set = record.design.clusters[0].statefulSets[0];
    Object.assign(set, { serviceName: 'old-service', podManagementPolicy: 'OrderedReady', selector: '{"matchLabels":{"app":"old"}}' });
    fs.writeFileSync(path.join(outdir, OUTPUT_RECORD), JSON.stringify(record));
    // A cluster whose inputs did not change reuses the recorded sets (the same version writes the same objects): change one.
    const findings = cockroachMoveDesign(outdir, [2, 1, 1, 0]).check().filter((f) => f.ruleId.startsWith('MS-CHANGE-'));
    expect(findings.map((f) => f.ruleId)).toEqual(['MS-CHANGE-STATEFULSET-FIELDS']);
    expect(findings[0].message).toContain('selector {"matchLabels":{"app":"old"}} → ');
    expect(findings[0].message).toContain('serviceName old-service → crdb-dc-a; podManagementPolicy OrderedReady → Parallel');
  });

  test('another engine on the same cluster is refused', () => {
    const outdir = tempOutdir();
    cockroachMoveDesign(outdir, [1, 1, 1, 0]).synth();
    const record = recordOf(outdir);
    record.design.clusters[0].engine = { ...record.design.clusters[0].engine, kind: 'yugabytedb' };
    fs.writeFileSync(path.join(outdir, OUTPUT_RECORD), JSON.stringify(record));
    const findings = cockroachMoveDesign(outdir, [1, 1, 1, 0]).check().filter((f) => f.ruleId === 'MS-CHANGE-IDENTITY');
    expect(findings.map((f) => f.message)).toEqual(['cluster crdb changes engine from YugabyteDB to CockroachDB: the new engine cannot read the old one\'s volumes.']);
  });

  test('a Cassandra datacenter renamed is refused; one added is not', () => {
    const outdir = tempOutdir();
    EXAMPLE_DESIGNS['cassandra-multi-dc'](outdir).synth();
    const record = recordOf(outdir);
    const dcs = record.design.clusters[0].identity.find((i: any) => i.name === 'datacenter names');
    const current = dcs.value.split(', ');
    const write = (value: string) => {
      dcs.value = value;
      fs.writeFileSync(path.join(outdir, OUTPUT_RECORD), JSON.stringify(record));
      return EXAMPLE_DESIGNS['cassandra-multi-dc'](outdir).check().filter((f) => f.ruleId === 'MS-CHANGE-IDENTITY');
    };
    const renamed = write(['dc-old', ...current.slice(1)].sort().join(', '));
    expect(renamed.map((f) => f.message)).toEqual([expect.stringContaining(`changes datacenter names from ${['dc-old', ...current.slice(1)].sort().join(', ')} to ${current.join(', ')}`)]);
    expect(renamed[0].fix).toContain('nodetool rebuild');
    expect(write(current.slice(1).join(', '))).toEqual([]);
  });

  test('moving a voter away from a site drains it: no orphaned volumes, a rollout instead', () => {
    const outdir = tempOutdir();
    cockroachMoveDesign(outdir, [1, 1, 1, 0]).synth();
    const app = cockroachMoveDesign(outdir, [1, 1, 0, 1]);
    expect(app.check().filter((f) => f.ruleId.startsWith('MS-CHANGE-'))).toEqual([]);
  });
});

describe('the rollout plan', () => {
  test('moving a CockroachDB voter adds in the new site before removing from the old', () => {
    const outdir = tempOutdir();
    cockroachMoveDesign(outdir, [1, 1, 1, 0]).synth();
    const app = cockroachMoveDesign(outdir, [1, 1, 0, 1]);
    app.synth();
    expect(app.summary()).toContain('Rollout plan: ROLLOUT.md, rollout.json');
    const plan = rolloutJson(outdir).clusters[0];
    expect(plan.steps.map((s: any) => s.change)).toEqual(['add member in dc-d', 'remove member in dc-c']);
    expect(plan.mustSurvive).toEqual(['dc-a', 'dc-b', 'dc-c', 'dc-d']);
    expect(plan.steps.every((s: any) => s.survivesLossOf.length === 4)).toBe(true);
    expect(rollout(outdir)).toContain('cockroach node decommission');
  });

  test('growing a YugabyteDB replication factor 3 → 5 into two new sites adds T-Servers first, then applies the placement', () => {
    const outdir = tempOutdir();
    yugabyteGrowDesign(outdir, [1, 1, 1], 3).synth();
    const app = yugabyteGrowDesign(outdir, [1, 1, 1, 1, 1], 5);
    app.synth();
    const plan = rolloutJson(outdir).clusters[0];
    expect(plan.steps.map((s: any) => s.change)).toEqual(['add member in dc-d', 'add member in dc-e', 'apply the new placement settings']);
    expect(plan.steps[2].run).toContain('yb-admin modify_placement_info cloud1.dc-a.dc-a,cloud1.dc-b.dc-b,cloud1.dc-c.dc-c,cloud1.dc-d.dc-d,cloud1.dc-e.dc-e 5');
  });

  test('growing a YugabyteDB replication factor 3 → 5 over the same three sites is flagged: the tablets pass through 2 + 1 + 1', () => {
    const outdir = tempOutdir();
    yugabyteGrowDesign(outdir, [1, 1, 1], 3).synth();
    const findings = yugabyteGrowDesign(outdir, [2, 2, 1], 5).check().filter((f) => f.ruleId.startsWith('MS-CHANGE-'));
    expect(findings.map((f) => f.ruleId)).toEqual(['MS-CHANGE-ROLLOUT-ORDER']);
    expect(findings[0].message).toContain('step 3 (apply the new placement settings, leaving dc-a 2, dc-b 2, dc-c 1) does not survive losing dc-a: '
      + 'its tablets (5 replicas) move one vote at a time and pass through dc-a 2, dc-b 1, dc-c 1 (4 votes), where losing dc-a leaves no majority.');
  });

  test('the control plane grows from 3 members to 5 across five sites one member at a time, as learners first', () => {
    const outdir = tempOutdir();
    controlPlaneDesign(outdir, [1, 1, 1]).synth();
    controlPlaneDesign(outdir, [1, 1, 1, 1, 1]).synth();
    const plan = rolloutJson(outdir).clusters.find((c: any) => c.path === 'control plane');
    expect(plan.steps.map((s: any) => s.change)).toEqual(['add etcd member in dc-d', 'add etcd member in dc-e']);
    expect(plan.steps[0].run).toContain('etcdctl member add <new member in dc-d> --learner');
    expect(plan.steps.map((s: any) => s.survivesLossOf)).toEqual([['dc-a', 'dc-b', 'dc-c', 'dc-d', 'dc-e'], ['dc-a', 'dc-b', 'dc-c', 'dc-d', 'dc-e']]);
  });

  test('a move with no safe order is flagged (a warning), naming the step and the site whose loss it does not survive', () => {
    // 1 + 1 + 1 → 2 + 2 + 1: every 4-member step holds 2 members in one site, and losing it leaves 2 of 4, below the quorum of 3.
    const outdir = tempOutdir();
    controlPlaneDesign(outdir, [1, 1, 1]).synth();
    const findings = controlPlaneDesign(outdir, [2, 2, 1]).check().filter((f) => f.ruleId.startsWith('MS-CHANGE-'));
    expect(findings.map((f) => [f.ruleId, f.path, f.message])).toEqual([['MS-CHANGE-ROLLOUT-ORDER', '/',
      'moving the control plane (etcd) from dc-a 1, dc-b 1, dc-c 1 to dc-a 2, dc-b 2, dc-c 1: no order keeps every step alive; in the add-first order, '
      + 'step 1 (add etcd member in dc-a, leaving dc-a 2, dc-b 1, dc-c 1) does not survive losing dc-a: 2 of 4 etcd members left, quorum 3.']]);
    // A warning: the new design is written, and ROLLOUT.md marks the step at risk.
    controlPlaneDesign(outdir, [2, 2, 1]).synth();
    expect(rollout(outdir)).toContain('**No safe order exists**: step 1 (add etcd member in dc-a) does not survive losing dc-a: 2 of 4 etcd members left, quorum 3.');
    expect(recordOf(outdir).design.controlPlane.map((p: any) => p.members)).toEqual([2, 2, 1, 0, 0]);
  });
});

describe('docs/change-safety.md (linked from the README)', () => {
  const readme = fs.readFileSync(path.join(__dirname, '..', 'docs', 'change-safety.md'), 'utf-8');
  const shown = (text: string) => expect(readme).toContain(`\`\`\`\n${text.trimEnd()}\n\`\`\``);

  test('shows the rollout for moving a CockroachDB voter from dc-c to dc-d, verbatim', () => {
    const outdir = tempOutdir();
    cockroachMoveDesign(outdir, [1, 1, 1, 0]).synth();
    cockroachMoveDesign(outdir, [1, 1, 0, 1]).synth();
    shown(rollout(outdir));
  });

  test('shows the rollout for growing a YugabyteDB replication factor 3 → 5, verbatim', () => {
    const outdir = tempOutdir();
    yugabyteGrowDesign(outdir, [1, 1, 1], 3).synth();
    yugabyteGrowDesign(outdir, [1, 1, 1, 1, 1], 5).synth();
    shown(rollout(outdir));
  });

  test('shows the refusal of renaming a Galera cluster, verbatim', () => {
    const outdir = tempOutdir();
    galeraRenameDesign(outdir, 'orders').synth();
    shown(refusal(() => galeraRenameDesign(outdir, 'sales').synth()));
  });
});

describe('the StatefulSets compared', () => {
  test.each(Object.keys(EXAMPLE_DESIGNS))('%s: those recorded from the written objects equal those the writer gives a scratch app', (example) => {
    const outdir = tempOutdir();
    EXAMPLE_DESIGNS[example](outdir).synth();
    const recorded = recordOf(outdir).design;
    const app = EXAMPLE_DESIGNS[example](tempOutdir());
    const design = analyzeDesign(buildDesign(app, app.shape, (app as any).links));
    const noPrevious = { ...recorded, clusters: [] };
    for (const analysis of design.analyses) {
      const cluster = recorded.clusters.find((c: any) => c.path === analysis.cluster.path);
      expect(statefulSetsComparedWith(noPrevious, design, analysis)).toEqual(cluster.statefulSets);
    }
  });
});
