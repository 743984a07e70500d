import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { backupCronJobName, ROCKSDB_DIR, S3_HELPER, YSQL_DUMP, YSQL_DUMPALL, YSQLSH, ybAdmin, YugabyteBackupPlan, YugabyteTserverPod } from './backup';
import { yugabyteBackupLabels } from './flows';
import { CERTS_DIR, DATA_DIR, YUGABYTE_UID } from './image';
import { YugabyteCluster } from './model';
import { YUGABYTE_PORTS } from './ports';
import { AWS_CLI_IMAGE, BackupModel } from '../../model/backup';

/** How long the uploaders wait for the snapshots (s): yb_backup.py waits an hour for one (`CREATE_SNAPSHOT_TIMEOUT_SEC`), here per database in turn. */
export const SNAPSHOT_WAIT_SECONDS = 4 * 3600;
/** How long the snapshot CronJob waits for every tserver's upload (s), after the snapshots. */
export const UPLOAD_WAIT_SECONDS = 6 * 3600;
/** Every backup pod stops by then (s): the two waits and an hour to spare. */
const DEADLINE_SECONDS = SNAPSHOT_WAIT_SECONDS + UPLOAD_WAIT_SECONDS + 3600;
const STAGE = '/stage';
const SECRET_FILE_MODE = 0o440;

/** Props of {@link YugabyteSnapshotCronJob} and {@link YugabyteUploadCronJob}. */
export interface YugabyteBackupProps {
  readonly cluster: YugabyteCluster;
  readonly backup: BackupModel;
  readonly plan: YugabyteBackupPlan;
  /** `--master_addresses`. */
  readonly masters: string;
}

/**
 * The snapshot CronJob `<cluster>-backup`. Container `snapshot` (the cluster's image) takes, per
 * YSQL database, the snapshot, the schema and the snapshot metadata into a shared folder
 * (`snapshotScript`); container `upload` (AWS CLI) puts them under `<prefix>/<scheduled time>/`,
 * waits for every tserver's uploader to say `DONE`, and only then writes `COMPLETE`
 * (`coordinatorUploadScript`); then `snapshot` deletes the in-cluster snapshots.
 *
 * Every backup CronJob has the same schedule, so the Jobs of one run share the scheduled time: the
 * CronJob controller names each Job `<cronjob>-<scheduled time in minutes since the epoch>`
 * (kubernetes/kubernetes `pkg/controller/cronjob/utils.go` `getJobName`), which the pods read from
 * their `batch.kubernetes.io/job-name` label and turn into the backup's folder.
 */
export class YugabyteSnapshotCronJob extends Construct {
  constructor(scope: Construct, id: string, props: YugabyteBackupProps) {
    super(scope, id);
    const { cluster, backup, plan } = props;
    const engine = cluster.engine;
    const labels = yugabyteBackupLabels(cluster, 'snapshot', plan.site);
    const stage = { name: 'stage', mountPath: STAGE };
    const tmp = { name: 'tmp', mountPath: '/tmp' };
    new kplus.k8s.KubeCronJob(this, 'cronjob', cronJobSpec(backupCronJobName(cluster), cluster, backup, labels, {
      containers: [
        {
          name: 'snapshot',
          image: engine.image,
          command: ['/bin/bash', '-c', snapshotScript(cluster)],
          env: [
            { name: 'MASTERS', value: props.masters },
            { name: 'PGHOST', value: plan.ysqlHost },
            { name: 'PGPORT', value: String(YUGABYTE_PORTS.ysql) },
            { name: 'PGUSER', value: 'yugabyte' },
            { name: 'PGPASSWORD', valueFrom: { secretKeyRef: { name: engine.superuserPasswordSecret, key: 'password' } } },
            // Client-to-server TLS is on: check the server against the cluster's CA (not its name: the
            // certificate names the pods, not the headless Service).
            ...(engine.insecure ? [] : [
              { name: 'PGSSLMODE', value: 'verify-ca' },
              { name: 'PGSSLROOTCERT', value: `${CERTS_DIR}/ca.crt` },
            ]),
            { name: 'PGCONNECT_TIMEOUT', value: '10' },
            { name: 'HOME', value: '/tmp' },
          ],
          securityContext: containerSecurity(),
          volumeMounts: [stage, tmp, ...(engine.insecure ? [] : [{ name: 'certs', mountPath: CERTS_DIR, readOnly: true }])],
          resources: { requests: { cpu: kplus.k8s.Quantity.fromString('100m'), memory: kplus.k8s.Quantity.fromString('256Mi') }, limits: { memory: kplus.k8s.Quantity.fromString('1Gi') } },
        },
        {
          name: 'upload',
          image: AWS_CLI_IMAGE,
          command: ['/bin/bash', '-c', coordinatorUploadScript(plan)],
          env: uploadEnv(backup),
          securityContext: containerSecurity(),
          volumeMounts: [stage, tmp],
          resources: { requests: { cpu: kplus.k8s.Quantity.fromString('100m'), memory: kplus.k8s.Quantity.fromString('256Mi') }, limits: { memory: kplus.k8s.Quantity.fromString('1Gi') } },
        },
      ],
      volumes: [
        { name: 'stage', emptyDir: {} },
        { name: 'tmp', emptyDir: {} },
        ...(engine.insecure ? [] : [{ name: 'certs', secret: { secretName: engine.certificatesSecret, defaultMode: SECRET_FILE_MODE, items: [{ key: 'ca.crt', path: 'ca.crt' }] } }]),
      ],
    }));
  }
}

