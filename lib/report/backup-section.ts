import { AnalyzedCluster } from '../analysis/analyzed-design';
import { ASSUMED_UPLOAD_BITS_PER_SECOND, BackupFacts } from '../analysis/backup-facts';

/** Minutes for people: `90 min`, `36 h`, `7 days`. */
function shown(minutes: number): string {
  if (minutes < 120) return `${minutes} min`;
  if (minutes < 2 * 1440) return `${Math.round(minutes / 6) / 10} h`;
  return `${Math.round(minutes / 144) / 10} days`;
}

/** Where the copies are, in the design's terms: in which sites, and whether one is outside all of them. */
function copyPlaces(b: BackupFacts): string {
  if (b.copySites.length === 0) return 'outside every site of the design';
  const held = `held in ${b.copySites.join(', ')}`;
  return b.copyOutsideSites ? `${held}, and outside every site of the design` : held;
}

/** A cluster's backups in REPORT.md: the RPO they give, where the copies live, what a restore needs; nothing without backup. */
export function backupSection(a: AnalyzedCluster): string[] {
  const name = a.cluster.name;
  const b = a.backup;
  if (!b) return [];
  const gbps = ASSUMED_UPLOAD_BITS_PER_SECOND / 1e9;
  return [
    `### Backups of ${name}`,
    '',
    `- Tool: ${b.tool}. Backups at most ${shown(b.intervalMinutes)} apart (the longest gap of the schedule, UTC), kept ${b.retentionDays} days.`,
    `- Backup RPO: up to ${shown(b.rpoMinutes)} = ${shown(b.intervalMinutes)} between backups + ${shown(b.uploadMinutesAtAssumedLink)} to upload the largest full backup`
      + ` (at most ${Math.round(b.largestFullBackupBytes / 1024 ** 3)} GiB, from the volumes) at an assumed ${gbps} Gbit/s: the design states no bandwidth to the bucket; scale by your link.`,
    `- Copies: ${b.location}; ${copyPlaces(b)}.`,
    ...(b.createdBy ? [`- The bucket is created by ${b.createdBy} (versioned, object lock in governance mode, encrypted), which keeps each backup ${b.bucketRetentionDays} days: the retention + the longest gap between two full backups, so the full backup under each incremental one kept is there too.`] : []),
    `- A restore needs: ${b.restoreNeeds.join('; ')}. Steps: RESTORE-${name}.md.`,
    '',
  ];
}
