/**
 * The first install of the metro Galera design (as in ./galera-failure-lab.test.ts), as APPLY.md
 * says: the new-cluster marker exists, then one `kubectl apply` of the stretched cluster starts
 * every site at once on empty datadirs. Each pod is run as its container would be: the container
 * command's lines before `exec` decide the arguments (GaleraLab.startArguments), the image's
 * entrypoint initializes the datadir and execs mariadbd; a container that exits is restarted as
 * the kubelet does (10 s, doubling, at most 300 s), the next pod of a StatefulSet starts once the
 * one before it is Synced (OrderedReady), garbd starts at once and is restarted likewise.
 *
 * The race: a joiner of another site waits for a Primary Component listening on its gcomm port
 * (4567). If the bootstrap pod's container starts while such a joiner listens (its volume bound
 * or its image pulled later than theirs, or its first container restarted), a check on the gcomm
 * port counts the joiner as a running member and the bootstrap pod starts as a joiner too: nobody
 * forms a Primary Component, every pod exits and is restarted until the timing works out. The
 * written command asks peers in its Kubernetes cluster on their SQL port, which mariadbd opens
 * only once it is in a Primary Component with the state. Scenarios: (1) every pod at once; (2) the
 * bootstrap pod's container starts once a joiner answers on gcomm; both must give one Primary
 * Component of the full size within {@link BOUND_MS}. The mutation runs (2) with the old check
 * (gcomm) and shows the bootstrap pod starting as a joiner and exiting, with no Primary.
 *
 * Not part of `npx projen test`. Run as root after `bash scripts/failure-lab-setup.sh`:
 *   MSL_FAILURE_LAB=1 npx jest --ci --coverage=false --runInBand --testPathIgnorePatterns='/node_modules/' --testPathPatterns='test/failure-lab/galera-first-install'
 * Without root or the packages it is skipped (and FAILS under CI=true).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GaleraOutput, readGaleraOutput } from './design-output';
import { applyMdConfigMap, ArbitratorMember, DataMember, GaleraLab, labUnavailableReason, Member, runProbe, sleep, summarize } from './galera-lab';
import { cleanLeftovers, describeLab, LabRun } from './lab-gate';
import { createLabNetwork, loadNftables, PREFIX, SiteHost } from './netns';
import { nftScript, podIngress } from './network-policies';
import { galeraMetroDesign } from '../../examples/galera-metro/design';

jest.setTimeout(10 * 60_000);

const TMP_PREFIX = `${PREFIX}firstinstall-`;
/** Every data node Synced in one Primary Component of the full size within this, from the apply. */
const BOUND_MS = 180_000;
/** How long the mutation is watched: past the bootstrap pod's first exit and restart. */
const MUTATION_WATCH_MS = 120_000;
/** The kubelet's restart back-off: 10 s, doubling, at most 300 s (Kubernetes, Pod Lifecycle, container restarts). */
const BACKOFF_START_MS = 10_000;
const BACKOFF_MAX_MS = 300_000;

interface Row { step: string; expected: string; observed: string; agrees: boolean }

/** What one pod (or garbd) did during a scenario. */
interface PodRecord { starts: { atMs: number; newCluster: boolean }[]; exits: number }

interface Outcome {
  /** ms from the apply until every data node was Synced in a Primary Component of the full size; undefined when not within the watch. */
  fullMs?: number;
  pods: Map<string, PodRecord>;
  /** At the bootstrap pod's first start (scenario 2): whether the first joiner answered on gcomm and on SQL. */
  joinerPorts?: { gcomm: boolean; sql: boolean };
  last: string;
}

