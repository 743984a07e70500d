/**
 * A real etcd Raft group for the control-plane failure lab: one etcd member per simulated
 * control-plane node, each listening on its own address inside its site's network namespace
 * (test/failure-lab/netns.ts). Debian bookworm's etcd-server 3.4.23, etcdctl with the v3 API.
 *
 * A site loss is a power cut: the site's link goes down (netns.ts) and its members are frozen
 * with SIGSTOP, so they neither answer nor campaign; restoring brings the link up and sends
 * SIGCONT. Every process here is a child of the test process, and every command is bounded.
 */
import { ChildProcess, execFile, spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { labHostProblems, labUnavailableBecause } from './lab-gate';
import { SiteHost } from './netns';

const BINARIES = ['etcd', 'etcdctl', 'ip'];

/** Why the etcd lab cannot run here, or undefined when it can (root, etcd installed). */
export function etcdLabUnavailableReason(): string | undefined {
  return labUnavailableBecause(labHostProblems(BINARIES, 'etcd-server, etcd-client, iproute2'));
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Raft timing for the lab: short, so a scenario takes seconds. etcd's tuning guide sets the
 * heartbeat near the members' round trip and the election timeout well above it, with defaults
 * of 100 ms and 1000 ms (https://etcd.io/docs/v3.4/tuning/); the lab keeps that ten-to-one
 * ratio at half the values. All members share one machine, so the round trip is far below 50 ms.
 */
export const HEARTBEAT_MS = 50;
export const ELECTION_TIMEOUT_MS = 500;

/** One etcd member. */
export interface EtcdMember {
  /** etcd member name, e.g. "cp-dc-a-1". */
  readonly name: string;
  readonly site: string;
  readonly host: SiteHost;
  readonly address: string;
  readonly clientUrl: string;
  readonly peerUrl: string;
  readonly dataDir: string;
  readonly logFile: string;
  proc?: ChildProcess;
  exited?: boolean;
  /** Raft member id (hex), learned from `endpoint status` once the cluster is up. */
  id?: string;
}

/** The `index`-th etcd member of a site's host (0-based): its name, the host's address at that index, its URLs and files under `root`. */
export function etcdMemberAt(root: string, host: SiteHost, index: number): EtcdMember {
  const name = `cp-${host.site}-${index + 1}`;
  const address = host.addresses[index];
  return {
    name,
    site: host.site,
    host,
    address,
    clientUrl: `http://${address}:2379`,
    peerUrl: `http://${address}:2380`,
    dataDir: path.join(root, name),
    logFile: path.join(root, `${name}.log`),
  };
}

/** What `etcdctl` printed and how it ended. */
export interface CtlResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
}

/** One endpoint's status (`etcdctl endpoint status -w json`), ids as hex. */
export interface EndpointStatus {
  readonly endpoint: string;
  readonly memberId: string;
  /** "0" when the member knows no leader. */
  readonly leaderId: string;
  readonly raftTerm: number;
  readonly version: string;
}

/** One etcd cluster over the lab's site hosts. */
export class EtcdCluster {
  public readonly members: EtcdMember[] = [];
  private readonly frozen = new Set<EtcdMember>();

  /**
   * @param root a directory of this cluster's own (data dirs and logs go below)
   * @param token the cluster token (distinct per cluster, so no stray member joins another)
   * @param placement members per site; the site's host needs at least that many addresses
   */
  constructor(
    public readonly root: string,
    public readonly token: string,
    placement: readonly { site: string; members: number }[],
    hosts: readonly SiteHost[],
  ) {
    for (const { site, members } of placement) {
      const host = hosts.find((h) => h.site === site);
      if (!host) throw new Error(`etcd lab: no host for site ${site}`);
      if (host.addresses.length < members) throw new Error(`etcd lab: site ${site} has ${host.addresses.length} addresses, needs ${members}`);
      for (let k = 0; k < members; k++) this.members.push(etcdMemberAt(root, host, k));
    }
  }

  /** The etcd command line of one member. */
  argv(m: EtcdMember): string[] {
    return [
      '--name', m.name,
      '--data-dir', m.dataDir,
      '--listen-peer-urls', m.peerUrl,
      '--initial-advertise-peer-urls', m.peerUrl,
      '--listen-client-urls', m.clientUrl,
      '--advertise-client-urls', m.clientUrl,
      '--initial-cluster', this.members.map((o) => `${o.name}=${o.peerUrl}`).join(','),
      '--initial-cluster-state', 'new',
      '--initial-cluster-token', this.token,
      '--heartbeat-interval', String(HEARTBEAT_MS),
      '--election-timeout', String(ELECTION_TIMEOUT_MS),
      // The default from etcd 3.5 on: a member cut off and back does not force an election.
      '--pre-vote=true',
      '--logger', 'zap',
      '--log-outputs', 'stderr',
    ];
  }

  /** Starts every member inside its site's namespace. */
  start(): void {
    fs.mkdirSync(this.root, { recursive: true });
    for (const m of this.members) {
      const out = fs.openSync(m.logFile, 'a');
      const proc = spawn('ip', ['netns', 'exec', m.host.ns, 'etcd', ...this.argv(m)], { stdio: ['ignore', out, out] });
      fs.closeSync(out);
      m.proc = proc;
      m.exited = false;
      proc.on('exit', () => {
        m.exited = true;
      });
    }
  }

  /** Members that exited (a crash, or a refused flag). */
  exitedMembers(): EtcdMember[] {
    return this.members.filter((m) => m.exited);
  }

  /** Runs etcdctl (API v3) inside `from`'s namespace, bounded by `timeoutMs`. */
  ctl(from: SiteHost, endpoints: readonly EtcdMember[], args: readonly string[], timeoutMs = 5_000): Promise<CtlResult> {
    const argv = ['netns', 'exec', from.ns, 'etcdctl', `--endpoints=${endpoints.map((e) => e.clientUrl).join(',')}`, ...args];
    return new Promise((resolve) => {
      execFile('ip', argv, { encoding: 'utf8', timeout: timeoutMs, env: { ...process.env, ETCDCTL_API: '3' } }, (err, stdout, stderr) => {
        resolve({ ok: !err, stdout: stdout ?? '', stderr: `${stderr ?? ''}${err && !stderr ? String(err.message) : ''}` });
      });
    });
  }

  /** `etcdctl member list -w json` through `via`; undefined when no member answered. */
  async memberList(via: readonly EtcdMember[]): Promise<ListedMember[] | undefined> {
    const r = await this.ctl(via[0].host, via, ['--command-timeout=3s', 'member', 'list', '-w', 'json'], 10_000);
    return r.ok ? parseMemberList(r.stdout) : undefined;
  }

  /**
   * Adds `m` as a learner (`etcdctl member add --learner`, through `via`) and returns its Raft id and
   * the `--initial-cluster` it must start with, retrying until `deadlineMs`. An add can be committed
   * while its reply is cut short (no ETCD_INITIAL_CLUSTER) or lost to a timeout, so every attempt first
   * reads `member list`: a member already listed with `m`'s peer URL is that earlier add, and is used
   * instead of adding a second learner (etcd 3.4 allows one: "too many learner members in cluster",
   * https://etcd.io/docs/v3.4/learning/design-learner/). etcd also refuses a reconfiguration
   * ("unhealthy cluster") until its leader has been connected to every member for a while
   * (etcdserver's strict reconfiguration check, on by default): those attempts are retried too.
   */
  async addLearner(m: EtcdMember, via: readonly EtcdMember[], deadlineMs: number): Promise<{ id: string; initialCluster: string }> {
    const addArgs = ['--command-timeout=5s', 'member', 'add', m.name, '--learner', `--peer-urls=${m.peerUrl}`];
    const t0 = Date.now();
    let lastError = 'no attempt';
    do {
      const listed = await this.memberList(via);
      const earlier = listed?.find((x) => x.peerUrls.includes(m.peerUrl));
      if (listed && earlier) return { id: earlier.id, initialCluster: initialClusterFrom(listed, earlier.id, m.name) };
      const added = await this.ctl(via[0].host, via, addArgs, 15_000);
      const initialCluster = /ETCD_INITIAL_CLUSTER="([^"]*)"/.exec(added.stdout)?.[1];
      const id = /Member ([0-9a-f]+) added/.exec(added.stdout)?.[1];
      if (added.ok && initialCluster && id) return { id, initialCluster };
      lastError = added.ok ? `reply cut short: ${JSON.stringify(added.stdout.trim())}` : ctlError(added);
      await sleep(500);
    } while (Date.now() - t0 < deadlineMs);
    throw new Error(`member add ${m.name}: not added within ${deadlineMs} ms, last: ${lastError}`);
  }

  /**
   * One `etcdctl put` through `via` (from its own namespace, or from `from` when given) with a
   * short command timeout. `ok` only when etcd answered OK, i.e. the write was committed.
   */
  put(via: readonly EtcdMember[], from: SiteHost, key: string, value: string, commandTimeoutMs = 1_000): Promise<CtlResult> {
    return this.ctl(from, via, [`--dial-timeout=${commandTimeoutMs}ms`, `--command-timeout=${commandTimeoutMs}ms`, 'put', key, value], commandTimeoutMs * 3 + 2_000);
  }

  /**
   * `etcdctl endpoint status` of each given member, asked from its own namespace; a member
   * that does not answer within the timeout is absent from the result.
   */
  async status(members: readonly EtcdMember[], timeoutMs = 1_000): Promise<Map<EtcdMember, EndpointStatus>> {
    const result = new Map<EtcdMember, EndpointStatus>();
    const answers = await Promise.all(members.map((m) => this.ctl(m.host, [m], [`--dial-timeout=${timeoutMs}ms`, `--command-timeout=${timeoutMs}ms`, 'endpoint', 'status', '-w', 'json'], timeoutMs * 3 + 2_000)));
    members.forEach((m, i) => {
      const parsed = parseStatus(answers[i].stdout);
      if (parsed.length === 1) result.set(m, parsed[0]);
    });
    return result;
  }

  /**
   * Hands leadership to `to` (`etcdctl move-leader`, sent to the current leader). Returns
   * whether etcd confirmed the transfer.
   */
  async moveLeader(leader: EtcdMember, to: EtcdMember): Promise<boolean> {
    if (leader === to) return true;
    if (!to.id) return false;
    // On a loaded machine a transfer can time out, or an election can move the leader meanwhile:
    // retry a few times, each time against the leader the members report then.
    let current: EtcdMember | undefined = leader;
    for (let attempt = 0; attempt < 5; attempt++) {
      if (current === to) return true;
      if (current) {
        const r = await this.ctl(current.host, [current], ['--dial-timeout=2s', '--command-timeout=8s', 'move-leader', to.id], 15_000);
        if (r.ok) return true;
      }
      await new Promise((resolve) => setTimeout(resolve, 1_000));
      const statuses = [...(await this.status(this.members.filter((m) => !this.frozen.has(m)), 2_000)).values()];
      current = this.byId(statuses.find((st) => st.leaderId !== '0')?.leaderId ?? '0');
    }
    return false;
  }

  /** The member with the given Raft id. */
  byId(id: string): EtcdMember | undefined {
    return this.members.find((m) => m.id === id);
  }

  /** Leader as people read it: the member name, or "none". */
  leaderName(s: EndpointStatus | undefined): string {
    if (!s) return 'no answer';
    if (s.leaderId === '0') return 'none';
    return this.byId(s.leaderId)?.name ?? `id ${s.leaderId}`;
  }

  /** Loses sites: their links down, their members frozen. */
  loseSites(lost: readonly string[], setSiteLinkDown: (h: SiteHost, down: boolean) => void): void {
    const hosts = new Set(this.members.filter((m) => lost.includes(m.site)).map((m) => m.host));
    for (const h of hosts) setSiteLinkDown(h, true);
    for (const m of this.members.filter((x) => lost.includes(x.site))) {
      m.proc?.kill('SIGSTOP');
      this.frozen.add(m);
    }
  }

  /** Brings every lost site back: links up, members thawed. */
  restoreAll(hosts: readonly SiteHost[], setSiteLinkDown: (h: SiteHost, down: boolean) => void): void {
    for (const h of hosts) setSiteLinkDown(h, false);
    for (const m of this.frozen) m.proc?.kill('SIGCONT');
    this.frozen.clear();
  }

  /** SIGKILLs every member (frozen ones too) and waits, bounded, until they are gone. */
  async stop(): Promise<void> {
    for (const m of this.members) {
      if (m.proc && !m.exited) {
        m.proc.kill('SIGKILL');
      }
    }
    const deadline = Date.now() + 10_000;
    while (this.members.some((m) => m.proc && !m.exited) && Date.now() < deadline) await sleep(50);
  }
}

