import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration } from 'cdk8s';
import {
  ActiveActiveSite, BackupSchedule, BackupTarget, DeploymentShape, DistributedSqlCluster, GaleraRouting, Latency, MultiSiteApp,
  SqlEngine, WitnessSite,
} from '../lib';
import { findObject, readObjects, tempOutdir } from './support/designs';
import { formatProblems, schemasAvailable, validateManifest } from './support/schema-validator';
import { AnalyzedDesign } from '../lib/analysis/analyzed-design';
import { analyzeDesign } from '../lib/check/analyze-design';
import { networkFlowBlocked } from '../lib/check/rules/network-flow-blocked';
import { galeraBackupPlan } from '../lib/engines/galera/backup';
import { engineOfKind } from '../lib/engines/registry';
import { buildDesign } from '../lib/synth/build-design';

const backup = {
  schedule: BackupSchedule.cron({ full: '0 3 * * *' }),
  retention: Duration.days(14),
  target: BackupTarget.existingBucket({
    bucketName: 'ledger-backups', region: 'eu-central-1', endpoint: 'https://minio.backup.example:9000', credentialsSecret: 'backup-s3',
  }),
};

/** Galera over three clusters, one per site: 2 + 2 data nodes, garbd in the witness; single writer unless `multiWriter`. */
function design(outdir: string, routing?: GaleraRouting): MultiSiteApp {
  const app = new MultiSiteApp({ outdir, shape: DeploymentShape.clusterPerSite() });
  const site = (name: string, i: number) => ({ clusterDomain: `${name}.cluster.example`, podCidrs: [`10.${i}.0.0/16`], clusterDnsAddress: `172.16.${i}.53` });
  const a = new ActiveActiveSite(app, 'dc-a', site('dc-a', 1));
  const b = new ActiveActiveSite(app, 'dc-b', site('dc-b', 2));
  const w = new WitnessSite(app, 'dc-w', site('dc-w', 3));
  app.addLink(a, b, Latency.ofRttMillis(1));
  app.addLink(a, w, Latency.ofRttMillis(2));
  app.addLink(b, w, Latency.ofRttMillis(2));
  new DistributedSqlCluster(app, 'ledger', {
    engine: SqlEngine.galera({ arbitratorImage: 'example.com/garbd:26.4', routing: routing ?? GaleraRouting.singleWriter({ priority: [b, a] }) }),
    placement: [{ site: a, voters: 2 }, { site: b, voters: 2 }, { site: w, arbitrators: 1 }],
    backup,
  });
  return app;
}

function analyzed(app: MultiSiteApp): AnalyzedDesign {
  return analyzeDesign(buildDesign(app, app.shape, (app as any).links));
}

