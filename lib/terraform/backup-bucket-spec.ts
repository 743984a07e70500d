import { isAwsRegionCode, s3BucketNameProblem } from '../model/aws-names';
import { invalidValue, shownNumber } from '../model/validation';

/**
 * An S3 bucket for backups that the library's Terraform creates: versioned, object lock in
 * governance mode, encrypted, private, old versions expired after the retention, and optionally
 * replicated to a second bucket in another region. Plain data: checking it loads no cdktf.
 */
export interface BackupBucketSpec {
  /** Name of the bucket (global across all AWS accounts). */
  readonly bucketName: string;
  /** AWS region of the bucket, e.g. `eu-west-1`. */
  readonly region: string;
  /**
   * Days a backup is kept: the object lock's default retention, and the age at which the
   * lifecycle rule expires a backup object and, as long again after that, removes it.
   */
  readonly retentionDays: number;
  /** Region of the replica bucket; no replication without it. Must differ from `region`. */
  readonly replicaRegion?: string;
  /** Name of the replica bucket; given exactly when `replicaRegion` is. */
  readonly replicaBucketName?: string;
}

/**
 * Throws, naming `where` (the construct path and the call, e.g. `app/orders: BackupTarget.createdBucket`),
 * the prop, its value and the fix, when S3 or the provider would refuse the bucket at apply.
 */
export function checkBackupBucketSpec(spec: BackupBucketSpec, where: string): void {
  checkBucketName(where, 'bucketName', spec.bucketName);
  checkRegion(where, 'region', spec.region);
  if (typeof spec.retentionDays !== 'number' || !Number.isInteger(spec.retentionDays) || spec.retentionDays < 1) {
    // Lifecycle expiration `days` "must be a non-zero positive integer", and object lock's
    // default retention counts whole `days` too (hashicorp/terraform-provider-aws,
    // website/docs/r/s3_bucket_lifecycle_configuration.html.markdown and s3_bucket_object_lock_configuration.html.markdown).
    throw new Error(`${where}: retentionDays ${shownNumber(spec.retentionDays)} is not a whole number of days of at least 1; S3 object lock and lifecycle rules count whole days: give e.g. 30.`);
  }
  const replicated = spec.replicaRegion !== undefined || spec.replicaBucketName !== undefined;
  if (!replicated) return;
  if (spec.replicaRegion === undefined) {
    throw invalidValue(where, 'replicaBucketName', spec.replicaBucketName, 'is given without replicaRegion; give the region the replica lives in (another region than the bucket\'s), or leave both out for no replica');
  }
  checkRegion(where, 'replicaRegion', spec.replicaRegion);
  if (spec.replicaRegion === spec.region) {
    throw invalidValue(where, 'replicaRegion', spec.replicaRegion, `is the bucket's own region; a replica protects against the loss of a region only in another one: name a second region, e.g. ${spec.region === 'eu-central-1' ? 'eu-west-1' : 'eu-central-1'}`);
  }
  if (spec.replicaBucketName === undefined) {
    throw new Error(`${where}: replicaRegion "${spec.replicaRegion}" is given without replicaBucketName; name the replica bucket (bucket names are global), e.g. "${suggestedReplicaName(spec.bucketName, spec.replicaRegion)}".`);
  }
  checkBucketName(where, 'replicaBucketName', spec.replicaBucketName);
  if (spec.replicaBucketName === spec.bucketName) {
    throw invalidValue(where, 'replicaBucketName', spec.replicaBucketName, `is the bucket's own name; bucket names are global, so the replica needs another, e.g. "${suggestedReplicaName(spec.bucketName, spec.replicaRegion)}"`);
  }
}

function checkBucketName(where: string, prop: string, name: unknown): void {
  if (typeof name !== 'string') throw invalidValue(where, prop, name, 'is not a string; give the S3 bucket name');
  const problem = s3BucketNameProblem(name);
  if (problem) {
    throw invalidValue(where, prop, name, `${problem} (https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html); rename it, e.g. "${suggestedBucketName(name)}"`);
  }
}

function checkRegion(where: string, prop: string, region: unknown): void {
  if (typeof region !== 'string' || !isAwsRegionCode(region)) {
    throw invalidValue(where, prop, region, 'is not an AWS region code; give one such as "eu-west-1" or "us-east-2"');
  }
}

/** A name S3 takes, close to the one given, for the message's example. */
function suggestedBucketName(name: string): string {
  const cleaned = name.toLowerCase().replace(/[^a-z0-9.-]+/g, '-').replace(/\.{2,}/g, '.')
    .replace(/^(xn--|sthree-|amzn-s3-demo-)/, '').replace(/^[^a-z0-9]+|[^a-z0-9]+$/g, '').slice(0, 63).replace(/[^a-z0-9]+$/, '');
  return s3BucketNameProblem(cleaned) === undefined ? cleaned : 'my-backups-1234';
}

function suggestedReplicaName(bucketName: string, replicaRegion: string): string {
  const name = `${bucketName}-${replicaRegion}`;
  return s3BucketNameProblem(name) === undefined ? name : `${bucketName.slice(0, 63 - replicaRegion.length - 1).replace(/[^a-z0-9]+$/, '')}-${replicaRegion}`;
}