describeLab('Galera lab: the first install, every site applied at once, forms one Primary Component', 'Galera first-install lab', labUnavailableReason, () => {
  const started = Date.now();
  const rows: Row[] = [];
  const run = new LabRun();
  let root: string;
  let outdir: string;
  let output: GaleraOutput;
  let hosts: SiteHost[];
  let lab: GaleraLab;
  let first: DataMember;

  beforeAll(async () => {
    await run.begin(90_000);
    const leftovers = cleanLeftovers(TMP_PREFIX);
    if (leftovers.length) process.stdout.write(`first-install lab: removed leftovers of an earlier run: ${leftovers.join(', ')}\n`);
    root = fs.mkdtempSync(path.join(os.tmpdir(), TMP_PREFIX));
    fs.chmodSync(root, 0o755);
    outdir = path.join(root, 'dist');
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
    run.started();
  }, 4 * 60_000);

  afterAll(() => run.finish({
    name: 'first-install lab',
    stop: async () => { await lab?.killAll(); },
    root,
    reportFile: 'galera-first-install.md',
    report: (removed) => [
      '',
      `Galera first-install lab: ${output?.clusterName ?? '?'}, ${lab?.dataMembers.length ?? '?'} data nodes and ${lab?.arbitratorMembers.length ?? '?'} garbd, every site applied at once`,
      '| step | expected | observed | agree |',
      '| --- | --- | --- | --- |',
      ...rows.map((r) => `| ${[r.step, r.expected, r.observed, r.agrees ? 'yes' : 'NO'].map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`),
      '',
      `cleanup: ${removed.length} namespace(s)/link(s) removed`,
      `first-install lab total time: ${((Date.now() - started) / 1000).toFixed(1)} s`,
      '',
    ],
  }), 2 * 60_000);

  const scriptOf = (m: DataMember) => output.dataSites.find((d) => d.site === m.site)!.script;
  const running = (m: Member) => !!m.proc && m.proc.exitCode === null && m.proc.signalCode === null;
  const written = (m: DataMember) => scriptOf(m);
  /** The old check (the defect): every peer asked on its gcomm port, a waiting joiner counted as running. */
  const gcommCheck = (m: DataMember) => scriptOf(m).replace(/(<\/dev\/tcp\/[^/"]+\/)3306"/g, `$1${output.dataSites[0].ports.group}"`);

  /** Whether `m` accepts a TCP connection on `port`, from the bootstrap pod's namespace (as its check runs). */
  async function answers(m: DataMember, port: number): Promise<boolean> {
    const r = await runProbe('ip', ['netns', 'exec', first.host.ns, 'timeout', '1', 'bash', '-c', `</dev/tcp/${m.address}/${port}`], 5_000);
    return r.pass;
  }

  /** Every process stopped, every datadir and garbd's saved view gone: nothing was ever installed. */
  async function reset(): Promise<void> {
    await lab.killAll();
    for (const m of lab.dataMembers) lab.emptyDatadir(m);
    for (const a of lab.arbitratorMembers) fs.rmSync(path.join(a.dir, 'gvwstate.dat'), { force: true });
    // APPLY.md's first-install step: the marker exists before the apply.
    const marker = applyMdConfigMap(outdir, output);
    if (!marker) throw new Error('APPLY.md creates no new-cluster marker for the bootstrap pod');
    lab.configMaps.set(marker.name, marker.data);
  }

  /**
   * One apply of every site: each pod under a kubelet-like loop (command lines → entrypoint →
   * mariadbd; restarted with back-off when it exits), OrderedReady within each StatefulSet, garbd
   * at once. `joinerFirst` holds the bootstrap pod's container until the first other site's pod
   * answers on gcomm. Watches until every data node is Synced in a Primary Component of the full
   * size, or `watchMs`.
   */
  async function apply(script: (m: DataMember) => string, joinerFirst: boolean, watchMs: number): Promise<Outcome> {
    await reset();
    const t0 = Date.now();
    const stop = { done: false };
    const pods = new Map<string, PodRecord>(lab.members.map((m) => [m.name, { starts: [], exits: 0 }]));
    const pause = async (ms: number) => {
      const until = Date.now() + ms;
      while (!stop.done && Date.now() < until) await sleep(250);
    };
    const kubelet = async (m: Member) => {
      const rec = pods.get(m.name)!;
      for (let restarts = 0; !stop.done; restarts++) {
        let newCluster = false;
        if (m.kind === 'data') {
          newCluster = (await lab.startArguments(m, script(m))).args.includes('--wsrep-new-cluster');
          if (stop.done) return;
          lab.startData(m, newCluster);
        } else {
          lab.startArbitrator(m as ArbitratorMember);
        }
        rec.starts.push({ atMs: Date.now() - t0, newCluster });
        while (!stop.done && running(m)) await sleep(250);
        if (stop.done) return;
        rec.exits++;
        await pause(Math.min(BACKOFF_START_MS * 2 ** restarts, BACKOFF_MAX_MS));
      }
    };
    const synced = async (m: DataMember) => {
      const s = await lab.status(m);
      return s?.wsrep_cluster_status === 'Primary' && s.wsrep_local_state_comment === 'Synced';
    };
    let joinerPorts: Outcome['joinerPorts'];
    const kubelets: Promise<void>[] = [];
    const site = async (members: DataMember[]) => {
      for (const [i, m] of members.entries()) {
        if (i > 0) while (!stop.done && !(await synced(members[i - 1]))) await sleep(1000);
        if (stop.done) return;
        if (m === first && joinerFirst) {
          const joiner = lab.dataMembers.find((o) => o.site !== first.site)!;
          const group = output.dataSites[0].ports.group;
          while (!stop.done && !(await answers(joiner, group))) await sleep(250);
          joinerPorts = { gcomm: await answers(joiner, group), sql: await answers(joiner, output.dataSites[0].ports.sql) };
        }
        kubelets.push(kubelet(m));
      }
    };
    const sites = [...new Set(lab.dataMembers.map((m) => m.site))];
    const loops = sites.map((s) => site(lab.dataIn(s)));
    kubelets.push(...lab.arbitratorMembers.map((a) => kubelet(a)));
    const full = lab.members.length;
    let fullMs: number | undefined;
    let last = '';
    while (Date.now() - t0 < watchMs) {
      const statuses = await lab.statuses();
      last = lab.dataMembers.map((m) => `${m.name}: ${summarize(statuses.get(m.name))}`).join('; ');
      if (lab.dataMembers.every((m) => {
        const s = statuses.get(m.name);
        return s?.wsrep_cluster_status === 'Primary' && s.wsrep_local_state_comment === 'Synced' && Number(s.wsrep_cluster_size) === full;
      })) {
        fullMs = Date.now() - t0;
        break;
      }
      await sleep(1000);
    }
    stop.done = true;
    await lab.killAll();
    await Promise.all(loops);
    await Promise.all(kubelets);
    return { fullMs, pods, joinerPorts, last };
  }

  const describePods = (o: Outcome) => [...o.pods].map(([name, r]) => `${name}: ${r.starts.length} start(s) at ${r.starts.map((s) => `${(s.atMs / 1000).toFixed(0)} s${s.newCluster ? ' (--wsrep-new-cluster)' : ''}`).join(', ')}, ${r.exits} exit(s)`).join('; ');
  const outcomeText = (o: Outcome) => `${o.fullMs === undefined ? 'no full Primary' : `full Primary after ${(o.fullMs / 1000).toFixed(1)} s`}; ${describePods(o)}`
    + (o.fullMs === undefined ? `; last: ${o.last}` : '');

  test('every pod at once, command as written: one Primary Component of the full size within the bound, bootstrapped by the bootstrap pod\'s first start', run.guarded(async () => {
    const o = await apply(written, false, BOUND_MS);
    const firstStart = o.pods.get(first.name)!.starts[0];
    rows.push({
      step: 'every site applied at once, marker set, empty datadirs, command as written',
      expected: `every data node Synced in a Primary Component of ${lab.members.length} within ${BOUND_MS / 1000} s; the bootstrap pod's first start with --wsrep-new-cluster`,
      observed: outcomeText(o),
      agrees: o.fullMs !== undefined && firstStart?.newCluster === true,
    });
    expect(firstStart?.newCluster).toBe(true);
    expect(o.fullMs).toBeDefined();
  }));

  test('the bootstrap pod starts while a joiner already waits on gcomm, command as written: it still bootstraps, one Primary Component within the bound', run.guarded(async () => {
    const o = await apply(written, true, BOUND_MS);
    const firstStart = o.pods.get(first.name)!.starts[0];
    rows.push({
      step: 'bootstrap pod\'s container starts once a joiner of another site answers on gcomm, command as written',
      expected: `the joiner answers on gcomm, not on SQL; the bootstrap pod's first start with --wsrep-new-cluster; full Primary within ${BOUND_MS / 1000} s`,
      observed: `joiner ports at that moment: gcomm ${o.joinerPorts?.gcomm ? 'open' : 'closed'}, SQL ${o.joinerPorts?.sql ? 'open' : 'closed'}; ${outcomeText(o)}`,
      agrees: o.joinerPorts?.gcomm === true && o.joinerPorts.sql === false && firstStart?.newCluster === true && o.fullMs !== undefined,
    });
    expect(o.joinerPorts).toEqual({ gcomm: true, sql: false });
    expect(firstStart?.newCluster).toBe(true);
    expect(o.fullMs).toBeDefined();
  }));

  test('mutation: with the old check (gcomm) the same timing starts the bootstrap pod as a joiner and every pod crash-loops', run.guarded(async () => {
    expect(gcommCheck(first)).not.toBe(written(first));
    const o = await apply(gcommCheck, true, MUTATION_WATCH_MS);
    const boot = o.pods.get(first.name)!;
    const crashLoop = boot.starts[0]?.newCluster === false && boot.exits > 0;
    rows.push({
      step: 'mutation: the same timing, peers asked on gcomm (the old check)',
      expected: `the bootstrap pod's first start without --wsrep-new-cluster; it exits (no Primary Component) and is restarted; no full Primary within ${MUTATION_WATCH_MS / 1000} s, or only after restarts`,
      observed: outcomeText(o),
      agrees: crashLoop,
    });
    expect(boot.starts[0]?.newCluster).toBe(false);
    expect(boot.exits).toBeGreaterThan(0);
  }));
});
