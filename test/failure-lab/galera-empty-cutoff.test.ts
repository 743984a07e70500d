/**
 * The bootstrap pod on an empty disk, cut off from every peer: the metro Galera design (as in
 * ./galera-failure-lab.test.ts) is installed as APPLY.md says (the first-install step creates the
 * new-cluster marker, the step after the apply deletes it); then site dc-a stops, its first pod's
 * datadir is replaced by an empty one (a replaced PVC), the site's link goes down, and that pod
 * starts again with the container command as written. No peer answers, as on the first install:
 * only the marker tells the two apart. It must not become Primary (no second cluster under the
 * same name); once the link is back it joins by SST and holds every row, those written while it
 * was cut off too. The mutation runs the same step with the command's old condition (no marker
 * check) and shows the second Primary Component it forms.
 *
 * Not part of `npx projen test`. Run as root after `bash scripts/failure-lab-setup.sh`:
 *   MSL_FAILURE_LAB=1 npx jest --ci --coverage=false --runInBand --testPathIgnorePatterns='/node_modules/' --testPathPatterns='test/failure-lab/galera-empty-cutoff'
 * Without root or the packages it is skipped (and FAILS under CI=true).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GaleraOutput, readGaleraOutput } from './design-output';
import { applyMdConfigMap, DataMember, GaleraLab, labUnavailableReason, sleep, summarize, WsrepStatus } from './galera-lab';
import { cleanLeftovers, describeLab, LabRun } from './lab-gate';
import { canReach, createLabNetwork, loadNftables, PREFIX, setSiteLinkDown, SiteHost } from './netns';
import { nftScript, podIngress } from './network-policies';
import { galeraMetroDesign } from '../../examples/galera-metro/design';

jest.setTimeout(8 * 60_000);

const TMP_PREFIX = `${PREFIX}cutoff-`;
/** The condition's part this fix added: the marker must allow a new cluster. */
const MARKER_CHECK = 'new_cluster_allowed && ';
/** How long the cut-off pod is watched: past the entrypoint's initialization and mariadbd's wait for a Primary Component. */
const WATCH_CUT_MS = 90_000;

interface Row { step: string; expected: string; observed: string; agrees: boolean }