/** Props of {@link YugabyteUploadCronJob}. */
export interface YugabyteUploadProps extends YugabyteBackupProps {
  readonly tserver: YugabyteTserverPod;
}

/**
 * The uploader of one tserver, `<cluster>-backup-<k>`: on the node of that tserver pod (a required
 * pod affinity on its pod-name label) with its claim mounted read-only (a `ReadWriteOnce` volume
 * may be used by several pods on one node: https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes),
 * the way Galera's backup reads its node's volume. It waits for the run's `SNAPSHOTS`, uploads
 * every snapshot directory of those snapshots the tserver holds, then writes `DONE`
 * (`tserverUploadScript`).
 */
export class YugabyteUploadCronJob extends Construct {
  constructor(scope: Construct, id: string, props: YugabyteUploadProps) {
    super(scope, id);
    const { cluster, backup, tserver } = props;
    const labels = yugabyteBackupLabels(cluster, 'upload', tserver.site);
    new kplus.k8s.KubeCronJob(this, 'cronjob', cronJobSpec(tserver.cronJob, cluster, backup, labels, {
      affinity: {
        podAffinity: {
          requiredDuringSchedulingIgnoredDuringExecution: [{
            // The pod-name label every StatefulSet pod carries
            // (https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#pod-name-label).
            labelSelector: { matchLabels: { 'statefulset.kubernetes.io/pod-name': tserver.pod } },
            topologyKey: 'kubernetes.io/hostname',
          }],
        },
      },
      containers: [{
        name: 'upload',
        image: AWS_CLI_IMAGE,
        command: ['/bin/bash', '-c', tserverUploadScript()],
        env: [...uploadEnv(backup), { name: 'POD', value: tserver.pod }],
        securityContext: containerSecurity(),
        volumeMounts: [{ name: 'datadir', mountPath: DATA_DIR, readOnly: true }, { name: 'tmp', mountPath: '/tmp' }],
        resources: { requests: { cpu: kplus.k8s.Quantity.fromString('100m'), memory: kplus.k8s.Quantity.fromString('256Mi') }, limits: { memory: kplus.k8s.Quantity.fromString('1Gi') } },
      }],
      volumes: [
        { name: 'datadir', persistentVolumeClaim: { claimName: tserver.claim, readOnly: true } },
        { name: 'tmp', emptyDir: {} },
      ],
    }));
  }
}

