import { BackupModel } from '../../model/backup';
import { EngineBackup } from '../engine';

/**
 * CockroachDB backs itself up: `CREATE SCHEDULE … FOR BACKUP INTO 's3://…' RECURRING '<incremental>'
 * FULL BACKUP '<full>'` makes the cluster run full and incremental backups on its own
 * (https://www.cockroachlabs.com/docs/stable/create-schedule-for-backup); the init Job creates it.
 */
export const COCKROACH_BACKUP: EngineBackup = { tool: 'CREATE SCHEDULE FOR BACKUP', incremental: true };

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
