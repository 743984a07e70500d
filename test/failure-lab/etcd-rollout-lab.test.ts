/**
 * The rollout lab (issue 33): the control-plane rollout synth writes (rollout.json) executed on
 * real etcd members (Debian's etcd-server 3.4) in network namespaces per site. Synth writes the
 * plan from a design with 1 + 1 + 1 etcd members over dc-a, dc-b, dc-c to one with 1 + 1 + 1 + 1 + 1
 * over dc-a … dc-e; each step runs as the plan says (`etcdctl member add --learner`, the new member
 * started with `--initial-cluster-state existing`, `etcdctl member promote`), and after each step
 * every site the step says it survives is lost in turn (link down, members frozen): a write through
 * a survivor must still be accepted. The check can fail: before the plan, the step the library
 * flags for 1 + 1 + 1 → 2 + 2 + 1 (a second member in dc-a, 2 + 1 + 1) is run too, and losing dc-a
 * must then refuse writes, as MS-CHANGE-ROLLOUT-ORDER says.
 *
 * Not part of `npx projen test`. Alone, as root after `bash scripts/failure-lab-setup.sh`:
 *   MSL_FAILURE_LAB=1 npx jest --ci --coverage=false --runInBand --testPathIgnorePatterns=/node_modules/ --testPathPatterns=test/failure-lab/etcd-rollout-lab
 * Without root or the packages it is skipped (and FAILS under CI=true).
 */
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ctlError, ELECTION_TIMEOUT_MS, EtcdCluster, etcdLabUnavailableReason, EtcdMember, etcdMemberAt, HEARTBEAT_MS, sleep, tail } from './etcd-lab';
import { cleanLeftovers, describeLab, LabRun } from './lab-gate';
import { createLabNetwork, PREFIX, setSiteLinkDown, SiteHost } from './netns';
import { controlPlaneDesign } from '../support/change-designs';
import { tempOutdir } from '../support/designs';

jest.setTimeout(5 * 60_000);

const TMP_PREFIX = `${PREFIX}etcd-rollout-lab-`;
const SITES = ['dc-a', 'dc-b', 'dc-c', 'dc-d', 'dc-e'];
/** As in etcd-failure-lab.test.ts: a write after a cut gets 8 election timeouts. */
const WRITE_WINDOW_MS = 8 * ELECTION_TIMEOUT_MS;
const PUT_TIMEOUT_MS = 1_000;
const HEALTHY_DEADLINE_MS = 30_000;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** One step of the control plane's rollout.json, as synth wrote it. */
interface PlanStep {
  readonly change: string;
  readonly site: string;
  readonly run: string;
  readonly survivesLossOf: readonly string[];
}

/** Synthesizes 1 + 1 + 1 then 1 + 1 + 1 + 1 + 1 into one folder and returns the control plane's steps from rollout.json. */
function writtenPlan(): PlanStep[] {
  const outdir = tempOutdir();
  const quiet = jest.spyOn(process.stderr, 'write').mockImplementation(() => true);
  try {
    controlPlaneDesign(outdir, [1, 1, 1]).synth();
    controlPlaneDesign(outdir, [1, 1, 1, 1, 1]).synth();
  } finally {
    quiet.mockRestore();
  }
  const plan = JSON.parse(fs.readFileSync(path.join(outdir, 'rollout.json'), 'utf-8'));
  return plan.clusters.find((c: any) => c.path === 'control plane').steps;
}

