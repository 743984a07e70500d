import { kubernetesContextOf } from './analysis';
import { CassandraCluster, CassandraModel } from './model';
import { DesignModel } from '../../model/design';
import { EngineBackup } from '../engine';
import { bytesOfGibibytes } from '../units';

/**
 * Cassandra backs up with Medusa, which k8ssandra-operator runs as a sidecar of every Cassandra
 * pod once the K8ssandraCluster has `spec.medusa` (k8ssandra-operator v1.32.5
 * `controllers/k8ssandra/medusa_reconciler.go`; `docs/content/en/tasks/backup-restore/_index.md`).
 * A `MedusaBackupSchedule` per datacenter and backup type (`./medusa-writer.ts`) makes the
 * operator create a `MedusaBackupJob` at each cron time: every node snapshots its SSTables and
 * uploads them. Medusa's `full` backup uploads every file into the backup; its `differential` one
 * uploads only the files the bucket does not hold yet and refers to the older ones, so it
 * restores on its own and reuses files of older backups, however old
 * (`incrementalsShareOlderFiles`). Old backups go by Medusa's nightly purge (the operator's own
 * `<cluster>-<dc>-medusa-purge` schedule, with `maxBackupAge`), which deletes only files no kept
 * backup refers to.
 */
export const CASSANDRA_BACKUP: EngineBackup<CassandraModel> = {
  tool: 'Medusa (K8ssandra MedusaBackupSchedule)',
  incremental: true,
  incrementalsShareOlderFiles: true,
  // Medusa takes the endpoint as host, port and secure (medusa.ini `[storage]`): no path.
  endpointProblem: (endpoint) => (new URL(endpoint).pathname !== '/'
    ? 'has a path, but Medusa reaches an S3-compatible store by host and port only (k8ssandra-operator v1.32.5 storageProperties host, port, secure); give the endpoint without a path'
    : undefined),
  // One MedusaBackupJob backs one datacenter up: at most its nodes' volumes.
  largestFullBackupBytes: (cluster) => Math.max(...dataCenters(cluster).map((m) => m.voters)) * bytesOfGibibytes(cluster.engine.storageSize),
  restoreNeeds: (cluster) => [
    `a MedusaBackup of each datacenter (in the datacenter's own Kubernetes cluster; a MedusaTask sync makes them from s3://${cluster.backup!.target.bucket}/${cluster.backup!.target.prefix}/ elsewhere), and Secret ${medusaStorageSecretName(cluster)} (Medusa's credentials file, from Secret ${cluster.backup!.target.credentialsSecret}) in each datacenter's namespace`,
    'each datacenter with the node count and rack names it had at the backup (the operator refuses a restore otherwise)',
    'the application stopped: a MedusaRestoreJob stops the whole datacenter, replaces every node\'s data and starts it again',
  ],
  restoreGuide: (design, cluster) => cassandraRestoreGuide(design, cluster),
};

/** Medusa's names of the two backup types (the `backupType` enum of MedusaBackupSchedule `spec.backupSpec`). */
export type MedusaBackupType = 'full' | 'differential';

/** One MedusaBackupSchedule of a datacenter: its name, type and cron expression. */
export interface MedusaSchedule {
  readonly name: string;
  readonly backupType: MedusaBackupType;
  /** The backup's cron expression in UTC, as the user gave it. */
  readonly cron: string;
}

/**
 * The schedules of `site`'s datacenter: `full` at the full backups' times and, with an
 * incremental schedule, `differential` at those.
 */
export function medusaSchedules(cluster: CassandraCluster, site: string): MedusaSchedule[] {
  const s = cluster.backup!.schedule;
  const schedule = (backupType: MedusaBackupType, cron: string): MedusaSchedule => ({ name: `${cluster.name}-${site}-${backupType}-backup`, backupType, cron });
  return [schedule('full', s.full), ...(s.incremental !== undefined ? [schedule('differential', s.incremental)] : [])];
}

/**
 * The Secret Medusa reads its storage credentials from, in every datacenter's namespace: key
 * `credentials`, an AWS credentials file (`[default]`, `aws_access_key_id`,
 * `aws_secret_access_key`), which the operator mounts at `/etc/medusa-secrets` and names as
 * `key_file` in medusa.ini (k8ssandra-operator v1.32.5 `pkg/medusa/reconcile.go`, CreateMedusaIni
 * and medusaVolumeMounts; the format: `docs/content/en/tasks/backup-restore/_index.md`). Medusa
 * reads no other layout, so it is made from the target's Secret (`./cluster-setup.ts`).
 */
export function medusaStorageSecretName(cluster: CassandraCluster): string {
  return `${cluster.name}-medusa-storage`;
}

/** Key of Medusa's credentials file in `medusaStorageSecretName` (fixed by the operator). */
export const MEDUSA_CREDENTIALS_KEY = 'credentials';

/**
 * The commands, run against a datacenter's cluster, that make `medusaStorageSecretName` from the
 * target's Secret there, the keys never on a command line (printf is a shell builtin; kubectl
 * reads the file from standard input).
 */
export function medusaStorageSecretCommands(cluster: CassandraCluster): string[] {
  const t = cluster.backup!.target;
  const ns = cluster.namespace;
  const key = (name: string) => `"$(kubectl -n ${ns} get secret ${t.credentialsSecret} -o jsonpath='{.data.${name.replace(/\./g, '\\.')}}' | base64 -d)"`;
  return [
    `printf '[default]\\naws_access_key_id = %s\\naws_secret_access_key = %s\\n' ${key(t.accessKeyIdKey)} ${key(t.secretAccessKeyKey)}`
      + ` | kubectl -n ${ns} create secret generic ${medusaStorageSecretName(cluster)} --from-file=${MEDUSA_CREDENTIALS_KEY}=/dev/stdin`,
  ];
}

