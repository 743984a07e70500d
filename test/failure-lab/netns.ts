/**
 * Test hosts made with `ip netns`: one network namespace per site (the site's "host"), each
 * joined by a veth pair to one bridge that lives in a dedicated router namespace. Every name
 * starts with {@link PREFIX}; every address is in {@link SUBNET}, and exists only inside those
 * namespaces (nothing is added to the root namespace, so no traffic leaves them).
 *
 * Faults (no netem here, so no latency; partitions are what matter):
 * - a site loss takes the router-side end of the site's veth down: the site is cut from every
 *   other site, while its own nodes still reach each other (they share the site's host);
 * - a partition between two sites adds blackhole routes for the other site's addresses in both
 *   site namespaces: the two sites cannot reach each other, both still reach the rest.
 *
 * All commands are synchronous and bounded by a timeout, so cleanup also works from a signal
 * handler or after a failed test.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';

/** Every namespace, bridge and veth this lab creates starts with this. */
export const PREFIX = 'msl-';
/** The lab's private addresses: only inside the namespaces below. */
export const SUBNET_PREFIX = '10.231.0';
export const SUBNET_BITS = 24;

const ROUTER_NS = `${PREFIX}router`;
const BRIDGE = `${PREFIX}br`;

/** One site's host. */
export interface SiteHost {
  readonly site: string;
  /** Network namespace of the site. */
  readonly ns: string;
  /** Interface name inside the site namespace. */
  readonly siteIf: string;
  /** The other end, on the bridge in the router namespace: down = the site is lost. */
  readonly routerIf: string;
  /** Addresses on the site's interface, one per process that listens (data node, garbd). */
  readonly addresses: string[];
}

function run(cmd: string, args: string[], timeoutMs = 20_000): string {
  return execFileSync(cmd, args, { encoding: 'utf8', timeout: timeoutMs, stdio: ['ignore', 'pipe', 'pipe'] });
}

function tryRun(cmd: string, args: string[], timeoutMs = 20_000): { ok: boolean; out: string } {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: timeoutMs });
  return { ok: r.status === 0, out: `${r.stdout ?? ''}${r.stderr ?? ''}` };
}

/** Namespaces whose name starts with {@link PREFIX}. */
export function labNamespaces(): string[] {
  const r = tryRun('ip', ['netns', 'list']);
  if (!r.ok) return [];
  return r.out.split('\n').map((l) => l.trim().split(/\s+/)[0]).filter((n) => n && n.startsWith(PREFIX));
}