describeLab('etcd rollout lab: the control-plane rollout synth writes, run on real etcd', 'etcd rollout lab', etcdLabUnavailableReason, () => {
  const started = Date.now();
  const lines: string[] = [];
  const run = new LabRun();
  const steps = writtenPlan();
  let root: string;
  let hosts: SiteHost[];
  let cluster: EtcdCluster;
  const log = (line: string) => {
    lines.push(line);
    process.stdout.write(`etcd rollout lab: ${line}\n`);
  };

  /** Waits until every running member answers, all name one leader, and a write goes through it. */
  async function waitHealthy(what: string): Promise<number> {
    const t = Date.now();
    let last = '';
    while (Date.now() - t < HEALTHY_DEADLINE_MS) {
      const exited = (cluster.exitedMembers() as RolloutMember[]).filter((m) => !m.removed);
      if (exited.length) throw new Error(`${what}: etcd exited: ${exited.map((m) => `${m.name}\n${tail(m.logFile)}`).join('\n')}`);
      const members = live();
      const st = await cluster.status(members);
      const leaders = new Set([...st.values()].map((s) => s.leaderId));
      last = members.map((m) => `${m.name}: ${st.has(m) ? `leader ${cluster.leaderName(st.get(m))}` : 'no answer'}`).join('; ');
      if (st.size === members.length && leaders.size === 1 && !leaders.has('0')) {
        for (const [m, s] of st) m.id = s.memberId;
        const leader = cluster.byId([...leaders][0]);
        if (leader && (await cluster.put([leader], leader.host, '/lab/health', String(Date.now()), PUT_TIMEOUT_MS)).ok) return Date.now() - t;
      }
      await sleep(200);
    }
    throw new Error(`${what}: not healthy within ${secs(HEALTHY_DEADLINE_MS)}. Last: ${last}`);
  }

  const live = (): RolloutMember[] => (cluster.members as RolloutMember[]).filter((m) => !m.removed);

  /** `etcdctl member add --learner`, the member started into the existing cluster, then promoted once it caught up. */
  async function addMember(site: string, index: number): Promise<RolloutMember> {
    const m: RolloutMember = etcdMemberAt(root, hosts.find((h) => h.site === site)!, index);
    const name = m.name;
    const via = live();
    const { id, initialCluster } = await cluster.addLearner(m, via, HEALTHY_DEADLINE_MS);
    m.id = id;
    cluster.members.push(m);
    const argv = cluster.argv(m);
    argv[argv.indexOf('--initial-cluster') + 1] = initialCluster;
    argv[argv.indexOf('--initial-cluster-state') + 1] = 'existing';
    const out = fs.openSync(m.logFile, 'a');
    m.proc = spawn('ip', ['netns', 'exec', m.host.ns, 'etcd', ...argv], { stdio: ['ignore', out, out] });
    fs.closeSync(out);
    m.exited = false;
    m.proc.on('exit', () => {
      m.exited = true;
    });
    // A learner is promoted only once it is in sync with the leader: etcd refuses earlier (https://etcd.io/docs/v3.4/learning/design-learner/).
    const t = Date.now();
    let promoted = await cluster.ctl(via[0].host, via, ['--command-timeout=3s', 'member', 'promote', id], 10_000);
    while (!promoted.ok && Date.now() - t < HEALTHY_DEADLINE_MS) {
      await sleep(300);
      promoted = await cluster.ctl(via[0].host, via, ['--command-timeout=3s', 'member', 'promote', id], 10_000);
    }
    if (!promoted.ok) throw new Error(`member promote ${name}: ${ctlError(promoted)}\n${tail(m.logFile)}`);
    await waitHealthy(`after adding ${name}`);
    return m;
  }

  /** `etcdctl member remove`, then the member's process stopped. */
  async function removeMember(m: RolloutMember): Promise<void> {
    const via = live().filter((x) => x !== m);
    const removeArgs = ['--command-timeout=5s', 'member', 'remove', m.id!];
    const t0 = Date.now();
    let r = await cluster.ctl(via[0].host, via, removeArgs, 15_000);
    while (!r.ok && /unhealthy cluster/.test(r.stderr) && Date.now() - t0 < HEALTHY_DEADLINE_MS) {
      await sleep(500);
      r = await cluster.ctl(via[0].host, via, removeArgs, 15_000);
    }
    if (!r.ok) throw new Error(`member remove ${m.name}: ${ctlError(r)}`);
    m.removed = true;
    m.proc?.kill('SIGKILL');
    await waitHealthy(`after removing ${m.name}`);
  }

  /** Loses `site` (its members' leader first moved there when it holds one), writes through a survivor until accepted or the window ends, restores. */
  async function writesWhileLosing(site: string): Promise<{ accepted: boolean; text: string }> {
    const members = live();
    const survivors = members.filter((m) => m.site !== site);
    const lostMembers = members.filter((m) => m.site === site);
    const st = await cluster.status(members);
    const leader = cluster.byId([...st.values()].find((s) => s.leaderId !== '0')?.leaderId ?? '0');
    if (leader && lostMembers.length && !lostMembers.includes(leader)) await cluster.moveLeader(leader, lostMembers[0]);
    const t0 = Date.now();
    cluster.loseSites([site], setSiteLinkDown);
    let accepted = false;
    let lastError = '';
    let attempts = 0;
    while (Date.now() - t0 < WRITE_WINDOW_MS && !accepted) {
      attempts++;
      const r = await cluster.put([survivors[0]], survivors[0].host, `/lab/rollout/${site}`, String(Date.now()), PUT_TIMEOUT_MS);
      accepted = r.ok;
      if (!r.ok) lastError = ctlError(r);
    }
    const took = Date.now() - t0;
    cluster.restoreAll(hosts, setSiteLinkDown);
    await waitHealthy(`after restoring ${site}`);
    const placement = SITES.map((s) => live().filter((m) => m.site === s).length).join(' + ');
    return {
      accepted,
      text: `${placement}, losing ${site}: put ${accepted ? `ACCEPTED via ${survivors[0].name} ${secs(took)} after the cut` : `REFUSED (${attempts} attempts in ${secs(took)}, last "${lastError}")`}`,
    };
  }

  beforeAll(async () => {
    await run.begin(15 * 60_000);
    const leftovers = cleanLeftovers(TMP_PREFIX);
    if (leftovers.length) log(`removed leftovers of an earlier run: ${leftovers.join(', ')}`);
    root = fs.mkdtempSync(path.join(os.tmpdir(), TMP_PREFIX));
    // dc-a holds a second address for the flagged step's extra member.
    hosts = createLabNetwork(SITES.map((site) => ({ site, addressCount: site === 'dc-a' ? 2 : 1 })));
    cluster = new EtcdCluster(root, `${PREFIX}cp-rollout`, [{ site: 'dc-a', members: 1 }, { site: 'dc-b', members: 1 }, { site: 'dc-c', members: 1 }], hosts);
    cluster.start();
    log(`1 + 1 + 1 started, healthy after ${secs(await waitHealthy('starting'))}`);
    run.started();
  }, 16 * 60_000);

  afterAll(() => run.finish({
    name: 'etcd rollout lab',
    stop: async () => { await cluster?.stop(); },
    root,
    reportFile: 'etcd-rollout-lab.md',
    report: (removed) => [
      '',
      `etcd rollout lab (etcd --heartbeat-interval ${HEARTBEAT_MS} --election-timeout ${ELECTION_TIMEOUT_MS}):`,
      ...lines.map((l) => `- ${l}`),
      `cleanup: ${removed.length} namespace(s)/link(s) removed`,
      `etcd rollout lab total time: ${secs(Date.now() - started)}`,
      '',
    ],
  }), 2 * 60_000);

  test('synth plans 3 → 5 members over five sites as two learner adds, each surviving every site', () => {
    expect(steps.map((s) => s.change)).toEqual(['add etcd member in dc-d', 'add etcd member in dc-e']);
    expect(steps.every((s) => s.run.includes('--learner') && s.run.includes('member promote'))).toBe(true);
  });

  test('the check can fail: the step MS-CHANGE-ROLLOUT-ORDER flags (2 + 1 + 1) stops writes when dc-a is lost', run.guarded(async () => {
    const extra = await addMember('dc-a', 1);
    const lossOfA = await writesWhileLosing('dc-a');
    log(`flagged step (not in the plan): ${lossOfA.text}`);
    expect(lossOfA.accepted).toBe(false);
    await removeMember(extra);
  }));

  for (const [i, step] of steps.entries()) {
    test(`step ${i + 1}: ${step.change}, then writes go on while any one site is lost`, run.guarded(async () => {
      await addMember(step.site, 0);
      for (const site of step.survivesLossOf) {
        const r = await writesWhileLosing(site);
        log(`after step ${i + 1}: ${r.text}`);
        expect(r.accepted).toBe(true);
      }
    }));
  }
});

/** A lab member that a rollout may remove. */
interface RolloutMember extends EtcdMember {
  removed?: boolean;
}
