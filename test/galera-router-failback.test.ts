/**
 * The writes routing a router's `haproxy.cfg` holds, run on Debian's haproxy against stand-in data
 * nodes (a TCP listener on the SQL port that keeps every connection open, and an HTTP health
 * check that answers 200 or 503 as the test says): through a cascade failover and fail-back
 * (A down → B, B down → C, B back, A back) the router holds client sessions on one node at a time.
 * The mutation, the writes as one backend (the config before the per-step backends), leaves the
 * sessions on C running after B is back: two writers. The Galera failure lab runs the same
 * cascade on real nodes (test/failure-lab/galera-router-failback.test.ts).
 */
import { spawn, spawnSync, ChildProcess } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';
import { singleBackendWrites, writeOrder, writeSteps } from './support/haproxy-writes';
import { haproxyConfig, RouterBackend } from '../lib/engines/galera/haproxy-config';
import { GALERA_HEALTH_CHECK_PORT, GALERA_PORTS, GALERA_ROUTER_PORTS } from '../lib/engines/galera/ports';
import { GaleraRouterPlan } from '../lib/engines/galera/router-plan';

const HAPROXY = spawnSync('haproxy', ['-v'], { encoding: 'utf-8' });
const haproxyMissing = HAPROXY.status === 0 ? undefined : 'haproxy is not installed (scripts/failure-lab-setup.sh installs it; .ci/run has it)';
if (haproxyMissing) process.stdout.write(`galera-router-failback: skipping the haproxy runs: ${haproxyMissing}\n`);
const withHaproxy = haproxyMissing ? test.skip : test;

/** Fast checks, so the cascade runs in seconds; the order and the structure are the library's. */
const PLAN: GaleraRouterPlan = {
  writerSites: ['dc-b', 'dc-a'],
  prioritySitesWithoutData: [],
  writerVips: [],
  vipSitesWithoutData: [],
  metallbNamespace: 'metallb-system',
  checkIntervalMillis: 100,
  rise: 2,
  fall: 2,
  longestCheckMillis: 2100,
  earliestMoveMillis: 100,
  worstMoveMillis: 4400,
  earliestReturnMillis: 100,
  worstReturnMillis: 4400,
  failbackOverlapMillis: 4300,
  evictionMillis: 100,
};
const NODES = ['db-dc-b-0', 'db-dc-b-1', 'db-dc-a-0', 'db-dc-a-1'];

/** A stand-in data node: its SQL listener greets with its name and keeps the connection; its health check answers as `healthy` says. */
class StandIn {
  public healthy = true;
  public readonly open = new Set<net.Socket>();
  private readonly servers: net.Server[] = [];
  constructor(public readonly name: string, public readonly address: string) {}

  async listen(): Promise<void> {
    const sql = net.createServer((s) => {
      this.open.add(s);
      s.on('close', () => this.open.delete(s));
      s.on('error', () => this.open.delete(s));
      s.write(`${this.name}\n`);
    });
    const health = http.createServer((_req, res) => {
      res.writeHead(this.healthy ? 200 : 503, { 'Content-Type': 'text/plain', 'Connection': 'close' });
      res.end(this.healthy ? 'synced\n' : 'not synced\n');
    });
    for (const [server, port] of [[sql, GALERA_PORTS.sql], [health, GALERA_HEALTH_CHECK_PORT]] as const) {
      await new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, this.address, () => resolve()));
      this.servers.push(server);
    }
  }

  close(): void {
    for (const s of this.open) s.destroy();
    for (const s of this.servers) s.close();
  }
}

/** A client session through the router: the node that greeted it, and whether it is still open. */
interface Session { readonly node: string; readonly socket: net.Socket; closed: boolean }

function connect(address: string): Promise<Session | undefined> {
  return new Promise((resolve) => {
    const socket = net.connect(GALERA_ROUTER_PORTS.writes, address);
    let data = '';
    const done = (s: Session | undefined) => { clearTimeout(timer); resolve(s); };
    const timer = setTimeout(() => { socket.destroy(); done(undefined); }, 1000);
    socket.on('data', (chunk) => {
      data += chunk.toString();
      if (data.includes('\n')) {
        const session: Session = { node: data.split('\n')[0], socket, closed: false };
        socket.on('close', () => { session.closed = true; });
        done(session);
      }
    });
    socket.on('error', () => done(undefined));
    socket.on('close', () => done(undefined));
  });
}

