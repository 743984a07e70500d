import { EngineBackup } from '../engine';

/**
 * Galera backs up with `mariadb-backup` (a physical, consistent copy of one node's datadir,
 * https://mariadb.com/kb/en/mariabackup-overview/), run by a CronJob beside one Synced node
 * (`./backup-writer.ts`). Full backups only: an incremental needs the previous backup's
 * directory at hand (`--incremental-basedir`), which a stream to a bucket does not keep.
 */
export const GALERA_BACKUP: EngineBackup = { tool: 'mariadb-backup', incremental: false };