/** PIDs of processes inside a namespace. */
export function pidsIn(ns: string): number[] {
  const r = tryRun('ip', ['netns', 'pids', ns]);
  return r.ok ? r.out.split('\n').map((s) => Number(s.trim())).filter((n) => Number.isInteger(n) && n > 0) : [];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Sleeps synchronously (cleanup runs where no event loop may turn). */
function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** SIGKILLs every process in every lab namespace and waits (bounded) for them to go. */
export function killAllInLabNamespaces(): number[] {
  const killed: number[] = [];
  for (const ns of labNamespaces()) {
    for (const pid of pidsIn(ns)) {
      try {
        process.kill(pid, 'SIGKILL');
        killed.push(pid);
      } catch {
        // already gone
      }
    }
  }
  const deadline = Date.now() + 15_000;
  while (killed.some(alive) && Date.now() < deadline) sleepSync(100);
  return killed;
}

/**
 * Removes everything a lab (this run or a crashed earlier one) left: processes inside lab
 * namespaces, the namespaces (which takes their veths and the bridge with them), and any
 * stray `msl-` link in the root namespace. Idempotent; never throws.
 */
export function destroyLabNetwork(): string[] {
  const removed: string[] = [];
  killAllInLabNamespaces();
  for (const ns of labNamespaces()) {
    if (tryRun('ip', ['netns', 'del', ns]).ok) removed.push(`netns ${ns}`);
  }
  const links = tryRun('ip', ['-o', 'link', 'show']);
  for (const line of links.out.split('\n')) {
    const m = /^\d+:\s+([^:@\s]+)/.exec(line);
    if (m && m[1].startsWith(PREFIX) && tryRun('ip', ['link', 'del', m[1]]).ok) removed.push(`link ${m[1]}`);
  }
  return removed;
}

/**
 * Creates the router namespace with its bridge and one host per site with `addressCount[i]`
 * addresses. Host addresses are `10.231.0.<10·(i+1) + k + 1>`.
 */
export function createLabNetwork(sites: { site: string; addressCount: number }[]): SiteHost[] {
  run('ip', ['netns', 'add', ROUTER_NS]);
  run('ip', ['-n', ROUTER_NS, 'link', 'set', 'lo', 'up']);
  run('ip', ['-n', ROUTER_NS, 'link', 'add', BRIDGE, 'type', 'bridge']);
  run('ip', ['-n', ROUTER_NS, 'link', 'set', BRIDGE, 'up']);
  return sites.map(({ site, addressCount }, i) => {
    if (addressCount > 9) throw new Error('at most 9 addresses per site host');
    const ns = `${PREFIX}${site}`;
    const siteIf = `${PREFIX}s${i}`;
    const routerIf = `${PREFIX}r${i}`;
    run('ip', ['netns', 'add', ns]);
    run('ip', ['-n', ns, 'link', 'set', 'lo', 'up']);
    run('ip', ['link', 'add', siteIf, 'netns', ns, 'type', 'veth', 'peer', 'name', routerIf, 'netns', ROUTER_NS]);
    run('ip', ['-n', ROUTER_NS, 'link', 'set', routerIf, 'master', BRIDGE]);
    run('ip', ['-n', ROUTER_NS, 'link', 'set', routerIf, 'up']);
    const addresses = Array.from({ length: addressCount }, (_, k) => `${SUBNET_PREFIX}.${10 * (i + 1) + k + 1}`);
    for (const a of addresses) run('ip', ['-n', ns, 'addr', 'add', `${a}/${SUBNET_BITS}`, 'dev', siteIf]);
    run('ip', ['-n', ns, 'link', 'set', siteIf, 'up']);
    return { site, ns, siteIf, routerIf, addresses };
  });
}

/** Takes the site's link down (true) or up (false). */
export function setSiteLinkDown(host: SiteHost, down: boolean): void {
  run('ip', ['-n', ROUTER_NS, 'link', 'set', host.routerIf, down ? 'down' : 'up']);
}

/** Cuts (or heals) the path between two sites, both keeping every other path. */
export function setPartition(a: SiteHost, b: SiteHost, cut: boolean): void {
  for (const [from, to] of [[a, b], [b, a]] as const) {
    for (const addr of to.addresses) {
      if (cut) run('ip', ['-n', from.ns, 'route', 'add', 'blackhole', `${addr}/32`]);
      else tryRun('ip', ['-n', from.ns, 'route', 'del', 'blackhole', `${addr}/32`]);
    }
  }
}

/** Whether `from` can reach `address` (one ping, 1 s), for the lab's own sanity checks. */
export function canReach(from: SiteHost, address: string): boolean {
  return tryRun('ip', ['netns', 'exec', from.ns, 'ping', '-c', '1', '-W', '1', address], 5_000).ok;
}

/** The lock file that keeps two labs on one machine from sharing (and cleaning) the same names. */
export const LOCK_FILE = `/tmp/${PREFIX}failure-lab.lock`;

/**
 * Takes the machine-wide lab lock (a file holding the owner's pid), waiting up to `waitMs`
 * while another live process holds it; a lock whose owner is gone is stale and taken over.
 * Throws when the wait runs out.
 */
export async function acquireLabLock(waitMs: number): Promise<void> {
  const deadline = Date.now() + waitMs;
  for (;;) {
    try {
      fs.writeFileSync(LOCK_FILE, `${process.pid}\n`, { flag: 'wx' });
      return;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
    const owner = Number(fs.readFileSync(LOCK_FILE, 'utf8').trim());
    if (!Number.isInteger(owner) || owner <= 0 || owner === process.pid || !alive(owner)) {
      fs.rmSync(LOCK_FILE, { force: true });
      continue;
    }
    if (Date.now() > deadline) {
      throw new Error(`another failure lab (pid ${owner}) holds ${LOCK_FILE}; gave up after ${Math.round(waitMs / 1000)} s`);
    }
    await new Promise((r) => setTimeout(r, 2000));
  }
}

/** Releases the lock when this process holds it. */
export function releaseLabLock(): void {
  try {
    if (Number(fs.readFileSync(LOCK_FILE, 'utf8').trim()) === process.pid) fs.rmSync(LOCK_FILE, { force: true });
  } catch {
    // not held
  }
}

/** Loads an nftables script (`nft -f -`) into a namespace. */
export function loadNftables(ns: string, script: string): void {
  execFileSync('ip', ['netns', 'exec', ns, 'nft', '-f', '-'], { input: script, encoding: 'utf8', timeout: 20_000, stdio: ['pipe', 'pipe', 'pipe'] });
}

/** `nft -j list table inet <table>` inside a namespace. */
export function listNftTable(ns: string, table: string): string {
  return run('ip', ['netns', 'exec', ns, 'nft', '-j', 'list', 'table', 'inet', table]);
}