/** One entry of `etcdctl member list -w json`, id as hex. */
export interface ListedMember {
  readonly id: string;
  /** Empty for a member added but not started yet. */
  readonly name: string;
  readonly peerUrls: readonly string[];
  readonly isLearner: boolean;
}

/**
 * Parses `etcdctl member list -w json` (3.4: {header, members: [{ID, name, peerURLs, clientURLs, isLearner}]};
 * `name` and `clientURLs` are absent until the member has started, `isLearner` is absent when false).
 */
export function parseMemberList(stdout: string): ListedMember[] | undefined {
  const text = stdout.trim();
  if (!text.startsWith('{')) return undefined;
  let parsed: any;
  try {
    parsed = JSON.parse(text.replace(/:\s*(\d{16,})/g, ':"$1"'));
  } catch {
    return undefined;
  }
  if (!Array.isArray(parsed.members)) return undefined;
  return parsed.members.map((m: any) => ({
    id: hex(m.ID),
    name: String(m.name ?? ''),
    peerUrls: Array.isArray(m.peerURLs) ? m.peerURLs.map(String) : [],
    isLearner: m.isLearner === true,
  }));
}

/**
 * The `--initial-cluster` a newly added member starts with, built the way `etcdctl member add`
 * builds the ETCD_INITIAL_CLUSTER it prints: every listed member's name=peerURL, the new member
 * (not started, so unnamed in the list) under `newName`
 * (etcdctl/ctlv3/command/member_command.go, memberAddCommandFunc, v3.4).
 */
