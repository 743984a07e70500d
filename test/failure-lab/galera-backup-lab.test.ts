/**
 * The written backup and restore, run: the backups example's Galera cluster (`ledger`, 2 + 2 data
 * nodes and garbd, single-writer routing) runs on real mariadbd; the CronJob's two containers run
 * their scripts as synthesized (read from the CronJob's YAML) with the real `mariadb`,
 * `mariadb-backup` and `aws` against an S3 endpoint (moto, as the Terraform slow tests use), and
 * RESTORE-ledger.md's step 1 (pick the newest backup with COMPLETE) and its restore Pod's commands
 * put the backup into the emptied bootstrap node (all nodes stopped, as the file says), which starts a
 * new one-node cluster and must hold every row. The mutation kills `mariadb-backup` mid-stream:
 * the node must not stay desynced and no `COMPLETE` may appear.
 *
 * The lab substitutes only what a Pod gives and this host lacks, and prints each substitution:
 * the Pods' volumes (bind mounts in a private mount namespace, or the path in the text where
 * the host has no such folder), cluster DNS names (the lab addresses), the S3 endpoint (moto)
 * and the Secrets (lab values).
 *
 * Not part of `npx projen test`. Run as root after `bash scripts/failure-lab-setup.sh`:
 *   MSL_FAILURE_LAB=1 npx jest --ci --coverage=false --runInBand --testPathIgnorePatterns='/node_modules/' --testPathPatterns='test/failure-lab/galera-backup-lab'
 * Without root, the packages, moto_server or the AWS CLI it is skipped (and FAILS under CI=true).
 */
import { ChildProcess, execFileSync, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parse as parseYaml } from 'yaml';
import { GaleraOutput, readGaleraOutput, readObjects } from './design-output';
import { applyMdConfigMap, DataMember, GaleraLab, labUnavailableReason, sleep, tail, waitFor } from './galera-lab';
import { cleanLeftovers, describeLab, LabRun, which } from './lab-gate';
import { createLabNetwork, PREFIX, SiteHost } from './netns';
import { backupsDesign } from '../../examples/backups/design';
import { MotoServer, startMoto } from '../support/terraform';

jest.setTimeout(5 * 60_000);

const TMP_PREFIX = `${PREFIX}backup-`;
const ROWS = 2000;
/** moto takes any keys. */
const MOTO_KEYS = { id: 'lab-access-key', secret: 'lab-secret-key' };

interface Row { step: string; expected: string; observed: string; agrees: boolean }
interface Substitution { where: string; written: string; lab: string; why: string }
interface Mount { at: string; from: string; readOnly?: boolean }
interface ScriptRun { code: number | null; signal: string | null; stdout: string; stderr: string; ms: number }

/** A container of the written manifests: command, env and mounts as YAML gives them. */
interface WrittenContainer {
  name: string;
  command: string[];
  env?: { name: string; value?: string; valueFrom?: { secretKeyRef?: { name: string; key: string } } }[];
  volumeMounts?: { name: string; mountPath: string; readOnly?: boolean }[];
}

function unavailable(): string | undefined {
  const reason = labUnavailableReason();
  const missing = ['mariadb-backup', 'mbstream', 'moto_server', 'aws', 'unshare'].filter((b) => !which(b));
  if (!missing.length) return reason;
  return [reason, `missing ${missing.join(', ')} (mariadb-backup package; moto[server] and awscli from pip)`].filter(Boolean).join('; ');
}

