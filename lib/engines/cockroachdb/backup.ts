import { CockroachCluster, CockroachDbModel } from './model';
import { BackupModel } from '../../model/backup';
import { EngineBackup } from '../engine';
import { bytesOfGibibytes } from '../units';

/**
 * CockroachDB backs itself up: `CREATE SCHEDULE … FOR BACKUP INTO 's3://…' RECURRING '<incremental>'
 * FULL BACKUP '<full>'` makes the cluster run full and incremental backups on its own
 * (https://www.cockroachlabs.com/docs/stable/create-schedule-for-backup); the init Job creates it.
 */
export const COCKROACH_BACKUP: EngineBackup<CockroachDbModel> = {
  tool: 'CREATE SCHEDULE FOR BACKUP',
  incremental: true,
  // A backup holds each range once: at most the nodes' volumes over the replication factor.
  largestFullBackupBytes: (cluster) =>
    Math.ceil(bytesOfGibibytes(cluster.engine.storageSize) * dataNodes(cluster) / cluster.engine.replicationFactor),
  restoreNeeds: (cluster) => [
    `the collection s3://${cluster.backup!.target.bucket}/${cluster.backup!.target.prefix} and the keys in Secret ${cluster.backup!.target.credentialsSecret}`,
    'a running, empty cluster (a full-cluster RESTORE refuses a cluster that holds user data), and a root SQL session',
  ],
  restoreGuide: (_design, cluster) => cockroachRestoreGuide(cluster),
};

function dataNodes(cluster: CockroachCluster): number {
  return cluster.members.reduce((n, m) => n + m.voters, 0);
}

/** `RESTORE-<cluster>.md` of a CockroachDB cluster. */
function cockroachRestoreGuide(cluster: CockroachCluster): string {
  const b = cluster.backup!;
  const t = b.target;
  const url = `s3://${t.bucket}/${t.prefix}?AWS_REGION=${encodeURIComponent(t.region)}&AWS_ENDPOINT=${encodeURIComponent(t.endpoint)}&AWS_ACCESS_KEY_ID=<url-encoded key id>&AWS_SECRET_ACCESS_KEY=<url-encoded secret key>`;
  return [
    `# Restoring ${cluster.name} (CockroachDB) from its backups`,
    '',
    `The init Job created the schedules labelled \`${backupScheduleLabel(cluster.name)}\`: full backups \`${b.schedule.full}\`${b.schedule.incremental ? `, incremental \`${b.schedule.incremental}\`` : ''} (UTC),`,
    `into the collection \`s3://${t.bucket}/${t.prefix}\`. Kept ${t.kind === 'created-bucket' ? `${t.bucketRetentionDays} days (the retention, ${b.retentionDays}, + the full-backup gap)` : `${b.retentionDays} days`} by the bucket's lifecycle rule: CockroachDB does not delete old backups.`,
    'Sources: https://www.cockroachlabs.com/docs/stable/show-backup, https://www.cockroachlabs.com/docs/stable/restore,',
    'https://www.cockroachlabs.com/docs/stable/manage-a-backup-schedule.',
    '',
    'Run the statements as root in a SQL shell (`cockroach sql` with the root client certificate); the keys come from',
    `Secret \`${t.credentialsSecret}\`, URL-encoded.`,
    '',
    '## 1. See the backups and the schedules',
    '',
    '```sql',
    `SHOW BACKUPS IN '${url}';`,
    `SHOW SCHEDULES WHERE label = '${backupScheduleLabel(cluster.name)}';`,
    '```',
    '',
    '## 2a. A dropped table or database: restore it into the running cluster',
    '',
    '```sql',
    `RESTORE TABLE <db>.<table> FROM LATEST IN '${url}' WITH into_db = '<scratch db>';`,
    `RESTORE DATABASE <db> FROM LATEST IN '${url}' WITH new_db_name = '<db>_restored';`,
    '```',
    '',
    '## 2b. The whole cluster: into a new, empty cluster (synth this design under a new name, apply, then)',
    '',
    '```sql',
    `PAUSE SCHEDULES WITH s AS (SHOW SCHEDULES) SELECT id FROM s WHERE label = '${backupScheduleLabel(cluster.name)}';`,
    `RESTORE FROM LATEST IN '${url}';`,
    '```',
    '',
    'The new cluster\'s init Job creates its own schedules into the same collection: pause them (above) until the old',
    'cluster no longer writes there, and check `SHOW SCHEDULES` after the restore for schedules the backup brought back.',
    'Writes made after the backup\'s time are not in it.',
    '',
  ].join('\n');
}

/** The label of the cluster's backup schedules (CockroachDB makes a full and an incremental one under it). */
export function backupScheduleLabel(clusterName: string): string {
  return `${clusterName}-backup`;
}

/**
 * Environment variables the init Job's backup step reads from the target's Secret (by reference).
 * Their values end up in the schedule's URL inside the cluster (system.scheduled_jobs, shown
 * redacted by SHOW SCHEDULES), never in a manifest.
 */
export const BACKUP_KEY_ENV = { accessKeyId: 'BACKUP_ACCESS_KEY_ID', secretAccessKey: 'BACKUP_SECRET_ACCESS_KEY' } as const;

/**
 * The bash lines that (re)create the backup schedules with `sql` (a command that runs its one
 * argument as SQL): the old schedules of the label are dropped first, so a changed schedule or
 * target replaces them (`DROP SCHEDULES <select>`: https://www.cockroachlabs.com/docs/stable/drop-schedules),
 * and the keys are URL-encoded into the collection URL at run time
 * (S3 query parameters `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_REGION`, `AWS_ENDPOINT`:
 * https://www.cockroachlabs.com/docs/stable/use-cloud-storage). Without an incremental cron,
 * `RECURRING '<full>' FULL BACKUP ALWAYS` (full backups only).
 */
export function backupScheduleLines(clusterName: string, backup: BackupModel): string[] {
  const t = backup.target;
  const label = backupScheduleLabel(clusterName);
  const recurring = backup.schedule.incremental === undefined
    ? `RECURRING '${backup.schedule.full}' FULL BACKUP ALWAYS`
    : `RECURRING '${backup.schedule.incremental}' FULL BACKUP '${backup.schedule.full}'`;
  const query = `AWS_REGION=${encodeURIComponent(t.region)}&AWS_ENDPOINT=${encodeURIComponent(t.endpoint)}`;
  return [
    // RFC 3986 unreserved characters stay, every other byte becomes %XX (a secret key holds / and +).
    'urlencode() { local s=$1 out= c i; for ((i = 0; i < ${#s}; i++)); do c=${s:i:1}; case $c in [A-Za-z0-9._~-]) out+=$c;; *) out+=$(printf \'%%%02X\' "\'$c");; esac; done; printf %s "$out"; }',
    `keys="AWS_ACCESS_KEY_ID=$(urlencode "$${BACKUP_KEY_ENV.accessKeyId}")&AWS_SECRET_ACCESS_KEY=$(urlencode "$${BACKUP_KEY_ENV.secretAccessKey}")"`,
    `sql "DROP SCHEDULES WITH s AS (SHOW SCHEDULES) SELECT id FROM s WHERE label = '${label}'"`,
    `sql "CREATE SCHEDULE '${label}' FOR BACKUP INTO 's3://${t.bucket}/${t.prefix}?${query}&$keys' ${recurring}"`,
  ];
}