/** A CronJob on the backup's schedule in UTC, one run at a time, its pods restricted and as the image's uid (which owns the tservers' files). */
function cronJobSpec(
  name: string, cluster: YugabyteCluster, backup: BackupModel, labels: Record<string, string>, pod: Partial<kplus.k8s.PodSpec>,
): kplus.k8s.KubeCronJobProps {
  return {
    metadata: { name, namespace: cluster.namespace, labels },
    spec: {
      schedule: backup.schedule.full,
      timeZone: 'Etc/UTC',
      concurrencyPolicy: 'Forbid',
      startingDeadlineSeconds: 3600,
      jobTemplate: {
        metadata: { labels },
        spec: {
          // A second try would take new snapshots under the same folder: a failed run is reported, the next one runs on schedule.
          backoffLimit: 0,
          activeDeadlineSeconds: DEADLINE_SECONDS,
          template: {
            metadata: { labels },
            spec: {
              restartPolicy: 'Never',
              securityContext: {
                runAsNonRoot: true,
                runAsUser: YUGABYTE_UID,
                runAsGroup: YUGABYTE_UID,
                fsGroup: YUGABYTE_UID,
                fsGroupChangePolicy: 'OnRootMismatch',
                seccompProfile: { type: 'RuntimeDefault' },
              },
              containers: [],
              ...pod,
            },
          },
        },
      },
    },
  };
}

function containerSecurity(): kplus.k8s.SecurityContext {
  return {
    runAsNonRoot: true,
    runAsUser: YUGABYTE_UID,
    runAsGroup: YUGABYTE_UID,
    allowPrivilegeEscalation: false,
    privileged: false,
    readOnlyRootFilesystem: true,
    capabilities: { drop: ['ALL'] },
    seccompProfile: { type: 'RuntimeDefault' },
  };
}

/** The bucket, the keys by Secret reference, and the Job's name (the run's scheduled time). */
function uploadEnv(backup: BackupModel): kplus.k8s.EnvVar[] {
  const t = backup.target;
  return [
    { name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: t.credentialsSecret, key: t.accessKeyIdKey } } },
    { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: t.credentialsSecret, key: t.secretAccessKeyKey } } },
    { name: 'S3_ENDPOINT', value: t.endpoint },
    { name: 'AWS_DEFAULT_REGION', value: t.region },
    { name: 'BUCKET', value: t.bucket },
    { name: 'PREFIX', value: t.prefix },
    // The Job controller labels its pods with the Job's name (https://kubernetes.io/docs/concepts/workloads/controllers/job/).
    { name: 'JOB_NAME', valueFrom: { fieldRef: { fieldPath: "metadata.labels['batch.kubernetes.io/job-name']" } } },
    // The CLI keeps its cache under HOME; the root filesystem is read-only.
    { name: 'HOME', value: '/tmp' },
  ];
}

/**
 * The run's folder, `s3://$BUCKET/$PREFIX/<YYYYMMDDTHHMMZ>`, from the Job's name (`<cronjob>-<minutes>`),
 * and the `s3` helper (`S3_HELPER`).
 */
const RUN_FOLDER = [
  'minutes=${JOB_NAME##*-}',
  'case $minutes in ""|*[!0-9]*) echo "cannot read the scheduled time from Job name $JOB_NAME" >&2; exit 1;; esac',
  'key="$PREFIX/$(date -u -d "@$((minutes * 60))" +%Y%m%dT%H%MZ)"',
  'url="s3://$BUCKET/$key"',
  S3_HELPER,
];

/**
 * What container `snapshot` runs (bash, in the cluster's image), per connectable database that is
 * not a template: the catalog version, a snapshot when the database has tables (waited COMPLETE,
 * at most an hour), the schema dump, the catalog version again: if it changed, a DDL ran and the
 * snapshot is dropped and taken again (snapshot-ysql.md "If the catalog version is not the same,
 * you are not guaranteed to get a consistent restorable snapshot"), at most three times; then
 * `export_snapshot`. It writes `ok` or `failed` to `status`, waits for `uploaded` (the upload
 * container is done with the snapshot directories) and deletes the snapshots it took.
 */
