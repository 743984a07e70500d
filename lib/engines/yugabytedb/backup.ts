import { DATA_DIR } from './image';
import { YugabyteCluster, YugabyteDbModel } from './model';
import { tserverServiceName, tserverSetName } from './names';
import { YB_ADMIN, ybAdminTlsFlags } from './placement-job';
import { AWS_CLI_IMAGE } from '../../model/backup';
import { DesignModel } from '../../model/design';
import { EngineBackup } from '../engine';
import { bytesOfGibibytes } from '../units';

/*
 * YugabyteDB backs up with distributed snapshots moved to external storage, the way
 * https://docs.yugabyte.com/stable/manage/backup-restore/snapshot-ysql/#move-a-snapshot-to-external-storage
 * (yugabyte/yugabyte-db docs/content/stable/manage/backup-restore/snapshot-ysql.md at
 * ad009a9ddd8aa27330fee5f7f21aafb529802d61) and `managed/devops/bin/yb_backup.py` (at
 * 008a3b8cdf68d3b97f9771bb45e49fc197554d10) do it, without YugabyteDB Anywhere and without
 * `kubectl exec`:
 *
 * - per YSQL database, `yb-admin create_database_snapshot ysql.<db>`: the tservers hard-link each
 *   tablet's files under `<fs_data_dir>/yb-data/tserver/data/rocksdb/table-<table>/tablet-<tablet>.snapshots/<snapshot>`;
 *   the schema with `ysql_dump --include-yb-metadata --serializable-deferrable --create --schema-only`,
 *   the catalog version (`yb_catalog_version()`) the same before and after, else again; the snapshot
 *   metadata with `yb-admin export_snapshot`;
 * - every tserver's snapshot directories, copied by a CronJob on that tserver's node that mounts its
 *   claim read-only (`./backup-writer.ts`).
 */

/** The snapshots' root on a tserver's volume (yb_backup.py `ROCKSDB_PATH_PREFIX`, under `--fs_data_dirs`). */
export const ROCKSDB_DIR = `${DATA_DIR}/yb-data/tserver/data/rocksdb`;

/** One tserver pod, whose snapshot directories one CronJob uploads. */
export interface YugabyteTserverPod {
  readonly site: string;
  /** The pod, e.g. `shop-dc-a-tserver-1`. */
  readonly pod: string;
  /** Its data claim (the StatefulSet's `datadir` template). */
  readonly claim: string;
  /** The CronJob that uploads its snapshot directories (at most 52 characters with a cluster name the object-name rules accept). */
  readonly cronJob: string;
}

/** Where the backup's pods run and what they copy. */
export interface YugabyteBackupPlan {
  /** The site of the snapshot CronJob: the first active site with tservers (the first site with tservers otherwise). */
  readonly site: string;
  /** YSQL of that site's tservers, in its own Kubernetes cluster (their headless Service). */
  readonly ysqlHost: string;
  /** Every tserver pod, site by site. */
  readonly tservers: readonly YugabyteTserverPod[];
}

/** The backup plan of `cluster`. */
export function yugabyteBackupPlan(design: DesignModel, cluster: YugabyteCluster): YugabyteBackupPlan {
  const withTservers = cluster.members.filter((m) => m.voters > 0);
  const site = (withTservers.find((m) => design.sites.find((s) => s.name === m.site)!.role === 'active') ?? withTservers[0]).site;
  const tservers = withTservers.flatMap((m) => Array.from({ length: m.voters }, (_, i) => `${tserverSetName(cluster, m.site)}-${i}`)
    .map((pod) => ({ site: m.site, pod, claim: `datadir-${pod}` })))
    .map((t, k): YugabyteTserverPod => ({ ...t, cronJob: `${backupCronJobName(cluster)}-${k}` }));
  return { site, ysqlHost: `${tserverServiceName(cluster, site)}.${cluster.namespace}`, tservers };
}

/** The snapshot CronJob; the uploaders are `<this>-<k>`. */
export function backupCronJobName(cluster: YugabyteCluster): string {
  return `${cluster.name}-backup`;
}

