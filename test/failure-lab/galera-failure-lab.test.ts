/**
 * The failure lab: the metro Galera design (2 + 2 data nodes in two sites, garbd in a witness
 * site), synthesized by the library and started for real (Debian's mariadbd + galera-4, garbd),
 * one network namespace per site. Each scenario asserts what report.json predicted for the same
 * design; a last test shows that the design without the arbitrator, which the library refuses,
 * really halts on the loss of a site.
 *
 * Not part of `npx projen test`. Run as root after `bash scripts/failure-lab-setup.sh`:
 *   npx jest --ci --coverage=false --testPathIgnorePatterns=/node_modules/ -- test/failure-lab/
 * Without root or the packages it is skipped (and FAILS under CI=true).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { metroWithoutArbitrator, verdictOnLosing } from './broken-design';
import { GaleraOutput, LossPrediction, parseProviderOptions, readGaleraOutput, withoutSstCredentials } from './design-output';
import {
  DataMember, errorLine, GaleraLab, labUnavailableReason, logOffset, logSince, ProbeResult, SqlResult, summarize, tail, waitFor, WsrepStatus,
} from './galera-lab';
import { cleanLeftovers, describeLab, LabRun } from './lab-gate';
import {
  canReach, createLabNetwork, listNftTable, loadNftables, PREFIX, setPartition, setSiteLinkDown, SiteHost,
} from './netns';
import {
  BlockedFlow, blockedFlows, NFT_TABLE, nftScript, podIngress,
} from './network-policies';
import { galeraMetroDesign } from '../../examples/galera-metro/design';

jest.setTimeout(10 * 60_000);

const TMP_PREFIX = `${PREFIX}lab-`;
/** A row written on the bootstrap node before any joiner starts: a joiner holds it only if its copy came by SST. */
const SST_MARKER = 'written-before-any-joiner';


interface Row { scenario: string; prediction: string; observation: string; agrees: boolean }

/** One run of the StatefulSet's health checks against one node. */
interface ProbeRow { scenario: string; node: string; wsrep: string; expected: string; readiness: ProbeResult; liveness: ProbeResult }

function probeTable(rows: ProbeRow[]): string {
  const head = ['scenario', 'node', 'wsrep status', 'readiness expected', 'readiness (StatefulSet probe)', 'liveness (TCP)'];
  const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  const probe = (p: ProbeResult) => `${p.pass ? 'pass' : 'FAIL'} (${p.ms} ms)${p.output ? `: ${p.output}` : ''}`;
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...rows.map((r) => `| ${[r.scenario, r.node, r.wsrep, r.expected, probe(r.readiness), probe(r.liveness)].map(esc).join(' | ')} |`),
  ].join('\n');
}

function table(rows: Row[]): string {
  const cells = rows.map((r) => [r.scenario, r.prediction, r.observation, r.agrees ? 'yes' : 'NO']);
  const head = ['scenario', 'prediction (report.json / app.check())', 'observation', 'agree'];
  const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
  return [
    `| ${head.join(' | ')} |`,
    `| ${head.map(() => '---').join(' | ')} |`,
    ...cells.map((c) => `| ${c.map(esc).join(' | ')} |`),
  ].join('\n');
}

const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** `readiness: ready orders-dc-a-0, orders-dc-a-1; not ready orders-dc-b-0, orders-dc-b-1`. */
function readinessSummary(probes: ProbeRow[]): string {
  const ready = probes.filter((p) => p.readiness.pass).map((p) => p.node);
  const unready = probes.filter((p) => !p.readiness.pass).map((p) => p.node);
  return `readiness probe: ${[ready.length ? `ready ${ready.join(', ')}` : '', unready.length ? `not ready ${unready.join(', ')}` : ''].filter(Boolean).join('; ')}`;
}