export function snapshotScript(cluster: YugabyteCluster): string {
  const out = `${STAGE}/out`;
  const waits = Math.ceil((SNAPSHOT_WAIT_SECONDS + UPLOAD_WAIT_SECONDS) / 10);
  return [
    'set -uo pipefail',
    `admin() { ${ybAdmin(cluster)} -master_addresses "$MASTERS" "$@"; }`,
    `sql() { ${YSQLSH} -X -v ON_ERROR_STOP=1 -tA -d "$1" -c "$2"; }`,
    'ids=()',
    'finish() {',
    '  code=$?',
    `  if [ "$code" = 0 ]; then echo ok > ${STAGE}/status; else echo failed > ${STAGE}/status; fi`,
    // Stopped (the Job's deadline, a delete): delete at once, the uploads of this run are lost anyway.
    `  if [ "$code" != 143 ]; then for i in $(seq 1 ${waits}); do [ -e ${STAGE}/uploaded ] && break; sleep 10; done; fi`,
    '  for id in "${ids[@]}"; do admin delete_snapshot "$id" || code=1; done',
    '  exit "$code"',
    '}',
    'trap finish EXIT',
    "trap 'exit 143' TERM INT",
    'complete() {',
    '  for i in $(seq 1 360); do',
    '    state=$(admin list_snapshots | awk -v id="$1" \'$1 == id { print $2; exit }\')',
    '    case $state in COMPLETE) return 0;; FAILED|CANCELLED|DELETED|DELETING) echo "snapshot $1 is $state" >&2; return 1;; esac',
    '    sleep 10',
    '  done',
    '  echo "snapshot $1 is not COMPLETE after an hour" >&2; return 1',
    '}',
    `mkdir -p ${out}`,
    `sql yugabyte "SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate ORDER BY datname" > ${STAGE}/databases || exit 1`,
    `${YSQL_DUMPALL} --roles-only --file=${out}/roles.sql || exit 1`,
    `: > ${out}/SNAPSHOTS`,
    'while read -r db; do',
    '  id=""',
    '  for attempt in 1 2 3; do',
    '    before=$(sql "$db" "SELECT yb_catalog_version()") || exit 1',
    '    tables=$(sql "$db" "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace WHERE c.relkind IN (\'r\', \'m\') AND n.nspname NOT IN (\'pg_catalog\', \'information_schema\')") || exit 1',
    '    id=-',
    '    if [ "$tables" != 0 ]; then',
    '      id=$(admin create_database_snapshot "ysql.$db" | sed -n "s/^Started snapshot creation: //p")',
    '      if [ -z "$id" ]; then echo "no snapshot of $db" >&2; exit 1; fi',
    '      ids+=("$id")',
    '      complete "$id" || exit 1',
    '    fi',
    `    ${YSQL_DUMP} --include-yb-metadata --serializable-deferrable --create --schema-only --dbname "$db" --file "${out}/ysql.$db.sql" || exit 1`,
    '    after=$(sql "$db" "SELECT yb_catalog_version()") || exit 1',
    '    [ "$before" = "$after" ] && break',
    '    echo "the schema of $db changed while it was copied (catalog version $before, then $after): again" >&2',
    '    if [ "$id" != - ]; then admin delete_snapshot "$id"; unset "ids[-1]"; fi',
    '    id=""',
    '  done',
    '  if [ -z "$id" ]; then echo "the schema of $db kept changing: no backup" >&2; exit 1; fi',
    `  if [ "$id" != - ]; then admin export_snapshot "$id" "${out}/ysql.$db.snapshot" || exit 1; fi`,
    `  echo "$db $id" >> ${out}/SNAPSHOTS`,
    `done < ${STAGE}/databases`,
    `echo "snapshots taken: $(cat ${out}/SNAPSHOTS | tr '\\n' ' ')"`,
  ].join('\n');
}

/**
 * What the snapshot CronJob's `upload` container runs (bash, in the AWS CLI image): it waits for
 * the snapshot container's `status`; on `ok` it uploads the metadata, then `SNAPSHOTS` (which the
 * uploaders wait for), then waits for `tservers/<pod>/DONE` of every tserver and writes `COMPLETE`;
 * on anything else it writes `FAILED`, which stops the uploaders' wait. Either way it tells the
 * snapshot container it may delete the snapshots (`uploaded`).
 */