async function eventually<T>(what: string, probe: () => Promise<T | undefined>, ms = 10_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`not within ${ms} ms: ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/**
 * Runs haproxy with `config` (binds moved to the router's own loopback address) in front of four
 * stand-ins, walks the cascade, and returns, after each step, the nodes that hold sessions.
 */
async function cascade(config: string, subnet: number): Promise<{ step: string; writers: string[] }[]> {
  const routerAddress = `127.77.${subnet}.1`;
  const standIns = NODES.map((n, i) => new StandIn(n, `127.77.${subnet}.${i + 2}`));
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'router-failback-'));
  let text = config.replace(/bind :(\d+)/g, (_m, port) => `bind ${routerAddress}:${port}`);
  for (const s of standIns) text = text.replace(new RegExp(`(server ${s.name} )[^\\s:]+(:\\d+)`, 'g'), `$1${s.address}$2`);
  fs.writeFileSync(path.join(dir, 'haproxy.cfg'), text);
  let proc: ChildProcess | undefined;
  const sessions: Session[] = [];
  try {
    for (const s of standIns) await s.listen();
    proc = spawn('haproxy', ['-db', '-f', path.join(dir, 'haproxy.cfg')], { stdio: 'ignore' });
    const byName = (n: string) => standIns.find((s) => s.name === n)!;
    /** Opens sessions until one lands on `node`, closes the others, and keeps that one open. */
    const sessionOn = (node: string) => eventually(`a new session lands on ${node}`, async () => {
      const s = await connect(routerAddress);
      if (s?.node === node) {
        sessions.push(s);
        return s;
      }
      s?.socket.destroy();
      return undefined;
    });
    // Checks run every 100 ms: a moment after a change, every router decision has been taken.
    const settle = () => new Promise((r) => setTimeout(r, 10 * PLAN.checkIntervalMillis));
    const writers = () => standIns.filter((s) => s.open.size > 0).map((s) => s.name);
    const out: { step: string; writers: string[] }[] = [];
    const [a, b, c] = NODES;
    await sessionOn(a);
    byName(a).healthy = false;
    await sessionOn(b);
    await settle();
    out.push({ step: `${a} down`, writers: writers() });
    byName(b).healthy = false;
    await sessionOn(c);
    await settle();
    out.push({ step: `${b} down`, writers: writers() });
    byName(b).healthy = true;
    await sessionOn(b);
    await settle();
    out.push({ step: `${b} back`, writers: writers() });
    byName(a).healthy = true;
    await sessionOn(a);
    await settle();
    out.push({ step: `${a} back`, writers: writers() });
    return out;
  } finally {
    for (const s of sessions) s.socket.destroy();
    proc?.kill('SIGKILL');
    for (const s of standIns) s.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

// Addresses, not names: `haproxy -c` then resolves nothing (a name it cannot resolve costs it seconds).
const backends: RouterBackend[] = NODES.map((name, i) => ({ name, address: `192.0.2.${i + 10}`, site: name.split('-').slice(1, 3).join('-') }));
const written = haproxyConfig('db', 'dc-a', PLAN, backends);

describe('the writes routing of a router, on Debian\'s haproxy against stand-in nodes', () => {
  test('one backend per priority step: each tracks the nodes above it and ends its own node\'s sessions when one comes back', () => {
    expect(writeSteps(written)).toEqual(['backend writes-1', 'backend writes-2', 'backend writes-3', 'backend writes-4']);
    expect(writeOrder(written)).toEqual(NODES);
    expect(written).toContain([
      'frontend writes',
      '  bind :3306',
      '  use_backend writes-1 if { nbsrv(writes-1) gt 0 }',
      '  use_backend writes-2 if { nbsrv(writes-2) gt 0 }',
      '  use_backend writes-3 if { nbsrv(writes-3) gt 0 }',
      '  default_backend writes-4',
    ].join('\n'));
    expect(written).toContain([
      'backend writes-3',
      '  server db-dc-b-0 192.0.2.10:3306 no-check track writes-1/db-dc-b-0 on-marked-up shutdown-backup-sessions',
      '  server db-dc-b-1 192.0.2.11:3306 no-check track writes-2/db-dc-b-1 on-marked-up shutdown-backup-sessions',
      '  server db-dc-a-0 192.0.2.12:3306 backup',
    ].join('\n'));
    expect(written).toContain('backend writes-1\n  server db-dc-b-0 192.0.2.10:3306\n');
  });

  test('one data node: one step, no rule', () => {
    const one = haproxyConfig('db', 'dc-a', PLAN, backends.slice(0, 1));
    expect(one).toContain('frontend writes\n  bind :3306\n  default_backend writes-1\n\nbackend writes-1\n  server db-dc-b-0 192.0.2.10:3306\n');
    expect(one).not.toContain('use_backend');
  });

  withHaproxy('haproxy -c accepts the written config and the mutation', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'router-failback-check-'));
    try {
      for (const [name, text] of [['written', written], ['mutation', singleBackendWrites(written)]]) {
        const file = path.join(dir, `${name}.cfg`);
        fs.writeFileSync(file, text);
        const check = spawnSync('haproxy', ['-c', '-f', file], { encoding: 'utf-8' });
        expect(`${name}: ${check.stdout}${check.stderr}`).toContain('Configuration file is valid');
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  withHaproxy('through a cascade failover and fail-back, sessions are on one node at a time', async () => {
    const steps = await cascade(written, 10 + (process.pid % 100));
    process.stdout.write(`galera-router-failback: written config: ${steps.map((s) => `${s.step} → sessions on ${s.writers.join(' + ')}`).join('; ')}\n`);
    expect(steps).toEqual([
      { step: 'db-dc-b-0 down', writers: ['db-dc-b-1'] },
      { step: 'db-dc-b-1 down', writers: ['db-dc-a-0'] },
      { step: 'db-dc-b-1 back', writers: ['db-dc-b-1'] },
      { step: 'db-dc-b-0 back', writers: ['db-dc-b-0'] },
    ]);
  }, 60_000);

  withHaproxy('the mutation (the writes as one backend) keeps two writers when a backup comes back above another', async () => {
    const mutant = singleBackendWrites(written);
    expect(mutant).toContain('listen writes\n  bind :3306\n  server db-dc-b-0 192.0.2.10:3306 on-marked-up shutdown-backup-sessions\n  server db-dc-b-1 192.0.2.11:3306 backup\n');
    const steps = await cascade(mutant, 110 + (process.pid % 100));
    process.stdout.write(`galera-router-failback: mutation: ${steps.map((s) => `${s.step} → sessions on ${s.writers.join(' + ')}`).join('; ')}\n`);
    expect(steps.find((s) => s.step === 'db-dc-b-1 back')!.writers).toEqual(['db-dc-b-1', 'db-dc-a-0']);
  }, 60_000);
});
