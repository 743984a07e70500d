/**
 * The bootstrap pod on new storage: the metro Galera design (as in ./galera-failure-lab.test.ts)
 * runs; its bootstrap pod (the first pod of the bootstrap site) stops, its datadir is replaced by
 * an empty one (a replaced disk, a deleted PVC, the site back on new storage), and it starts
 * again with the container command as written. It must join the running cluster by SST, not
 * start a second one: bootstrapping is for when every node is down (MariaDB, Bootstrap a
 * Galera Cluster). The mutation runs the same step with the command's old condition (no
 * grastate.dat alone) and shows the second cluster it forms.
 *
 * Not part of `npx projen test`. Run as root after `bash scripts/failure-lab-setup.sh`:
 *   MSL_FAILURE_LAB=1 npx jest --ci --coverage=false --runInBand --testPathIgnorePatterns='/node_modules/' --testPathPatterns='test/failure-lab/galera-rejoin-empty'
 * Without root or the packages it is skipped (and FAILS under CI=true).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GaleraOutput, readGaleraOutput } from './design-output';
import { applyMdConfigMap, DataMember, GaleraLab, labUnavailableReason, sleep, summarize, WsrepStatus } from './galera-lab';
import { cleanLeftovers, describeLab, LabRun } from './lab-gate';
import { createLabNetwork, loadNftables, PREFIX, SiteHost } from './netns';
import { nftScript, podIngress } from './network-policies';
import { galeraMetroDesign } from '../../examples/galera-metro/design';

jest.setTimeout(5 * 60_000);

const TMP_PREFIX = `${PREFIX}rejoin-`;
/** The condition the container command had before this fix: bootstrap whenever grastate.dat is missing (and the marker allows it). */
const PEER_CHECK = ' && ! peer_answers';

interface Row { step: string; expected: string; observed: string; agrees: boolean }