describeLab('Galera failure lab: the metro design on real mariadbd + garbd in network namespaces', 'Galera failure lab', labUnavailableReason, () => {
  const started = Date.now();
  const rows: Row[] = [];
  const probeRows: ProbeRow[] = [];
  let root: string;
  let output: GaleraOutput;
  let hosts: SiteHost[];
  let lab: GaleraLab;
  let broken: GaleraLab | undefined;
  let noSst: GaleraLab | undefined;
  const run = new LabRun();
  let siteA: string;
  let siteB: string;
  let witness: string;
  let writes = 0;

  const host = (site: string) => hosts.find((h) => h.site === site)!;
  const cluster = () => output.report.clusters.find((c) => c.name === output.clusterName)!;
  const prediction = (lost: string[]): LossPrediction => {
    const all = [...cluster().singleSiteLosses, ...cluster().twoSiteLosses];
    const key = [...lost].sort().join('+');
    const p = all.find((x) => [...x.lost].sort().join('+') === key);
    if (!p) throw new Error(`report.json has no prediction for losing ${key}`);
    return p;
  };
  const describePrediction = (lost: string[], p: LossPrediction) =>
    `lose ${lost.join(' + ')}: ${p.groups.map((g) => `${g.votesLeft} of ${g.total} votes left, quorum ${g.quorum}`).join('; ')} → ${p.survives ? 'survives' : 'halts'}`;


  async function write(l: GaleraLab, m: DataMember, scenario: string, timeoutMs = 30_000): Promise<{ id: string; result: SqlResult }> {
    const id = `${scenario}-${m.name}-${++writes}`;
    const result = await l.sql(m, `INSERT INTO lab.writes (id, site, scenario) VALUES ('${id}', '${m.site}', '${scenario}')`, timeoutMs);
    return { id, result };
  }

  /** Row ids a node holds, read causally (wsrep_sync_wait) when `causal`. */
  async function ids(l: GaleraLab, m: DataMember, causal = true): Promise<string[] | undefined> {
    const r = await l.sql(m, `${causal ? 'SET SESSION wsrep_sync_wait=1; ' : ''}SELECT id FROM lab.writes ORDER BY id`, 30_000);
    return r.ok ? r.stdout.split('\n').filter(Boolean) : undefined;
  }

  /**
   * Cuts the links of `lost` and waits until the surviving data nodes settle where the
   * prediction says: Primary with `votesLeft` members when it survives, non-Primary otherwise
   * (checked again after one more install timeout, so a late re-formation would be seen).
   * Then tries one write on every surviving data node.
   */
  async function loseSites(l: GaleraLab, lost: string[], survives: boolean, votesLeft: number | undefined, tag: string) {
    const survivors = l.dataMembers.filter((m) => !lost.includes(m.site));
    const t = Date.now();
    for (const s of lost) setSiteLinkDown(host(s), true);
    const last = new Map<string, WsrepStatus | undefined>();
    const settled = (m: DataMember) => {
      const s = last.get(m.name);
      if (!s) return false;
      return survives
        ? s.wsrep_cluster_status === 'Primary' && s.wsrep_local_state_comment === 'Synced' && (votesLeft === undefined || Number(s.wsrep_cluster_size) === votesLeft)
        : s.wsrep_cluster_status !== 'Primary';
    };
    const { ms } = await waitFor(`${survivors.map((m) => m.name).join(', ')} to be ${survives ? `Primary with ${votesLeft} members` : 'non-Primary'} after losing ${lost.join(' + ')}`,
      l.viewChangeDeadlineMs, async () => {
        for (const [k, v] of await l.statuses(survivors)) last.set(k, v);
        return survivors.every(settled) ? true : undefined;
      }, () => survivors.map((m) => `${m.name}: ${summarize(last.get(m.name))}`).join('; '));
    if (!survives) {
      // Stays halted: no component re-forms from the survivors within another install timeout.
      await new Promise((r) => setTimeout(r, l.evs.installMs));
      for (const [k, v] of await l.statuses(survivors)) last.set(k, v);
      expect(survivors.filter((m) => !settled(m)).map((m) => `${m.name}: ${summarize(last.get(m.name))}`)).toEqual([]);
    }
    const attempts = [];
    for (const m of survivors) attempts.push({ m, ...(await write(l, m, tag)) });
    const lostNodes = l.dataMembers.filter((m) => lost.includes(m.site));
    const lostStatus = await l.statuses(lostNodes);
    return { settleMs: ms, survivors, attempts, status: new Map(last), lostStatus, sinceCutMs: Date.now() - t };
  }

  /**
   * Runs the StatefulSet's readiness and liveness probes on every data node of `l`, prints them
   * and checks them: liveness passes on every node (a node cut off from the Primary component
   * is alive and must not be restarted); readiness passes exactly where `expectReady` says, and a
   * node that is not ready fails because of what it reports (`not Synced: …`), not because the
   * probe could not ask. `expectReady` undefined: the node's wsrep status read just before decides.
   */
  async function checkProbes(l: GaleraLab, scenario: string, expectReady?: (m: DataMember) => boolean): Promise<ProbeRow[]> {
    const status = await l.statuses();
    const results = await Promise.all(l.dataMembers.map(async (m) => {
      const [readiness, liveness] = await Promise.all([l.readiness(m), l.liveness(m)]);
      const s = status.get(m.name);
      const synced = s?.wsrep_ready === 'ON' && s?.wsrep_local_state === '4';
      const expected = expectReady ? expectReady(m) : synced;
      const row: ProbeRow = {
        scenario,
        node: m.name,
        wsrep: s ? `${s.wsrep_cluster_status}, wsrep_ready=${s.wsrep_ready}, wsrep_local_state=${s.wsrep_local_state} (${s.wsrep_local_state_comment})` : 'no answer',
        expected: expected ? 'pass' : 'fail',
        readiness,
        liveness,
      };
      return row;
    }));
    probeRows.push(...results);
    process.stdout.write(`failure lab: health checks, ${scenario}:\n${results.map((r) => `  ${r.node}: readiness ${r.readiness.pass ? 'pass' : 'FAIL'}${r.readiness.output ? ` (${r.readiness.output})` : ''}, liveness ${r.liveness.pass ? 'pass' : 'FAIL'}; ${r.wsrep}`).join('\n')}\n`);
    for (const r of results) {
      expect(`${r.node} liveness ${r.liveness.pass ? 'pass' : `FAIL ${r.liveness.output}`}`).toBe(`${r.node} liveness pass`);
      expect(`${r.node} readiness ${r.readiness.pass ? 'pass' : 'fail'}`).toBe(`${r.node} readiness ${r.expected}`);
      if (!r.readiness.pass) expect(`${r.node}: ${r.readiness.output}`).toMatch(new RegExp(`^${r.node}: not Synced: wsrep_ready=\\S+ wsrep_local_state=\\S+$`));
    }
    return results;
  }

  /** Readiness of every started node while a joiner syncs (lab.start), with the status read before and after. */
  const joinObservations: { joiner: string; node: string; before?: WsrepStatus; after?: WsrepStatus; readiness: ProbeResult }[] = [];
  const observeJoin = async (joiner: DataMember, running: DataMember[]) => {
    await Promise.all(running.map(async (m) => {
      const before = await lab.status(m);
      const readiness = await lab.readiness(m);
      const after = await lab.status(m);
      joinObservations.push({ joiner: joiner.name, node: m.name, before, after, readiness });
    }));
  };
  const stateOf = (s?: WsrepStatus) => (s ? `${s.wsrep_local_state_comment} (wsrep_local_state=${s.wsrep_local_state}, wsrep_ready=${s.wsrep_ready})` : 'no answer');

  beforeAll(async () => {
    // One lab per machine at a time: it owns every msl- name while it runs.
    await run.begin(90_000); // failed until the cluster is up: keeps the logs of a failed start
    const leftovers = cleanLeftovers(TMP_PREFIX);
    if (leftovers.length) process.stdout.write(`failure lab: removed leftovers of an earlier run: ${leftovers.join(', ')}\n`);
    root = fs.mkdtempSync(path.join(os.tmpdir(), TMP_PREFIX));
    fs.chmodSync(root, 0o755);

    const outdir = path.join(root, 'dist');
    galeraMetroDesign(outdir).synth();
    output = readGaleraOutput(outdir);
    const sites = output.report.sites;
    const active = sites.filter((s) => s.role === 'active').map((s) => s.name);
    const witnesses = sites.filter((s) => s.role === 'witness').map((s) => s.name);
    expect(active).toHaveLength(2);
    expect(witnesses).toHaveLength(1);
    [siteA, siteB] = active;
    witness = witnesses[0];
    expect(output.dataSites.map((d) => d.site)).toEqual(active);
    expect(output.arbitrators.map((a) => a.site)).toEqual([witness]);

    // One host per site, one address per process that listens there.
    hosts = createLabNetwork(sites.map((s) => ({
      site: s.name,
      addressCount: (output.dataSites.find((d) => d.site === s.name)?.podNames.length ?? 0)
        + output.arbitrators.filter((a) => a.site === s.name).length,
    })));
    for (const h of hosts) {
      for (const other of hosts.filter((o) => o !== h)) expect(canReach(h, other.addresses[0])).toBe(true);
    }

    lab = new GaleraLab(path.join(root, 'metro'), output, hosts, true);
    // The written NetworkPolicies, as nftables rules in each site namespace (see ./network-policies.ts).
    const ingress = podIngress(output.networkPolicies, output.namespaceLabels, lab.labPods());
    for (const h of hosts) loadNftables(h.ns, nftScript(h.ns, ingress));
    process.stdout.write(`failure lab: NetworkPolicies applied (${output.networkPolicies.map((p) => `${p.metadata.namespace}/${p.metadata.name}`).join(', ')}):\n${ingress.map((i) => `  ${i.pod.name}: ${i.isolatedBy.length ? `isolated by ${i.isolatedBy.join(', ')}; admits ${i.admits.filter((a) => a.from === undefined || a.from.length).map((a) => `${a.from ? a.from.map((f) => f.name).join(' ') : 'any source'} on ${a.ports ? a.ports.join(',') : 'any port'}`).join('; ') || 'nothing'}` : 'not isolated'}`).join('\n')}\n`);
    lab.prepare();
    const times = await lab.start(observeJoin, async (first) => {
      const r = await lab.sql(first, `CREATE DATABASE lab_sst; CREATE TABLE lab_sst.marker (id VARCHAR(64) PRIMARY KEY); INSERT INTO lab_sst.marker VALUES ('${SST_MARKER}')`);
      if (!r.ok) throw new Error(`could not write the SST marker on ${first.name}: ${r.stderr}`);
    });
    process.stdout.write(`failure lab: cluster ${output.clusterName} started (${Object.entries(times).map(([k, v]) => `${k} ${secs(v)}`).join(', ')})\n`);
    run.started();
    process.stdout.write(`failure lab: settings rewritten for the lab (everything else as synthesized):\n${lab.rewrites.map((r) => `  - ${r.setting}: ${r.synthesized} → ${r.lab} (${r.why})`).join('\n')}\n`);
  }, 8 * 60_000);

  afterAll(() => run.finish({
    name: 'failure lab',
    stop: async () => {
      await lab?.killAll();
      await broken?.killAll();
      await noSst?.killAll();
    },
    root,
    reportFile: 'failure-lab.md',
    report: (removed) => [
      '',
      `Galera failure lab: ${output?.clusterName ?? '?'} (${siteA} ↔ ${siteB}, witness ${witness})`,
      table(rows),
      '',
      'Health checks of the data nodes (the StatefulSet\'s probes, run as the kubelet runs them):',
      probeTable(probeRows),
      '',
      `cleanup: ${removed.length} namespace(s)/link(s) removed`,
      `failure lab total time: ${secs(Date.now() - started)}`,
      '',
    ],
  }), 2 * 60_000);

  // This lab found that garbd 26.4 refuses `gcache.size` in --options and exits, so the witness
  // would crash-loop and its vote be missing; the library no longer writes it for garbd. If garbd
  // ever refuses a synthesized option again, the lab drops it to run the scenarios and this fails.
  test('0. garbd starts with the --options exactly as synthesized', () => {
    const refused = lab.arbitratorRefusals;
    rows.unshift({
      scenario: '0. garbd as synthesized',
      prediction: `garbd joins: 1 vote in ${witness}`,
      observation: refused.length
        ? `garbd EXITS: ${refused.map((r) => r.logLine.replace(/^.*?(ERROR|FATAL): /, '')).join('; ')}; the lab drops ${refused.map((r) => r.option).join(', ')} and garbd then joins`
        : 'garbd joins with the options as written',
      agrees: refused.length === 0,
    });
    expect(refused).toEqual([]);
  });

  // While a joiner receives its copy, it and its donor are not Synced: neither may be ready.
  test('0b. while the cluster starts, a joiner and its donor are not ready until Synced', () => {
    const seen = new Map<string, { count: number; pass: boolean; output: string }>();
    for (const o of joinObservations) {
      const stable = stateOf(o.before) === stateOf(o.after);
      const key = `${o.joiner} joining: ${o.node} ${stable ? stateOf(o.after) : `${stateOf(o.before)} → ${stateOf(o.after)}`} → readiness ${o.readiness.pass ? 'pass' : 'FAIL'}`;
      const e = seen.get(key) ?? { count: 0, pass: o.readiness.pass, output: o.readiness.output };
      seen.set(key, { ...e, count: e.count + 1 });
    }
    process.stdout.write(`failure lab: readiness while the cluster starts (the status read before and after each probe):\n${[...seen].map(([k, v]) => `  ${k} ×${v.count}${v.pass ? '' : ` (${v.output.split('\n')[0]})`}`).join('\n')}\n`);
    for (const o of joinObservations) {
      const synced = (s?: WsrepStatus) => s?.wsrep_ready === 'ON' && s?.wsrep_local_state === '4';
      // Judged only when the node reported the same state before and after the probe.
      if (stateOf(o.before) !== stateOf(o.after)) continue;
      expect(`${o.node} ${stateOf(o.after)}: readiness ${o.readiness.pass ? 'pass' : 'fail'}`)
        .toBe(`${o.node} ${stateOf(o.after)}: readiness ${synced(o.after) ? 'pass' : 'fail'}`);
    }
    // Each joiner was seen not ready before it was Synced.
    for (const joiner of new Set(joinObservations.map((o) => o.joiner))) {
      expect(`${joiner}: ${joinObservations.some((o) => o.joiner === joiner && o.node === joiner && !o.readiness.pass)}`).toBe(`${joiner}: true`);
    }
  });

  // Each joiner starts from the data directory the image's entrypoint initialized, with no Galera
  // state: it must receive a full copy (SST, wsrep_sst_method=mariabackup) from a donor. The
  // donor's mariabackup logs in as the SST user the output names (see lib/engines/galera/sst.ts).
  test('0c. every joiner receives a full copy from a donor by mariabackup SST, with the credentials as written', run.guarded(async () => {
    const joiners = lab.dataMembers.filter((m) => !m.bootstrap);
    const seen: string[] = [];
    for (const j of joiners) {
      const log = fs.readFileSync(j.log, 'utf8');
      const selected = new RegExp(`Member [\\d.]+ \\(${j.name}\\) requested state transfer from '[^']*'\\. Selected [\\d.]+ \\(([^)]+)\\)\\(SYNCED\\) as donor`).exec(log);
      expect(`${j.name} donor: ${selected?.[1]}`).toMatch(new RegExp(`^${j.name} donor: ${lab.output.clusterName}-`));
      const donor = lab.dataMembers.find((m) => m.name === selected![1])!;
      expect(`${j.name}: ${/mariabackup SST completed on joiner/.test(log)} ${/SST succeeded for position/.test(log)}`).toBe(`${j.name}: true true`);
      const backupLog = fs.readFileSync(path.join(donor.datadir, 'mariabackup.backup.log'), 'utf8');
      const login = /Connecting to MariaDB server host: (\S+), user: ([^,]+), password: ([^,]+),/.exec(backupLog);
      expect(`${donor.name} mariabackup: ${login?.slice(1).join(' ')}; ${backupLog.trim().split('\n').pop()?.replace(/^\[\d+\] \S+ \S+ /, '')}`)
        .toBe(`${donor.name} mariabackup: localhost mysql not set; completed OK!`);
      expect(backupLog.split('\n').filter((l) => /missing required privilege/i.test(l))).toEqual([]);
      const marker = await lab.sql(j, 'SELECT id FROM lab_sst.marker');
      expect(`${j.name}: ${marker.stdout.trim()}`).toBe(`${j.name}: ${SST_MARKER}`);
      seen.push(`${j.name} from ${donor.name}`);
    }
    const auth = lab.output.dataSites[0].sections.find((x) => x.name === 'mysqld')?.entries.find((e) => e.key === 'wsrep_sst_auth')?.value;
    const env = lab.output.dataSites[0].env.filter((e) => e.name.startsWith('MARIADB_MYSQL_LOCALHOST_')).map((e) => `${e.name}=${e.value}`);
    rows.push({
      scenario: '0c. joiners by SST',
      prediction: `each joiner gets a full copy by mariabackup SST (wsrep_sst_auth=${auth}; ${env.join(', ')})`,
      observation: `${seen.join(', ')}: every donor's mariabackup logged in as mysql over the socket, no password, no missing privilege, "completed OK!"; each joiner holds the row written before it started`,
      agrees: true,
    });
  }));

  test('1. all sites up: a write in dc-a is read in dc-b', run.guarded(async () => {
    const group = cluster().votingGroups[0];
    const a0 = lab.dataIn(siteA)[0];
    const statuses = await lab.statuses();
    for (const [name, s] of statuses) {
      expect(`${name}: ${s?.wsrep_cluster_status} size ${s?.wsrep_cluster_size}`).toBe(`${name}: Primary size ${group.total}`);
    }
    const ddl = await lab.sql(a0, 'CREATE DATABASE lab; CREATE TABLE lab.writes (id VARCHAR(96) PRIMARY KEY, site VARCHAR(32) NOT NULL, scenario VARCHAR(32) NOT NULL, at TIMESTAMP(6) DEFAULT CURRENT_TIMESTAMP(6))');
    expect(ddl.stderr).toBe('');
    const w = await write(lab, a0, 's1');
    expect(w.result.stderr).toBe('');
    const seen: string[] = [];
    for (const m of lab.dataIn(siteB)) {
      expect(await ids(lab, m)).toContain(w.id);
      seen.push(m.name);
    }
    // A TLS check: the certificate the lab made is the one replication uses.
    const opts = parseProviderOptions((await lab.sql(a0, 'SELECT @@wsrep_provider_options')).stdout.trim());
    const cert = opts.find((o) => o.key === 'socket.ssl_cert')?.value;
    expect(cert).toBeDefined();
    expect(fs.existsSync(cert!)).toBe(true);
    // SQL clients need TLS too (require_secure_transport as synthesized): a TCP client is
    // refused in clear and admitted with TLS; the readiness probe, over the unix socket, still
    // passes (checkProbes below).
    const b0 = lab.dataIn(siteB)[0];
    expect((await lab.sql(b0, 'SELECT @@require_secure_transport')).stdout.trim()).toBe('1');
    const login = await lab.createTcpUser(a0, 'lab_tcp');
    // MariaDB 10.11 answers a clear-text login under require_secure_transport with ERROR 1045
    // (Access denied), not 3159; the same login with TLS succeeds, so the refusal is the transport's.
    const clear = await lab.tcpSql(b0, login, false, 'SELECT 1');
    expect(`${clear.ok}: ${clear.stderr}`).toMatch(/^false: ERROR (1045|3159) /);
    const secured = await lab.tcpSql(b0, login, true, "SHOW SESSION STATUS LIKE 'Ssl_version'");
    expect(secured.stderr).toBe('');
    const tlsVersion = secured.stdout.trim().split('\t')[1];
    expect(tlsVersion).toMatch(/^TLSv1\.[23]$/);
    await checkProbes(lab, '1. all sites up', () => true);
    rows.push({
      scenario: '1. all sites up',
      prediction: `${group.total} votes (${Object.entries(group.perSite).map(([s, n]) => `${s} ${n}`).join(', ')}), quorum ${group.quorum}`,
      observation: `all 4 data nodes Primary, cluster size ${group.total} (garbd counted); write on ${a0.name} (${w.result.ms} ms, client start included) read on ${seen.join(', ')}; TLS on (socket.ssl_cert=${path.basename(cert!)}); SQL over TCP to ${b0.name} refused in clear (${errorLine(clear.stderr)}), admitted with ${tlsVersion}; readiness over the socket passes`,
      agrees: true,
    });
  }));

  test('2. dc-b lost: dc-a + witness keep the primary component, writes in dc-a succeed', run.guarded(async () => {
    const p = prediction([siteB]);
    const votesLeft = p.groups[0].votesLeft;
    const r = await loseSites(lab, [siteB], p.survives, votesLeft, 's2');
    const accepted = r.attempts.filter((a) => a.result.ok);
    expect(accepted.length === r.attempts.length).toBe(p.survives);
    // The lost side, a minority (2 of 5), is non-Primary and refuses writes: no split brain.
    for (const [name, s] of r.lostStatus) expect(`${name}: ${s?.wsrep_cluster_status}`).not.toBe(`${name}: Primary`);
    const b0 = lab.dataIn(siteB)[0];
    const onLost = await write(lab, b0, 's2-lost', 15_000);
    expect(onLost.result.ok).toBe(false);
    // The cut-off nodes are not ready: the client Service stops sending them traffic.
    const probes = await checkProbes(lab, `2. ${siteB} lost`, (m) => m.site !== siteB);
    rows.push({
      scenario: `2. ${siteB} lost`,
      prediction: describePrediction([siteB], p),
      observation: `${siteA}: Primary, size ${r.status.get(r.survivors[0].name)?.wsrep_cluster_size} after ${secs(r.settleMs)}; writes on ${accepted.map((a) => a.m.name).join(', ')} accepted; ${siteB} (isolated): ${[...r.lostStatus.values()].map((s) => s?.wsrep_cluster_status ?? 'no answer').join('/')}, write refused (${errorLine(onLost.result.stderr)}); ${readinessSummary(probes)}`,
      agrees: accepted.length === r.attempts.length && p.survives,
    });
  }));

  test('3. dc-b back: it rejoins and sees the writes it missed', run.guarded(async () => {
    const group = cluster().votingGroups[0];
    const missed = (await ids(lab, lab.dataIn(siteA)[0]))!.filter((id) => id.startsWith('s2-'));
    expect(missed.length).toBeGreaterThan(0);
    const bNodes = lab.dataIn(siteB);
    const logOffsets = new Map(bNodes.map((m) => [m.name, logOffset(m.log)]));
    const t = Date.now();
    setSiteLinkDown(host(siteB), false);
    for (const m of bNodes) await lab.waitSynced(m, group.total, lab.viewChangeDeadlineMs);
    const rejoinMs = Date.now() - t;
    const how: string[] = [];
    for (const m of bNodes) {
      const held = await ids(lab, m);
      expect(held).toEqual(expect.arrayContaining(missed));
      const log = logSince(m.log, logOffsets.get(m.name)!);
      const transfer = /IST received/i.test(log) || /Receiving IST/i.test(log) ? 'IST'
        : /SST (received|complete)/i.test(log) || /Prepared SST/i.test(log) ? 'SST' : 'no state transfer logged';
      how.push(`${m.name} by ${transfer}`);
    }
    const probes = await checkProbes(lab, `3. ${siteB} back`, () => true);
    const gcache = parseProviderOptions(lab.output.dataSites[0].sections.find((s) => s.name === 'mysqld')!.entries
      .find((e) => e.key === 'wsrep_provider_options')!.value!.replace(/^"|"$/g, '')).find((o) => o.key === 'gcache.size')?.value;
    rows.push({
      scenario: `3. ${siteB} back`,
      prediction: `rejoins; gcache.size=${gcache} keeps the missed writes for IST`,
      observation: `${bNodes.map((m) => m.name).join(', ')} Synced in a Primary component of ${group.total} after ${secs(rejoinMs)} (${how.join(', ')}); both hold the ${missed.length} writes made while ${siteB} was lost; ${readinessSummary(probes)}`,
      agrees: true,
    });
  }));

  test('4. dc-a ↔ dc-b partition, both reaching the witness: no split brain', run.guarded(async () => {
    const group = cluster().votingGroups[0];
    const data = lab.dataMembers;
    const a = host(siteA);
    const b = host(siteB);
    const offsets = new Map(lab.members.map((m) => [m.name, logOffset(m.log)]));
    setPartition(a, b, true);
    const t = Date.now();
    expect(canReach(a, b.addresses[0])).toBe(false);
    expect(canReach(b, a.addresses[0])).toBe(false);
    expect(canReach(a, host(witness).addresses[0])).toBe(true);
    expect(canReach(b, host(witness).addresses[0])).toBe(true);
    // Right after the cut, before any EVS timer fires: one write on each side at once.
    const [firstA, firstB] = await Promise.all([
      write(lab, lab.dataIn(siteA)[0], 's4-cut', lab.viewChangeDeadlineMs),
      write(lab, lab.dataIn(siteB)[0], 's4-cut', lab.viewChangeDeadlineMs),
    ]);
    // Watch every data node through the time a view change takes (inactive + install + margin).
    const windowMs = lab.evs.inactiveMs + lab.evs.installMs + 10_000;
    const timeline = new Map<string, string[]>(data.map((m) => [m.name, []]));
    let splitSeen: string | undefined;
    while (Date.now() - t < windowMs) {
      const st = await lab.statuses();
      for (const m of data) {
        const s = st.get(m.name);
        const v = s ? `${s.wsrep_cluster_status}/${s.wsrep_cluster_size}` : 'no answer';
        const tl = timeline.get(m.name)!;
        if (tl[tl.length - 1]?.split(' @')[0] !== v) tl.push(`${v} @${secs(Date.now() - t)}`);
      }
      // Two Primary components at once = Primary nodes in both sites, one of them counting no majority.
      const primaries = data.filter((m) => st.get(m.name)?.wsrep_cluster_status === 'Primary');
      const sides = new Set(primaries.map((m) => m.site));
      if (sides.size > 1 && primaries.some((m) => 2 * Number(st.get(m.name)!.wsrep_cluster_size) <= group.total)) {
        splitSeen = primaries.map((m) => `${m.name} Primary/${st.get(m.name)!.wsrep_cluster_size}`).join(', ');
      }
      await new Promise((r) => setTimeout(r, 1000));
    }
    // Readiness agrees with what each node reports at the end of the window.
    const partitionProbes = await checkProbes(lab, `4. ${siteA} ↔ ${siteB} partition`);
    // One write on every data node, then every node that accepted must see every accepted write.
    const attempts = [{ m: lab.dataIn(siteA)[0], ...firstA }, { m: lab.dataIn(siteB)[0], ...firstB }];
    for (const m of data) attempts.push({ m, ...(await write(lab, m, 's4', lab.viewChangeDeadlineMs)) });
    const accepted = attempts.filter((x) => x.result.ok);
    const final = await lab.statuses();
    const views = new Map<string, string[] | undefined>();
    for (const m of new Set(accepted.map((x) => x.m))) views.set(m.name, await ids(lab, m));
    for (const x of accepted) {
      for (const y of accepted) expect(`${x.m.name} sees ${y.id}: ${views.get(x.m.name)?.includes(y.id)}`).toBe(`${x.m.name} sees ${y.id}: true`);
    }
    expect(splitSeen).toBeUndefined();

    // What the members logged during the partition: relaying and view changes.
    const relays: string[] = [];
    let viewChanges = 0;
    for (const m of lab.members) {
      const log = logSince(m.log, offsets.get(m.name)!);
      viewChanges += (log.match(/New COMPONENT: primary = /g) ?? []).length;
      const nonlive = new Set<string>();
      for (const on of log.matchAll(/turning message relay requesting on, nonlive peers: ([^\n]*)/g)) {
        for (const peer of on[1].trim().split(/\s+/)) nonlive.add(peer.replace(/^\w+:\/\//, '').replace(/:\d+$/, ''));
      }
      if (nonlive.size) relays.push(`${m.name} (nonlive: ${[...nonlive].sort().join(' ')})`);
    }

    // Heal; every node must converge on the same rows, every accepted write included.
    const th = Date.now();
    setPartition(a, b, false);
    for (const m of data) await lab.waitSynced(m, group.total, lab.viewChangeDeadlineMs);
    const healMs = Date.now() - th;
    const healedProbes = await checkProbes(lab, `4. ${siteA} ↔ ${siteB} healed`, () => true);
    const after = await Promise.all(data.map((m) => ids(lab, m)));
    for (const rowsOn of after) expect(rowsOn).toEqual(after[0]);
    for (const x of accepted) expect(after[0]).toContain(x.id);
    const unknown = attempts.filter((x) => x.result.timedOut).map((x) => `${x.m.name} ${after[0]!.includes(x.id) ? 'committed' : 'not committed'}`);

    const steady = data.every((m) => timeline.get(m.name)!.length === 1);
    const describeTimeline = steady
      ? `all ${data.length} data nodes ${timeline.get(data[0].name)![0].split(' @')[0]} at every poll of the ${secs(windowMs)} window`
      : data.map((m) => `${m.name} ${timeline.get(m.name)!.join(' → ')}`).join('; ');
    const oneComponent = steady && accepted.length === attempts.length;
    const ms = (x: { result: SqlResult }) => `${x.result.ms} ms`;
    rows.push({
      scenario: `4. ${siteA} ↔ ${siteB} partition, both reach ${witness}`,
      prediction: `no split brain: at most one Primary component (${group.quorum} of ${group.total} votes needed)`,
      observation: `${oneComponent ? `ONE component of ${final.get(data[0].name)?.wsrep_cluster_size} kept, ${viewChanges} view change(s) logged` : `${viewChanges} view change(s) logged`}; `
        + `${relays.length ? `message relay turned on by ${relays.join(', ')}` : 'no relay logged'}; ${describeTimeline}; `
        + `writes at the cut: ${firstA.result.ok ? 'accepted' : 'refused'} in ${siteA} (${ms(firstA)}), ${firstB.result.ok ? 'accepted' : 'refused'} in ${siteB} (${ms(firstB)}); `
        + `after the window accepted on ${attempts.slice(2).filter((x) => x.result.ok).map((x) => `${x.m.name} (${ms(x)})`).join(', ') || 'none'}`
        + `${attempts.some((x) => !x.result.ok) ? `, refused on ${attempts.filter((x) => !x.result.ok).map((x) => `${x.m.name} (${errorLine(x.result.stderr)})`).join(', ')}` : ''}`
        + `${unknown.length ? `; timed out: ${unknown.join(', ')}` : ''}; every accepting node saw every accepted write; after healing (${secs(healMs)}) all ${data.length} nodes hold the same ${after[0]!.length} rows; `
        + `during the partition ${readinessSummary(partitionProbes)}; healed: ${readinessSummary(healedProbes)}`,
      agrees: splitSeen === undefined,
    });
    process.stdout.write(`failure lab: scenario 4: ${describeTimeline}; relays: ${relays.join(', ') || 'none'}; view changes: ${viewChanges}\n`);
  }));

  test('5. dc-b and the witness lost: dc-a becomes non-Primary and refuses writes', run.guarded(async () => {
    const p = prediction([siteB, witness]);
    const r = await loseSites(lab, [siteB, witness], p.survives, p.groups[0].votesLeft, 's5');
    const accepted = r.attempts.filter((x) => x.result.ok);
    expect(accepted.length > 0).toBe(p.survives);
    const refused = r.attempts.filter((x) => !x.result.ok);
    // No Primary component anywhere: every data node is cut off, none is ready.
    const probes = await checkProbes(lab, `5. ${siteB} + ${witness} lost`, () => false);
    rows.push({
      scenario: `5. ${siteB} + ${witness} lost`,
      prediction: describePrediction([siteB, witness], p),
      observation: `${siteA}: ${r.survivors.map((m) => `${m.name} ${summarize(r.status.get(m.name))}`).join('; ')} after ${secs(r.settleMs)}; writes refused on ${refused.map((x) => x.m.name).join(', ')} (${errorLine(refused[0]?.result.stderr ?? '')}); ${readinessSummary(probes)}`,
      agrees: accepted.length > 0 === p.survives,
    });
    // Back: the components merge and the Primary component is restored by itself.
    const t = Date.now();
    for (const s of [siteB, witness]) setSiteLinkDown(host(s), false);
    for (const m of lab.dataMembers) await lab.waitSynced(m, cluster().votingGroups[0].total, lab.viewChangeDeadlineMs);
    const backMs = Date.now() - t;
    const back = await checkProbes(lab, `5. ${siteB} + ${witness} back`, () => true);
    rows[rows.length - 1] = { ...rows[rows.length - 1], observation: `${rows[rows.length - 1].observation}; links back: Primary again with ${cluster().votingGroups[0].total} members after ${secs(backMs)}, ${readinessSummary(back)}` };
  }));

  // Every connection a member opened during the start and scenarios 1 to 5 reached its peer
  // through the written NetworkPolicies: a drop counted on a data node's port is a flow the
  // policies block (garbd's own ingress is the known defect, the test after this one).
  const blocked = (): BlockedFlow[] => hosts.flatMap((h) => blockedFlows(listNftTable(h.ns, NFT_TABLE)));
  const arbitratorNames = () => new Set(lab.arbitratorMembers.map((a) => a.name));
  test('6. the written NetworkPolicies admit every flow the data nodes receive', run.guarded(async () => {
    const onData = blocked().filter((b) => !arbitratorNames().has(b.pod));
    rows.push({
      scenario: '6. NetworkPolicies (data nodes)',
      prediction: 'every member-to-member flow admitted (gcomm 4567, IST 4568, SST 4444, SQL 3306)',
      observation: onData.length ? `BLOCKED: ${onData.map((b) => `${b.pod}:${b.port} (${b.packets} packets)`).join(', ')}` : 'no connection attempt to a data node dropped by the policies through the start and scenarios 1 to 5',
      agrees: onData.length === 0,
    });
    expect(onData).toEqual([]);
  }));

  // gcomm is a mesh in which every member opens connections to every other: the written
  // policies must admit the data nodes' connections to garbd (component: arbitrator) too, or only
  // garbd's own connections carry its vote (the defect of issue 26, item 3).
  test('the written NetworkPolicies admit the data nodes\' gcomm to garbd', run.guarded(async () => {
    const onGarbd = blocked().filter((b) => arbitratorNames().has(b.pod));
    rows.push({
      scenario: '6b. NetworkPolicies (garbd)',
      prediction: 'gcomm to garbd admitted (any member may open the connection)',
      observation: onGarbd.length ? `BLOCKED: ${onGarbd.map((b) => `${b.pod}:${b.port} (${b.packets} packets)`).join(', ')}` : 'no connection attempt to garbd dropped',
      agrees: onGarbd.length === 0,
    });
    expect(onGarbd).toEqual([]);
  }));

  test('the design without the arbitrator: the library refuses it, and the real cluster halts when dc-b is lost', run.guarded(async () => {
    const app = metroWithoutArbitrator(path.join(root, 'dist-no-arbitrator'));
    const verdict = verdictOnLosing(app, siteB);
    expect(verdict.errors.map((e) => e.ruleId)).toEqual(expect.arrayContaining(['MS-QUORUM-SITE-LOSS', 'MS-GALERA-EVEN-VOTES']));
    expect(verdict.lossFinding).toBeDefined();
    expect(() => app.synth()).toThrow(/MS-QUORUM-SITE-LOSS/);
    const survives = verdict.votesLeft! >= verdict.quorum!;
    expect(survives).toBe(false);

    // The same settings (the good design's output) without garbd, on fresh data directories.
    await lab.killAll();
    for (const h of hosts) setSiteLinkDown(h, false);
    broken = new GaleraLab(path.join(root, 'no-arbitrator'), output, hosts, false);
    broken.prepare();
    await broken.start();
    const all = await broken.statuses();
    for (const [name, s] of all) expect(`${name} ${s?.wsrep_cluster_status}/${s?.wsrep_cluster_size}`).toBe(`${name} Primary/${verdict.total}`);
    await broken.sql(broken.dataMembers[0], 'CREATE DATABASE lab; CREATE TABLE lab.writes (id VARCHAR(96) PRIMARY KEY, site VARCHAR(32) NOT NULL, scenario VARCHAR(32) NOT NULL, at TIMESTAMP(6) DEFAULT CURRENT_TIMESTAMP(6))');
    const r = await loseSites(broken, [siteB], survives, verdict.votesLeft, 'nogarbd');
    const accepted = r.attempts.filter((x) => x.result.ok);
    expect(accepted).toEqual([]);
    const probes = await checkProbes(broken, `✗ no arbitrator: ${siteB} lost`, () => false);
    rows.push({
      scenario: `✗ no arbitrator: ${siteB} lost`,
      prediction: `refused by app.check(): ${verdict.errors.map((e) => e.ruleId).join(', ')}; "${verdict.lossFinding!.message}"`,
      observation: `${siteA}: ${r.survivors.map((m) => `${m.name} ${summarize(r.status.get(m.name))}`).join('; ')} after ${secs(r.settleMs)}; writes refused (${errorLine(r.attempts[0].result.stderr)}); ${readinessSummary(probes)}`,
      agrees: accepted.length === 0,
    });
  }));

  // The mutation: the same output without the SST credentials this library writes (the
  // container env that makes the image create mysql@localhost, and wsrep_sst_auth), i.e. the
  // output as it was before they were added. The bootstrap node starts; the first joiner's SST
  // must fail at the donor's mariabackup login, so the cluster never grows past one data node.
  test('✗ the output without its SST credentials: the first joiner\'s mariabackup SST fails at the donor', run.guarded(async () => {
    await lab.killAll();
    await broken?.killAll();
    for (const h of hosts) setSiteLinkDown(h, false);
    const mutated = withoutSstCredentials(output);
    expect(mutated.dataSites.map((d) => d.env.length)).not.toEqual(output.dataSites.map((d) => d.env.length));
    noSst = new GaleraLab(path.join(root, 'no-sst-credentials'), mutated, hosts, false);
    noSst.prepare();
    const failure = await noSst.start().then(() => undefined, (e: Error) => e);
    const first = noSst.dataMembers.find((m) => m.bootstrap)!;
    const joiner = noSst.dataMembers.find((m) => !m.bootstrap)!;
    expect(failure?.message).toMatch(new RegExp(`^${joiner.name} exited with`));
    const joinerLog = fs.readFileSync(joiner.log, 'utf8');
    expect(joinerLog).toMatch(new RegExp(`Selected [\\d.]+ \\(${first.name}\\)\\(SYNCED\\) as donor`));
    const backupLog = fs.readFileSync(path.join(first.datadir, 'mariabackup.backup.log'), 'utf8');
    const refused = /Failed to connect to MariaDB server: (.*)$/m.exec(backupLog) ?? /(Access denied for user [^\n]*)/.exec(backupLog);
    expect(refused?.[1]).toMatch(/Access denied for user 'mysql'@'localhost'/);
    const sizes = await noSst.statuses([first]);
    expect(sizes.get(first.name)?.wsrep_cluster_size).toBe('1');
    rows.push({
      scenario: '✗ no SST credentials (mutation)',
      prediction: `a joiner cannot finish its SST: ${joiner.name} exits, the cluster stays at one data node`,
      observation: `${first.name} bootstrapped (image init, no mysql@localhost); ${joiner.name} selected ${first.name} as donor, whose mariabackup was refused ("${refused?.[1]}"); ${joiner.name} exited (${failure?.message.split('\n')[0]}); ${first.name}: ${summarize(sizes.get(first.name))}`,
      agrees: !!failure && /Access denied/.test(refused?.[1] ?? ''),
    });
  }));

  test('logs of a failed run are kept', () => {
    // Keeps the last lines of every node log in the output when something failed above.
    if (!run.failed) return;
    for (const m of [...(lab?.members ?? []), ...(broken?.members ?? []), ...(noSst?.members ?? [])]) process.stdout.write(`--- ${m.name} (${m.log}) ---\n${tail(m.log, 15)}\n`);
  });
});
