import { createHash } from 'crypto';
import { IamRole } from '@cdktf/provider-aws/lib/iam-role';
import { IamRolePolicy } from '@cdktf/provider-aws/lib/iam-role-policy';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { S3Bucket } from '@cdktf/provider-aws/lib/s3-bucket';
import { S3BucketLifecycleConfiguration } from '@cdktf/provider-aws/lib/s3-bucket-lifecycle-configuration';
import { S3BucketObjectLockConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-object-lock-configuration';
import { S3BucketPublicAccessBlock } from '@cdktf/provider-aws/lib/s3-bucket-public-access-block';
import { S3BucketReplicationConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-replication-configuration';
import { S3BucketServerSideEncryptionConfigurationA } from '@cdktf/provider-aws/lib/s3-bucket-server-side-encryption-configuration';
import { S3BucketVersioningA } from '@cdktf/provider-aws/lib/s3-bucket-versioning';
import { TerraformOutput, TerraformStack } from 'cdktf';
import { BackupBucketSpec, checkBackupBucketSpec } from './backup-bucket-spec';

/**
 * Adds a backup bucket to `stack`, with the stack's `aws` provider in `spec.region` (and, with a
 * replica, a second one aliased `replica`): the stack holds nothing else that needs an `aws`
 * provider. Outputs `bucket_name`, `bucket_arn`, `bucket_region` (and `replica_bucket_*`).
 *
 * Each bucket (source and replica alike):
 * - object lock enabled when the bucket is created (it can never be turned off), default
 *   retention GOVERNANCE for `retentionDays`: no version can be overwritten or deleted for the
 *   retention unless a principal holds `s3:BypassGovernanceRetention`, so stolen backup
 *   credentials cannot destroy the backups, while an administrator can still clean up;
 * - versioning enabled (object lock requires it; so does replication);
 * - default encryption SSE-S3 (`AES256`), not SSE-KMS: every backup tool can write it with S3
 *   permissions alone, replication needs no key in each region, and no key exists whose
 *   scheduled deletion would make every backup unreadable, which object lock cannot prevent;
 * - every public access blocked;
 * - one lifecycle rule: a backup object expires (a delete marker hides it) `retentionDays` after
 *   it was written, and a noncurrent version, whether expired, deleted or overwritten, is removed
 *   `retentionDays` after it became noncurrent: a deletion can be undone for the retention.
 *   Multipart uploads left unfinished are aborted after 7 days.
 *
 * The replica (when `replicaRegion` is given) receives every new object version through S3
 * replication, with its retention; delete markers are not replicated, so a deletion in the source
 * does not hide the replica's copy.
 *
 * Field names from hashicorp/terraform-provider-aws 5.x, website/docs/r/: s3_bucket,
 * s3_bucket_versioning, s3_bucket_object_lock_configuration, s3_bucket_server_side_encryption_configuration,
 * s3_bucket_public_access_block, s3_bucket_lifecycle_configuration, s3_bucket_replication_configuration
 * (.html.markdown), as @cdktf/provider-aws 20.1 generates them for hashicorp/aws 5.100.0.
 */
export function addBackupBucket(stack: TerraformStack, spec: BackupBucketSpec): void {
  checkBackupBucketSpec(spec, `${stack.node.path}: backup bucket`);
  new AwsProvider(stack, 'aws', { region: spec.region });
  const source = lockedBucket(stack, 'bucket', spec.bucketName, spec.retentionDays);
  outputs(stack, 'bucket', source.bucket, 'The bucket the backup jobs write to');
  if (spec.replicaRegion === undefined || spec.replicaBucketName === undefined) return;

  const replicaProvider = new AwsProvider(stack, 'aws-replica', { region: spec.replicaRegion, alias: 'replica' });
  const replica = lockedBucket(stack, 'replica', spec.replicaBucketName, spec.retentionDays, replicaProvider);
  outputs(stack, 'replica_bucket', replica.bucket, 'The replica, which S3 fills from the bucket');

  const role = new IamRole(stack, 'replication-role', {
    name: replicationRoleName(spec.bucketName),
    description: `S3 replication of backups from ${spec.bucketName} to ${spec.replicaBucketName}`,
    assumeRolePolicy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }],
    }),
  });
  // The provider docs' example policy (s3_bucket_replication_configuration.html.markdown), plus
  // s3:GetObjectRetention and s3:GetObjectLegalHold, which replicating objects under object lock
  // needs (https://docs.aws.amazon.com/AmazonS3/latest/userguide/object-lock-managing.html#object-lock-managing-replication);
  // without s3:ReplicateDelete, as delete markers are not replicated.
  new IamRolePolicy(stack, 'replication-policy', {
    name: 'replicate-backups',
    role: role.id,
    policy: JSON.stringify({
      Version: '2012-10-17',
      Statement: [
        { Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: [source.bucket.arn] },
        {
          Effect: 'Allow',
          Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging', 's3:GetObjectRetention', 's3:GetObjectLegalHold'],
          Resource: [`${source.bucket.arn}/*`],
        },
        { Effect: 'Allow', Action: ['s3:ReplicateObject', 's3:ReplicateTags'], Resource: [`${replica.bucket.arn}/*`] },
      ],
    }),
  });
  new S3BucketReplicationConfigurationA(stack, 'replication', {
    // Both buckets must be versioned first (the provider docs' example: depends_on versioning).
    dependsOn: [source.versioning, replica.versioning],
    bucket: source.bucket.id,
    role: role.arn,
    rule: [{
      id: 'replicate-backups',
      status: 'Enabled',
      filter: {},
      deleteMarkerReplication: { status: 'Disabled' },
      destination: { bucket: replica.bucket.arn },
    }],
  });
}