/**
 * `yb-admin create_database_snapshot` with a full copy of every replica: each tserver uploads the
 * snapshot directories it holds, so a backup is at most every tserver's volume. Full backups only:
 * a snapshot is a whole copy of the tablets at one hybrid time, and an incremental needs YugabyteDB
 * Anywhere's yb-controller.
 */
export const YUGABYTE_BACKUP: EngineBackup<YugabyteDbModel> = {
  tool: 'yb-admin create_database_snapshot',
  incremental: false,
  largestFullBackupBytes: (cluster) => bytesOfGibibytes(cluster.engine.tserverStorageSize) * cluster.members.reduce((n, m) => n + m.voters, 0),
  restoreNeeds: (cluster) => [
    `the newest backup with COMPLETE under s3://${cluster.backup!.target.bucket}/${cluster.backup!.target.prefix}/, and the keys in Secret ${cluster.backup!.target.credentialsSecret}`,
    'a running YugabyteDB cluster in which the databases to restore do not exist (a new cluster, or these databases renamed away), and kubectl exec into one of its tservers (ysqlsh, yb-admin import_snapshot and restore_snapshot)',
    'one restore Pod per tserver on its node, writing the imported tablets\' snapshot directories into its volume',
    'nothing for YCQL: its keyspaces are not in the backup (YSQL databases only)',
  ],
  restoreGuide: (design, cluster) => yugabyteRestoreGuide(design, cluster),
};

/** yb-admin, as the placement Job runs it (`./placement-job.ts`), with the CA under TLS; `-master_addresses` follows. */
export function ybAdmin(cluster: YugabyteCluster): string {
  return [YB_ADMIN, ...ybAdminTlsFlags(cluster)].join(' ');
}
/** ysqlsh and ysql_dump(all) in the image (`/home/yugabyte/bin`, `/home/yugabyte/postgres/bin`). */
export const YSQLSH = '/home/yugabyte/bin/ysqlsh';
export const YSQL_DUMP = '/home/yugabyte/postgres/bin/ysql_dump';
export const YSQL_DUMPALL = '/home/yugabyte/postgres/bin/ysql_dumpall';

/**
 * The backup and restore scripts' `s3` helper (`--endpoint-url` is a global option).
 * `--only-show-errors` is an option of the transfer commands only (cp, mv, rm, sync): `aws s3 ls`
 * refuses it ("Unknown options", aws/aws-cli `awscli/customizations/s3/subcommands.py`,
 * ListCommand's ARG_TABLE), so `ls` goes without it.
 */
export const S3_HELPER = 's3() { if [ "$1" = ls ]; then aws --endpoint-url "$S3_ENDPOINT" s3 "$@"; else aws --endpoint-url "$S3_ENDPOINT" s3 "$@" --only-show-errors; fi; }';