describeLab('Galera lab: the bootstrap pod restarted on an empty datadir joins the running cluster', 'Galera rejoin lab', labUnavailableReason, () => {
  const started = Date.now();
  const rows: Row[] = [];
  const run = new LabRun();
  let root: string;
  let output: GaleraOutput;
  let hosts: SiteHost[];
  let lab: GaleraLab;
  let first: DataMember;
  let others: DataMember[];
  let fullSize: number;

  beforeAll(async () => {
    await run.begin(90_000);
    const leftovers = cleanLeftovers(TMP_PREFIX);
    if (leftovers.length) process.stdout.write(`rejoin lab: removed leftovers of an earlier run: ${leftovers.join(', ')}\n`);
    root = fs.mkdtempSync(path.join(os.tmpdir(), TMP_PREFIX));
    fs.chmodSync(root, 0o755);
    const outdir = path.join(root, 'dist');
    galeraMetroDesign(outdir).synth();
    output = readGaleraOutput(outdir);
    hosts = createLabNetwork(output.report.sites.map((s) => ({
      site: s.name,
      addressCount: (output.dataSites.find((d) => d.site === s.name)?.podNames.length ?? 0)
        + output.arbitrators.filter((a) => a.site === s.name).length,
    })));
    lab = new GaleraLab(path.join(root, 'metro'), output, hosts, true);
    // The written NetworkPolicies apply: the bootstrap pod's tries on the gcomm port pass them.
    const ingress = podIngress(output.networkPolicies, output.namespaceLabels, lab.labPods());
    for (const h of hosts) loadNftables(h.ns, nftScript(h.ns, ingress));
    lab.prepare();
    first = lab.dataMembers.find((m) => m.bootstrap)!;
    others = lab.dataMembers.filter((m) => m !== first);
    // The first install: APPLY.md's step creates the new-cluster marker. This lab keeps it (as if
    // the step that deletes it were skipped, within its hour), so that what it proves is the peer
    // check alone; ./galera-empty-cutoff.test.ts proves the marker.
    const marker = applyMdConfigMap(outdir, output);
    if (!marker) throw new Error('APPLY.md creates no new-cluster marker for the bootstrap pod');
    lab.configMaps.set(marker.name, marker.data);
    // The first start: no member runs yet, so the written command bootstraps (the lab starts it so).
    const t = Date.now();
    const bootstraps = await decidesToBootstrap(first, script());
    rows.push({
      step: 'first start, no member running, command as written',
      expected: '--wsrep-new-cluster',
      observed: `${bootstraps ? '--wsrep-new-cluster' : 'no --wsrep-new-cluster'} (decided in ${Date.now() - t} ms)`,
      agrees: bootstraps,
    });
    expect(bootstraps).toBe(true);
    await lab.start();
    fullSize = lab.members.length;
    run.started();
  }, 3 * 60_000);

  afterAll(() => run.finish({
    name: 'rejoin lab',
    stop: async () => {
      await lab?.killAll();
    },
    root,
    reportFile: 'galera-rejoin-empty.md',
    report: (removed) => [
      '',
      `Galera rejoin lab: ${output?.clusterName ?? '?'}, bootstrap pod ${first?.name ?? '?'} restarted on an empty datadir`,
      '| step | expected | observed | agree |',
      '| --- | --- | --- | --- |',
      ...rows.map((r) => `| ${[r.step, r.expected, r.observed, r.agrees ? 'yes' : 'NO'].map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`),
      '',
      `cleanup: ${removed.length} namespace(s)/link(s) removed`,
      `rejoin lab total time: ${((Date.now() - started) / 1000).toFixed(1)} s`,
      '',
    ],
  }), 2 * 60_000);

  /** Whether the container command's lines before `exec` pass `--wsrep-new-cluster` (see GaleraLab.startArguments). */
  async function decidesToBootstrap(m: DataMember, script: string): Promise<boolean> {
    return (await lab.startArguments(m, script)).args.includes('--wsrep-new-cluster');
  }

  /** Stops the pod (SIGTERM, as the kubelet does) and gives it an empty datadir, as a new PVC. */
  async function stopAndWipe(m: DataMember): Promise<void> {
    await lab.stopData(m);
    for (const o of others) await lab.waitSynced(o, fullSize - 1, lab.viewChangeDeadlineMs);
    lab.emptyDatadir(m);
  }

  const uuid = (s?: WsrepStatus) => s?.wsrep_cluster_state_uuid;
  const script = () => output.dataSites.find((d) => d.site === first.site)!.script;

  test('the command as written: the bootstrap pod on an empty datadir joins by SST', run.guarded(async () => {
    const marker = `before-${Date.now()}`;
    const w = await lab.sql(others[0], `CREATE DATABASE lab_rejoin; CREATE TABLE lab_rejoin.marker (id VARCHAR(64) PRIMARY KEY); INSERT INTO lab_rejoin.marker VALUES ('${marker}')`);
    expect(w.stderr).toBe('');
    await stopAndWipe(first);
    const bootstraps = await decidesToBootstrap(first, script());
    lab.startData(first, bootstraps);
    await lab.waitSynced(first, fullSize, 180_000);
    const statuses = await lab.statuses();
    const mine = statuses.get(first.name);
    const read = await lab.sql(first, 'SET SESSION wsrep_sync_wait=1; SELECT id FROM lab_rejoin.marker');
    const sameUuid = others.every((o) => uuid(statuses.get(o.name)) === uuid(mine));
    const agrees = !bootstraps && sameUuid && read.stdout.trim() === marker && Number(mine?.wsrep_cluster_size) === fullSize;
    rows.push({
      step: 'bootstrap pod, empty datadir, command as written',
      expected: `no --wsrep-new-cluster; joins by SST: size ${fullSize}, state UUID of the others, the row written before`,
      observed: `${bootstraps ? '--wsrep-new-cluster' : 'no --wsrep-new-cluster'}; ${summarize(mine)}, state UUID ${sameUuid ? 'equal to' : 'DIFFERENT from'} the others', row ${read.stdout.trim() || read.stderr}`,
      agrees,
    });
    expect(bootstraps).toBe(false);
    expect(Number(mine?.wsrep_cluster_size)).toBe(fullSize);
    expect(read.stdout.trim()).toBe(marker);
    for (const o of others) expect(uuid(statuses.get(o.name))).toBe(uuid(mine));
  }));

  test('mutation: with the old condition (no grastate.dat alone) the same step forms a second cluster', run.guarded(async () => {
    const old = script().replace(PEER_CHECK, '');
    expect(old).not.toBe(script());
    await stopAndWipe(first);
    const bootstraps = await decidesToBootstrap(first, old);
    expect(bootstraps).toBe(true);
    lab.startData(first, bootstraps);
    await lab.waitSynced(first, undefined, 180_000);
    // Give the running members time to see it (an EVS round) before comparing.
    await sleep(lab.evs.inactiveMs + lab.evs.installMs);
    const statuses = await lab.statuses();
    const mine = statuses.get(first.name);
    const split = others.some((o) => uuid(statuses.get(o.name)) !== uuid(mine)) || Number(mine?.wsrep_cluster_size) === 1;
    rows.push({
      step: 'mutation: same step, old condition',
      expected: 'a second Primary Component: size 1 or a state UUID different from the others\'',
      observed: `${summarize(mine)}; state UUID ${uuid(mine)} vs ${others.map((o) => `${o.name} ${uuid(statuses.get(o.name))} (size ${statuses.get(o.name)?.wsrep_cluster_size})`).join(', ')}`,
      agrees: split,
    });
    expect(split).toBe(true);
  }));
});
