import { EngineBackup } from '../engine';

/**
 * CockroachDB backs itself up: `CREATE SCHEDULE … FOR BACKUP INTO 's3://…' RECURRING '<incremental>'
 * FULL BACKUP '<full>'` makes the cluster run full and incremental backups on its own
 * (https://www.cockroachlabs.com/docs/stable/create-schedule-for-backup); the init Job creates it.
 */
export const COCKROACH_BACKUP: EngineBackup = { tool: 'CREATE SCHEDULE FOR BACKUP', incremental: true };