/** `RESTORE-<cluster>.md` of a YugabyteDB cluster. */
export function yugabyteRestoreGuide(design: DesignModel, cluster: YugabyteCluster): string {
  const b = cluster.backup!;
  const t = b.target;
  const ns = cluster.namespace;
  const plan = yugabyteBackupPlan(design, cluster);
  const perSite = design.shape.kind === 'cluster-per-site';
  const ctx = (site: string) => (perSite ? ` --context <${site}>` : '');
  const s3 = `aws --endpoint-url ${t.endpoint} --region ${t.region} s3`;
  const first = plan.tservers.find((p) => p.site === plan.site)!;
  const exec = `kubectl${ctx(plan.site)} -n ${ns} exec ${first.pod} -c yb-tserver --`;
  const admin = `${ybAdmin(cluster)} -master_addresses "$MASTERS"`;
  const ysql = `${cluster.engine.insecure ? '' : 'PGSSLMODE=require '}${YSQLSH} -h 127.0.0.1 -U yugabyte`;
  const masters = 'MASTERS=$(tr "\\0" "\\n" < /proc/1/cmdline | sed -n "s/^--tserver_master_addrs=//p")';
  return [
    `# Restoring ${cluster.name} (YugabyteDB) from its backups`,
    '',
    `Backups: \`s3://${t.bucket}/${t.prefix}/<UTC time>/\`, one per run of CronJob \`${ns}/${backupCronJobName(cluster)}\` (\`${b.schedule.full}\`, UTC). In each:`,
    '`roles.sql` (`ysql_dumpall --roles-only`); per YSQL database `ysql.<db>.sql` (its schema, `ysql_dump --include-yb-metadata --create --schema-only`)',
    'and, when it has tables, `ysql.<db>.snapshot` (`yb-admin export_snapshot`); `SNAPSHOTS` (`<db> <snapshot id>`, `-` without tables); under',
    '`tservers/<pod>/` the snapshot directories each tserver held (`table-<id>/tablet-<id>.snapshots/<snapshot id>/`, every replica). A backup',
    `is whole only when \`COMPLETE\` lies beside it. ${t.kind === 'created-bucket'
      ? `Kept ${t.bucketRetentionDays} days (the retention, ${b.retentionDays}, + the full-backup gap) by the lifecycle rule of the bucket the library's Terraform creates.`
      : `Kept ${b.retentionDays} days by the bucket's lifecycle rule (the library does not delete old backups: give the bucket a rule that expires them).`}`,
    'YCQL keyspaces are not in the backup.',
    '',
    'Sources: https://docs.yugabyte.com/stable/manage/backup-restore/snapshot-ysql/#restore-a-snapshot-from-external-storage',
    '(schema with ysqlsh, `import_snapshot`, each old tablet\'s files into the new tablet\'s `.snapshots/<new snapshot id>` on every peer,',
    '`restore_snapshot`); yugabyte/yugabyte-db `managed/devops/bin/yb_backup.py` (the same steps, on running tservers).',
    '',
    'Restore into a running cluster (this one, or this design synthesized under a new name and applied) in which the databases do',
    'not exist: rename one away first (`ALTER DATABASE <db> RENAME TO <db>_old`). The commands name this cluster\'s pods and claims: for',
    `a cluster under another name, put its name in place of \`${cluster.name}\`. \`$MASTERS\` below is the tservers' \`--tserver_master_addrs\`.`,
    '',
    '## 1. Pick the backup and fetch its metadata',
    '',
    '```sh',
    `${s3} ls s3://${t.bucket}/${t.prefix}/ --recursive | grep /COMPLETE   # the whole backups, oldest first`,
    `STAMP=$(${s3} ls s3://${t.bucket}/${t.prefix}/ --recursive | sed -n 's|.*/\\([0-9]\\{8\\}T[0-9]\\{4\\}Z\\)/COMPLETE$|\\1|p' | sort | tail -n 1)   # the newest; or set an older one`,
    `${s3} cp --recursive s3://${t.bucket}/${t.prefix}/$STAMP ./$STAMP --exclude 'tservers/*'`,
    `kubectl${ctx(plan.site)} -n ${ns} cp ./$STAMP ${first.pod}:/tmp/restore -c yb-tserver`,
    '```',
    '',
    '## 2. Roles, schema and snapshot metadata, per database',
    '',
    `In \`${first.pod}\`, with the \`yugabyte\` password read from Secret \`${cluster.engine.superuserPasswordSecret}\` on standard input (never on a command line); a role`,
    'that exists already only prints an error:',
    '',
    '```sh',
    `kubectl${ctx(plan.site)} -n ${ns} get secret ${cluster.engine.superuserPasswordSecret} -o jsonpath='{.data.password}' | base64 -d |`,
    `  kubectl${ctx(plan.site)} -n ${ns} exec -i ${first.pod} -c yb-tserver -- bash -c 'read -r PGPASSWORD; export PGPASSWORD; ${masters}`,
    `  ${ysql} -f /tmp/restore/roles.sql`,
    '  : > /tmp/restore/tablets',
    '  while read -r line; do db=${line% *}; id=${line##* }',
    `    ${ysql} --echo-all -v ON_ERROR_STOP=1 -f "/tmp/restore/ysql.$db.sql" || exit 1`,
    '    [ "$id" = - ] && continue',
    `    ${admin} import_snapshot "/tmp/restore/ysql.$db.snapshot" "ysql.$db" > "/tmp/restore/import.$db.txt" || exit 1`,
    `    awk '"'"'${importMappingAwk()}'"'"' "/tmp/restore/import.$db.txt" >> /tmp/restore/tablets`,
    '  done < /tmp/restore/SNAPSHOTS',
    '  for id in $(cut -d" " -f2 /tmp/restore/tablets | sort -u); do',
    // list_snapshots prints `<id>`, then " \t" (yb-admin_client.h kColumnSep), then the state.
    `    until ${admin} list_snapshots | grep -qE "^$id[[:space:]]+COMPLETE"; do sleep 5; done`,
    "  done; cat /tmp/restore/tablets'",
    `kubectl${ctx(plan.site)} -n ${ns} cp ${first.pod}:/tmp/restore/tablets ./$STAMP/tablets -c yb-tserver`,
    '```',
    '',
    '`tablets` has one line per imported tablet: `<old snapshot> <new snapshot> <old tablet> <new tablet>`.',
    '',
    '## 3. Copy each old tablet\'s files into its new tablet on every peer',
    '',
    'One Pod per tserver, on its node, with its volume, fetches the files of the tablets it holds:',
    '',
    '```sh',
    "cat > ./$STAMP/restore.sh <<'SCRIPT'",
    restorePodScript(),
    'SCRIPT',
    ...restoreSites(plan, perSite).map((site) => `kubectl${ctx(site)} -n ${ns} create configmap ${cluster.name}-restore --from-file=tablets=./$STAMP/tablets --from-file=restore.sh=./$STAMP/restore.sh`),
    ...plan.tservers.flatMap((p) => [
      `kubectl${ctx(p.site)} -n ${ns} apply -f - <<EOF`,
      'apiVersion: v1',
      'kind: Pod',
      `metadata: { name: ${p.pod}-restore, namespace: ${ns} }`,
      'spec:',
      '  restartPolicy: Never',
      '  securityContext: { runAsNonRoot: true, runAsUser: 10001, runAsGroup: 10001, fsGroup: 10001, seccompProfile: { type: RuntimeDefault } }',
      `  affinity: { podAffinity: { requiredDuringSchedulingIgnoredDuringExecution: [{ labelSelector: { matchLabels: { statefulset.kubernetes.io/pod-name: ${p.pod} } }, topologyKey: kubernetes.io/hostname }] } }`,
      '  containers:',
      '  - name: restore',
      `    image: ${AWS_CLI_IMAGE}`,
      '    command: [bash, /restore/restore.sh]',
      '    env:',
      `    - { name: AWS_ACCESS_KEY_ID, valueFrom: { secretKeyRef: { name: ${t.credentialsSecret}, key: ${t.accessKeyIdKey} } } }`,
      `    - { name: AWS_SECRET_ACCESS_KEY, valueFrom: { secretKeyRef: { name: ${t.credentialsSecret}, key: ${t.secretAccessKeyKey} } } }`,
      `    - { name: S3_ENDPOINT, value: "${t.endpoint}" }`,
      `    - { name: AWS_DEFAULT_REGION, value: "${t.region}" }`,
      `    - { name: URL, value: "s3://${t.bucket}/${t.prefix}/$STAMP" }`,
      '    - { name: HOME, value: /tmp }',
      '    securityContext: { allowPrivilegeEscalation: false, capabilities: { drop: [ALL] } }',
      `    volumeMounts: [{ name: datadir, mountPath: ${DATA_DIR} }, { name: restore, mountPath: /restore }, { name: tmp, mountPath: /tmp }]`,
      '  volumes:',
      `  - { name: datadir, persistentVolumeClaim: { claimName: ${p.claim} } }`,
      `  - { name: restore, configMap: { name: ${cluster.name}-restore } }`,
      '  - { name: tmp, emptyDir: {} }',
      'EOF',
    ]),
    ...plan.tservers.map((p) => `kubectl${ctx(p.site)} -n ${ns} wait --for=jsonpath='{.status.phase}'=Succeeded pod/${p.pod}-restore --timeout=6h`),
    '```',
    '',
    'A Pod that fails names the tablet it found no copy of in its log (`kubectl logs <pod>-restore`). If the load balancer moved a',
    'tablet onto a tserver after its Pod ran (`yb-admin list_tablet_servers <new tablet>`), delete that Pod and apply it again.',
    '',
    '## 4. Restore the imported snapshots',
    '',
    '```sh',
    `${exec} bash -c '${masters}`,
    `  for id in $(cut -d" " -f2 /tmp/restore/tablets | sort -u); do ${admin} restore_snapshot "$id"; done`,
    `  sleep 30; ${admin} list_snapshots'   # every restoration RESTORED`,
    ...plan.tservers.map((p) => `kubectl${ctx(p.site)} -n ${ns} delete pod ${p.pod}-restore`),
    ...restoreSites(plan, perSite).map((site) => `kubectl${ctx(site)} -n ${ns} delete configmap ${cluster.name}-restore`),
    '```',
    '',
    'Then check the data with ysqlsh, and delete the imported snapshots (`yb-admin delete_snapshot <new snapshot>`): they hold',
    'hard links to the restored files. Check each sequence against its column (`SELECT last_value FROM <seq>` ≥ `max(<column>)`, else',
    '`SELECT setval(\'<seq>\', max(<column>)) FROM <table>`): a restore may start a sequence over (yugabyte/yugabyte-db#13250).',
    'Writes made after the backup\'s time are not in it.',
    '',
  ].join('\n');
}

