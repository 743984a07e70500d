/** A cluster's backups as plain data (`DistributedSqlClusterProps.backup`), every default applied. */

/** When backups run, as cron expressions (UTC), with the longest gap each leaves. */
export interface BackupScheduleModel {
  /** When a full backup runs. */
  readonly full: string;
  /** When an incremental backup runs; unset: full backups only. */
  readonly incremental?: string;
  /** The longest time between two full backups (min). */
  readonly fullGapMinutes: number;
  /** The longest time between two backups of any kind (min): the backup RPO before upload time. */
  readonly anyGapMinutes: number;
}

/** An S3-compatible bucket backups go to. */
export interface BackupTargetModel {
  /** `existing-bucket`: the user's; a bucket the library's Terraform creates will add its own kind. */
  readonly kind: 'existing-bucket';
  readonly bucket: string;
  /** Folder inside the bucket, without slashes at either end; the cluster's name unless set. */
  readonly prefix: string;
  /** Region the bucket lives in (its S3 region). */
  readonly region: string;
  /** S3 endpoint URL, e.g. `https://s3.eu-west-1.amazonaws.com` or a MinIO address. */
  readonly endpoint: string;
  /** Secret (in the cluster's namespace) with the access key id and the secret access key. */
  readonly credentialsSecret: string;
  readonly accessKeyIdKey: string;
  readonly secretAccessKeyKey: string;
  /** Sites that hold a copy of the bucket's objects; empty: none of the design's sites (elsewhere). */
  readonly copySites: readonly string[];
}

/** A cluster's backups. */
export interface BackupModel {
  readonly schedule: BackupScheduleModel;
  /** How long a backup is kept (days). */
  readonly retentionDays: number;
  readonly target: BackupTargetModel;
}