describe('Galera backup: a CronJob beside the last node in the writers\' order', () => {
  const outdir = tempOutdir();
  design(outdir).synth();
  const objects = readObjects(outdir);
  const cron = findObject(objects, 'CronJob', 'ledger-backup');
  const pod = cron.spec.jobTemplate.spec.template.spec;
  const [backupContainer, upload] = pod.containers;

  test('single writer with priority [dc-b, dc-a]: it copies dc-a\'s last node, from dc-a\'s cluster, after checking the three nodes ahead of it', () => {
    const d = analyzed(design(tempOutdir()));
    const plan = galeraBackupPlan(d, d.analyses[0].cluster as any, d.analyses[0].details as any);
    expect(plan.node.pod).toBe('ledger-dc-a-1');
    expect(plan.aheadInWriterOrder.map((n) => n.pod)).toEqual(['ledger-dc-b-0', 'ledger-dc-b-1', 'ledger-dc-a-0']);
    expect(objects.filter((o) => o.obj.kind === 'CronJob').map((o) => o.file.split('/')[0])).toEqual(['dc-a']);
    // On the node of that pod, with its volume and its settings
    expect(pod.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual([
      { labelSelector: { matchLabels: { 'statefulset.kubernetes.io/pod-name': 'ledger-dc-a-1' } }, topologyKey: 'kubernetes.io/hostname' },
    ]);
    expect(pod.volumes).toContainEqual({ name: 'datadir', persistentVolumeClaim: { claimName: 'datadir-ledger-dc-a-1', readOnly: true } });
    expect(pod.volumes).toContainEqual({ name: 'config', configMap: { name: 'ledger-dc-a-config' } });
    // The claim and the config map are the ones the StatefulSet writes.
    const sts = findObject(objects, 'StatefulSet', 'ledger-dc-a', 'dc-a');
    expect(sts.spec.volumeClaimTemplates[0].metadata.name).toBe('datadir');
    expect(findObject(objects, 'ConfigMap', 'ledger-dc-a-config', 'dc-a')).toBeDefined();
  });

  test('multi-writer: the last node in placement order, nothing to check ahead', () => {
    const d = analyzed(design(tempOutdir(), GaleraRouting.multiWriter()));
    const plan = galeraBackupPlan(d, d.analyses[0].cluster as any, d.analyses[0].details as any);
    expect(plan.node.pod).toBe('ledger-dc-b-1');
    expect(plan.aheadInWriterOrder).toEqual([]);
  });

  test('the schedule is the full cron in UTC, one at a time', () => {
    expect(cron.spec).toMatchObject({ schedule: '0 3 * * *', timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid' });
  });

  test('the backup script: Synced, a writer ahead, desync around mariadb-backup into the FIFO, reset by a trap', () => {
    const script: string = backupContainer.command[2];
    expect(backupContainer.image).toBe('mariadb:11.4');
    expect(script).toContain('node=ledger-dc-a-1.ledger-dc-a.ledger.svc.dc-a.cluster.example');
    expect(script).toContain('ahead=(ledger-dc-b-0.ledger-dc-b.ledger.svc.dc-b.cluster.example ledger-dc-b-1.ledger-dc-b.ledger.svc.dc-b.cluster.example ledger-dc-a-0.ledger-dc-a.ledger.svc.dc-a.cluster.example)');
    const order = ['if [ "$s" != Synced ]', 'writer=$h', 'exec 3> /stage/stream', 'SET GLOBAL wsrep_desync = ON', 'mariadb-backup --backup --stream=xbstream --galera-info', 'SET GLOBAL wsrep_desync = OFF'];
    const at = order.map((o) => script.lastIndexOf(o));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((x, y) => x - y)).toEqual(at);
    expect(script).toContain('trap finish EXIT');
    expect(script).toMatch(/finish\(\) \{\n {2}code=\$\?\n {2}if \[ -n "\$desynced" \]; then sql "\$node" "SET GLOBAL wsrep_desync = OFF"/);
    // TLS is on: the clients say --ssl
    expect(script).toContain('--port=3306 --ssl');
  });

  test('credentials by Secret reference only; the upload names the bucket, endpoint and region', () => {
    expect(backupContainer.env).toEqual([{ name: 'MYSQL_PWD', valueFrom: { secretKeyRef: { name: 'ledger-root-password', key: 'password' } } }]);
    expect(upload.image).toBe('amazon/aws-cli:2.17.0');
    expect(upload.env).toEqual(expect.arrayContaining([
      { name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 'backup-s3', key: 'AWS_ACCESS_KEY_ID' } } },
      { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 'backup-s3', key: 'AWS_SECRET_ACCESS_KEY' } } },
      { name: 'S3_ENDPOINT', value: 'https://minio.backup.example:9000' },
      { name: 'AWS_DEFAULT_REGION', value: 'eu-central-1' },
      { name: 'BUCKET', value: 'ledger-backups' },
      { name: 'PREFIX', value: 'ledger' },
    ]));
    const uploadScript: string = upload.command[2];
    // 100 GiB volume: the stream is at most that (aws s3 cp - needs --expected-size above 50 GB)
    expect(uploadScript).toContain(`s3 cp - "$url/backup.xbstream" --expected-size ${100 * 1024 ** 3} < /stage/stream`);
    expect(uploadScript).toContain('if [ "$status" = ok ] && [ "$uploaded" = 1 ]; then');
    expect(uploadScript).toContain('s3 rm "$url/backup.xbstream"');
    const text = JSON.stringify(objects.map((o) => o.obj));
    expect(text).not.toMatch(/AWS_SECRET_ACCESS_KEY=|password=/i);
  });

  test('the backup pod\'s connections are flows MS-NETWORK-FLOW-BLOCKED judges, and the written policies admit them', () => {
    const d = analyzed(design(tempOutdir()));
    const flows = engineOfKind('galera').networkFlows(d, d.analyses[0].cluster, d.analyses[0].details).filter((f) => f.from.role === 'backup');
    expect(flows.length).toBeGreaterThan(0);
    expect(new Set(flows.map((f) => f.to.site))).toEqual(new Set(['dc-a', 'dc-b']));
    expect(flows.every((f) => f.port === 3306 && f.from.site === 'dc-a')).toBe(true);
    expect(networkFlowBlocked.check(d)).toEqual([]);
  });

  (schemasAvailable() ? test : test.skip)('the CronJob validates strictly against the Kubernetes schema', () => {
    expect(formatProblems(validateManifest(cron))).toBe('');
  });
});

