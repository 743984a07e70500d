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
 * Where a cluster's backups go. Today: a bucket the user gives (`existingBucket`). A bucket the
 * library's Terraform creates (versioning, object lock, lifecycle, replication) will be a second
 * factory here, `createdBucket`, returning the same type.
 */
export class BackupTarget {
  /** An S3-compatible bucket that exists already. Checked when the cluster is created. */
  public static existingBucket(props: ExistingBucketProps): BackupTarget {
    return new BackupTarget(props);
  }

  /** The bucket as given. @internal */
  public readonly _existingBucket: ExistingBucketProps;

  private constructor(existingBucket: ExistingBucketProps) {
    this._existingBucket = existingBucket;
  }
}
