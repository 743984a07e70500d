import { Duration } from 'cdk8s';
import { BackupSchedule } from './backup-schedule';
import { BackupTarget } from './backup-target';

/**
 * A cluster's backups: the last line of disaster recovery, for what replication copies faithfully
 * (a bad migration, a dropped table). Each engine takes them with its own consistent tool.
 */
export interface BackupProps {
  /** When full (and, where the engine has them, incremental) backups run. */
  readonly schedule: BackupSchedule;
  /**
   * How long a backup is kept: whole days, at least one, and, in a bucket you own, at least the
   * longest time between two full backups (`MS-BACKUP-RETENTION`), so a full backup is always
   * there to restore from. A bucket the library creates keeps each backup this long plus that gap.
   */
  readonly retention: Duration;
  /** Where backups go. */
  readonly target: BackupTarget;
}
