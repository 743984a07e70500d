import { Rule, Violation, NO_PLACEMENT_REMEDY } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { Severity } from '../core/types';

/** Whole days and hours of `minutes`, for people: `7 days`, `36 hours`. */
function shownMinutes(minutes: number): string {
  if (minutes % 1440 === 0) return `${minutes / 1440} day${minutes === 1440 ? '' : 's'}`;
  if (minutes % 60 === 0) return `${minutes / 60} hours`;
  return `${minutes} minutes`;
}

/**
 * Backups kept for less time than the gap between two full backups leave a time with none to
 * restore from. Not for a bucket the library creates: its lifecycle keeps each backup the
 * retention plus the longest full-backup gap (`CreatedBucketTargetModel.bucketRetentionDays`), so
 * the full backup under every incremental one still kept is kept too. Neither engine deletes old
 * backups itself (their RESTORE guides: the bucket's lifecycle rule does), so the bucket decides.
 */
export const backupRetention: Rule = {
  id: 'MS-BACKUP-RETENTION',
  summary: 'backups kept for less time than the longest gap between two full backups',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'An incremental backup restores only on top of its full backup; when backups expire before the next full one is taken, there are hours with no complete backup at all, or none to go back to once a mistake is found.',
  check(design: AnalyzedDesign): Violation[] {
    const out: Violation[] = [];
    for (const cluster of design.sqlClusters) {
      const backup = cluster.backup;
      if (!backup || backup.target.kind === 'created-bucket' || backup.retentionDays * 1440 >= backup.schedule.fullGapMinutes) continue;
      out.push({
        path: cluster.path,
        message: `${cluster.name} keeps backups ${shownMinutes(backup.retentionDays * 1440)}, but full backups ("${backup.schedule.full}") are up to ${shownMinutes(backup.schedule.fullGapMinutes)} apart.`,
        fix: `Keep backups at least ${Math.ceil(backup.schedule.fullGapMinutes / 1440)} days (retention: Duration.days(n)) and expire them no sooner in the bucket's lifecycle rule, or take full backups more often, `
          + 'or let the library create the bucket (BackupTarget.createdBucket), whose lifecycle keeps each backup the retention plus the full-backup gap.',
        placement: NO_PLACEMENT_REMEDY,
      });
    }
    return out;
  },
};
