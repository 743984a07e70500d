/**
 * A cascade failover and fail-back through the single-writer routers of
 * examples/galera-single-writer, run for real as ./router-lab.ts sets it up (the cluster, the
 * health-check sidecars and one router per data site, from what synth wrote), with one more
 * router in the first data site from the mutation: the writes as one backend, the config before
 * the per-step backends (../support/haproxy-writes.ts `singleBackendWrites`).
 *
 * Through every router two clients write all along, each row recording the router, the node that
 * committed it and the node's clock: one long SQL session (reopened only when the router or the
 * node ends it) and one new connection every half second. The cascade, in priority order A, B, C:
 * stop A (writes move to B), stop B (to C), start B again (back to B), start A again (back to A).
 * The second site's router is restarted half a check interval out of phase with the first's, so
 * the two see a returning node at different times. Printed with REPORT.md's predictions beside
 * the outcomes, and asserted:
 * - through each written router the nodes that took writes, in time order, are exactly A, B, C,
 *   B, A: one writer at a time, also when B came back above C;
 * - through the mutant, C's long session goes on writing after B came back: two writers at once;
 * - across the routers of the two sites, the returning node is taken back within REPORT.md's
 *   fail-back times, and the routers disagree on the writer for no longer than the overlap it
 *   states;
 * - every row a client saw acknowledged is in the table.
 */
import { ChildProcess, execFile, spawn } from 'child_process';
import { DataMember, GaleraLab, sleep, waitFor } from './galera-lab';
import { describeLab, LabRun } from './lab-gate';
import { PREFIX } from './netns';
import { LabRouter, RouterLab, routerLabUnavailable } from './router-lab';
import { singleBackendWrites, writeOrder } from '../support/haproxy-writes';

jest.setTimeout(5 * 60_000);

const TMP_PREFIX = `${PREFIX}failback-`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface Row { scenario: string; prediction: string; observation: string; agrees: boolean }

/** One committed write: through which router, which client, on which node, at the node's clock (ms). */
interface Write { via: string; kind: 'session' | 'connect'; ref: string; node: string; at: number }

/** A run of consecutive writes (in commit time) on one node through one router. */
interface Stint { node: string; writes: number; from: number; to: number }

function stints(writes: readonly Write[]): Stint[] {
  const out: Stint[] = [];
  for (const w of [...writes].sort((a, b) => a.at - b.at)) {
    const last = out[out.length - 1];
    if (last && last.node === w.node) {
      last.writes++;
      last.to = w.at;
    } else {
      out.push({ node: w.node, writes: 1, from: w.at, to: w.at });
    }
  }
  return out;
}

