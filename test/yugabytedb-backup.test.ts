import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Duration } from 'cdk8s';
import {
  ActiveActiveSite, BackupSchedule, BackupTarget, DeploymentShape, DistributedSqlCluster, Latency, MultiSiteApp, Site, SqlEngine, WitnessSite,
} from '../lib';
import { findObject, readObjects, tempOutdir } from './support/designs';
import { formatProblems, schemasAvailable, validateManifest } from './support/schema-validator';
import { AnalyzedDesign } from '../lib/analysis/analyzed-design';
import { describeFlow } from '../lib/analysis/network-flow';
import { analyzeDesign } from '../lib/check/analyze-design';
import { blockedFlows, networkFlowBlocked } from '../lib/check/rules/network-flow-blocked';
import { endpointOf, WrittenNetwork, writtenNetwork } from '../lib/check/written-network';
import { engineOfKind } from '../lib/engines/registry';
import { importMappingAwk, restorePodScript } from '../lib/engines/yugabytedb/backup';
import { evaluateConnection, NetworkPolicyObject } from '../lib/network-policy/evaluate';
import { buildDesign } from '../lib/synth/build-design';

const backup = {
  schedule: BackupSchedule.cron({ full: '0 2 * * *' }),
  retention: Duration.days(7),
  target: BackupTarget.existingBucket({
    bucketName: 'yb-backups', region: 'eu-central-1', endpoint: 'https://minio.backup.example:9000', credentialsSecret: 'yb-backup-s3',
  }),
};
const SITES: { name: string; tservers: number; witness?: boolean }[] = [{ name: 'a', tservers: 2 }, { name: 'b', tservers: 1 }, { name: 'c', tservers: 1, witness: true }];

/** YugabyteDB over three sites (2 + 1 + 1 tservers; c a witness), one Kubernetes cluster each unless stretched, backed up daily at 02:00 UTC. */
function design(outdir: string, shape = DeploymentShape.clusterPerSite(), insecure = false): MultiSiteApp {
  const app = new MultiSiteApp({ outdir, shape });
  const props = (i: number) => ({ clusterDomain: `${SITES[i].name}.example`, podCidrs: [`10.${i}.0.0/16`], clusterDnsAddress: `172.16.${i}.53` });
  const made: Site[] = SITES.map((s, i) => (s.witness ? new WitnessSite(app, s.name, props(i)) : new ActiveActiveSite(app, s.name, props(i))));
  for (let i = 0; i < made.length; i++) for (let j = i + 1; j < made.length; j++) app.addLink(made[i], made[j], Latency.ofRttMillis(2));
  new DistributedSqlCluster(app, 'yb', {
    engine: SqlEngine.yugabyteDb({ insecure }),
    placement: SITES.map((s, i) => ({ site: made[i], voters: s.tservers })),
    backup,
  });
  return app;
}

function analyzed(app: MultiSiteApp): AnalyzedDesign {
  return analyzeDesign(buildDesign(app, app.shape, (app as any).links));
}