describeLab('Galera lab: the written backup CronJob into S3 and RESTORE-<cluster>.md into an emptied node', 'Galera backup lab', unavailable, () => {
  const started = Date.now();
  const rows: Row[] = [];
  const subs: Substitution[] = [];
  const run = new LabRun();
  let root: string;
  let outdir: string;
  let output: GaleraOutput;
  let hosts: SiteHost[];
  let lab: GaleraLab;
  let moto: MotoServer | undefined;
  let backupContainer: WrittenContainer;
  let uploadContainer: WrittenContainer;
  let backedUp: DataMember;
  let awsDir: string;
  let bucket: string;
  let prefix: string;
  let restorePod: { download: WrittenContainer; restore: WrittenContainer };
  let restoreMd: string;
  const running = new Set<ChildProcess>();

  const sub = (s: Substitution) => {
    if (subs.some((x) => x.where === s.where && x.lab === s.lab)) return;
    subs.push(s);
    process.stdout.write(`backup lab: substitution in ${s.where}: ${s.written} -> ${s.lab} (${s.why})\n`);
  };

  beforeAll(async () => {
    await run.begin(90_000);
    const leftovers = cleanLeftovers(TMP_PREFIX);
    if (leftovers.length) process.stdout.write(`backup lab: removed leftovers of an earlier run: ${leftovers.join(', ')}\n`);
    root = fs.mkdtempSync(path.join(os.tmpdir(), TMP_PREFIX));
    fs.chmodSync(root, 0o755);
    outdir = path.join(root, 'dist');
    backupsDesign(outdir).synth();
    output = readGaleraOutput(outdir);
    const cronJob = readObjects(outdir).find((o) => o.kind === 'CronJob' && o.metadata.labels?.['app.kubernetes.io/instance'] === output.clusterName);
    if (!cronJob) throw new Error(`no CronJob of ${output.clusterName} in ${outdir}`);
    const podSpec = cronJob.spec.jobTemplate.spec.template.spec;
    const containers = podSpec.containers as WrittenContainer[];
    backupContainer = containers.find((c) => c.name === 'backup')!;
    uploadContainer = containers.find((c) => c.name === 'upload')!;
    expect(backupContainer && uploadContainer).toBeTruthy();
    expect((podSpec.initContainers as WrittenContainer[]).map((c) => c.command)).toEqual([['mkfifo', '/stage/stream']]);
    const claim = (podSpec.volumes as any[]).find((v) => v.name === 'datadir').persistentVolumeClaim.claimName as string;
    const upEnv = Object.fromEntries((uploadContainer.env ?? []).map((e) => [e.name, e.value]));
    bucket = upEnv.BUCKET!;
    prefix = upEnv.PREFIX!;
    restoreMd = fs.readFileSync(path.join(outdir, `RESTORE-${output.clusterName}.md`), 'utf8');

    hosts = createLabNetwork(output.report.sites.map((s) => ({
      site: s.name,
      addressCount: (output.dataSites.find((d) => d.site === s.name)?.podNames.length ?? 0)
        + output.arbitrators.filter((a) => a.site === s.name).length,
    })));
    lab = new GaleraLab(path.join(root, output.clusterName), output, hosts, true);
    backedUp = lab.dataMembers.find((m) => claim === `datadir-${m.name}`)!;
    if (!backedUp) throw new Error(`the CronJob mounts ${claim}, the claim of no data node`);
    lab.prepare();
    // The first install as APPLY.md says: its marker lets the written start script bootstrap the
    // first node (lab.start() then passes the flag the script chose), and goes once it runs.
    const first = lab.dataMembers.find((m) => m.bootstrap)!;
    const marker = applyMdConfigMap(outdir, output);
    if (!marker) throw new Error('APPLY.md creates no new-cluster marker for the bootstrap pod');
    lab.configMaps.set(marker.name, marker.data);
    expect((await lab.startArguments(first, startScript(first))).args).toContain('--wsrep-new-cluster');
    await lab.start();
    lab.configMaps.delete(marker.name);

    // The AWS CLI of this host (pip, under pyenv in /root), by its real folder: `env -i` drops pyenv's shims.
    awsDir = path.dirname(execFileSync('bash', ['-c', 'pyenv which aws 2>/dev/null || readlink -f "$(command -v aws)"'], { encoding: 'utf8' }).trim());
    moto = await startMoto();
    // The bucket as a user would give it for backups: versioned, with object lock (governance),
    // as the bucket the library's Terraform creates (docs/backups.md).
    aws(['s3api', 'create-bucket', '--bucket', bucket, '--object-lock-enabled-for-bucket']);
    aws(['s3api', 'put-object-lock-configuration', '--bucket', bucket, '--object-lock-configuration',
      JSON.stringify({ ObjectLockEnabled: 'Enabled', Rule: { DefaultRetention: { Mode: 'GOVERNANCE', Days: 1 } } })]);
    const versioning = aws(['s3api', 'get-bucket-versioning', '--bucket', bucket]);
    expect(versioning).toContain('Enabled');
    run.started();
  }, 4 * 60_000);

  afterAll(() => run.finish({
    name: 'backup lab',
    stop: async () => {
      for (const p of running) if (p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
      await lab?.killAll();
      await moto?.stop();
    },
    root,
    reportFile: 'galera-backup-lab.md',
    report: (removed) => [
      '',
      `Galera backup lab: ${output?.clusterName ?? '?'}, CronJob containers and RESTORE-${output?.clusterName ?? '?'}.md run against moto`,
      '| step | expected | observed | agree |',
      '| --- | --- | --- | --- |',
      ...rows.map((r) => `| ${[r.step, r.expected, r.observed, r.agrees ? 'yes' : 'NO'].map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`),
      '',
      'Substitutions (everything else ran as written):',
      '| where | written | lab | why |',
      '| --- | --- | --- | --- |',
      ...subs.map((s) => `| ${[s.where, s.written, s.lab, s.why].map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`),
      '',
      `cleanup: ${removed.length} namespace(s)/link(s) removed`,
      `backup lab total time: ${((Date.now() - started) / 1000).toFixed(1)} s`,
      '',
    ],
  }), 2 * 60_000);

  /** The lab's own AWS CLI calls against moto (not the written commands). */
  function aws(args: string[]): string {
    return execFileSync(path.join(awsDir, 'aws'), ['--endpoint-url', moto!.endpoint, ...args], {
      encoding: 'utf8', env: { ...process.env, AWS_ACCESS_KEY_ID: MOTO_KEYS.id, AWS_SECRET_ACCESS_KEY: MOTO_KEYS.secret, AWS_DEFAULT_REGION: 'us-east-1' }, timeout: 60_000,
    });
  }

  /** Keys under the backups' prefix. */
  function objectKeys(): string[] {
    const out = aws(['s3api', 'list-objects-v2', '--bucket', bucket, '--prefix', `${prefix}/`, '--query', 'Contents[].Key', '--output', 'json']).trim();
    return out === 'null' || !out ? [] : JSON.parse(out);
  }

  /** A container's env as the kubelet fills it: values as written, Secrets from the lab, `S3_ENDPOINT` → moto. */
  function containerEnv(c: WrittenContainer, where: string): string[] {
    return (c.env ?? []).map((e) => {
      const ref = e.valueFrom?.secretKeyRef;
      if (ref) {
        const value = ref.key.includes('SECRET') ? MOTO_KEYS.secret : ref.key.includes('ACCESS_KEY_ID') ? MOTO_KEYS.id : lab.secretOf(ref.name, ref.key);
        sub({ where, written: `env ${e.name} from Secret ${ref.name} key ${ref.key}`, lab: /AWS_/.test(e.name) ? 'moto\'s lab keys' : 'the value the lab gave that Secret key for the nodes', why: 'no Secret exists here' });
        return `${e.name}=${value}`;
      }
      if (e.name === 'S3_ENDPOINT') {
        sub({ where, written: `env S3_ENDPOINT=${e.value}`, lab: moto!.endpoint, why: 'the S3 endpoint is moto on 127.0.0.1' });
        return `${e.name}=${moto!.endpoint}`;
      }
      if (e.value === undefined) throw new Error(`${where}: the lab cannot fill env ${e.name}`);
      return `${e.name}=${e.value}`;
    });
  }

  /** Replaces each Pod DNS name in `script` by the node's lab address. */
  function withLabAddresses(script: string, where: string): string {
    let out = script;
    for (const d of lab.dataMembers) {
      out = out.replace(new RegExp(`\\b${d.name}\\.[A-Za-z0-9.-]+`, 'g'), (dns) => {
        sub({ where, written: dns, lab: d.address, why: 'no cluster DNS here: each Pod DNS name becomes the node\'s lab address' });
        return d.address;
      });
    }
    return out;
  }

  /** Replaces the written `--endpoint-url` by moto's. */
  function withEndpoint(script: string, where: string): string {
    const endpoint = /--endpoint-url (\S+)/.exec(script)?.[1];
    if (!endpoint) return script;
    sub({ where, written: `--endpoint-url ${endpoint}`, lab: `--endpoint-url ${moto!.endpoint}`, why: 'the S3 endpoint is moto on 127.0.0.1' });
    return script.split(`--endpoint-url ${endpoint}`).join(`--endpoint-url ${moto!.endpoint}`);
  }

  /** Replaces a mount path the host has no folder for (`/stage`, `/restore`) in the text. */
  function withPath(script: string, written: string, labPath: string, where: string): string {
    if (!script.includes(written)) return script;
    sub({ where, written, lab: labPath, why: `the Pod's volume at ${written}: this host has no such folder to bind-mount over, so the path is replaced in the text` });
    return script.split(written).join(labPath);
  }

  /**
   * Runs `script` with bash in a private mount namespace (`mounts` bind-mounted over the Pod's
   * paths, read-only as the Pod mounts them), in network namespace `ns` (or the host's), as
   * `user`, with exactly `env`. `onStart` gets the process.
   */
  function runScript(opts: {
    ns?: string;
    mounts: Mount[];
    user: 'mysql' | 'root';
    /** Whether it is a Pod's container (with the Pod's user), not a command the user runs. */
    pod: boolean;
    env: string[];
    pathDirs: string[];
    script: string;
    where: string;
    timeoutMs: number;
    onStart?: (p: ChildProcess) => void;
  }): Promise<ScriptRun> {
    for (const m of opts.mounts) {
      sub({ where: opts.where, written: `volume at ${m.at}${m.readOnly ? ' (read-only)' : ''}`, lab: m.from, why: 'a bind mount in the script\'s own mount namespace, at the Pod\'s path' });
    }
    if (!opts.pod) {
      // A command the user runs, not a Pod: no user of its own.
    } else if (opts.user === 'root') {
      sub({ where: opts.where, written: 'runAsUser 999', lab: 'root', why: 'this host\'s AWS CLI lives under /root (mode 700), which uid 999 cannot run' });
    } else {
      sub({ where: opts.where, written: 'runAsUser 999', lab: 'the mysql user (the nodes\' user here)', why: 'Debian\'s mariadb runs as mysql' });
    }
    const q = (s: string) => `'${s.replace(/'/g, '\'\\\'\'')}'`;
    const bind = (m: Mount) => `mount --bind ${q(m.from)} ${q(m.at)}${m.readOnly ? ` && mount -o remount,bind,ro ${q(m.at)}` : ''}`;
    const tmp = opts.mounts.find((m) => m.at === '/tmp');
    const setup = opts.mounts.filter((m) => m !== tmp).map(bind);
    // The lab root is under /tmp: a volume at /tmp would hide it, so the root is carried over
    // (through /mnt, in this private namespace only) to the same path inside the new /tmp.
    if (tmp) setup.push(`mount --bind ${q(root)} /mnt`, bind(tmp), `mkdir -p ${q(root)}`, `mount --bind /mnt ${q(root)}`, 'umount /mnt');
    const asUser = opts.user === 'mysql' ? ['setpriv', '--reuid=mysql', '--regid=mysql', '--clear-groups'] : [];
    const inner = [
      'unshare', '--mount', '--propagation', 'private', 'bash', '-c', [...setup, 'exec "$@"'].join(' && '), 'mounts',
      ...asUser, 'env', '-i', `PATH=${[...opts.pathDirs, '/usr/local/bin', '/usr/bin', '/bin'].join(':')}`, ...opts.env, '/bin/bash', '-c', opts.script,
    ];
    const [bin, args] = opts.ns ? ['ip', ['netns', 'exec', opts.ns, ...inner]] : [inner[0], inner.slice(1)];
    const start = Date.now();
    return new Promise((resolve) => {
      const p = spawn(bin, args as string[], { stdio: ['ignore', 'pipe', 'pipe'] });
      running.add(p);
      let stdout = '';
      let stderr = '';
      p.stdout!.on('data', (d) => { stdout += d; });
      p.stderr!.on('data', (d) => { stderr += d; });
      const timer = setTimeout(() => p.kill('SIGKILL'), opts.timeoutMs);
      p.on('close', (code, signal) => {
        clearTimeout(timer);
        running.delete(p);
        resolve({ code, signal, stdout, stderr, ms: Date.now() - start });
      });
      opts.onStart?.(p);
    });
  }

  /** A folder owned by mysql under the lab root. */
  function labDir(name: string): string {
    const d = path.join(root, name);
    fs.rmSync(d, { recursive: true, force: true });
    fs.mkdirSync(d, { recursive: true });
    execFileSync('chown', ['mysql:mysql', d]);
    return d;
  }

  /**
   * One run of the CronJob's Pod: the init container's `mkfifo`, then both containers at once,
   * as written but for the substitutions. `duringBackup` runs once the backup script has started.
   */
  async function runBackupJob(
    name: string, duringBackup?: (p: ChildProcess, upload: ChildProcess) => Promise<void>,
  ): Promise<{ backup: ScriptRun; upload: ScriptRun }> {
    const stage = labDir(`${name}-stage`);
    const tmpBackup = labDir(`${name}-tmp-backup`);
    const tmpUpload = labDir(`${name}-tmp-upload`);
    // The node's own option file, as the ConfigMap gives it at /etc/mysql/conf.d (with the lab's TLS paths).
    const conf = labDir(`${name}-conf`);
    fs.copyFileSync(backedUp.cnf, path.join(conf, 'galera.cnf'));
    fs.chmodSync(path.join(conf, 'galera.cnf'), 0o644);
    execFileSync('setpriv', ['--reuid=mysql', '--regid=mysql', '--clear-groups', 'mkfifo', path.join(stage, 'stream')]);
    const where = (c: WrittenContainer) => `CronJob container ${c.name}`;
    expect(backupContainer.command.slice(0, 2)).toEqual(['/bin/bash', '-c']);
    expect(uploadContainer.command.slice(0, 2)).toEqual(['/bin/bash', '-c']);
    const backupScript = withPath(withLabAddresses(backupContainer.command[2], where(backupContainer)), '/stage', stage, where(backupContainer));
    const uploadScript = withPath(uploadContainer.command[2], '/stage', stage, where(uploadContainer));
    const mountsOf = (c: WrittenContainer): Mount[] => (c.volumeMounts ?? []).filter((v) => v.mountPath !== '/stage').map((v): Mount | undefined => {
      const from = {
        '/var/lib/mysql': backedUp.datadir,
        '/etc/mysql/conf.d': conf,
        '/tmp': c === backupContainer ? tmpBackup : tmpUpload,
      }[v.mountPath];
      // The TLS Secret: the node's option file names the lab's TLS files already.
      if (v.mountPath === '/etc/mysql/tls') return undefined;
      if (!from) throw new Error(`${where(c)} mounts ${v.mountPath}, which the lab does not know`);
      return { at: v.mountPath, from, readOnly: v.readOnly };
    }).filter((m): m is Mount => !!m);
    sub({ where: where(backupContainer), written: 'volume tls at /etc/mysql/tls, the node\'s ConfigMap at /etc/mysql/conf.d', lab: 'the node\'s option file as the lab runs it (TLS paths to the lab CA\'s files)', why: 'the lab\'s TLS files live under the lab root' });
    let uploadProcess: ChildProcess | undefined;
    const upload = runScript({
      mounts: mountsOf(uploadContainer),
      user: 'root',
      pod: true,
      env: containerEnv(uploadContainer, where(uploadContainer)),
      pathDirs: [awsDir],
      script: uploadScript,
      where: where(uploadContainer),
      timeoutMs: 240_000,
      onStart: (p) => { uploadProcess = p; },
    });
    let during: Promise<void> | undefined;
    const backup = runScript({
      ns: backedUp.host.ns,
      mounts: mountsOf(backupContainer),
      user: 'mysql',
      pod: true,
      env: containerEnv(backupContainer, where(backupContainer)),
      pathDirs: [],
      script: backupScript,
      where: where(backupContainer),
      timeoutMs: 240_000,
      onStart: (p) => { during = duringBackup?.(p, uploadProcess!); },
    });
    const [b, u] = await Promise.all([backup, upload]);
    await during;
    return { backup: b, upload: u };
  }

  /** The written container command's script of a data node's site. */
  const startScript = (m: DataMember) => output.dataSites.find((d) => d.site === m.site)!.script;
  const desync = async (m: DataMember) => (await lab.sql(m, 'SHOW GLOBAL VARIABLES LIKE \'wsrep_desync\'')).stdout.trim().split('\t')[1] ?? 'no answer';
  const countAndSum = async (m: DataMember) => {
    const r = await lab.sql(m, 'SET SESSION wsrep_sync_wait=1; SET SESSION group_concat_max_len=16777216; '
      + 'SELECT COUNT(*), SHA2(GROUP_CONCAT(id, \':\', v ORDER BY id SEPARATOR \',\'), 256) FROM lab_backup.t', 30_000);
    if (!r.ok) return `error: ${r.stderr}`;
    return r.stdout.trim().replace('\t', ' ');
  };
  const processesUnder = (pid: number): { pid: number; comm: string }[] => {
    const all = execFileSync('ps', ['-e', '-o', 'pid=,ppid=,comm='], { encoding: 'utf8' }).split('\n').map((l) => l.trim().split(/\s+/)).filter((x) => x.length >= 3)
      .map(([p, pp, comm]) => ({ pid: Number(p), ppid: Number(pp), comm }));
    const found: { pid: number; comm: string }[] = [];
    const walk = (parent: number) => {
      for (const c of all.filter((x) => x.ppid === parent)) {
        found.push(c);
        walk(c.pid);
      }
    };
    walk(pid);
    return found;
  };

  let expected: string;
  let backupKey: string;

  test('the CronJob as written backs the node up into S3, with COMPLETE, and leaves it synced', run.guarded(async () => {
    const writer = lab.dataMembers.find((m) => m.bootstrap)!;
    const values = `WITH RECURSIVE s(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM s WHERE n < ${ROWS}) SELECT n, SHA2(CONCAT('row-', n), 256) FROM s`;
    const w = await lab.sql(writer, `SET SESSION max_recursive_iterations=${ROWS + 1}; CREATE DATABASE lab_backup; CREATE TABLE lab_backup.t (id INT PRIMARY KEY, v CHAR(64) NOT NULL); INSERT INTO lab_backup.t ${values}`, 60_000);
    expect(w.stderr).toBe('');
    expected = await countAndSum(backedUp);
    expect(expected.startsWith(`${ROWS} `)).toBe(true);
    const desyncSeen = new Set<string>();
    const { backup, upload } = await runBackupJob('ok', async (p) => {
      while (p.exitCode === null && p.signalCode === null) {
        desyncSeen.add(await desync(backedUp));
        await sleep(200);
      }
    });
    const keys = objectKeys();
    const complete = keys.find((k) => k.endsWith('/COMPLETE'));
    const after = await desync(backedUp);
    const status = await lab.status(backedUp);
    const size = complete ? aws(['s3api', 'head-object', '--bucket', bucket, '--key', complete.replace(/COMPLETE$/, 'backup.xbstream'), '--query', 'ContentLength', '--output', 'text']).trim() : '-';
    const agrees = backup.code === 0 && upload.code === 0 && !!complete && after === 'OFF' && status?.wsrep_local_state_comment === 'Synced';
    rows.push({
      step: `backup: ${ROWS} rows, both containers as written`,
      expected: 'both exit 0; backup.xbstream and COMPLETE under the prefix; wsrep_desync ON during, OFF after; node Synced',
      observed: `backup exit ${backup.code} in ${backup.ms} ms, upload exit ${upload.code} in ${upload.ms} ms; objects ${keys.join(', ') || 'none'} (stream ${size} bytes); `
        + `wsrep_desync seen during: ${[...desyncSeen].join('/') || 'none'}, after: ${after}; ${status?.wsrep_local_state_comment}`,
      agrees,
    });
    const logs = `--- backup stdout ---\n${backup.stdout}\n--- backup stderr ---\n${backup.stderr}\n--- upload stdout ---\n${upload.stdout}\n--- upload stderr ---\n${upload.stderr}\n--- moto ---\n${moto!.log().slice(-3000)}`;
    if (!agrees) process.stdout.write(`backup lab: the backup run:\n${logs}\n`);
    expect({ backup: backup.code, upload: upload.code }).toEqual({ backup: 0, upload: 0 });
    expect(complete).toBeDefined();
    expect(keys).toContain(complete!.replace(/COMPLETE$/, 'backup.xbstream'));
    expect(after).toBe('OFF');
    expect(desyncSeen.has('ON')).toBe(true);
    backupKey = complete!.replace(/\/COMPLETE$/, '');
    const marker = aws(['s3', 'cp', `s3://${bucket}/${complete}`, '-']).trim();
    expect(marker).toBe(backupKey);
  }));

  test('mutation: mariadb-backup killed mid-stream leaves the node synced and writes no COMPLETE', run.guarded(async () => {
    const before = objectKeys();
    // A second backup key needs another second on the clock (the key is the UTC time to the second).
    await sleep(1100);
    let killed = '';
    const { backup, upload } = await runBackupJob('killed', async (p) => {
      const deadline = Date.now() + 60_000;
      while (Date.now() < deadline && p.exitCode === null) {
        const mb = processesUnder(p.pid!).find((x) => /^maria(db-)?backup$/.test(x.comm));
        if (mb) {
          // Let it stream a moment, then kill it as the OOM killer or a node loss would.
          await sleep(300);
          try {
            process.kill(mb.pid, 'SIGKILL');
            killed = `${mb.comm} (pid ${mb.pid})`;
          } catch (e) {
            killed = `not killed: ${(e as Error).message}`;
          }
          return;
        }
        await sleep(20);
      }
    });
    const keys = objectKeys().filter((k) => !before.includes(k));
    const after = await desync(backedUp);
    const status = await lab.status(backedUp);
    const agrees = killed.includes('pid') && backup.code !== 0 && upload.code !== 0 && !keys.some((k) => k.endsWith('/COMPLETE')) && after === 'OFF' && status?.wsrep_local_state_comment === 'Synced';
    rows.push({
      step: 'mutation: mariadb-backup SIGKILLed mid-stream',
      expected: 'both containers fail; no new COMPLETE (the partial object removed); wsrep_desync OFF; node Synced',
      observed: `killed ${killed || 'nothing (it had ended)'}; backup exit ${backup.code}, upload exit ${upload.code}; new objects: ${keys.join(', ') || 'none'}; wsrep_desync ${after}; ${status?.wsrep_local_state_comment}`,
      agrees,
    });
    if (!agrees) process.stdout.write(`backup lab: the killed run:\n${backup.stderr}\n${upload.stdout}\n${upload.stderr}\n`);
    expect(killed).toContain('pid');
    expect(backup.code).not.toBe(0);
    expect(upload.code).not.toBe(0);
    expect(keys.filter((k) => k.endsWith('/COMPLETE'))).toEqual([]);
    expect(keys).toEqual([]);
    expect(after).toBe('OFF');
  }));

  /**
   * One backup run whose pod is SIGKILLed whole mid-stream, as `kubectl delete pod --force
   * --grace-period=0` or the OOM killer taking the container's cgroup does: no trap runs. Once the
   * backup has set `wsrep_desync=ON`, the uploader is stopped (SIGSTOP) so that `mariadb-backup`
   * blocks on the FIFO; the readiness probe (`probe`, the written one unless a mutation gives
   * another) runs twice while the backup lives, then every process of both containers is
   * SIGKILLed, and the probe runs every period, as the kubelet runs it, until `wsrep_desync` is
   * OFF or `watchMs` have passed.
   */
  async function killPodMidStream(name: string, watchMs: number, probe?: readonly string[]) {
    const period = output.dataSites.find((d) => d.site === backedUp.site)!.readiness.periodSeconds ?? 10;
    await sleep(1100); // a new backup key needs another second on the clock
    let whileAlive = 'backup ended before it desynced';
    let killed: string[] = [];
    await runBackupJob(name, async (p, up) => {
      const on = await waitFor('the backup to set wsrep_desync=ON', 60_000, async () => ((await desync(backedUp)) === 'ON' ? true : undefined), () => 'wsrep_desync not ON', 100)
        .then(() => true, () => false);
      if (!on) return;
      const upTree = [up.pid!, ...processesUnder(up.pid!).map((x) => x.pid)];
      for (const pid of upTree) process.kill(pid, 'SIGSTOP');
      for (let i = 0; i < 2; i++) {
        await lab.readiness(backedUp, probe);
        await sleep(period * 1000);
      }
      whileAlive = await desync(backedUp);
      // The container's script is p itself (ip netns exec, unshare, setpriv and env exec into it).
      const tree = processesUnder(p.pid!);
      killed = [fs.readFileSync(`/proc/${p.pid}/comm`, 'utf8').trim(), ...tree.map((x) => x.comm)];
      for (const pid of [p.pid!, ...tree.map((x) => x.pid), ...upTree]) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch { /* already gone */ }
      }
    });
    const afterKill = await desync(backedUp);
    const t = Date.now();
    let now = afterKill;
    let probes = 0;
    while (now === 'ON' && Date.now() - t < watchMs) {
      await lab.readiness(backedUp, probe);
      probes++;
      now = await desync(backedUp);
      if (now === 'ON') await sleep(period * 1000);
    }
    return { whileAlive, killed, afterKill, now, probes, ms: Date.now() - t, period };
  }

  test('the backup pod SIGKILLed whole mid-stream: the readiness probe as written clears the desync the trap could not', run.guarded(async () => {
    const r = await killPodMidStream('pod-killed', 60_000);
    const status = await lab.waitSynced(backedUp, undefined, 60_000).then(() => lab.status(backedUp));
    const agrees = r.whileAlive === 'ON' && r.afterKill === 'ON' && r.now === 'OFF' && r.ms <= 6 * r.period * 1000 && status?.wsrep_local_state_comment === 'Synced';
    rows.push({
      step: 'backup pod SIGKILLed whole mid-stream (no trap runs); the readiness probe as written, every period',
      expected: `wsrep_desync ON while the backup lives (its guard holds, the probe leaves it); ON right after the kill; OFF within ${6 * r.period} s; node Synced`,
      observed: `killed ${r.killed.join(', ')}; wsrep_desync while alive, 2 probes: ${r.whileAlive}; right after the kill: ${r.afterKill}; `
        + `${r.now} after ${(r.ms / 1000).toFixed(1)} s (${r.probes} probe run(s)); ${status?.wsrep_local_state_comment}`,
      agrees,
    });
    // The script, mariadb-backup and the guard's client.
    expect(r.killed).toEqual(expect.arrayContaining(['bash', expect.stringMatching(/^maria(db-)?backup$/), 'mariadb']));
    expect(r.whileAlive).toBe('ON');
    expect(r.afterKill).toBe('ON');
    expect(r.now).toBe('OFF');
    expect(r.ms).toBeLessThanOrEqual(6 * r.period * 1000);
    expect(status?.wsrep_local_state_comment).toBe('Synced');
  }));

  test('mutation: the readiness probe without the clearing line leaves the killed backup\'s desync ON', run.guarded(async () => {
    const written = output.dataSites.find((d) => d.site === backedUp.site)!.readiness.command;
    const script = written[2].split('\n').filter((l) => !l.includes('wsrep_desync')).join('\n');
    expect(script).not.toBe(written[2]);
    const r = await killPodMidStream('pod-killed-mutation', 30_000, [written[0], written[1], script]);
    rows.push({
      step: 'mutation: the same kill, the readiness probe without its clearing line (the probe before this fix)',
      expected: 'wsrep_desync still ON after 30 s: nothing ends a desync whose trap never ran',
      observed: `wsrep_desync right after the kill: ${r.afterKill}; ${r.now} after ${(r.ms / 1000).toFixed(1)} s (${r.probes} probe run(s))`,
      agrees: r.afterKill === 'ON' && r.now === 'ON',
    });
    expect(r.now).toBe('ON');
    // Put the node back in sync for the restore test.
    const off = await lab.sql(backedUp, 'SET GLOBAL wsrep_desync = OFF');
    expect(off.stderr).toBe('');
    await lab.waitSynced(backedUp, undefined, 60_000);
  }));

  test('RESTORE-<cluster>.md as written restores the backup into an emptied node that holds every row', run.guarded(async () => {
    expect(backupKey).toBeDefined();
    const writer = lab.dataMembers.find((m) => m.bootstrap)!;
    // Written after the backup: must not come back.
    const late = await lab.sql(writer, 'INSERT INTO lab_backup.t VALUES (999999, \'after the backup\')');
    expect(late.stderr).toBe('');
    // Step 1 of the file, its command as written: the newest backup with COMPLETE.
    const pick = /## 1\. Pick the backup\n\n```sh\n([^\n]+)\n/.exec(restoreMd)?.[1];
    if (!pick) throw new Error(`RESTORE-${output.clusterName}.md has no step 1 command`);
    const listing = await runScript({
      mounts: [],
      user: 'root',
      pod: false,
      env: [`AWS_ACCESS_KEY_ID=${MOTO_KEYS.id}`, `AWS_SECRET_ACCESS_KEY=${MOTO_KEYS.secret}`, `HOME=${labDir('pick-home')}`],
      pathDirs: [awsDir],
      script: withEndpoint(pick, 'RESTORE.md step 1'),
      where: 'RESTORE.md step 1',
      timeoutMs: 60_000,
    });
    const newest = listing.stdout.trim().split('\n').pop() ?? '';
    const stamp = /\/(\d{8}T\d{6}Z)\/COMPLETE$/.exec(newest)?.[1] ?? `(no stamp in: ${newest})`;
    rows.push({
      step: 'restore step 1 as written: the newest backup with COMPLETE',
      expected: `${backupKey} (the killed run left no COMPLETE)`,
      observed: `exit ${listing.code}; newest line: ${newest || listing.stderr.trim()}`,
      agrees: listing.code === 0 && `${prefix}/${stamp}` === backupKey,
    });
    expect(`${prefix}/${stamp}`).toBe(backupKey);
    // Step 2: every member stopped; step 3/4: the bootstrap pod's volume emptied and restored.
    await lab.killAll();
    const target = writer;
    fs.rmSync(target.datadir, { recursive: true, force: true });
    fs.mkdirSync(target.datadir);
    execFileSync('chown', ['mysql:mysql', target.datadir]);
    const m = /apply -f - <<EOF\n([\s\S]*?)\nEOF\n/.exec(restoreMd);
    if (!m) throw new Error(`RESTORE-${output.clusterName}.md has no restore Pod (kubectl apply -f - <<EOF … EOF)`);
    // The heredoc is unquoted: the shell puts the STAMP of step 1 in.
    const pod = parseYaml(m[1].split('$STAMP').join(stamp));
    sub({ where: 'RESTORE.md restore Pod', written: '$STAMP', lab: stamp, why: 'the STAMP step 1 printed' });
    expect(pod.spec.volumes.find((v: any) => v.name === 'datadir').persistentVolumeClaim.claimName).toBe(`datadir-${target.name}`);
    restorePod = { download: pod.spec.initContainers[0], restore: pod.spec.containers[0] };
    const restoreDir = labDir('restore');
    const tmp = labDir('restore-tmp');
    const where = (c: WrittenContainer) => `RESTORE.md container ${c.name}`;
    const script = (c: WrittenContainer) => {
      expect(c.command.slice(0, 2)).toEqual(['bash', '-c']);
      return withEndpoint(withPath(c.command[2], '/restore', restoreDir, where(c)), where(c));
    };
    const download = await runScript({
      mounts: [{ at: '/tmp', from: tmp }],
      user: 'root',
      pod: true,
      env: containerEnv(restorePod.download, where(restorePod.download)),
      pathDirs: [awsDir],
      script: script(restorePod.download),
      where: where(restorePod.download),
      timeoutMs: 120_000,
    });
    execFileSync('chown', ['-R', 'mysql:mysql', restoreDir]);
    const restore = await runScript({
      mounts: [{ at: '/var/lib/mysql', from: target.datadir }],
      user: 'mysql',
      pod: true,
      env: [],
      pathDirs: [],
      script: script(restorePod.restore),
      where: where(restorePod.restore),
      timeoutMs: 180_000,
    });
    const galeraInfo = restore.stdout.trim().split('\n').pop() ?? '';
    const restoredOk = download.code === 0 && restore.code === 0;
    if (!restoredOk) {
      rows.push({
        step: 'restore: download, mbstream -x, --prepare, --copy-back as written',
        expected: 'both containers exit 0',
        observed: `download exit ${download.code}: ${download.stderr.trim().split('\n').pop()}; restore exit ${restore.code}: ${restore.stderr.trim().split('\n').slice(-3).join(' / ')}`,
        agrees: false,
      });
      process.stdout.write(`backup lab: restore:\n${download.stderr}\n${restore.stdout}\n${restore.stderr}\n`);
    }
    expect({ download: download.code, restore: restore.code }).toEqual({ download: 0, restore: 0 });
    expect(fs.existsSync(path.join(target.datadir, 'grastate.dat'))).toBe(false);
    // Step 5 as written: the marker it creates, then the written start script decides; without
    // the marker the script would start the restored node as a joiner.
    const withoutMarker = await lab.startArguments(target, startScript(target));
    const restoreMarker = applyMdConfigMap(outdir, output, `RESTORE-${output.clusterName}.md`);
    if (!restoreMarker) throw new Error(`RESTORE-${output.clusterName}.md creates no new-cluster marker before starting ${target.name}`);
    lab.configMaps.set(restoreMarker.name, restoreMarker.data);
    const start = await lab.startArguments(target, startScript(target));
    rows.push({
      step: 'restore step 5: the restored node started by the written start script',
      expected: `no --wsrep-new-cluster without the marker; with RESTORE's marker ${restoreMarker.name}, --wsrep-new-cluster; the step deletes the marker once the node is Ready`,
      observed: `without: ${withoutMarker.args.includes('--wsrep-new-cluster') ? '--wsrep-new-cluster' : 'no --wsrep-new-cluster'}; with: ${start.args.includes('--wsrep-new-cluster') ? '--wsrep-new-cluster' : 'no --wsrep-new-cluster'}; `
        + `delete command ${restoreMd.includes(`delete configmap ${restoreMarker.name}`) ? 'present' : 'MISSING'}`,
      agrees: !withoutMarker.args.includes('--wsrep-new-cluster') && start.args.includes('--wsrep-new-cluster') && restoreMd.includes(`delete configmap ${restoreMarker.name}`),
    });
    expect(withoutMarker.args).not.toContain('--wsrep-new-cluster');
    expect(start.args).toContain('--wsrep-new-cluster');
    expect(restoreMd).toContain(`delete configmap ${restoreMarker.name}`);
    lab.startData(target, start.args.includes('--wsrep-new-cluster'));
    await lab.waitSynced(target, 1, 180_000);
    const restored = await countAndSum(target);
    const lateRow = (await lab.sql(target, 'SELECT COUNT(*) FROM lab_backup.t WHERE id = 999999')).stdout.trim();
    const agrees = restored === expected && lateRow === '0';
    rows.push({
      step: 'restore into the emptied bootstrap node, started alone (the start script chose --wsrep-new-cluster)',
      expected: `${ROWS} rows with the checksum taken before the backup (${expected}); the row written after the backup absent`,
      observed: `download ${download.ms} ms, restore ${restore.ms} ms (galera info: ${galeraInfo}); rows ${restored}; row written after: ${lateRow === '0' ? 'absent' : `present (${lateRow})`}`,
      agrees,
    });
    if (!agrees) process.stdout.write(`--- ${target.log} ---\n${tail(target.log)}\n`);
    expect(restored).toBe(expected);
    expect(lateRow).toBe('0');
  }));
});