/** Where the restore ConfigMap goes: each Kubernetes cluster with tservers (one, stretched). */
function restoreSites(plan: YugabyteBackupPlan, perSite: boolean): string[] {
  return perSite ? [...new Set(plan.tservers.map((p) => p.site))] : [plan.site];
}

/**
 * awk over `yb-admin import_snapshot`'s table of IDs (`Tablet <n> <old> <new>` lines, then
 * `Snapshot <old> <new>`: snapshot-ysql.md's sample output; yb_backup.py `import_snapshot` reads
 * the same lines): one line per tablet, `<old snapshot> <new snapshot> <old tablet> <new tablet>`.
 * Tables are left out: the restore Pods find a tablet's directory by its id alone, colocated or not.
 */
export function importMappingAwk(): string {
  return '$1 == "Tablet" { n++; old[n] = $3; new[n] = $4 } $1 == "Snapshot" { for (i = 1; i <= n; i++) print $2, $3, old[i], new[i]; n = 0 }';
}

/**
 * What a restore Pod runs (bash, in the AWS CLI image; a quoted here-document in RESTORE-<cluster>.md): for every line of `tablets` whose new tablet this tserver holds, the old
 * tablet's files from the first tserver copy in the bucket, into `tablet-<new>.snapshots/<new
 * snapshot>` (downloaded beside it, then moved in place, as yb_backup.py does).
 */