/**
 * The two containers' scripts run together in bash, as the pod runs them, with stubs for the
 * programs they call (`mariadb`, `mariadb-backup`, `aws`) and the stage folder moved to a temporary
 * one: the stream goes through the FIFO into the upload, desync wraps the backup, and a failure
 * anywhere leaves the node in sync and no object marked COMPLETE.
 */
describe('Galera backup scripts, run in bash with stubbed tools', () => {
  const objects = readObjects((() => {
    const dir = tempOutdir();
    design(dir).synth();
    return dir;
  })());
  const spec = findObject(objects, 'CronJob', 'ledger-backup').spec.jobTemplate.spec.template.spec;
  const backupScript: string = spec.containers[0].command[2];
  const uploadScript: string = spec.containers[1].command[2];

  function run(env: Record<string, string>): { backup: number; upload: number; log: string[]; objects: Map<string, string>; guardAlive?: boolean } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'galera-backup-'));
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    fs.mkdirSync(path.join(dir, 'stage'));
    fs.mkdirSync(path.join(dir, 'bucket'));
    const stub = (name: string, body: string) => fs.writeFileSync(path.join(bin, name), `#!/bin/bash\n${body}\n`, { mode: 0o755 });
    stub('mariadb', [
      'q="${@: -1}"; host=""; for a in "$@"; do case $a in --host=*) host=${a#--host=};; esac; done',
      'case $q in *WSREP_LOCAL_STATE_COMMENT*) echo "${FAKE_STATE:-Synced}";; *PROCESSLIST*) echo "${FAKE_GUARDS:-1}";;',
      '  *SLEEP*) echo "guard $host: $q" >> "$LOG"; echo $$ > "$LOG.guard"; exec sleep 60;; *) echo "sql $host: $q" >> "$LOG";; esac',
    ].join('\n'));
    stub('mariadb-backup', 'echo "mariadb-backup $*" >> "$LOG"; printf "XBSTREAM-DATA"; [ -z "${FAKE_BACKUP_FAIL:-}" ]');
    stub('aws', [
      'echo "aws $*" >> "$LOG"',
      'if [ "$4" = cp ] && [ "$5" = - ]; then key=${6#s3://}; mkdir -p "$BUCKET_DIR/$(dirname "$key")"; cat > "$BUCKET_DIR/$key"; fi',
    ].join('\n'));
    const stage = (script: string) => script.split('/stage/').join(`${dir}/stage/`);
    fs.writeFileSync(path.join(dir, 'backup.sh'), stage(backupScript));
    fs.writeFileSync(path.join(dir, 'upload.sh'), stage(uploadScript));
    fs.writeFileSync(path.join(dir, 'stage', 'stream'), '');
    fs.rmSync(path.join(dir, 'stage', 'stream'));
    const driver = [
      `mkfifo ${dir}/stage/stream`,
      `bash ${dir}/upload.sh & up=$!`,
      `bash ${dir}/backup.sh; echo "backup=$?" > ${dir}/codes`,
      `wait $up; echo "upload=$?" >> ${dir}/codes`,
    ].join('\n');
    const result = spawnSync('bash', ['--norc', '--noprofile', '-c', driver], {
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        HOME: dir,
        LOG: path.join(dir, 'log'),
        BUCKET_DIR: path.join(dir, 'bucket'),
        S3_ENDPOINT: 'http://moto.invalid',
        BUCKET: 'ledger-backups',
        PREFIX: 'ledger',
        MYSQL_PWD: 'x',
        ...env,
      },
      encoding: 'utf8',
      timeout: 60_000,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    expect(result.error).toBeUndefined();
    const codes = Object.fromEntries(fs.readFileSync(path.join(dir, 'codes'), 'utf8').trim().split('\n').map((l) => l.split('=')));
    const log = fs.existsSync(path.join(dir, 'log')) ? fs.readFileSync(path.join(dir, 'log'), 'utf8').trim().split('\n') : [];
    const stored = new Map<string, string>();
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p); else stored.set(path.relative(path.join(dir, 'bucket'), p).replace(/\d{8}T\d{6}Z/, '<time>'), fs.readFileSync(p, 'utf8'));
      }
    };
    walk(path.join(dir, 'bucket'));
    const guardFile = path.join(dir, 'log.guard');
    const guardPid = fs.existsSync(guardFile) ? Number(fs.readFileSync(guardFile, 'utf8')) : undefined;
    const guardAlive = guardPid ? alive(guardPid) : undefined;
    fs.rmSync(dir, { recursive: true, force: true });
    return { backup: Number(codes.backup), upload: Number(codes.upload), log, objects: stored, guardAlive };
  }

  const node = 'ledger-dc-a-1.ledger-dc-a.ledger.svc.dc-a.cluster.example';
  /** Whether a process runs (a zombie, killed and not yet reaped by whoever adopted it, does not). */
  const alive = (pid: number) => {
    try {
      return !/^\d+ \(.*\) Z /.test(fs.readFileSync(`/proc/${pid}/stat`, 'utf8'));
    } catch {
      return false;
    }
  };

  test('a Synced node with a writer ahead: desync, stream through the FIFO into the bucket, back in sync, COMPLETE', () => {
    const r = run({});
    expect([r.backup, r.upload]).toEqual([0, 0]);
    expect(r.objects).toEqual(new Map([['ledger-backups/ledger/<time>/backup.xbstream', 'XBSTREAM-DATA'], ['ledger-backups/ledger/<time>/COMPLETE', expect.stringMatching(/^ledger\/\d{8}T\d{6}Z\n$/)]]));
    const steps = r.log.filter((l) => !l.startsWith('aws'));
    expect(steps[0]).toBe(`guard ${node}: SELECT 'galera-backup-guard' AS guard, SLEEP(86400)`);
    expect(steps[1]).toBe(`sql ${node}: SET GLOBAL wsrep_desync = ON`);
    expect(steps[2]).toMatch(/^mariadb-backup --backup --stream=xbstream --galera-info/);
    expect(steps[3]).toBe(`sql ${node}: SET GLOBAL wsrep_desync = OFF`);
    // The trap ends the guard's client (the stub would sleep a minute).
    expect(r.guardAlive).toBe(false);
    expect(r.log.filter((l) => l.startsWith('aws')).every((l) => l.endsWith('--only-show-errors'))).toBe(true);
  });

  test('mariadb-backup fails mid-stream: the node is put back in sync, the partial object removed, no COMPLETE, both containers fail', () => {
    const r = run({ FAKE_BACKUP_FAIL: '1' });
    expect(r.backup).not.toBe(0);
    expect(r.upload).toBe(1);
    expect(r.log).toContain(`sql ${node}: SET GLOBAL wsrep_desync = OFF`);
    expect(r.log.some((l) => /^aws .* s3 rm s3:\/\/ledger-backups\/ledger\/\d{8}T\d{6}Z\/backup.xbstream/.test(l))).toBe(true);
    expect([...r.objects.keys()].filter((k) => k.endsWith('COMPLETE'))).toEqual([]);
  });

  test('the guard session never shows in the process list: no desync, no backup, no COMPLETE', () => {
    const r = run({ FAKE_GUARDS: '0' });
    expect([r.backup, r.upload]).toEqual([1, 1]);
    expect(r.log.filter((l) => l.startsWith('sql') || l.startsWith('mariadb-backup'))).toEqual([]);
    expect([...r.objects.keys()].filter((k) => k.endsWith('COMPLETE'))).toEqual([]);
  });

  test('a node that is not Synced: no desync, no backup, the upload ends without COMPLETE instead of hanging', () => {
    const r = run({ FAKE_STATE: 'Donor/Desynced' });
    expect([r.backup, r.upload]).toEqual([1, 1]);
    expect(r.log.filter((l) => l.startsWith('sql') || l.startsWith('mariadb-backup'))).toEqual([]);
    expect([...r.objects.keys()].filter((k) => k.endsWith('COMPLETE'))).toEqual([]);
  });
});

