import { BackupModel } from '../model/backup';

/**
 * The link speed the upload estimate assumes: the design states no bandwidth between a site and
 * the bucket, so the report says what the upload of the largest full backup takes at 1 Gbit/s
 * (scale it by your link: at 100 Mbit/s it takes ten times as long).
 */
export const ASSUMED_UPLOAD_BITS_PER_SECOND = 1e9;

/** What the engine says about one cluster's backups, for the report. */
export interface EngineBackupFacts {
  /** The engine's consistent backup tool, e.g. `mariadb-backup`. */
  readonly tool: string;
  /** An upper bound on one full backup (bytes), from the volumes: the data cannot be larger. */
  readonly largestFullBackupBytes: number;
  /** What a restore needs, each a short sentence. */
  readonly restoreNeeds: readonly string[];
}

/** A cluster's backups as the report states them: how much data may be lost, where copies live, what a restore needs. */
export interface BackupFacts extends EngineBackupFacts {
  /** The longest time between two backups of any kind (min): the age of the newest backup just before the next one starts. */
  readonly intervalMinutes: number;
  /** Minutes to upload the largest full backup at `ASSUMED_UPLOAD_BITS_PER_SECOND`. */
  readonly uploadMinutesAtAssumedLink: number;
  /**
   * The backup RPO: interval + upload time of the largest full backup at the assumed link (min):
   * a mistake just before a backup ends is in no finished backup until it is uploaded.
   */
  readonly rpoMinutes: number;
  /** Where the copies live: the bucket's URL, its endpoint and region, and its replica's bucket and region. */
  readonly location: string;
  /** The design's sites that hold a copy. */
  readonly copySites: readonly string[];
  /** Whether a copy lives outside every site of the design. */
  readonly copyOutsideSites: boolean;
  readonly retentionDays: number;
  /** For a bucket the library creates: the Terraform folder that creates it, e.g. `terraform/orders-backup-bucket/`. */
  readonly createdBy?: string;
  /** For a bucket the library creates: the days its lifecycle keeps each backup (retention + the longest full-backup gap). */
  readonly bucketRetentionDays?: number;
}

/** The report's backup facts of a cluster with `backup`, from what its engine says. */
export function backupFacts(backup: BackupModel, engine: EngineBackupFacts): BackupFacts {
  const upload = Math.ceil((engine.largestFullBackupBytes * 8) / ASSUMED_UPLOAD_BITS_PER_SECOND / 60);
  const t = backup.target;
  return {
    ...engine,
    intervalMinutes: backup.schedule.anyGapMinutes,
    uploadMinutesAtAssumedLink: upload,
    rpoMinutes: backup.schedule.anyGapMinutes + upload,
    location: `s3://${t.bucket}/${t.prefix}/ at ${t.endpoint} (region ${t.region})`
      + (t.kind === 'created-bucket' && t.replica ? `, replicated by S3 to s3://${t.replica.bucket}/${t.prefix}/ (region ${t.replica.region})` : ''),
    copySites: t.copySites,
    copyOutsideSites: t.copyOutsideSites,
    retentionDays: backup.retentionDays,
    ...(t.kind === 'created-bucket' ? { createdBy: `terraform/${t.stackName}/`, bucketRetentionDays: t.bucketRetentionDays } : {}),
  };
}
