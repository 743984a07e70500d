/**
 * The single-writer routing of examples/galera-single-writer, run for real as ./router-lab.ts sets
 * it up (the cluster, the health-check sidecars and one router per data site, from what synth
 * wrote).
 *
 * Scenarios, each printed with the report's prediction beside the outcome:
 * 1. writes through the router of every site land on one node, the first of the priority;
 *    The mutation: a router from the same configuration without `backup` (a third router in the
 *    first data site) spreads the same writes over several nodes;
 * 2. killing that node moves writes, through every router, to the next node in priority order,
 *    no sooner than Galera evicts it and no later than REPORT.md's worst time; no acknowledged
 *    write is lost (the counter table on every surviving node holds every acknowledged row);
 * 3. cutting the writer's site off: its router refuses every write (its node leaves the Primary
 *    component, the other sites' nodes are out of reach), the other site's router moves writes
 *    to its own nodes within the predicted time, no write is accepted on both sides, and after
 *    healing every acknowledged row is on every node.
 */
import { execFile } from 'child_process';
import * as path from 'path';
import { DataMember, GaleraLab, sleep, tail, waitFor } from './galera-lab';
import { describeLab, LabRun } from './lab-gate';
import { PREFIX, setSiteLinkDown } from './netns';
import { LabRouter, RouterLab, routerLabUnavailable } from './router-lab';
import { singleBackendWrites, writeOrder } from '../support/haproxy-writes';

jest.setTimeout(5 * 60_000);

const TMP_PREFIX = `${PREFIX}lab-`;
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface Row { scenario: string; prediction: string; observation: string; agrees: boolean }