export function coordinatorUploadScript(plan: YugabyteBackupPlan): string {
  return [
    'set -uo pipefail',
    ...RUN_FOLDER,
    `trap 'touch ${STAGE}/uploaded' EXIT`,
    'failed() { echo "$1" >&2; printf \'%s\\n\' "$1" | s3 cp - "$url/FAILED"; exit 1; }',
    `for i in $(seq 1 ${SNAPSHOT_WAIT_SECONDS / 5}); do [ -s ${STAGE}/status ] && break; sleep 5; done`,
    `status=$(cat ${STAGE}/status 2> /dev/null || echo missing)`,
    '[ "$status" = ok ] || failed "snapshot step: $status"',
    `s3 cp --recursive ${STAGE}/out "$url" --exclude SNAPSHOTS || failed "upload of the metadata failed"`,
    `s3 cp ${STAGE}/out/SNAPSHOTS "$url/SNAPSHOTS" || failed "upload of SNAPSHOTS failed"`,
    `pods="${plan.tservers.map((t) => t.pod).join(' ')}"`,
    `deadline=$((SECONDS + ${UPLOAD_WAIT_SECONDS}))`,
    'while :; do',
    '  missing=""',
    '  for pod in $pods; do',
    '    if s3 ls "$url/tservers/$pod/FAILED" > /dev/null 2>&1; then failed "tserver $pod: upload failed"; fi',
    '    s3 ls "$url/tservers/$pod/DONE" > /dev/null 2>&1 || missing="$missing $pod"',
    '  done',
    '  [ -z "$missing" ] && break',
    `  [ "$SECONDS" -lt "$deadline" ] || failed "no DONE after ${UPLOAD_WAIT_SECONDS} s from:$missing"`,
    '  sleep 30',
    'done',
    'printf \'%s\\n\' "$key" | s3 cp - "$url/COMPLETE" || failed "writing COMPLETE failed"',
    'echo "backup $url complete"',
  ].join('\n');
}

/**
 * What a tserver's uploader runs (bash, in the AWS CLI image): it waits for the run's `SNAPSHOTS`
 * (or `FAILED`), uploads each `table-*\/tablet-*.snapshots/<id>` directory of those snapshots on
 * the volume to `tservers/<pod>/` keeping its path, and writes `DONE` listing them; on a failure,
 * `FAILED`.
 */
export function tserverUploadScript(): string {
  return [
    'set -uo pipefail',
    ...RUN_FOLDER,
    'mine="$url/tservers/$POD"',
    'failed() { echo "$1" >&2; printf \'%s\\n\' "$1" | s3 cp - "$mine/FAILED"; exit 1; }',
    `for i in $(seq 1 ${SNAPSHOT_WAIT_SECONDS / 30}); do`,
    '  s3 cp "$url/SNAPSHOTS" /tmp/SNAPSHOTS > /dev/null 2>&1 && break',
    '  if s3 ls "$url/FAILED" > /dev/null 2>&1; then echo "the snapshot step failed: nothing to upload" >&2; exit 1; fi',
    '  sleep 30',
    'done',
    `[ -e /tmp/SNAPSHOTS ] || failed "no SNAPSHOTS at $url after ${SNAPSHOT_WAIT_SECONDS} s"`,
    'shopt -s nullglob',
    ': > /tmp/DONE',
    'while read -r line; do',
    '  id=${line##* }',
    '  [ "$id" = - ] && continue',
    `  for dir in ${ROCKSDB_DIR}/table-*/tablet-*.snapshots/"$id"; do`,
    `    rel=\${dir#${ROCKSDB_DIR}/}`,
    '    s3 cp --recursive "$dir" "$mine/$rel" || failed "upload of $rel failed"',
    '    echo "$rel" >> /tmp/DONE',
    '  done',
    'done < /tmp/SNAPSHOTS',
    's3 cp /tmp/DONE "$mine/DONE" || failed "writing DONE failed"',
    'echo "$(wc -l < /tmp/DONE) snapshot directories of $POD uploaded to $mine"',
  ].join('\n');
}
