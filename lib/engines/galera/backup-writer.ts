import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { GaleraBackupPlan } from './backup';
import { BACKUP_GUARD_STATEMENT, COUNT_BACKUP_GUARDS } from './backup-guard';
import { galeraBackupLabels } from './flows';
import { GaleraCluster } from './model';
import { GALERA_PORTS } from './ports';
import { AWS_CLI_IMAGE, BackupModel } from '../../model/backup';
import { membersName } from '../../model/member-addresses';
import { bytesOfGibibytes } from '../units';

/** uid of the `mysql` user in the official MariaDB image, which owns the datadir. */
const MARIADB_UID = 999;
/** Where the node's TLS files are (`./writer.ts`), and their mode. */
const TLS_DIR = '/etc/mysql/tls';
const SECRET_FILE_MODE = 0o440;
/** Tries, half a second apart, for the guard session to show in the node's process list. */
const GUARD_START_TRIES = 20;
const STAGE = '/stage';
const STREAM = `${STAGE}/stream`;
const STATUS = `${STAGE}/status`;

/** Props of {@link GaleraBackupCronJob}. */
export interface GaleraBackupCronJobProps {
  readonly cluster: GaleraCluster;
  readonly backup: BackupModel;
  readonly plan: GaleraBackupPlan;
}

/**
 * The CronJob that backs a Galera cluster up, the way mariadb-operator takes a physical backup
 * (`PhysicalBackup`, docs/PHYSICAL_BACKUP.md: mariadb-backup run in a Job scheduled beside the
 * MariaDB pod, `podAffinity`, so it reads that pod's volume), streamed instead of staged:
 *
 * - it runs on the node of the plan's pod (a required pod affinity on the pod-name label) and
 *   mounts that pod's `datadir` claim read-only: a `ReadWriteOnce` volume may be used by several
 *   pods on one node (https://kubernetes.io/docs/concepts/storage/persistent-volumes/#access-modes);
 * - container `backup` (the cluster's own MariaDB image, which installs `mariadb-backup`:
 *   MariaDB/mariadb-docker `11.4/Dockerfile`) refuses unless the node is Synced and, under
 *   single-writer routing, a node ahead of it in the writers' order is Synced (so the routers
 *   write elsewhere); then it sets `wsrep_desync=ON` (the node leaves flow control while the
 *   backup's locks hold it, as an SST donor does:
 *   https://mariadb.com/kb/en/galera-cluster-system-variables/#wsrep_desync) while it holds a
 *   guard session on the node, streams `mariadb-backup --backup --stream=xbstream --galera-info`
 *   into a FIFO, and sets it back OFF on every exit (a trap), writing `ok` or `failed` beside the
 *   FIFO; killed with no trap run, the guard's end lets the node's readiness probe clear the
 *   desync (./backup-guard.ts);
 * - container `upload` (AWS CLI) reads the FIFO into `aws s3 cp -` and, once the backup said
 *   `ok`, writes `COMPLETE` beside the object; on failure it removes the partial object. A
 *   restore takes the newest backup that has `COMPLETE`.
 *
 * Credentials by reference: the root password and the S3 keys come from their Secrets as
 * environment variables; nothing secret is written into the manifest.
 */