describe('YugabyteDB backup: a snapshot CronJob and one uploader per tserver', () => {
  const outdir = tempOutdir();
  const app = design(outdir);
  app.synth();
  const objects = readObjects(outdir);
  const cronJobs = objects.filter((o) => o.obj.kind === 'CronJob');
  const snapshot = findObject(objects, 'CronJob', 'yb-backup', 'a');
  const pod = snapshot.spec.jobTemplate.spec.template.spec;
  const tserverPods = ['yb-a-tserver-0', 'yb-a-tserver-1', 'yb-b-tserver-0', 'yb-c-tserver-0'];

  test('the snapshot CronJob in the first active site; an uploader per tserver pod in its site, all on the one schedule', () => {
    expect(cronJobs.map((o) => `${o.file.split('/')[0]}:${o.obj.metadata.name}`)).toEqual([
      'a:yb-backup', 'a:yb-backup-0', 'a:yb-backup-1', 'b:yb-backup-2', 'c:yb-backup-3',
    ]);
    for (const { obj } of cronJobs) {
      expect(obj.spec).toMatchObject({ schedule: '0 2 * * *', timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid' });
      expect(obj.metadata.name.length).toBeLessThanOrEqual(52);
    }
  });

  test('each uploader on its tserver\'s node, with that tserver\'s claim read-only, the claim the StatefulSet makes', () => {
    for (const [k, name] of tserverPods.entries()) {
      const site = name.split('-')[1];
      const spec = findObject(objects, 'CronJob', `yb-backup-${k}`, site).spec.jobTemplate.spec.template.spec;
      expect(spec.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual([
        { labelSelector: { matchLabels: { 'statefulset.kubernetes.io/pod-name': name } }, topologyKey: 'kubernetes.io/hostname' },
      ]);
      expect(spec.volumes).toContainEqual({ name: 'datadir', persistentVolumeClaim: { claimName: `datadir-${name}`, readOnly: true } });
      expect(spec.containers[0].volumeMounts).toContainEqual({ name: 'datadir', mountPath: '/mnt/disk0', readOnly: true });
      expect(spec.containers[0].env).toContainEqual({ name: 'POD', value: name });
      const sts = findObject(objects, 'StatefulSet', `yb-${site}-tserver`, site);
      expect(sts.spec.volumeClaimTemplates[0].metadata.name).toBe('datadir');
      expect(sts.spec.template.spec.containers[0].args).toContain('--fs_data_dirs=/mnt/disk0');
      expect(spec.securityContext).toMatchObject({ runAsUser: 10001, fsGroup: 10001, runAsNonRoot: true });
    }
  });

  test('credentials by Secret reference only: the S3 keys and the yugabyte password; the run\'s folder from the Job name', () => {
    const [snap, upload] = pod.containers;
    expect(snap.env).toContainEqual({ name: 'PGPASSWORD', valueFrom: { secretKeyRef: { name: 'yb-ysql-superuser', key: 'password' } } });
    expect(snap.env).toContainEqual({ name: 'PGSSLMODE', value: 'verify-ca' });
    expect(snap.env).toContainEqual({ name: 'PGHOST', value: 'yb-a-tservers.yb' });
    expect(upload.image).toBe('amazon/aws-cli:2.17.0');
    expect(upload.env).toEqual(expect.arrayContaining([
      { name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 'yb-backup-s3', key: 'AWS_ACCESS_KEY_ID' } } },
      { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 'yb-backup-s3', key: 'AWS_SECRET_ACCESS_KEY' } } },
      { name: 'JOB_NAME', valueFrom: { fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/job-name']" } } },
    ]));
    expect(JSON.stringify(objects.map((o) => o.obj))).not.toMatch(/AWS_SECRET_ACCESS_KEY=|PGPASSWORD=/);
  });

  test('every script is valid bash (bash -n)', () => {
    const containers = cronJobs.flatMap((o) => o.obj.spec.jobTemplate.spec.template.spec.containers);
    const scripts = [...containers.map((c: any) => c.command[2]), restorePodScript()];
    expect(scripts).toHaveLength(7);
    for (const s of scripts) {
      const r = spawnSync('bash', ['-n'], { input: s, encoding: 'utf8' });
      expect(r.stderr).toBe('');
      expect(r.status).toBe(0);
    }
  });

  (schemasAvailable() ? test : test.skip)('the CronJobs validate strictly against the Kubernetes schema', () => {
    for (const { obj } of cronJobs) expect(formatProblems(validateManifest(obj))).toBe('');
  });

  test('insecure: no certificate volume, no TLS settings for ysqlsh, yb-admin without -certs_dir_name', () => {
    const dir = tempOutdir();
    design(dir, DeploymentShape.clusterPerSite(), true).synth();
    const spec = findObject(readObjects(dir), 'CronJob', 'yb-backup', 'a').spec.jobTemplate.spec.template.spec;
    expect(spec.volumes.map((v: any) => v.name)).toEqual(['stage', 'tmp']);
    expect(spec.containers[0].env.map((e: any) => e.name)).not.toContain('PGSSLMODE');
    expect(spec.containers[0].command[2]).not.toContain('-certs_dir_name');
  });
});

describe('YugabyteDB backup flows', () => {
  test.each([
    ['cluster per site', DeploymentShape.clusterPerSite()],
    ['stretched', DeploymentShape.stretchedCluster()],
  ])('%s: yb-admin to every master, YSQL to its site\'s tservers; the written policies admit them', (_name, shape) => {
    const d = analyzed(design(tempOutdir(), shape));
    const flows = engineOfKind('yugabytedb').networkFlows(d, d.analyses[0].cluster, d.analyses[0].details).filter((f) => f.from.role === 'backup snapshot');
    expect(flows.filter((f) => f.port === 7100).map((f) => f.to.site).sort()).toEqual(['a', 'b', 'c']);
    expect(flows.filter((f) => f.port === 5433).map((f) => f.to.site)).toEqual(['a']);
    expect(flows.every((f) => f.from.site === 'a')).toBe(true);
    expect(networkFlowBlocked.check(d)).toEqual([]);
    // The flow's pod is the snapshot CronJob's: its labels are the pod template's.
    const dir = tempOutdir();
    design(dir, shape).synth();
    const cron = readObjects(dir).find((o) => o.obj.kind === 'CronJob' && o.obj.metadata.name === 'yb-backup')!.obj;
    expect(cron.spec.jobTemplate.spec.template.metadata.labels).toMatchObject(flows[0].from.podLabels);
  });

  test('mutation: the masters\' policy without the rule that admits the backup pod from site a → MS-NETWORK-FLOW-BLOCKED names the flow', () => {
    const d = analyzed(design(tempOutdir()));
    const analysis = d.analyses[0];
    const flow = engineOfKind('yugabytedb').networkFlows(d, analysis.cluster, analysis.details)
      .find((f) => f.from.role === 'backup snapshot' && f.to.site === 'b' && f.port === 7100)!;
    const written = writtenNetwork(d, analysis);
    const connection = { from: endpointOf(d, written, flow.from), to: endpointOf(d, written, flow.to), port: flow.port };
    const verdict = evaluateConnection(written.policies, connection);
    expect(verdict.ingress.admittedBy.length).toBeGreaterThan(0);
    const drop = (p: NetworkPolicyObject): NetworkPolicyObject => (verdict.ingress.admittedBy.includes(`${p.metadata?.namespace}/${p.metadata?.name}`)
      ? { ...p, spec: { ...p.spec, ingress: [] } } : p);
    const mutated: WrittenNetwork = { ...written, policies: new Map([...written.policies].map(([k, ps]) => [k, ps.map(drop)])) };
    const messages = blockedFlows(d, analysis, mutated).map((v) => v.message);
    expect(messages.some((m) => m.startsWith(describeFlow(flow)))).toBe(true);
  });
});

describe('YugabyteDB backup report and RESTORE guide', () => {
  const outdir = tempOutdir();
  design(outdir).synth();
  const report = fs.readFileSync(path.join(outdir, 'REPORT.md'), 'utf8');
  const guide = fs.readFileSync(path.join(outdir, 'RESTORE-yb.md'), 'utf8');

  test('APPLY.md asks for the Secrets the CronJobs read: the S3 keys in every site, the yugabyte password in the snapshot\'s', () => {
    const apply = fs.readFileSync(path.join(outdir, 'APPLY.md'), 'utf8');
    expect(apply).toContain('yb-ysql-superuser');
    expect(apply).toContain('yb-backup-s3');
  });

  test('the report names the tool, the bucket and what a restore needs', () => {
    expect(report).toContain('yb-admin create_database_snapshot');
    expect(report).toContain('s3://yb-backups/yb/');
    expect(report).toContain('one restore Pod per tserver on its node');
  });

  test('the guide: metadata, schema, import_snapshot, a restore Pod per tserver on its node with its claim, restore_snapshot', () => {
    const order = ['grep /COMPLETE', '-f /tmp/restore/roles.sql', 'ysql.$db.sql', 'import_snapshot "/tmp/restore/ysql.$db.snapshot" "ysql.$db"',
      'create configmap yb-restore', 'name: yb-a-tserver-0-restore', 'claimName: datadir-yb-c-tserver-0', 'restore_snapshot "$id"', 'every restoration RESTORED'];
    const at = order.map((o) => guide.indexOf(o));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((x, y) => x - y)).toEqual(at);
    expect(guide).toContain('kubectl --context <c> -n yb apply -f - <<EOF');
    expect(guide).toContain('-certs_dir_name /opt/certs/yugabyte');
    expect(guide).toContain('YCQL keyspaces are not in the backup.');
    // One ConfigMap per Kubernetes cluster with tservers: three here, one when stretched.
    expect(guide.match(/create configmap yb-restore/g)).toHaveLength(3);
    const stretched = tempOutdir();
    design(stretched, DeploymentShape.stretchedCluster()).synth();
    expect(fs.readFileSync(path.join(stretched, 'RESTORE-yb.md'), 'utf8').match(/create configmap yb-restore/g)).toHaveLength(1);
    // The script the stubbed run below proves is the one the guide writes.
    expect(guide).toContain(`cat > ./$STAMP/restore.sh <<'SCRIPT'\n${restorePodScript()}\nSCRIPT\n`);
  });

  test('the scripts the guide runs in the tserver (steps 2 and 4), as kubectl exec receives them: valid bash, the password from stdin', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yb-guide-'));
    fs.writeFileSync(path.join(dir, 'kubectl'), '#!/bin/bash\nfor a in "$@"; do [ "$a" = get ] && exit 0; done\nprintf "%s\\n---\\n" "${@: -1}" >> "$OUT"\n', { mode: 0o755 });
    const blocks = [...guide.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
    const execs = blocks.filter((b) => b.includes(' exec ')).map((b) => b.split('\n').filter((l) => !/ (cp|delete) /.test(l)).join('\n').replace(/<([a-z]+)>/g, 'ctx-$1'));
    expect(execs).toHaveLength(2);
    for (const b of execs) spawnSync('bash', ['--norc', '--noprofile', '-c', b], { env: { PATH: `${dir}:${process.env.PATH}`, OUT: path.join(dir, 'out') }, stdio: 'ignore' });
    const inner = fs.readFileSync(path.join(dir, 'out'), 'utf8').split('\n---\n').filter((x) => x.trim());
    expect(inner).toHaveLength(2);
    expect(inner[0]).toMatch(/^read -r PGPASSWORD; export PGPASSWORD; MASTERS=/);
    expect(inner[0]).toContain(`awk '${importMappingAwk()}'`);
    for (const s of inner) expect(spawnSync('bash', ['-n'], { input: s, encoding: 'utf8' }).stderr).toBe('');
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('the guide\'s commands in bash -n (each kubectl exec script, the heredoc Pods as a whole)', () => {
    const shell = [...guide.matchAll(/```sh\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(shell.length).toBeGreaterThanOrEqual(3);
    for (const s of shell) {
      const r = spawnSync('bash', ['-n'], { input: s, encoding: 'utf8' });
      expect(r.stderr).toBe('');
    }
  });
});

/**
 * The CronJobs' scripts as their pods run them, together, in bash, with stubs for the programs
 * they call (`yb-admin`, `ysqlsh`, `ysql_dump(all)`, `aws` over a folder, `sleep`) and their
 * paths moved to a temporary folder; then the restore Pods' script over the same bucket.
 */
describe('RESTORE-<cluster>.md step 2 waits for the imported snapshots as yb-admin prints them', () => {
  const outdir = tempOutdir();
  design(outdir).synth();
  const guide = fs.readFileSync(path.join(outdir, 'RESTORE-yb.md'), 'utf8');

  test('a COMPLETE snapshot ends the wait: list_snapshots separates the id and the state with " \\t" (yb-admin_client.h kColumnSep)', () => {
    const wait = guide.split('\n').find((l) => l.includes('list_snapshots | grep'))!.trim()
      .replace(/\/home\/yugabyte\/tserver\/bin\/yb-admin .* list_snapshots/, 'yb-admin list_snapshots');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yb-restore-wait-'));
    fs.writeFileSync(path.join(dir, 'yb-admin'), '#!/bin/bash\nprintf "Snapshot UUID                        \\t\\tState\\n%s \\tCOMPLETE\\n" "$ID"\n', { mode: 0o755 });
    const r = spawnSync('bash', ['--norc', '--noprofile', '-c', `id=$ID; ${wait}; echo done`], {
      encoding: 'utf8', timeout: 5000, env: { PATH: `${dir}:/usr/bin:/bin`, ID: '0d4b4935-2c95-4523-95ab-9ead1e95e794' },
    });
    expect(r.stdout.trim()).toBe('done');
  });
});

describe('YugabyteDB backup and restore scripts, run in bash with stubbed tools', () => {
  const outdir = tempOutdir();
  design(outdir).synth();
  const objects = readObjects(outdir);
  const specOf = (name: string, site: string) => findObject(objects, 'CronJob', name, site).spec.jobTemplate.spec.template.spec;
  const snap = specOf('yb-backup', 'a');
  const uploaders = [['yb-backup-0', 'a'], ['yb-backup-1', 'a'], ['yb-backup-2', 'b'], ['yb-backup-3', 'c']].map(([n, s]) => specOf(n, s));

  function stubs(dir: string): string {
    const bin = path.join(dir, 'bin');
    fs.mkdirSync(bin);
    const stub = (name: string, body: string) => fs.writeFileSync(path.join(bin, name), `#!/bin/bash\n${body}\n`, { mode: 0o755 });
    stub('sleep', ':');
    stub('yb-admin', [
      'while [ "${1#-}" != "$1" ]; do shift 2; done',
      'echo "yb-admin $*" >> "$LOG"',
      'case $1 in',
      '  create_database_snapshot) id="snap-${2#ysql.}"; : > "$STATE/$id"; for d in $FAKE_TABLETS; do mkdir -p "$d/$id"; echo "sst of $id" > "$d/$id/000010.sst"; done; echo "Started snapshot creation: $id";;',
      '  list_snapshots) echo "Snapshot UUID State Creation Time"; for f in "$STATE"/snap-*; do [ -e "$f" ] && echo "$(basename "$f") ${FAKE_SNAPSHOT_STATE:-COMPLETE} 2026-01-01"; done;;',
      '  export_snapshot) echo "meta of $2" > "$3";;',
      '  delete_snapshot) rm -f "$STATE/$2";;',
      'esac',
    ].join('\n'));
    stub('ysqlsh', [
      'db=""; q=""; while [ $# -gt 0 ]; do case $1 in -d) db=$2; shift;; -c) q=$2; shift;; esac; shift; done',
      'case $q in',
      '  *pg_database*) printf "shop\\nyugabyte\\n";;',
      '  *yb_catalog_version*) echo 7;;',
      '  *count*) [ "$db" = shop ] && echo 2 || echo 0;;',
      'esac',
    ].join('\n'));
    stub('ysql_dump', 'for a in "$@"; do case $a in --dbname) ;; esac; done; f="${@: -1}"; db=""; while [ $# -gt 0 ]; do [ "$1" = --dbname ] && db=$2; shift; done; echo "CREATE DATABASE $db;" > "$f"');
    stub('ysql_dumpall', 'for a in "$@"; do case $a in --file=*) echo "CREATE ROLE app;" > "${a#--file=}";; esac; done');
    stub('aws', [
      'shift 2; [ "$1" = s3 ] && shift; cmd=$1; shift',
      'args=(); rec=""; excl=""',
      'while [ $# -gt 0 ]; do case $1 in --recursive) rec=1;; --exclude) excl=$2; shift;; --only-show-errors) quiet=1;; *) args+=("$1");; esac; shift; done',
      // As the real CLI: `--only-show-errors` belongs to cp, mv, rm and sync; `aws s3 ls` refuses it.
      'if [ "$cmd" = ls ] && [ -n "${quiet:-}" ]; then echo "Unknown options: --only-show-errors" >&2; exit 252; fi',
      'echo "aws $cmd ${args[*]}" >> "$LOG"',
      'at() { echo "$BUCKET_DIR/${1#s3://}"; }',
      'case $cmd in',
      '  cp) src=${args[0]}; dst=${args[1]}',
      '    if [ "$src" = - ]; then p=$(at "$dst"); mkdir -p "$(dirname "$p")"; cat > "$p"',
      '    elif [ "${src#s3://}" != "$src" ]; then p=$(at "$src"); if [ -n "$rec" ]; then [ -d "$p" ] || exit 1; mkdir -p "$dst"; cp -r "$p"/. "$dst"/; else [ -f "$p" ] || exit 1; cp "$p" "$dst"; fi',
      '    elif [ -n "$rec" ]; then p=$(at "$dst"); (cd "$src" && find . -type f ! -name "${excl:-/}") | while read -r f; do mkdir -p "$(dirname "$p/$f")"; cp "$src/$f" "$p/$f"; done',
      '    else p=$(at "$dst"); mkdir -p "$(dirname "$p")"; cp "$src" "$p"; fi;;',
      '  ls) p=$(at "${args[0]}")',
      '    if [ -n "$rec" ]; then out=$(find "$p" -type f 2> /dev/null | sort); [ -n "$out" ] || exit 1; while read -r f; do k=${f#"$BUCKET_DIR"/}; echo "2026-01-01 00:00:00 1 ${k#*/}"; done <<< "$out"',
      '    elif [ -d "$p" ]; then for d in "$p"/*; do [ -d "$d" ] && echo "                           PRE $(basename "$d")/"; done',
      '    elif [ -f "$p" ]; then echo "2026-01-01 00:00:00 1 $(basename "$p")"; else exit 1; fi;;',
      'esac',
    ].join('\n'));
    return bin;
  }

  /** Runs the coordinator's two containers and the uploaders of `running` tservers together; returns exit codes and the bucket. */
  function run(running: number[], env: Record<string, string> = {}) {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yb-backup-'));
    const bin = stubs(dir);
    for (const d of ['stage', 'bucket', 'state']) fs.mkdirSync(path.join(dir, d));
    // Tablets on the tservers' volumes: t1 on pods 0 and 2, t2 on pods 1 and 3 (replicas elsewhere are not needed here).
    const volume = (k: number) => path.join(dir, `disk${k}`);
    const tablets = (k: number) => [`${volume(k)}/yb-data/tserver/data/rocksdb/table-00aa/tablet-${k % 2 === 0 ? 't1' : 't2'}.snapshots`];
    // /tmp/ first: the temporary folder is under it. The six-hour wait for DONE becomes two seconds (sleep is stubbed).
    const moved = (script: string, k?: number) => script
      .split('/tmp/').join(`${dir}/tmp${k ?? 'c'}/`)
      .split('SECONDS + 21600').join('SECONDS + 2')
      .split('/home/yugabyte/tserver/bin/').join('')
      .split('/home/yugabyte/postgres/bin/').join('')
      .split('/home/yugabyte/bin/').join('')
      .split('/stage/').join(`${dir}/stage/`)
      .split('/mnt/disk0').join(k === undefined ? '/nonexistent' : volume(k));
    fs.mkdirSync(path.join(dir, 'tmpc'));
    fs.writeFileSync(path.join(dir, 'snapshot.sh'), moved(snap.containers[0].command[2]));
    fs.writeFileSync(path.join(dir, 'upload.sh'), moved(snap.containers[1].command[2]));
    uploaders.forEach((u, k) => {
      fs.mkdirSync(path.join(dir, `tmp${k}`));
      fs.writeFileSync(path.join(dir, `upload${k}.sh`), moved(u.containers[0].command[2], k));
    });
    const driver = [
      `bash ${dir}/snapshot.sh > ${dir}/snapshot.log 2>&1 & s=$!`,
      `bash ${dir}/upload.sh > ${dir}/upload.log 2>&1 & u=$!`,
      ...running.map((k) => `POD=yb-x-tserver-${k} bash ${dir}/upload${k}.sh > ${dir}/upload${k}.log 2>&1 & p${k}=$!`),
      `wait $s; echo "snapshot=$?" > ${dir}/codes`,
      `wait $u; echo "upload=$?" >> ${dir}/codes`,
      ...running.map((k) => `wait $p${k}; echo "u${k}=$?" >> ${dir}/codes`),
    ].join('\n');
    // The uploaders' POD names: the written ones.
    const pods = uploaders.map((u) => u.containers[0].env.find((e: any) => e.name === 'POD').value);
    const realDriver = running.reduce((d, k) => d.replace(`POD=yb-x-tserver-${k}`, `POD=${pods[k]}`), driver);
    const r = spawnSync('bash', ['--norc', '--noprofile', '-c', realDriver], {
      env: {
        PATH: `${bin}:${process.env.PATH}`,
        LOG: path.join(dir, 'log'),
        STATE: path.join(dir, 'state'),
        BUCKET_DIR: path.join(dir, 'bucket'),
        MASTERS: 'm0:7100',
        FAKE_TABLETS: [0, 1, 2, 3].flatMap(tablets).join(' '),
        S3_ENDPOINT: 'http://s3.invalid',
        BUCKET: 'yb-backups',
        PREFIX: 'yb',
        // The Job of the 2026-01-02 02:00 UTC run.
        JOB_NAME: `yb-backup-${Date.UTC(2026, 0, 2, 2, 0) / 60000}`,
        ...env,
      },
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(r.error).toBeUndefined();
    const codes = Object.fromEntries(fs.readFileSync(path.join(dir, 'codes'), 'utf8').trim().split('\n').map((l) => l.split('=')));
    const stored = new Map<string, string>();
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p); else stored.set(path.relative(path.join(dir, 'bucket'), p), fs.readFileSync(p, 'utf8'));
      }
    };
    walk(path.join(dir, 'bucket'));
    const left = fs.readdirSync(path.join(dir, 'state'));
    if (process.env.YB_DEBUG) for (const f of fs.readdirSync(dir).filter((x) => x.endsWith('.log'))) console.log(f, fs.readFileSync(path.join(dir, f), 'utf8'));
    return { dir, codes, stored, left, log: fs.readFileSync(path.join(dir, 'log'), 'utf8') };
  }

  const run0 = 'yb-backups/yb/20260102T0200Z';

  test('every tserver uploads: metadata, each tserver\'s snapshot directories, DONE each, COMPLETE; the snapshots deleted after', () => {
    const r = run([0, 1, 2, 3]);
    expect(r.codes).toEqual({ snapshot: '0', upload: '0', u0: '0', u1: '0', u2: '0', u3: '0' });
    expect(r.stored.get(`${run0}/SNAPSHOTS`)).toBe('shop snap-shop\nyugabyte -\n');
    expect(r.stored.get(`${run0}/ysql.shop.snapshot`)).toBe('meta of snap-shop\n');
    expect(r.stored.get(`${run0}/ysql.shop.sql`)).toBe('CREATE DATABASE shop;\n');
    expect(r.stored.get(`${run0}/ysql.yugabyte.sql`)).toBe('CREATE DATABASE yugabyte;\n');
    expect(r.stored.has(`${run0}/ysql.yugabyte.snapshot`)).toBe(false);
    expect(r.stored.get(`${run0}/roles.sql`)).toBe('CREATE ROLE app;\n');
    expect(r.stored.get(`${run0}/tservers/yb-a-tserver-0/table-00aa/tablet-t1.snapshots/snap-shop/000010.sst`)).toBe('sst of snap-shop\n');
    expect(r.stored.get(`${run0}/tservers/yb-a-tserver-1/DONE`)).toBe('table-00aa/tablet-t2.snapshots/snap-shop\n');
    expect(r.stored.get(`${run0}/COMPLETE`)).toBe('yb/20260102T0200Z\n');
    expect(r.left).toEqual([]);
    // COMPLETE last: after every DONE
    const lines = r.log.split('\n');
    const complete = lines.findIndex((l) => l.includes('/COMPLETE'));
    expect(lines.filter((l) => l.includes('/DONE') && l.startsWith('aws cp')).every((l) => lines.indexOf(l) < complete)).toBe(true);

    // The restore Pod of a new tserver holding new tablet n1 (imported from t1) and n9 (not in this mapping).
    const awk = spawnSync('awk', [importMappingAwk()], {
      input: [
        'Successfully applied snapshot.',
        'Object           \tOld ID                           \tNew ID',
        'Keyspace         \t00004000000030008000000000000000 \t00004000000030008000000000000000',
        'Table            \t00aa \t00bb',
        'Tablet 0         \tt1 \tn1',
        'Tablet 1         \tt2 \tn2',
        'Snapshot         \tsnap-shop \tnew-snap',
      ].join('\n'),
      encoding: 'utf8',
    });
    expect(awk.stdout).toBe('snap-shop new-snap t1 n1\nsnap-shop new-snap t2 n2\n');
    const target = path.join(r.dir, 'new-disk');
    fs.mkdirSync(`${target}/yb-data/tserver/data/rocksdb/table-00bb/tablet-n1`, { recursive: true });
    fs.mkdirSync(`${target}/yb-data/tserver/data/rocksdb/table-00bb/tablet-n9`, { recursive: true });
    fs.mkdirSync(path.join(r.dir, 'restore'));
    fs.writeFileSync(path.join(r.dir, 'restore', 'tablets'), awk.stdout);
    const script = restorePodScript().split('/tmp/').join(`${r.dir}/tmpc/`).split('/mnt/disk0').join(target).split('/restore/').join(`${r.dir}/restore/`);
    const restored = spawnSync('bash', ['--norc', '--noprofile', '-c', script], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { PATH: `${path.join(r.dir, 'bin')}:${process.env.PATH}`, LOG: path.join(r.dir, 'log'), BUCKET_DIR: path.join(r.dir, 'bucket'), S3_ENDPOINT: 'http://s3.invalid', URL: `s3://${run0}` },
    });
    expect(restored.stderr).toBe('');
    expect(restored.status).toBe(0);
    expect(restored.stdout.trim()).toBe(`1 tablets copied into ${target}/yb-data/tserver/data/rocksdb`);
    expect(fs.readFileSync(`${target}/yb-data/tserver/data/rocksdb/table-00bb/tablet-n1.snapshots/new-snap/000010.sst`, 'utf8')).toBe('sst of snap-shop\n');
    fs.rmSync(r.dir, { recursive: true, force: true });
  });

  test('a tserver\'s uploader never runs: no COMPLETE after the bounded wait, FAILED names it, the snapshots still deleted', () => {
    const r = run([0, 1, 2]);
    expect(r.codes).toMatchObject({ snapshot: '0', upload: '1', u0: '0' });
    expect([...r.stored.keys()].filter((k) => k.endsWith('COMPLETE'))).toEqual([]);
    expect(r.stored.get(`${run0}/FAILED`)).toMatch(/no DONE after 21600 s from: yb-c-tserver-0/);
    expect(r.left).toEqual([]);
    fs.rmSync(r.dir, { recursive: true, force: true });
  });

  test('the snapshot fails: FAILED, the uploaders stop waiting and upload nothing, no COMPLETE', () => {
    const r = run([0, 1, 2, 3], { FAKE_SNAPSHOT_STATE: 'FAILED' });
    expect(r.codes).toEqual({ snapshot: '1', upload: '1', u0: '1', u1: '1', u2: '1', u3: '1' });
    expect(r.stored.get(`${run0}/FAILED`)).toBe('snapshot step: failed\n');
    expect([...r.stored.keys()].filter((k) => k.includes('/tservers/') || k.endsWith('COMPLETE'))).toEqual([]);
    expect(r.left).toEqual([]);
    fs.rmSync(r.dir, { recursive: true, force: true });
  });
});

test('superuserPasswordSecret must be a Secret name', () => {
  expect(() => SqlEngine.yugabyteDb({ superuserPasswordSecret: 'Not_A_Name' })).toThrow(/superuserPasswordSecret/);
});