export function initialClusterFrom(members: readonly ListedMember[], newId: string, newName: string): string {
  return members.flatMap((m) => m.peerUrls.map((u) => `${m.id === newId ? newName : m.name}=${u}`)).join(',');
}

/** Parses `etcdctl endpoint status -w json` (3.4: an array of {Endpoint, Status{header, leader, raftTerm, version}}). */
export function parseStatus(stdout: string): EndpointStatus[] {
  const text = stdout.trim();
  if (!text.startsWith('[')) return [];
  let rows: any[];
  try {
    // 64-bit ids do not fit a JavaScript number: read every long integer as a string.
    rows = JSON.parse(text.replace(/:\s*(\d{16,})/g, ':"$1"'));
  } catch {
    return [];
  }
  return rows.map((r) => ({
    endpoint: String(r.Endpoint),
    memberId: hex(r.Status?.header?.member_id),
    leaderId: hex(r.Status?.leader),
    raftTerm: Number(r.Status?.raft_term ?? r.Status?.header?.raft_term ?? 0),
    version: String(r.Status?.version ?? ''),
  }));
}

/** A Raft id (a decimal string or a small number from the JSON) as hex, as etcd prints it. */
function hex(v: unknown): string {
  if (v === undefined || v === null || v === '') return '0';
  return BigInt(String(v)).toString(16);
}

/** The last error line etcdctl printed, for the scenario table. */
export function ctlError(r: CtlResult): string {
  const lines = r.stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  const line = lines.filter((l) => /Error|error|deadline|timed out|unavailable/.test(l)).pop() ?? lines.pop() ?? 'no output';
  return line.replace(/^\{.*"msg":"([^"]*)".*$/, '$1').slice(0, 120);
}

/** The last `lines` lines of a file ('' when absent). */
export function tail(file: string, lines = 20): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines - 1).join('\n');
  } catch {
    return '';
  }
}