/** The days after which an unfinished multipart upload is aborted: longer than any one backup upload runs. */
const ABORT_INCOMPLETE_UPLOAD_DAYS = 7;

interface LockedBucket {
  readonly bucket: S3Bucket;
  readonly versioning: S3BucketVersioningA;
}

function lockedBucket(stack: TerraformStack, id: string, name: string, retentionDays: number, provider?: AwsProvider): LockedBucket {
  const bucket = new S3Bucket(stack, id, { provider, bucket: name, objectLockEnabled: true });
  const versioning = new S3BucketVersioningA(stack, `${id}-versioning`, {
    provider,
    bucket: bucket.id,
    versioningConfiguration: { status: 'Enabled' },
  });
  new S3BucketObjectLockConfigurationA(stack, `${id}-object-lock`, {
    provider,
    bucket: bucket.id,
    rule: { defaultRetention: { mode: 'GOVERNANCE', days: retentionDays } },
  });
  new S3BucketServerSideEncryptionConfigurationA(stack, `${id}-encryption`, {
    provider,
    bucket: bucket.id,
    rule: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: 'AES256' } }],
  });
  new S3BucketPublicAccessBlock(stack, `${id}-public-access-block`, {
    provider,
    bucket: bucket.id,
    blockPublicAcls: true,
    blockPublicPolicy: true,
    ignorePublicAcls: true,
    restrictPublicBuckets: true,
  });
  new S3BucketLifecycleConfiguration(stack, `${id}-lifecycle`, {
    provider,
    // Versioning first (the provider docs' example for a versioned bucket).
    dependsOn: [versioning],
    bucket: bucket.id,
    rule: [{
      id: 'backup-retention',
      status: 'Enabled',
      filter: [{}],
      expiration: [{ days: retentionDays }],
      noncurrentVersionExpiration: [{ noncurrentDays: retentionDays }],
      abortIncompleteMultipartUpload: [{ daysAfterInitiation: ABORT_INCOMPLETE_UPLOAD_DAYS }],
    }],
  });
  return { bucket, versioning };
}

function outputs(stack: TerraformStack, prefix: string, bucket: S3Bucket, what: string): void {
  new TerraformOutput(stack, `${prefix}_name`, { value: bucket.bucket, description: `${what}: its name.` });
  new TerraformOutput(stack, `${prefix}_arn`, { value: bucket.arn, description: `${what}: its ARN, for IAM policies.` });
  new TerraformOutput(stack, `${prefix}_region`, { value: bucket.region, description: `${what}: its region, as S3 reports it.` });
}

/**
 * The replication role's name: `<bucket>-replication`, or, when that passes IAM's 64 characters
 * (https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html: RoleName, 1 to 64 of
 * `[\w+=,.@-]`, which every bucket name satisfies), the bucket name cut short plus a hash of it,
 * so two long bucket names never share a role.
 */
function replicationRoleName(bucketName: string): string {
  const suffix = '-replication';
  if (bucketName.length + suffix.length <= 64) return `${bucketName}${suffix}`;
  const hash = createHash('sha256').update(bucketName).digest('hex').slice(0, 8);
  return `${bucketName.slice(0, 64 - suffix.length - hash.length - 1)}-${hash}${suffix}`;
}
