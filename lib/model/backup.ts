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

/** An S3-compatible bucket backups go to: what the engines' jobs need, whoever made the bucket. */
export interface BackupBucketModel {
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
  /** The design's sites that hold a copy of the backups, each once. */
  readonly copySites: readonly string[];
  /** Whether a copy of the backups lives outside every site of the design (a cloud region no site runs in). */
  readonly copyOutsideSites: boolean;
}

/** A bucket the user created (`BackupTarget.existingBucket`). */
export interface ExistingBucketTargetModel extends BackupBucketModel {
  readonly kind: 'existing-bucket';
}

/** A bucket the library's Terraform creates (`BackupTarget.createdBucket`), in AWS. */
export interface CreatedBucketTargetModel extends BackupBucketModel {
  readonly kind: 'created-bucket';
  /** The Terraform stack (and its folder under `terraform/`) that creates the bucket. */
  readonly stackName: string;
  /**
   * Days the bucket keeps each backup (object lock and lifecycle): the backup retention plus the
   * longest gap between two full backups, so the full backup under the oldest incremental one kept
   * is kept too.
   */
  readonly bucketRetentionDays: number;
  /** The bucket S3 replicates every backup to, in another region; unset: none. */
  readonly replica?: { readonly bucket: string; readonly region: string };
}

/** Where a cluster's backups go. Engines read only the `BackupBucketModel` fields. */
export type BackupTargetModel = ExistingBucketTargetModel | CreatedBucketTargetModel;

/** A cluster's backups. */
export interface BackupModel {
  readonly schedule: BackupScheduleModel;
  /** How long a backup is kept (days). */
  readonly retentionDays: number;
  readonly target: BackupTargetModel;
}

/**
 * The image the engines' backup jobs upload with: the AWS CLI, pinned (`aws s3 cp - <url>` reads
 * the object from standard input; `aws/aws-cli` `docker/Dockerfile` builds it on Amazon Linux 2
 * with bash, entrypoint `/usr/local/bin/aws`; https://hub.docker.com/r/amazon/aws-cli).
 */
export const AWS_CLI_IMAGE = 'amazon/aws-cli:2.17.0';