export function restorePodScript(): string {
  return [
    'set -uo pipefail',
    S3_HELPER,
    `root=${ROCKSDB_DIR}`,
    // Every copy in the bucket, one line per object: tservers/<pod>/table-<id>/tablet-<id>.snapshots/<snapshot>/<file>.
    's3 ls --recursive "$URL/tservers/" | sed -n "s|^.*/\\(tservers/[^/]*/table-[^/]*/tablet-[^/]*[.]snapshots/[^/]*\\)/.*\\$|\\1|p" | sort -u > /tmp/copies || exit 1',
    'n=0',
    'while read -r os ns oldt newt; do',
    '  dir=$(ls -d "$root"/table-*/tablet-"$newt" 2> /dev/null | head -n 1)',
    '  [ -n "$dir" ] || continue',
    '  src=$(grep -m 1 "/tablet-$oldt[.]snapshots/$os\\$" /tmp/copies)',
    '  if [ -z "$src" ]; then echo "no copy of tablet $oldt (snapshot $os) under $URL/tservers" >&2; exit 1; fi',
    '  rm -rf "$dir.snapshots/$ns" "$dir.snapshots/$ns.tmp"',
    '  mkdir -p "$dir.snapshots/$ns.tmp"',
    '  s3 cp --recursive "$URL/$src" "$dir.snapshots/$ns.tmp" || exit 1',
    '  mv "$dir.snapshots/$ns.tmp" "$dir.snapshots/$ns"',
    '  n=$((n + 1))',
    'done < /restore/tablets',
    'echo "$n tablets copied into $root"',
  ].join('\n');
}