describeLab('Galera router fail-back lab: a cascade through the written routers and the single-backend mutation', 'Galera router fail-back lab', routerLabUnavailable, () => {
  const started = Date.now();
  const rows: Row[] = [];
  const run = new LabRun();
  let rl: RouterLab | undefined;
  let lab: GaleraLab;
  const clients: { stop(): Promise<void> }[] = [];
  /** The node each router's newest short connection wrote on. */
  const lastNode = new Map<string, string>();
  /** The refs of the short-connection writes a client saw acknowledged. */
  const acknowledged: string[] = [];
  let seq = 0;

  const label = (r: LabRouter) => (r === rl!.mutant ? 'mutant' : r.site);

  /** The mariadb client through a router, as the lab's TCP client, TLS on (as the servers require). */
  function clientArgs(r: LabRouter): string[] {
    return [
      'netns', 'exec', r.host.ns, 'env', `MYSQL_PWD=${rl!.client.password}`, 'mariadb', '--no-defaults', '--protocol=tcp', `--host=${r.address}`,
      '--port=3306', `--user=${rl!.client.user}`, '--ssl', '--batch', '--skip-column-names', '--connect-timeout=3',
    ];
  }
  const insert = (r: LabRouter, kind: Write['kind'], ref = '') =>
    `INSERT INTO lab.writes (via, kind, ref, node, at) VALUES ('${label(r)}', '${kind}', '${ref}', @@wsrep_node_name, UNIX_TIMESTAMP(NOW(6)))`;

  /** A long session through `r`: one INSERT every 250 ms on one connection, reopened when it ends. */
  function longSession(r: LabRouter): { stop(): Promise<void> } {
    let stopped = false;
    let proc: ChildProcess | undefined;
    const open = () => {
      proc = spawn('ip', [...clientArgs(r), '--skip-reconnect'], { stdio: ['pipe', 'ignore', 'ignore'] });
      proc.stdin!.on('error', () => undefined);
      proc.on('exit', () => {
        if (!stopped) setTimeout(open, 200);
      });
    };
    open();
    const timer = setInterval(() => {
      if (proc?.stdin?.writable) proc.stdin.write(`${insert(r, 'session')};\n`);
    }, 250);
    return {
      stop: async () => {
        stopped = true;
        clearInterval(timer);
        proc?.kill('SIGKILL');
      },
    };
  }

  /** A new connection through `r` every 500 ms, each one INSERT; remembers the node that took it. */
  function shortConnections(r: LabRouter): { stop(): Promise<void> } {
    let stopped = false;
    const loop = (async () => {
      while (!stopped) {
        const ref = `${label(r)}-${++seq}`;
        const node = await new Promise<string | undefined>((resolve) => {
          execFile('ip', [...clientArgs(r), '-e', `${insert(r, 'connect', ref)}; SELECT @@wsrep_node_name`],
            { timeout: 5_000, killSignal: 'SIGKILL', encoding: 'utf8' }, (error, stdout) => resolve(error ? undefined : stdout.trim() || undefined));
        });
        if (node) {
          lastNode.set(label(r), node);
          acknowledged.push(ref);
        }
        await sleep(500);
      }
    })();
    return {
      stop: async () => {
        stopped = true;
        await loop;
      },
    };
  }

  /** Every write in the table, read causally from `m`. */
  async function writesOn(m: DataMember): Promise<Write[]> {
    const r = await lab.sql(m, 'SET SESSION wsrep_sync_wait=1; SELECT via, kind, ref, node, at FROM lab.writes', 30_000);
    if (!r.ok) throw new Error(`could not read lab.writes on ${m.name}: ${r.stderr}`);
    return r.stdout.split('\n').filter(Boolean).map((line) => {
      const [via, kind, ref, node, at] = line.split('\t');
      return { via, kind: kind as Write['kind'], ref, node, at: Number(at) * 1000 };
    });
  }

  /** REPORT.md's fail-back times: the latest a router takes a node back, and how long routers may disagree (ms). */
  function predictedFailback(): { worstReturnMs: number; overlapMs: number; worstMoveMs: number } {
    const back = /takes writes back after \d+ passing checks, [\d.]+ s to ([\d.]+) s after it is healthy/.exec(rl!.report);
    const overlap = /for up to ([\d.]+) s \(the difference of those two times\)/.exec(rl!.report);
    const move = /\| the writer node \([^)]*\) \| [^|]+ \| ([\d.]+) s \|/.exec(rl!.report);
    if (!back || !overlap || !move) throw new Error('REPORT.md states no fail-back times for the routers');
    return { worstReturnMs: Number(back[1]) * 1000, overlapMs: Number(overlap[1]) * 1000, worstMoveMs: Number(move[1]) * 1000 };
  }

  beforeAll(async () => {
    rl = await RouterLab.create(run, 'fail-back lab', TMP_PREFIX, singleBackendWrites);
    await rl.start();
    lab = rl.lab;
    const bootstrap = lab.dataMembers.find((m) => m.bootstrap)!;
    const table = await lab.sql(bootstrap, 'CREATE TABLE lab.writes (id BIGINT AUTO_INCREMENT PRIMARY KEY, via VARCHAR(16) NOT NULL, kind VARCHAR(8) NOT NULL, ref VARCHAR(32) NOT NULL, node VARCHAR(64) NOT NULL, at DECIMAL(17,6) NOT NULL)');
    if (!table.ok) throw new Error(`could not create lab.writes: ${table.stderr}`);
    run.started();
    process.stdout.write(`fail-back lab: rewrites for the lab (everything else as written):\n${rl.rewriteLines()}\n`);
  }, 4 * 60_000);

  afterAll(() => run.finish({
    name: 'fail-back lab',
    stop: async () => {
      for (const c of clients) await c.stop();
      await rl?.stop();
    },
    root: rl?.root ?? '',
    reportFile: 'failure-lab-router-failback.md',
    report: (removed) => [
      '',
      `Galera router fail-back lab: ${rl?.output.clusterName ?? '?'}, routers in ${rl?.routers.map((r) => r.site).join(', ')} and the mutant in ${rl?.mutant?.site}`,
      '| scenario | prediction (REPORT.md / haproxy.cfg) | observation | agree |',
      '| --- | --- | --- | --- |',
      ...rows.map((r) => `| ${[r.scenario, r.prediction, r.observation, r.agrees ? 'yes' : 'NO'].map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`),
      '',
      `cleanup: ${removed.length} namespace(s)/link(s) removed`,
      `fail-back lab total time: ${secs(Date.now() - started)}`,
      '',
    ],
  }), 2 * 60_000);

  test('A down, B down, B back, A back: one writer at a time through each written router, two through the mutant; routers of different sites disagree no longer than REPORT.md says', run.guarded(async () => {
    const routers = rl!.routers;
    const all = [...routers, rl!.mutant];
    const order = writeOrder(rl!.writtenConfig(routers[0].site));
    const [a, b, c] = order.map((n) => lab.dataMembers.find((m) => m.name === n)!);
    const { worstReturnMs, overlapMs, worstMoveMs } = predictedFailback();
    const inter = Number(/inter (\d+)ms/.exec(routers[0].config)![1]);
    const fall = Number(/ fall (\d+) /.exec(routers[0].config)![1]);

    // The routers of the two sites started together, so their checks run in step. In production
    // they do not: restart the second site's router half an `inter` out of phase with the first's,
    // so a returning node is seen at different times, as REPORT.md's overlap window allows.
    const [first, second] = routers;
    const checkPhase = (Date.now() - first.startedAt!) % inter;
    await sleep((inter / 2 - checkPhase + inter) % inter);
    await rl!.restartRouter(second);
    for (const r of all) clients.push(shortConnections(r));
    /** Waits until every router's newest short connection wrote on `m`; returns ms per router from `since`. */
    const allOn = async (m: DataMember, since: number, deadlineMs: number) => {
      const at = new Map<string, number>();
      await waitFor(`every router to send new connections to ${m.name}`, deadlineMs, async () => {
        for (const r of all) if (!at.has(label(r)) && lastNode.get(label(r)) === m.name) at.set(label(r), Date.now() - since);
        return at.size === all.length ? true : undefined;
      }, () => [...lastNode].map(([k, v]) => `${k}→${v}`).join(', '), 200);
      return at;
    };
    // HAProxy starts its servers UP before their first check: wait until `fall` checks have run.
    await allOn(a, Date.now(), 60_000);
    await sleep(fall * inter);
    for (const r of all) clients.push(longSession(r));
    await sleep(3_000);

    const events: { what: string; at: number }[] = [];
    const stop = async (m: DataMember, next: DataMember) => {
      process.kill(rl!.mariadbdPid(m), 'SIGTERM');
      const at = Date.now();
      events.push({ what: `stop ${m.name}`, at });
      const moved = await allOn(next, at, worstMoveMs + 20_000);
      await sleep(3_000);
      return moved;
    };
    const restart = async (m: DataMember) => {
      lab.startData(m, false);
      await lab.waitSynced(m, undefined, 120_000);
      const at = Date.now();
      events.push({ what: `${m.name} Synced again`, at });
      const back = await allOn(m, at, worstReturnMs + 20_000);
      // Long enough for a session left on the node below to show.
      await sleep(inter);
      return back;
    };
    const toB = await stop(a, b);
    const toC = await stop(b, c);
    const backB = await restart(b);
    const backA = await restart(a);
    for (const client of clients.splice(0)) await client.stop();

    const writes = await writesOn(b);
    const by = (via: string) => writes.filter((w) => w.via === via);
    const stintText = (s: Stint[]) => s.map((x) => `${x.node} (${x.writes})`).join(' → ');
    process.stdout.write(`fail-back lab: events ${events.map((e) => `${e.what} at +${secs(e.at - started)}`).join(', ')}\n`);
    for (const via of all.map(label)) process.stdout.write(`fail-back lab: through ${via}: ${stintText(stints(by(via)))}\n`);

    const expected = [a, b, c, b, a].map((m) => m.name);
    const timings = (m: Map<string, number>, who: string) => `${who} ${secs(m.get(who)!)}`;
    for (const r of routers) {
      const s = stints(by(r.site));
      rows.push({
        scenario: `router of ${r.site}: stop ${a.name}, stop ${b.name}, ${b.name} back, ${a.name} back`,
        prediction: `writes on ${expected.join(' → ')}, one node at a time; moves within ${secs(worstMoveMs)}, takes a node back within ${secs(worstReturnMs)}`,
        observation: `${stintText(s)}; moved after ${timings(toB, r.site)}, ${timings(toC, r.site)}; took back after ${timings(backB, r.site)}, ${timings(backA, r.site)}`,
        agrees: s.map((x) => x.node).join() === expected.join()
          && [toB, toC].every((m) => m.get(r.site)! <= worstMoveMs) && [backB, backA].every((m) => m.get(r.site)! <= worstReturnMs),
      });
    }
    // The phases: on C from when every router had moved there until B was Synced again, and so on.
    const at = (what: string) => events.find((e) => e.what === what)!.at;
    const latest = (moved: Map<string, number>) => Math.max(...moved.values());
    const onCSince = at(`stop ${b.name}`) + latest(toC);
    const bBackAt = at(`${b.name} Synced again`);
    const onBSince = bBackAt + latest(backB);
    const aBackAt = at(`${a.name} Synced again`);

    // The mutant: after B is back, C's long session goes on writing beside B's new connections.
    const m = by('mutant');
    const bothPhase = m.filter((w) => w.at >= bBackAt && w.at < aBackAt);
    const span = (ws: Write[]) => [Math.min(...ws.map((w) => w.at)), Math.max(...ws.map((w) => w.at))];
    const onB = bothPhase.filter((w) => w.node === b.name);
    const onC = bothPhase.filter((w) => w.node === c.name);
    const mutantOverlap = onB.length && onC.length ? Math.min(span(onB)[1], span(onC)[1]) - Math.max(span(onB)[0], span(onC)[0]) : 0;
    rows.push({
      scenario: `mutation (the writes as one backend), same cascade, through a router in ${rl!.mutant.site}`,
      prediction: `after ${b.name} is back, ${c.name}'s long session goes on writing beside ${b.name}: two writers at once`,
      observation: `${stintText(stints(m))}; between ${b.name} back and ${a.name} back: ${onB.length} writes on ${b.name}, ${onC.length} on ${c.name}, both writing for ${secs(mutantOverlap)}`,
      agrees: onB.length > 0 && onC.length > 0 && mutantOverlap > 0,
    });

    // Across the routers of both sites: how long some sent writes to the returning node while others still sent them to the one it replaces.
    const written = writes.filter((w) => w.via !== 'mutant');
    const spread = (back: Map<string, number>) => {
      const ms = routers.map((r) => back.get(r.site)!);
      return Math.max(...ms) - Math.min(...ms);
    };
    const twoWriters = (returning: DataMember, replaced: DataMember, from: number, until: number) => {
      const phase = written.filter((w) => w.at >= from && w.at < until);
      const onReturning = phase.filter((w) => w.node === returning.name);
      const onReplaced = phase.filter((w) => w.node === replaced.name);
      if (!onReturning.length || !onReplaced.length) return 0;
      return Math.max(0, span(onReplaced)[1] - span(onReturning)[0]);
    };
    const overlapB = twoWriters(b, c, onCSince, aBackAt);
    const overlapA = twoWriters(a, b, onBSince, Date.now());
    rows.push({
      scenario: `routers of ${routers.map((r) => r.site).join(' and ')} when ${b.name}, then ${a.name}, come back`,
      prediction: `they may disagree on the writer for up to ${secs(overlapMs)} (REPORT.md: rise × (inter + longest check) − (rise − 1) × inter)`,
      observation: `took ${b.name} back ${secs(spread(backB))} apart, ${a.name} ${secs(spread(backA))} apart; writes on two nodes at once across routers: ${secs(overlapB)} (${c.name} and ${b.name}), ${secs(overlapA)} (${b.name} and ${a.name})`,
      agrees: [spread(backB), spread(backA), overlapB, overlapA].every((ms) => ms <= overlapMs),
    });

    const refs = new Set(writes.map((w) => w.ref));
    const missing = acknowledged.filter((ref) => !refs.has(ref));
    rows.push({
      scenario: 'the table after the cascade (read on ' + b.name + ')',
      prediction: `every acknowledged short-connection write (${acknowledged.length}) is there`,
      observation: missing.length ? `missing ${missing.slice(0, 5).join(', ')}` : `all there; ${writes.length} writes in all`,
      agrees: missing.length === 0,
    });

    for (const r of routers) expect(`${r.site}: ${stints(by(r.site)).map((x) => x.node).join(' → ')}`).toBe(`${r.site}: ${expected.join(' → ')}`);
    expect({ onB: onB.length > 0, onC: onC.length > 0, overlapping: mutantOverlap > 0 }).toEqual({ onB: true, onC: true, overlapping: true });
    for (const ms of [spread(backB), spread(backA), overlapB, overlapA]) expect(ms).toBeLessThanOrEqual(overlapMs);
    for (const moved of [toB, toC]) for (const r of routers) expect(moved.get(r.site)!).toBeLessThanOrEqual(worstMoveMs);
    for (const back of [backB, backA]) for (const r of routers) expect(back.get(r.site)!).toBeLessThanOrEqual(worstReturnMs);
    expect(missing).toEqual([]);
  }));
});