export class GaleraBackupCronJob extends Construct {
  constructor(scope: Construct, id: string, props: GaleraBackupCronJobProps) {
    super(scope, id);
    const { cluster, backup, plan } = props;
    const engine = cluster.engine;
    const labels = galeraBackupLabels(cluster, plan.node.site);
    const target = backup.target;
    const secretEnv = (name: string, secret: string, key: string) => ({ name, valueFrom: { secretKeyRef: { name: secret, key } } });
    const security = {
      runAsNonRoot: true,
      runAsUser: MARIADB_UID,
      runAsGroup: MARIADB_UID,
      allowPrivilegeEscalation: false,
      privileged: false,
      readOnlyRootFilesystem: true,
      capabilities: { drop: ['ALL'] },
      seccompProfile: { type: 'RuntimeDefault' },
    };
    const stage = { name: 'stage', mountPath: STAGE };
    new kplus.k8s.KubeCronJob(this, 'cronjob', {
      metadata: { name: `${cluster.name}-backup`, namespace: cluster.namespace, labels },
      spec: {
        schedule: backup.schedule.full,
        timeZone: 'Etc/UTC',
        // A second backup while one runs would desync the node twice and race on the FIFO.
        concurrencyPolicy: 'Forbid',
        startingDeadlineSeconds: 3600,
        jobTemplate: {
          metadata: { labels },
          spec: {
            backoffLimit: 1,
            template: {
              metadata: { labels },
              spec: {
                restartPolicy: 'Never',
                securityContext: {
                  runAsNonRoot: true,
                  runAsUser: MARIADB_UID,
                  runAsGroup: MARIADB_UID,
                  fsGroup: MARIADB_UID,
                  fsGroupChangePolicy: 'OnRootMismatch',
                  seccompProfile: { type: 'RuntimeDefault' },
                },
                affinity: {
                  podAffinity: {
                    requiredDuringSchedulingIgnoredDuringExecution: [{
                      // The pod-name label every StatefulSet pod carries
                      // (https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#pod-name-label).
                      labelSelector: { matchLabels: { 'statefulset.kubernetes.io/pod-name': plan.node.pod } },
                      topologyKey: 'kubernetes.io/hostname',
                    }],
                  },
                },
                initContainers: [{
                  name: 'fifo',
                  image: engine.image,
                  command: ['mkfifo', STREAM],
                  securityContext: security,
                  volumeMounts: [stage],
                }],
                containers: [
                  {
                    name: 'backup',
                    image: engine.image,
                    command: ['/bin/bash', '-c', backupScript(plan, !engine.insecure)],
                    env: [secretEnv('MYSQL_PWD', engine.rootPasswordSecret, 'password')],
                    securityContext: security,
                    volumeMounts: [
                      { name: 'datadir', mountPath: '/var/lib/mysql', readOnly: true },
                      // The node's own settings, so mariadb-backup reads InnoDB's files as the node writes them.
                      { name: 'config', mountPath: '/etc/mysql/conf.d', readOnly: true },
                      // The settings name the node's TLS files (ssl_ca, ssl_cert, ssl_key): the same Secret, at the same place.
                      ...(engine.tlsSecret ? [{ name: 'tls', mountPath: TLS_DIR, readOnly: true }] : []),
                      stage,
                      { name: 'tmp', mountPath: '/tmp' },
                    ],
                  },
                  {
                    name: 'upload',
                    image: AWS_CLI_IMAGE,
                    // The stream is at most the node's volume (`aws s3 cp -` needs `--expected-size` above 50 GB).
                    command: ['/bin/bash', '-c', uploadScript(bytesOfGibibytes(engine.storageSize))],
                    env: [
                      secretEnv('AWS_ACCESS_KEY_ID', target.credentialsSecret, target.accessKeyIdKey),
                      secretEnv('AWS_SECRET_ACCESS_KEY', target.credentialsSecret, target.secretAccessKeyKey),
                      { name: 'S3_ENDPOINT', value: target.endpoint },
                      { name: 'AWS_DEFAULT_REGION', value: target.region },
                      { name: 'BUCKET', value: target.bucket },
                      { name: 'PREFIX', value: target.prefix },
                      // The CLI keeps its cache under HOME; the root filesystem is read-only.
                      { name: 'HOME', value: '/tmp' },
                    ],
                    securityContext: security,
                    volumeMounts: [stage, { name: 'tmp', mountPath: '/tmp' }],
                  },
                ],
                volumes: [
                  { name: 'datadir', persistentVolumeClaim: { claimName: `datadir-${plan.node.pod}`, readOnly: true } },
                  { name: 'config', configMap: { name: `${membersName(cluster, plan.node.site)}-config` } },
                  ...(engine.tlsSecret ? [{ name: 'tls', secret: { secretName: engine.tlsSecret, defaultMode: SECRET_FILE_MODE } }] : []),
                  { name: 'stage', emptyDir: {} },
                  { name: 'tmp', emptyDir: {} },
                ],
              },
            },
          },
        },
      },
    });
  }
}

