import { Site } from './site';

/** An S3-compatible bucket that exists already (created and owned by the user). */
export interface ExistingBucketProps {
  /**
   * The bucket's name, as S3 accepts it: 3 to 63 lowercase letters, digits, dots and hyphens.
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
   */
  readonly bucketName: string;
  /** The bucket's region, e.g. `eu-west-1` (MinIO: its configured region, often `us-east-1`). */
  readonly region: string;
  /**
   * The S3 endpoint, an `https://` (or `http://`) URL, e.g. a MinIO service's address.
   * @default - AWS S3 in `region`: `https://s3.<region>.amazonaws.com`
   */
  readonly endpoint?: string;
  /**
   * Name of the Secret, in the cluster's namespace, that holds the access key: the library
   * reads it by reference (environment from the Secret), never writes the key into a manifest.
   */
  readonly credentialsSecret: string;
  /**
   * Key of the access key id in `credentialsSecret`.
   * @default 'AWS_ACCESS_KEY_ID'
   */
  readonly accessKeyIdKey?: string;
  /**
   * Key of the secret access key in `credentialsSecret`.
   * @default 'AWS_SECRET_ACCESS_KEY'
   */
  readonly secretAccessKeyKey?: string;
  /**
   * Folder in the bucket the cluster's backups go under.
   * @default - the cluster's name
   */
  readonly prefix?: string;
  /**
   * The design's sites whose storage holds a copy of the bucket's objects (a MinIO running in a
   * site, a replica bucket in a site's data center). `MS-BACKUP-SAME-SITE` refuses a bucket whose
   * only copy is in a site that also holds every data member of the cluster.
   * @default - none: the bucket lives outside every site of the design (a cloud region)
   */
  readonly copiesInSites?: Site[];
}

/**
 * An S3 bucket in AWS that the library's Terraform creates (`terraform/<cluster>-backup-bucket/`):
 * versioned, object lock in governance mode, encrypted, private, old backups expired by a
 * lifecycle rule, and replicated by S3 to a second bucket in another region when `replicaRegion`
 * is given. The backup jobs reach it at `https://s3.<region>.amazonaws.com` with the access key in
 * `credentialsSecret` (an IAM user or role of yours that may write the bucket: the stack creates
 * the bucket, not the key).
 */
export interface CreatedBucketProps {
  /**
   * The bucket's name, as S3 accepts it (3 to 63 lowercase letters, digits, dots and hyphens),
   * unique across all AWS accounts.
   * @see https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html
   */
  readonly bucketName: string;
  /** The AWS region the bucket is created in, e.g. `eu-central-1`. */
  readonly region: string;
  /**
   * The design's site that runs in `region` (its data center or cloud region is the bucket's),
   * so a loss of that site may take the bucket with it (`MS-BACKUP-SAME-SITE`).
   * @default - no site of the design runs in `region`: the bucket is outside every site
   */
  readonly regionSite?: Site;
  /**
   * A second AWS region, other than `region`, where S3 replicates every backup to
   * `replicaBucketName`: a second copy that survives the loss of `region`.
   * @default - no replica
   */
  readonly replicaRegion?: string;
  /**
   * The replica bucket's name (given exactly when `replicaRegion` is; bucket names are global,
   * so it differs from `bucketName`).
   * @default - no replica
   */
  readonly replicaBucketName?: string;
  /**
   * The design's site that runs in `replicaRegion`.
   * @default - no site of the design runs in `replicaRegion`
   */
  readonly replicaRegionSite?: Site;
  /**
   * Name of the Secret, in the cluster's namespace, with an access key that may write the bucket:
   * read by reference, never written into a manifest.
   */
  readonly credentialsSecret: string;
  /**
   * Key of the access key id in `credentialsSecret`.
   * @default 'AWS_ACCESS_KEY_ID'
   */
  readonly accessKeyIdKey?: string;
  /**
   * Key of the secret access key in `credentialsSecret`.
   * @default 'AWS_SECRET_ACCESS_KEY'
   */
  readonly secretAccessKeyKey?: string;
  /**
   * Folder in the bucket the cluster's backups go under.
   * @default - the cluster's name
   */
  readonly prefix?: string;
}

/** Which factory made a `BackupTarget`, with its props. @internal */
export type _BackupTargetChoice =
  | { readonly kind: 'existing-bucket'; readonly props: ExistingBucketProps }
  | { readonly kind: 'created-bucket'; readonly props: CreatedBucketProps };

/**
 * Where a cluster's backups go: a bucket the user gives (`existingBucket`) or one the library's
 * Terraform creates (`createdBucket`). Both are checked when the cluster is created.
 */
export class BackupTarget {
  /** An S3-compatible bucket that exists already. */
  public static existingBucket(props: ExistingBucketProps): BackupTarget {
    return new BackupTarget({ kind: 'existing-bucket', props });
  }

  /**
   * An S3 bucket in AWS that synth writes as a Terraform stack, `terraform/<cluster>-backup-bucket/`
   * (apply it before the clusters: APPLY.md says so). Its lifecycle keeps each backup for the
   * backup's retention plus the longest gap between two full backups, since an incremental backup
   * restores only on top of its full one.
   */
  public static createdBucket(props: CreatedBucketProps): BackupTarget {
    return new BackupTarget({ kind: 'created-bucket', props });
  }

  /** The factory and its props, as given. @internal */
  public readonly _choice: _BackupTargetChoice;

  private constructor(choice: _BackupTargetChoice) {
    this._choice = choice;
  }
}