describeLab('Galera single-writer lab: HAProxy routers from the written configuration', 'Galera single-writer lab', routerLabUnavailable, () => {
  const started = Date.now();
  const rows: Row[] = [];
  const run = new LabRun();
  let rl: RouterLab | undefined;
  let lab: GaleraLab;
  const routers: LabRouter[] = [];
  /** The mutation: the first data site's router configuration as one backend without `backup`. */
  let mutant: LabRouter;
  let client: { user: string; password: string };
  let report: string;
  /** Every row a router acknowledged, by id. */
  const acknowledged: string[] = [];
  let writeSeq = 0;

  const host = (site: string) => rl!.host(site);
  const mariadbdPid = (m: DataMember) => rl!.mariadbdPid(m);

  /** One INSERT through a router; the node that took it answers with its name. */
  function writeVia(r: LabRouter, scenario: string, timeoutMs = 10_000): Promise<{ ok: boolean; node?: string; id: string; error: string }> {
    const id = `${scenario}-${r.site}-${++writeSeq}`;
    const statement = `INSERT INTO lab.counter (id, via) VALUES ('${id}', '${r.site}'); SELECT @@wsrep_node_name`;
    return new Promise((resolve) => {
      execFile('ip', [
        'netns', 'exec', r.host.ns, 'env', `MYSQL_PWD=${client.password}`, 'mariadb', '--no-defaults', '--protocol=tcp', `--host=${r.address}`,
        '--port=3306', `--user=${client.user}`, '--ssl', '--batch', '--skip-column-names', '--connect-timeout=3', '-e', statement,
      ], { timeout: timeoutMs, killSignal: 'SIGKILL', encoding: 'utf8' }, (error, stdout, stderr) => {
        const node = stdout.trim() || undefined;
        if (!error && node) acknowledged.push(id);
        resolve({ ok: !error && !!node, node, id, error: (stderr ?? '').trim().split('\n').pop() ?? '' });
      });
    });
  }

  /** REPORT.md's worst time until writes move when the writer node is lost, and the earliest (s). */
  function predicted(): { worstMs: number; earliestMs: number } {
    const worst = /\| the writer node \([^)]*\) \| [^|]+ \| ([\d.]+) s \|/.exec(report);
    const earliest = /the routers move writes no sooner than ([\d.]+) s/.exec(report);
    if (!worst || !earliest) throw new Error('REPORT.md states no failover time for the routers');
    return { worstMs: Number(worst[1]) * 1000, earliestMs: Number(earliest[1]) * 1000 };
  }

  beforeAll(async () => {
    // The writes as one backend (../support/haproxy-writes.ts), then without `backup`.
    rl = await RouterLab.create(run, 'single-writer lab', TMP_PREFIX,
      (written) => singleBackendWrites(written).replace(/(listen writes[\s\S]*?)(\n\n|$)/, (section) => section.replace(/ backup/g, '')));
    await rl.start();
    run.started();
    ({ lab, mutant, client, report } = rl);
    routers.push(...rl.routers);
    process.stdout.write(`single-writer lab: rewrites for the lab (everything else as written):\n${rl.rewriteLines()}\n`);
  }, 4 * 60_000);

  afterAll(() => run.finish({
    name: 'single-writer lab',
    stop: async () => rl?.stop(),
    root: rl?.root ?? '',
    reportFile: 'failure-lab-single-writer.md',
    report: (removed) => [
      '',
      `Galera single-writer lab: ${rl?.output.clusterName ?? '?'}, routers in ${routers.map((r) => r.site).join(', ')}`,
      '| scenario | prediction (REPORT.md / haproxy.cfg) | observation | agree |',
      '| --- | --- | --- | --- |',
      ...rows.map((r) => `| ${[r.scenario, r.prediction, r.observation, r.agrees ? 'yes' : 'NO'].map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`),
      '',
      `cleanup: ${removed.length} namespace(s)/link(s) removed`,
      `single-writer lab total time: ${secs(Date.now() - started)}`,
      '',
    ],
  }), 2 * 60_000);

  /** The data nodes in the order the routers send writes to them, from the written config. */
  const priorityOrder = () => writeOrder(routers[0].config);

  test('writes through the router of every site land on one node, the first of the priority', run.guarded(async () => {
    const order = priorityOrder();
    // The routers take a node in after `rise` passing checks: wait until both route.
    await waitFor('every router to accept a write', 60_000, async () => {
      for (const r of routers) if (!(await writeVia(r, 'warm-up')).ok) return undefined;
      return true;
    }, () => routers.map((r) => `--- ${r.site} ---\n${tail(path.join(r.dir, 'haproxy.log'), 10)}`).join('\n'));
    // HAProxy starts its servers UP before their first check: wait until `fall` checks have run,
    // so the writes below go where the checks (not the start) put them.
    const inter = Number(/inter (\d+)ms/.exec(routers[0].config)![1]);
    const fall = Number(/ fall (\d+) /.exec(routers[0].config)![1]);
    await sleep(fall * inter);
    const landed: string[] = [];
    for (let i = 0; i < 5; i++) {
      for (const r of routers) {
        const w = await writeVia(r, 'steady');
        landed.push(`${r.site}→${w.ok ? w.node : `refused (${w.error})`}`);
      }
    }
    const nodes = [...new Set(landed.map((l) => l.split('→')[1]))];
    const agrees = nodes.length === 1 && nodes[0] === order[0];
    rows.push({
      scenario: '10 writes, 5 through each site\'s router',
      prediction: `all on ${order[0]} (the server of \`backend writes-1\`, priority ${order.join(' > ')})`,
      observation: `landed on ${nodes.join(', ')}`,
      agrees,
    });
    process.stdout.write(`single-writer lab: ${landed.join(', ')}\n`);
    expect(nodes).toEqual([order[0]]);

    // The mutation: the same servers without `backup` (HAProxy round-robins over every active server).
    const mutantNodes = new Set<string>();
    for (let i = 0; i < 8; i++) {
      const w = await writeVia(mutant, 'mutant');
      if (w.ok) mutantNodes.add(w.node!);
    }
    rows.push({
      scenario: 'mutation: 8 writes through a router whose writes are one backend without `backup`',
      prediction: 'writes spread over more than one node (what single-writer routing prevents)',
      observation: `landed on ${[...mutantNodes].join(', ')}`,
      agrees: mutantNodes.size > 1,
    });
    expect(mutantNodes.size).toBeGreaterThan(1);
  }));

  test('killing the writer moves writes through every router to the next node in priority, within the predicted time; no acknowledged write is lost', run.guarded(async () => {
    const order = priorityOrder();
    const writer = lab.dataMembers.find((m) => m.name === order[0])!;
    const next = order[1];
    const { worstMs, earliestMs } = predicted();
    process.kill(mariadbdPid(writer), 'SIGKILL');
    const killedAt = Date.now();
    const moved = new Map<string, number>();
    const refusedWhileMoving: string[] = [];
    while (moved.size < routers.length && Date.now() - killedAt < worstMs + 15_000) {
      for (const r of routers.filter((x) => !moved.has(x.site))) {
        const w = await writeVia(r, 'failover', 5_000);
        if (w.ok) {
          expect(`${r.site}: ${w.node}`).toBe(`${r.site}: ${next}`);
          moved.set(r.site, Date.now() - killedAt);
        } else if (refusedWhileMoving.length < 3) {refusedWhileMoving.push(`${r.site}: ${w.error}`);}
      }
      await sleep(250);
    }
    const survivors = lab.dataMembers.filter((m) => m !== writer);
    const sizes = await lab.statuses(survivors);
    const worstSeen = Math.max(...moved.values());
    const observation = `${routers.map((r) => `${r.site} router: ${moved.has(r.site) ? `writes on ${next} after ${secs(moved.get(r.site)!)}` : 'never moved'}`).join('; ')}; survivors' cluster size ${[...new Set([...sizes.values()].map((s) => s?.wsrep_cluster_size ?? '?'))].join('/')}`;
    const agrees = moved.size === routers.length && worstSeen <= worstMs && Math.min(...moved.values()) >= earliestMs;
    rows.push({
      scenario: `SIGKILL ${writer.name} (the writer)`,
      prediction: `writes move to ${next} in at most ${secs(worstMs)} (REPORT.md), not before Galera evicts it (the routers need at least ${secs(earliestMs)})`,
      observation,
      agrees,
    });
    process.stdout.write(`single-writer lab: ${observation}; refused while moving: ${refusedWhileMoving.join('; ') || 'none'}\n`);
    expect(moved.size).toBe(routers.length);
    expect(worstSeen).toBeLessThanOrEqual(worstMs);
    // No router moved writes before (fall − 1) × inter: by then Galera has evicted the writer.
    expect(Math.min(...moved.values())).toBeGreaterThanOrEqual(earliestMs);
    // Galera evicted the old writer before any router moved: the survivors form a component without it.
    for (const s of sizes.values()) expect(Number(s?.wsrep_cluster_size)).toBe(lab.members.length - 1);

    // Every acknowledged row is on every surviving node (read causally).
    const missing: string[] = [];
    for (const m of survivors) {
      const r = await lab.sql(m, 'SET SESSION wsrep_sync_wait=1; SELECT id FROM lab.counter', 30_000);
      const held = new Set(r.stdout.split('\n').filter(Boolean));
      for (const id of acknowledged) if (!held.has(id)) missing.push(`${m.name} lacks ${id}`);
    }
    rows.push({
      scenario: 'counter table after the failover',
      prediction: `every acknowledged write (${acknowledged.length}) on every surviving node`,
      observation: missing.length ? missing.slice(0, 5).join('; ') : `all ${acknowledged.length} on ${survivors.map((m) => m.name).join(', ')}`,
      agrees: missing.length === 0,
    });
    expect(missing).toEqual([]);
  }));

  test('cutting the writer\'s site off: its router refuses writes, the other site\'s moves them, no write on both sides; after healing no row is lost', run.guarded(async () => {
    const writerNode = (await writeVia(routers[0], 'before-cut')).node!;
    const writer = lab.dataMembers.find((m) => m.name === writerNode)!;
    const cutSite = writer.site;
    const minority = routers.find((r) => r.site === cutSite)!;
    const majority = routers.filter((r) => r.site !== cutSite);
    const order = priorityOrder();
    const alive = new Set(lab.dataMembers.filter((m) => m.proc && m.proc.exitCode === null && m.proc.signalCode === null).map((m) => m.name));
    const expected = order.find((n) => alive.has(n) && lab.dataMembers.find((m) => m.name === n)!.site !== cutSite)!;
    const { worstMs } = predicted();
    setSiteLinkDown(host(cutSite), true);
    const cutAt = Date.now();
    const moved = new Map<string, number>();
    const minorityAccepted: string[] = [];
    const majorityNodes = new Set<string>();
    // Until every majority router has moved, and one more worst time, so a late acceptance on the minority side would show.
    let until = cutAt + worstMs + 15_000;
    while (Date.now() < until) {
      const attempts = await Promise.all([minority, ...majority].map(async (r) => ({ r, w: await writeVia(r, 'cut', 5_000) })));
      for (const { r, w } of attempts) {
        if (!w.ok) continue;
        if (r === minority) {minorityAccepted.push(`${w.id} on ${w.node}`);} else {
          majorityNodes.add(w.node!);
          if (!moved.has(r.site)) moved.set(r.site, Date.now() - cutAt);
        }
      }
      if (moved.size === majority.length && until > Date.now() + worstMs) until = Date.now() + worstMs;
      await sleep(500);
    }
    const observation = `${majority.map((r) => `${r.site} router: ${moved.has(r.site) ? `writes on ${[...majorityNodes].join(', ')} after ${secs(moved.get(r.site)!)}` : 'never moved'}`).join('; ')}; ${cutSite} router accepted ${minorityAccepted.length ? minorityAccepted.join(', ') : 'nothing'}`;
    rows.push({
      scenario: `cut site ${cutSite} (holding the writer ${writer.name}) off`,
      prediction: `${majority.map((r) => r.site).join(', ')} router(s): writes on ${expected} within ${secs(worstMs)}; ${cutSite} router: every write refused`,
      observation,
      agrees: moved.size === majority.length && [...moved.values()].every((ms) => ms <= worstMs) && minorityAccepted.length === 0
        && majorityNodes.size === 1 && majorityNodes.has(expected),
    });
    process.stdout.write(`single-writer lab: ${observation}\n`);
    expect(minorityAccepted).toEqual([]);
    expect([...majorityNodes]).toEqual([expected]);
    for (const ms of moved.values()) expect(ms).toBeLessThanOrEqual(worstMs);

    setSiteLinkDown(host(cutSite), false);
    const running = lab.dataMembers.filter((m) => alive.has(m.name));
    const rejoinMs = await lab.waitSynced(writer, running.length + lab.arbitratorMembers.length, 120_000);
    const missing: string[] = [];
    for (const m of running) {
      const r = await lab.sql(m, 'SET SESSION wsrep_sync_wait=1; SELECT id FROM lab.counter', 30_000);
      const held = new Set(r.stdout.split('\n').filter(Boolean));
      for (const id of acknowledged) if (!held.has(id)) missing.push(`${m.name} lacks ${id}`);
    }
    rows.push({
      scenario: `heal ${cutSite}; counter table on every node`,
      prediction: `every acknowledged write (${acknowledged.length}) on ${running.map((m) => m.name).join(', ')}`,
      observation: missing.length ? missing.slice(0, 5).join('; ') : `${writer.name} Synced again after ${secs(rejoinMs)}; all ${acknowledged.length} rows on every node`,
      agrees: missing.length === 0,
    });
    expect(missing).toEqual([]);
  }));
});