/**
 * The restore Pod's `restore` command from RESTORE-<cluster>.md, run in bash with stubs for
 * `mbstream` and `mariadb-backup` that write what the real tools write: the wsrep position file is
 * `mariadb_backup_galera_info` from MariaDB 11.1 (MDEV-18931) and `xtrabackup_galera_info` in 10.11
 * (the failure lab's Debian mariadb-backup 10.11 wrote that name; test/failure-lab/galera-backup-lab.test.ts).
 */
describe('Galera restore command, run in bash with stubbed tools', () => {
  const outdir = tempOutdir();
  design(outdir).synth();
  const guide = fs.readFileSync(path.join(outdir, 'RESTORE-ledger.md'), 'utf8');
  const restoreCommand = /- name: restore\n[^\n]*\n {4}command: \[bash, -c, '([^']*)'\]/.exec(guide)![1];

  function restore(command: string, infoFile: string): { code: number; stdout: string; datadir: string[] } {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'galera-restore-'));
    const bin = path.join(dir, 'bin');
    const datadir = path.join(dir, 'datadir');
    for (const d of [bin, path.join(dir, 'restore'), datadir]) fs.mkdirSync(d);
    fs.writeFileSync(path.join(dir, 'restore', 'backup.xbstream'), 'XBSTREAM');
    fs.writeFileSync(path.join(datadir, 'old-table.ibd'), 'old');
    const stub = (name: string, body: string) => fs.writeFileSync(path.join(bin, name), `#!/bin/bash\n${body}\n`, { mode: 0o755 });
    stub('mbstream', `while [ "$1" != -C ]; do shift; done; cat > /dev/null; printf 'uuid:42\\n' > "$2/${infoFile}"; echo data > "$2/ibdata1"; : > "$2/grastate.dat"`);
    stub('mariadb-backup', [
      'for a in "$@"; do case $a in --target-dir=*) t=${a#--target-dir=};; --datadir=*) d=${a#--datadir=};; esac; done',
      'case $1 in --copy-back) cp "$t"/* "$d"/;; esac',
    ].join('\n'));
    const script = command.split('/restore/').join(`${dir}/restore/`).split('/var/lib/mysql').join(datadir);
    const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { PATH: `${bin}:/usr/bin:/bin` } });
    return { code: r.status ?? -1, stdout: r.stdout, datadir: fs.readdirSync(datadir).sort() };
  }

  test('the restored node may start a new cluster only while the marker exists: created before it starts, deleted once it is Ready', () => {
    const create = guide.indexOf('kubectl --context <dc-a> -n ledger create configmap ledger-new-cluster --from-literal=until=$(( $(date +%s) + 3600 ))');
    const scale = guide.indexOf('kubectl --context <dc-a> -n ledger scale statefulset ledger-dc-a --replicas=1');
    const ready = guide.indexOf('kubectl --context <dc-a> -n ledger wait --for=condition=Ready pod/ledger-dc-a-0');
    const remove = guide.indexOf('kubectl --context <dc-a> -n ledger delete configmap ledger-new-cluster');
    expect(create).toBeGreaterThan(0);
    expect([create < scale, scale < ready, ready < remove]).toEqual([true, true, true]);
  });

  test('step 5 deletes the marker only once the restored node exists and is Ready, though the StatefulSet creates it after the scale returns', () => {
    const block = /## 5\.[\s\S]*?```sh\n([\s\S]*?)```/.exec(guide)![1].replace(/--context <([^>]+)>/g, '--context $1');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'galera-step5-'));
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    const stub = (name: string, body: string) => fs.writeFileSync(path.join(bin, name), `#!/bin/bash\n${body}\n`, { mode: 0o755 });
    stub('sleep', ':');
    // The pod appears on the third look after the scale; `kubectl wait` on a missing pod fails at once, as the real one does.
    stub('kubectl', [
      'args="$*"; S=' + JSON.stringify(dir),
      'case $args in',
      '  *" scale statefulset ledger-dc-a "*) echo 0 > "$S/looks";;',
      '  *" get pod/ledger-dc-a-0"*) n=$(( $(cat "$S/looks" 2>/dev/null || echo 0) + 1 )); echo $n > "$S/looks"; [ $n -ge 3 ] && : > "$S/pod"; [ -e "$S/pod" ] || exit 1;;',
      '  *" wait --for=condition=Ready pod/ledger-dc-a-0"*) [ -e "$S/pod" ] || { echo "Error from server (NotFound): pods \\"ledger-dc-a-0\\" not found" >&2; exit 1; };;',
      '  *" delete configmap ledger-new-cluster"*) [ -e "$S/pod" ] && echo after > "$S/deleted" || echo before > "$S/deleted";;',
      'esac',
      'exit 0',
    ].join('\n'));
    const r = spawnSync('bash', ['--norc', '--noprofile', '-c', block], { encoding: 'utf8', env: { PATH: `${bin}:/usr/bin:/bin` } });
    expect(r.stderr).not.toContain('NotFound');
    expect(fs.readFileSync(path.join(dir, 'deleted'), 'utf8').trim()).toBe('after');
  });

  test.each(['mariadb_backup_galera_info', 'xtrabackup_galera_info'])('a backup whose position is in %s: restored, old files gone, grastate.dat removed, the position printed', (infoFile) => {
    const r = restore(restoreCommand, infoFile);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('uuid:42');
    expect(r.datadir).toEqual([infoFile, 'ibdata1'].sort());
  });

  test('mutation: the command that read only mariadb_backup_galera_info fails on a 10.11 backup after the copy-back (the Pod never Succeeds)', () => {
    const old = restoreCommand.replace(/ 2>\/dev\/null \|\| cat \S+$/, '');
    expect(old).not.toBe(restoreCommand);
    expect(restore(old, 'xtrabackup_galera_info').code).not.toBe(0);
  });
});