function dataCenters(cluster: CassandraCluster) {
  return cluster.members.filter((m) => m.voters > 0);
}

/** `RESTORE-<cluster>.md` of a Cassandra cluster: MedusaRestoreJobs in every datacenter's cluster. */
function cassandraRestoreGuide(_design: DesignModel, cluster: CassandraCluster): string {
  const b = cluster.backup!;
  const t = b.target;
  const ns = cluster.namespace;
  const dcs = dataCenters(cluster).map((m) => ({ site: m.site, context: kubernetesContextOf(cluster.engine, m.site) }));
  const k = (context: string) => `kubectl --context ${context} -n ${ns}`;
  const schedules = medusaSchedules(cluster, '<dc>');
  return [
    `# Restoring ${cluster.name} (Apache Cassandra, K8ssandra) from its Medusa backups`,
    '',
    `Each datacenter backs itself up: MedusaBackupSchedule${schedules.length > 1 ? 's' : ''} ${schedules.map((s) => `\`${s.name}\` (${s.backupType}, \`${s.cron}\` UTC)`).join(' and ')}`,
    `in namespace \`${ns}\` of the datacenter's cluster make a MedusaBackupJob at each time; a finished job leaves a MedusaBackup of`,
    `the same name there. The files are under \`s3://${t.bucket}/${t.prefix}/\` at ${t.endpoint}. Medusa's nightly purge (the operator's`,
    `\`${cluster.name}-<dc>-medusa-purge\` schedule) deletes backups older than ${b.retentionDays} days (\`maxBackupAge\`) and the files no kept backup refers to.`,
    ...(b.schedule.incremental !== undefined ? ['A differential backup refers to files that older backups uploaded: never expire objects under the prefix by age (a bucket lifecycle rule); the purge keeps what kept backups need.'] : []),
    '',
    'A MedusaRestoreJob stops the whole datacenter, has each node\'s `medusa-restore` init container replace its data with the',
    'backup\'s, and starts the datacenter again. The operator refuses a backup whose node count or rack names differ from the',
    'datacenter\'s. Sources: k8ssandra-operator v1.32.5 `docs/content/en/tasks/backup-restore/_index.md`,',
    '`controllers/medusa/medusarestorejob_controller.go` (validateBackupForRestore).',
    '',
    'Restore every datacenter from the same scheduled run, with the application stopped: a datacenter left on newer data would',
    'hand that data back to the restored ones by repair and hints. Writes made after the backup\'s time are not in it.',
    '',
    '## 1. Stop the application\'s writes, then pick the run',
    '',
    'The backups of each datacenter, newest last (STATUS must be SUCCESS and COMPLETED equal NODES):',
    '',
    '```sh',
    ...dcs.map((dc) => `${k(dc.context)} get medusabackup --sort-by=.status.startTime -o custom-columns=NAME:.metadata.name,DC:.spec.cassandraDatacenter,TYPE:.spec.backupType,STARTED:.status.startTime,NODES:.status.totalNodes,COMPLETED:.status.finishedNodes,STATUS:.status.status`),
    '```',
    '',
    'In a Kubernetes cluster that did not take the backups (a rebuilt one), first make the MedusaBackup objects from the bucket:',
    '',
    '```sh',
    ...dcs.flatMap((dc) => [
      `printf 'apiVersion: medusa.k8ssandra.io/v1alpha1\\nkind: MedusaTask\\nmetadata: { name: ${cluster.name}-${dc.site}-sync, namespace: ${ns} }\\nspec: { cassandraDatacenter: ${dc.site}, operation: sync }\\n' | ${k(dc.context)} apply -f -`,
      `until [ -n "$(${k(dc.context)} get medusatask ${cluster.name}-${dc.site}-sync -o jsonpath='{.status.finishTime}')" ]; do sleep 10; done`,
    ]),
    '```',
    '',
    '## 2. Restore each datacenter',
    '',
    'Set each variable to the MedusaBackup of that datacenter from the same run (the names end in the run\'s Unix time), then:',
    '',
    '```sh',
    ...dcs.map((dc) => `${envName(dc.site)}=<MedusaBackup of ${dc.site}>`),
    ...dcs.map((dc) => `printf 'apiVersion: medusa.k8ssandra.io/v1alpha1\\nkind: MedusaRestoreJob\\nmetadata: { name: ${cluster.name}-${dc.site}-restore, namespace: ${ns} }\\nspec: { cassandraDatacenter: ${dc.site}, backup: %s }\\n' "$${envName(dc.site)}" | ${k(dc.context)} create -f -`),
    '```',
    '',
    '## 3. Wait for every restore, and check it',
    '',
    '```sh',
    ...dcs.flatMap((dc) => [
      `until [ -n "$(${k(dc.context)} get medusarestorejob ${cluster.name}-${dc.site}-restore -o jsonpath='{.status.finishTime}')" ]; do sleep 30; done`,
      `${k(dc.context)} get medusarestorejob ${cluster.name}-${dc.site}-restore -o jsonpath='{.status.message}{"\\n"}{.status.failed}{"\\n"}'   # empty: every node restored`,
      `${k(dc.context)} wait cassandradatacenter/${dc.site} --for=condition=Ready --timeout=60m`,
    ]),
    '```',
    '',
    'Delete the MedusaRestoreJobs once done (their names are reused by the next restore), then start the application.',
    '',
  ].join('\n');
}

/** The shell variable that holds `site`'s MedusaBackup name in the guide. */
function envName(site: string): string {
  return `BACKUP_${site.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}