/** What container `backup` runs (bash, in the MariaDB image). */
export function backupScript(plan: GaleraBackupPlan, tls: boolean): string {
  // The server refuses TCP clients without TLS unless insecure (`require_secure_transport`, ./writer.ts);
  // the 11.4 client checks its certificate by the password's fingerprint (./write-health.ts).
  const ssl = tls ? ' --ssl' : '';
  return [
    'set -euo pipefail',
    `node=${plan.node.host}`,
    `ahead=(${plan.aheadInWriterOrder.map((n) => n.host).join(' ')})`,
    'desynced=""; opened=""; guard=""',
    `client=(mariadb --no-defaults --port=${GALERA_PORTS.sql}${ssl} --connect-timeout=5 --user=root --batch --skip-column-names)`,
    'sql() { "${client[@]}" --host="$1" -e "$2"; }',
    `guarded() { [ "$(sql "$node" "${COUNT_BACKUP_GUARDS}" 2>/dev/null)" -gt 0 ] 2>/dev/null; }`,
    'state() { sql "$1" "SELECT VARIABLE_VALUE FROM information_schema.GLOBAL_STATUS WHERE VARIABLE_NAME = \'WSREP_LOCAL_STATE_COMMENT\'" 2>/dev/null || echo unreachable; }',
    'finish() {',
    '  code=$?',
    '  if [ -n "$desynced" ]; then sql "$node" "SET GLOBAL wsrep_desync = OFF" || code=1; fi',
    '  if [ -n "$guard" ]; then kill "$guard" 2>/dev/null || true; fi',
    // An uploader still waiting on the FIFO gets end-of-file, never a hang.
    `  if [ -z "$opened" ]; then timeout 60 bash -c ': > ${STREAM}' || true; fi`,
    `  if [ "$code" = 0 ]; then echo ok > ${STATUS}; else echo failed > ${STATUS}; fi`,
    '  exit "$code"',
    '}',
    'trap finish EXIT',
    "trap 'exit 143' TERM INT",
    's=$(state "$node")',
    'if [ "$s" != Synced ]; then echo "$node is $s, not Synced: no backup from it" >&2; exit 1; fi',
    'if [ ${#ahead[@]} -gt 0 ]; then',
    '  writer=""',
    '  for h in "${ahead[@]}"; do if [ "$(state "$h")" = Synced ]; then writer=$h; break; fi; done',
    '  if [ -z "$writer" ]; then echo "no node ahead of $node in the writers\' order is Synced: $node may be the writer, no backup from it" >&2; exit 1; fi',
    '  echo "writes go to $writer; backing up $node"',
    'fi',
    `exec 3> ${STREAM}`,
    'opened=1',
    // The guard session (./backup-guard.ts): while it runs, the node's readiness probe leaves the
    // desync alone; once this container is gone, killed or not, the probe clears it.
    // A simple command in the background, so that $! is the client itself, which the trap ends;
    // without the FIFO, so that the upload sees the stream's end when the backup closes it.
    `"\${client[@]}" --host="$node" -e "${BACKUP_GUARD_STATEMENT}" >/dev/null 2>&1 3>&- &`,
    'guard=$!',
    `for i in $(seq 1 ${GUARD_START_TRIES}); do guarded && break; sleep 0.5; done`,
    'guarded || { echo "the guard session did not start on $node: no desync without it" >&2; exit 1; }',
    'sql "$node" "SET GLOBAL wsrep_desync = ON"',
    'desynced=1',
    `mariadb-backup --backup --stream=xbstream --galera-info --host="$node" --port=${GALERA_PORTS.sql}${ssl} --user=root --datadir=/var/lib/mysql --target-dir=/tmp/backup --tmpdir=/tmp >&3`,
    'exec 3>&-',
    'sql "$node" "SET GLOBAL wsrep_desync = OFF"',
    'desynced=""',
    'echo "backup of $node streamed"',
  ].join('\n');
}

/** What container `upload` runs (bash, in the AWS CLI image). */
export function uploadScript(expectedSize: number): string {
  return [
    'set -uo pipefail',
    'key="$PREFIX/$(date -u +%Y%m%dT%H%M%SZ)"',
    'url="s3://$BUCKET/$key"',
    // --endpoint-url is a global option; --only-show-errors belongs to the s3 commands.
    's3() { aws --endpoint-url "$S3_ENDPOINT" s3 "$@" --only-show-errors; }',
    'uploaded=0',
    `if s3 cp - "$url/backup.xbstream" --expected-size ${expectedSize} < ${STREAM}; then uploaded=1; fi`,
    // The backup container writes its status as it exits, just after the stream ends.
    `for i in $(seq 1 120); do [ -s ${STATUS} ] && break; sleep 1; done`,
    `status=$(cat ${STATUS} 2>/dev/null || echo missing)`,
    'if [ "$status" = ok ] && [ "$uploaded" = 1 ]; then',
    '  printf \'%s\\n\' "$key" | s3 cp - "$url/COMPLETE" && echo "backup $url complete" && exit 0',
    'fi',
    'echo "backup failed (backup container: $status, upload: $uploaded); removing $url" >&2',
    's3 rm "$url/backup.xbstream" || true',
    'exit 1',
  ].join('\n');
}