describeLab('Galera lab: the bootstrap pod on an empty disk, cut off from every peer, does not start a second cluster', 'Galera cut-off lab', labUnavailableReason, () => {
  const started = Date.now();
  const rows: Row[] = [];
  const run = new LabRun();
  let root: string;
  let output: GaleraOutput;
  let hosts: SiteHost[];
  let lab: GaleraLab;
  let first: DataMember;
  let siteMates: DataMember[];
  let remote: DataMember[];
  let fullSize: number;

  beforeAll(async () => {
    await run.begin(90_000);
    const leftovers = cleanLeftovers(TMP_PREFIX);
    if (leftovers.length) process.stdout.write(`cut-off lab: removed leftovers of an earlier run: ${leftovers.join(', ')}\n`);
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
    const ingress = podIngress(output.networkPolicies, output.namespaceLabels, lab.labPods());
    for (const h of hosts) loadNftables(h.ns, nftScript(h.ns, ingress));
    lab.prepare();
    first = lab.dataMembers.find((m) => m.bootstrap)!;
    siteMates = lab.dataIn(first.site).filter((m) => m !== first);
    remote = lab.dataMembers.filter((m) => m.site !== first.site);
    // The first install, as APPLY.md says: its step before the apply creates the marker.
    const marker = applyMdConfigMap(outdir, output);
    if (!marker) throw new Error('APPLY.md creates no new-cluster marker for the bootstrap pod');
    lab.configMaps.set(marker.name, marker.data);
    const firstStart = await lab.startArguments(first, script());
    rows.push({
      step: `first install: APPLY.md's marker ConfigMap ${marker.name} (${JSON.stringify(marker.data)}), no member running, command as written`,
      expected: '--wsrep-new-cluster',
      observed: firstStart.args.includes('--wsrep-new-cluster') ? '--wsrep-new-cluster' : `no --wsrep-new-cluster (${firstStart.stderr})`,
      agrees: firstStart.args.includes('--wsrep-new-cluster'),
    });
    expect(firstStart.args).toContain('--wsrep-new-cluster');
    await lab.start();
    // APPLY.md's step after the apply: the bootstrap pod is Ready, the marker goes.
    lab.configMaps.delete(marker.name);
    fullSize = lab.members.length;
    run.started();
  }, 4 * 60_000);

  afterAll(() => run.finish({
    name: 'cut-off lab',
    stop: async () => {
      if (first) setSiteLinkDown(first.host, false);
      await lab?.killAll();
    },
    root,
    reportFile: 'galera-empty-cutoff.md',
    report: (removed) => [
      '',
      `Galera cut-off lab: ${output?.clusterName ?? '?'}, bootstrap pod ${first?.name ?? '?'} on an empty datadir with its site cut off`,
      '| step | expected | observed | agree |',
      '| --- | --- | --- | --- |',
      ...rows.map((r) => `| ${[r.step, r.expected, r.observed, r.agrees ? 'yes' : 'NO'].map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`),
      '',
      `cleanup: ${removed.length} namespace(s)/link(s) removed`,
      `cut-off lab total time: ${((Date.now() - started) / 1000).toFixed(1)} s`,
      '',
    ],
  }), 2 * 60_000);

  const uuid = (s?: WsrepStatus) => s?.wsrep_cluster_state_uuid;
  const script = () => output.dataSites.find((d) => d.site === first.site)!.script;
  const running = (m: DataMember) => !!m.proc && m.proc.exitCode === null && m.proc.signalCode === null;

  /** Site dc-a stops (its pods SIGTERMed), its first pod gets an empty datadir, and its link goes down. */
  async function stopSiteWipeAndCut(): Promise<void> {
    for (const m of [...siteMates].reverse()) await lab.stopData(m);
    await lab.stopData(first);
    for (const o of remote) await lab.waitSynced(o, fullSize - 1 - siteMates.length, lab.viewChangeDeadlineMs);
    lab.emptyDatadir(first);
    setSiteLinkDown(first.host, true);
    expect(remote.some((o) => canReach(first.host, o.address))).toBe(false);
  }

  test('the command as written: cut off, it never becomes Primary; healed, it joins by SST with every row', run.guarded(async () => {
    const w1 = await lab.sql(remote[0], 'CREATE DATABASE lab_cutoff; CREATE TABLE lab_cutoff.marker (id VARCHAR(64) PRIMARY KEY); INSERT INTO lab_cutoff.marker VALUES (\'before\')');
    expect(w1.stderr).toBe('');
    await stopSiteWipeAndCut();
    const w2 = await lab.sql(remote[0], 'INSERT INTO lab_cutoff.marker VALUES (\'during\')');
    expect(w2.stderr).toBe('');

    const cut = await lab.startArguments(first, script());
    const bootstraps = cut.args.includes('--wsrep-new-cluster');
    lab.startData(first, bootstraps);
    const seen: string[] = [];
    let primary = false;
    const until = Date.now() + WATCH_CUT_MS;
    while (Date.now() < until && running(first)) {
      const s = await lab.status(first);
      const what = s ? `${s.wsrep_cluster_status}/${s.wsrep_local_state_comment}` : 'no answer';
      if (seen[seen.length - 1] !== what) seen.push(what);
      if (s?.wsrep_cluster_status === 'Primary') primary = true;
      await sleep(1000);
    }
    rows.push({
      step: 'site cut off, bootstrap pod on an empty datadir, no marker, command as written',
      expected: 'no --wsrep-new-cluster; never Primary (no answer, or non-Primary), mariadbd may exit (the kubelet restarts it)',
      observed: `${bootstraps ? '--wsrep-new-cluster' : 'no --wsrep-new-cluster'}; stderr "${cut.stderr}"; states seen: ${seen.join(' → ')}; `
        + (running(first) ? `still running after ${WATCH_CUT_MS / 1000} s` : `exited (${first.proc?.exitCode ?? first.proc?.signalCode})`),
      agrees: !bootstraps && !primary,
    });
    expect(bootstraps).toBe(false);
    expect(primary).toBe(false);

    setSiteLinkDown(first.host, false);
    if (!running(first)) {
      // The kubelet's restart: the container command runs again.
      const again = await lab.startArguments(first, script());
      expect(again.args).not.toContain('--wsrep-new-cluster');
      lab.startData(first, false);
    }
    const size = fullSize - siteMates.length;
    await lab.waitSynced(first, size, 240_000);
    const statuses = await lab.statuses();
    const mine = statuses.get(first.name);
    const read = await lab.sql(first, 'SET SESSION wsrep_sync_wait=1; SELECT id FROM lab_cutoff.marker ORDER BY id');
    const sameUuid = remote.every((o) => uuid(statuses.get(o.name)) === uuid(mine));
    const rowsRead = read.stdout.trim().split('\n').join(',');
    rows.push({
      step: 'link back',
      expected: `joins by SST: size ${size}, the state UUID of the others, rows before,during`,
      observed: `${summarize(mine)}, state UUID ${sameUuid ? 'equal to' : 'DIFFERENT from'} the others', rows ${rowsRead || read.stderr}`,
      agrees: sameUuid && rowsRead === 'before,during' && Number(mine?.wsrep_cluster_size) === size,
    });
    expect(Number(mine?.wsrep_cluster_size)).toBe(size);
    expect(rowsRead).toBe('before,during');
    for (const o of remote) expect(uuid(statuses.get(o.name))).toBe(uuid(mine));
    // The site's other pods come back (their datadirs kept: IST), for the mutation's step.
    for (const m of siteMates) {
      lab.startData(m, false);
      await lab.waitSynced(m, undefined, 180_000);
    }
    await lab.waitSynced(first, fullSize, lab.viewChangeDeadlineMs);
  }));

  test('mutation: with the old condition (no marker check) the same step forms a second Primary Component', run.guarded(async () => {
    const old = script().replace(MARKER_CHECK, '');
    expect(old).not.toBe(script());
    await stopSiteWipeAndCut();
    const cut = await lab.startArguments(first, old);
    expect(cut.args).toContain('--wsrep-new-cluster');
    lab.startData(first, true);
    await lab.waitSynced(first, undefined, 180_000);
    const statuses = await lab.statuses();
    const mine = statuses.get(first.name);
    const two = remote.every((o) => statuses.get(o.name)?.wsrep_cluster_status === 'Primary') && mine?.wsrep_cluster_status === 'Primary'
      && remote.every((o) => uuid(statuses.get(o.name)) !== uuid(mine));
    rows.push({
      step: 'mutation: same step, old condition',
      expected: 'a second Primary Component under the same cluster name (its own state UUID)',
      observed: `${first.name}: ${summarize(mine)}, UUID ${uuid(mine)}; ${remote.map((o) => `${o.name}: ${statuses.get(o.name)?.wsrep_cluster_status} size ${statuses.get(o.name)?.wsrep_cluster_size}, UUID ${uuid(statuses.get(o.name))}`).join('; ')}`,
      agrees: two,
    });
    expect(two).toBe(true);
  }));
});
