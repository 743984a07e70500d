/**
 * The backup bucket stack as the Terraform writer renders it: what matters is checked by one
 * function over the written JSON (`findings`), which must find nothing in what the library writes
 * and must find each defect put into it (the mutations below). Then every input S3 or the
 * provider would refuse at apply, refused at once with the prop, the value and the fix.
 * test/slow/backup-bucket.test.ts applies the same stack against moto.
 */
import { s3BucketNameProblem } from '../lib/model/aws-names';
import { BackupBucketSpec } from '../lib/terraform/backup-bucket-spec';
import { createTerraformWriter } from '../lib/terraform/create-terraform-writer';

const STACK = 'orders-backup';
const BACKEND = { type: 'local', config: { path: '../../../.terraform-state/orders-backup.tfstate' } };
const SINGLE: BackupBucketSpec = { bucketName: 'orders-backups', region: 'eu-west-1', retentionDays: 30 };
const REPLICATED: BackupBucketSpec = { ...SINGLE, replicaRegion: 'eu-central-1', replicaBucketName: 'orders-backups-eu-central-1' };

function synth(spec: BackupBucketSpec): any {
  const terraform = createTerraformWriter();
  terraform.addBackupBucket({ ...spec, stackName: STACK, backend: BACKEND });
  const files = terraform.render();
  expect([...files.keys()]).toEqual([`${STACK}/cdk.tf.json`]);
  return JSON.parse(files.get(`${STACK}/cdk.tf.json`)!);
}

/** The one resource of `type` whose provider is `provider` (undefined: the default one). */
function resourceOf(tf: any, type: string, provider: string | undefined): any[] {
  return Object.values(tf.resource?.[type] ?? {}).filter((r: any) => r.provider === provider);
}

/**
 * What is wrong with a written stack for `spec`, from S3's documented behaviour: object lock must
 * be enabled when the bucket is created and needs versioning; its default retention in GOVERNANCE
 * mode for the retention; the lifecycle rule expires objects and noncurrent versions after the
 * retention; replication exactly when a replica is asked for, to the replica, with both buckets
 * versioned first.
 */
function findings(tf: any, spec: BackupBucketSpec): string[] {
  const found: string[] = [];
  const buckets = [{ name: spec.bucketName, region: spec.region, provider: undefined as string | undefined }];
  if (spec.replicaRegion) buckets.push({ name: spec.replicaBucketName!, region: spec.replicaRegion, provider: 'aws.replica' });
  const providers: any[] = [tf.provider?.aws ?? []].flat();
  for (const b of buckets) {
    const at = `${b.name}:`;
    const alias = b.provider?.replace(/^aws\./, '');
    if (!providers.some((p) => p.alias === alias && p.region === b.region)) found.push(`${at} no aws provider${alias ? ` "${alias}"` : ''} in ${b.region}`);
    const bucket = resourceOf(tf, 'aws_s3_bucket', b.provider);
    if (bucket.length !== 1 || bucket[0].bucket !== b.name) {
      found.push(`${at} not one aws_s3_bucket named so`);
      continue;
    }
    if (bucket[0].object_lock_enabled !== true) found.push(`${at} object lock not enabled at creation`);
    const ref = (r: any) => r.bucket === `\${aws_s3_bucket.${Object.keys(tf.resource.aws_s3_bucket).find((k) => tf.resource.aws_s3_bucket[k] === bucket[0])}.id}`;
    const one = (type: string) => resourceOf(tf, type, b.provider).filter(ref);
    const versioning = one('aws_s3_bucket_versioning');
    if (versioning.length !== 1 || versioning[0].versioning_configuration?.status !== 'Enabled') found.push(`${at} versioning not Enabled`);
    const lock = one('aws_s3_bucket_object_lock_configuration')[0]?.rule?.default_retention;
    if (lock?.mode !== 'GOVERNANCE') found.push(`${at} object lock mode ${lock?.mode}, not GOVERNANCE`);
    if (lock?.days !== spec.retentionDays || lock?.years !== undefined) found.push(`${at} default retention ${lock?.days} days, not ${spec.retentionDays}`);
    const sse = one('aws_s3_bucket_server_side_encryption_configuration')[0]?.rule?.[0]?.apply_server_side_encryption_by_default?.sse_algorithm;
    if (sse !== 'AES256') found.push(`${at} default encryption ${sse}, not AES256`);
    const pab = one('aws_s3_bucket_public_access_block')[0] ?? {};
    for (const f of ['block_public_acls', 'block_public_policy', 'ignore_public_acls', 'restrict_public_buckets']) if (pab[f] !== true) found.push(`${at} ${f} not true`);
    const rules = one('aws_s3_bucket_lifecycle_configuration')[0]?.rule ?? [];
    const rule = rules.length === 1 && rules[0].status === 'Enabled' ? rules[0] : undefined;
    if (!rule) found.push(`${at} not one enabled lifecycle rule`);
    if (rule && (rule.filter?.length !== 1 || Object.keys(rule.filter[0]).length !== 0)) found.push(`${at} the lifecycle rule does not apply to every object`);
    if (rule?.expiration?.[0]?.days !== spec.retentionDays) found.push(`${at} lifecycle expiration after ${rule?.expiration?.[0]?.days} days, not ${spec.retentionDays}`);
    if (rule?.noncurrent_version_expiration?.[0]?.noncurrent_days !== spec.retentionDays) found.push(`${at} noncurrent versions removed after ${rule?.noncurrent_version_expiration?.[0]?.noncurrent_days} days, not ${spec.retentionDays}`);
  }
  const replication = Object.values(tf.resource?.aws_s3_bucket_replication_configuration ?? {}) as any[];
  if (!spec.replicaRegion) {
    if (replication.length > 0 || tf.resource?.aws_iam_role) found.push('replication written without a replica');
    return found;
  }
  if (replication.length !== 1) return [...found, 'no replication configuration'];
  const r = replication[0];
  if (r.bucket !== '${aws_s3_bucket.bucket.id}' || r.provider !== undefined) found.push('replication not configured on the source bucket');
  if (r.rule?.length !== 1 || r.rule[0].status !== 'Enabled' || r.rule[0].destination?.bucket !== '${aws_s3_bucket.replica.arn}') found.push('replication rule not enabled to the replica');
  if (!['aws_s3_bucket_versioning.bucket-versioning', 'aws_s3_bucket_versioning.replica-versioning'].every((d) => r.depends_on?.includes(d))) found.push('replication does not wait for both buckets\' versioning');
  if (r.role !== '${aws_iam_role.replication-role.arn}') found.push('replication does not use the replication role');
  return found;
}

describe('what the stack holds', () => {
  test('one bucket: versioned, object lock GOVERNANCE for the retention, AES256, private, lifecycle = retention; no replication', () => {
    const tf = synth(SINGLE);
    expect(findings(tf, SINGLE)).toEqual([]);
    expect(tf.provider.aws).toEqual([{ region: 'eu-west-1' }]);
    expect(Object.keys(tf.output)).toEqual(['bucket_arn', 'bucket_name', 'bucket_region']);
    expect(tf.output.bucket_name.value).toBe('${aws_s3_bucket.bucket.bucket}');
    expect(tf.output.bucket_region.value).toBe('${aws_s3_bucket.bucket.region}');
    expect(tf.terraform.backend).toEqual({ local: BACKEND.config });
    expect(tf.terraform.required_providers.aws.version).toBe('5.100.0');
  });

  test('with a replica: a second provider, the replica bucket with the same settings, the role and the replication', () => {
    const tf = synth(REPLICATED);
    expect(findings(tf, REPLICATED)).toEqual([]);
    expect(tf.provider.aws).toEqual([{ region: 'eu-west-1' }, { alias: 'replica', region: 'eu-central-1' }]);
    expect(Object.keys(tf.output)).toEqual(['bucket_arn', 'bucket_name', 'bucket_region', 'replica_bucket_arn', 'replica_bucket_name', 'replica_bucket_region']);
    const rule = tf.resource.aws_s3_bucket_replication_configuration.replication.rule[0];
    expect(rule.delete_marker_replication).toEqual({ status: 'Disabled' });
    expect(rule.filter).toEqual({});
    const role = tf.resource.aws_iam_role['replication-role'];
    expect(role.name).toBe('orders-backups-replication');
    expect(JSON.parse(role.assume_role_policy).Statement).toEqual([{ Effect: 'Allow', Principal: { Service: 's3.amazonaws.com' }, Action: 'sts:AssumeRole' }]);
    const policy = JSON.parse(tf.resource.aws_iam_role_policy['replication-policy'].policy);
    expect(policy.Statement).toEqual([
      { Effect: 'Allow', Action: ['s3:GetReplicationConfiguration', 's3:ListBucket'], Resource: ['${aws_s3_bucket.bucket.arn}'] },
      {
        Effect: 'Allow',
        Action: ['s3:GetObjectVersionForReplication', 's3:GetObjectVersionAcl', 's3:GetObjectVersionTagging', 's3:GetObjectRetention', 's3:GetObjectLegalHold'],
        Resource: ['${aws_s3_bucket.bucket.arn}/*'],
      },
      { Effect: 'Allow', Action: ['s3:ReplicateObject', 's3:ReplicateTags'], Resource: ['${aws_s3_bucket.replica.arn}/*'] },
    ]);
  });

  test('a bucket name too long for "<name>-replication" gets a role name within IAM\'s 64 characters, distinct per bucket', () => {
    const long = (n: string) => synth({ ...REPLICATED, bucketName: n }).resource.aws_iam_role['replication-role'].name as string;
    const a = long(`${'a'.repeat(60)}-x1`);
    const b = long(`${'a'.repeat(60)}-x2`);
    expect(a.length).toBeLessThanOrEqual(64);
    expect(a).toMatch(/^a+-[0-9a-f]{8}-replication$/);
    expect(a).not.toBe(b);
  });
});

describe('the checks catch each defect put back (mutations)', () => {
  const mutated = (spec: BackupBucketSpec, mutate: (tf: any) => void): string[] => {
    const tf = synth(spec);
    mutate(tf);
    return findings(tf, spec);
  };
  const lifecycle = (tf: any, id = 'bucket-lifecycle') => tf.resource.aws_s3_bucket_lifecycle_configuration[id].rule[0];

  test.each<[string, BackupBucketSpec, (tf: any) => void, string]>([
    ['lifecycle expires a day early', SINGLE, (tf) => { lifecycle(tf).expiration[0].days = 29; }, 'orders-backups: lifecycle expiration after 29 days, not 30'],
    ['noncurrent versions kept forever', SINGLE, (tf) => { delete lifecycle(tf).noncurrent_version_expiration; }, 'orders-backups: noncurrent versions removed after undefined days, not 30'],
    ['the lifecycle rule limited to a prefix', SINGLE, (tf) => { lifecycle(tf).filter = [{ prefix: 'full/' }]; }, 'orders-backups: the lifecycle rule does not apply to every object'],
    ['the lifecycle rule disabled', SINGLE, (tf) => { lifecycle(tf).status = 'Disabled'; }, 'orders-backups: not one enabled lifecycle rule'],
    ['versioning suspended', SINGLE, (tf) => { tf.resource.aws_s3_bucket_versioning['bucket-versioning'].versioning_configuration.status = 'Suspended'; }, 'orders-backups: versioning not Enabled'],
    ['object lock not enabled at creation', SINGLE, (tf) => { delete tf.resource.aws_s3_bucket.bucket.object_lock_enabled; }, 'orders-backups: object lock not enabled at creation'],
    ['COMPLIANCE instead of GOVERNANCE', SINGLE, (tf) => { tf.resource.aws_s3_bucket_object_lock_configuration['bucket-object-lock'].rule.default_retention.mode = 'COMPLIANCE'; }, 'orders-backups: object lock mode COMPLIANCE, not GOVERNANCE'],
    ['retention in years', SINGLE, (tf) => { tf.resource.aws_s3_bucket_object_lock_configuration['bucket-object-lock'].rule.default_retention = { mode: 'GOVERNANCE', years: 1 }; }, 'orders-backups: default retention undefined days, not 30'],
    ['KMS instead of AES256', SINGLE, (tf) => { tf.resource.aws_s3_bucket_server_side_encryption_configuration['bucket-encryption'].rule[0].apply_server_side_encryption_by_default.sse_algorithm = 'aws:kms'; }, 'orders-backups: default encryption aws:kms, not AES256'],
    ['public policies allowed', SINGLE, (tf) => { tf.resource.aws_s3_bucket_public_access_block['bucket-public-access-block'].block_public_policy = false; }, 'orders-backups: block_public_policy not true'],
    ['replication written without a replica', SINGLE, (tf) => { Object.assign(tf.resource, synth(REPLICATED).resource); }, 'replication written without a replica'],
    ['the replica\'s lifecycle broken', REPLICATED, (tf) => { lifecycle(tf, 'replica-lifecycle').noncurrent_version_expiration[0].noncurrent_days = 1; }, 'orders-backups-eu-central-1: noncurrent versions removed after 1 days, not 30'],
    ['the replica in the source region', REPLICATED, (tf) => { tf.provider.aws[1].region = 'eu-west-1'; }, 'orders-backups-eu-central-1: no aws provider "replica" in eu-central-1'],
    ['no replication with a replica', REPLICATED, (tf) => { delete tf.resource.aws_s3_bucket_replication_configuration; }, 'no replication configuration'],
    ['replication before versioning', REPLICATED, (tf) => { tf.resource.aws_s3_bucket_replication_configuration.replication.depends_on = []; }, 'replication does not wait for both buckets\' versioning'],
    ['replication to the wrong bucket', REPLICATED, (tf) => { tf.resource.aws_s3_bucket_replication_configuration.replication.rule[0].destination.bucket = '${aws_s3_bucket.bucket.arn}'; }, 'replication rule not enabled to the replica'],
  ])('%s', (_name, spec, mutate, expected) => {
    expect(mutated(spec, mutate)).toContain(expected);
  });
});

describe('inputs S3 or the provider would refuse at apply are refused at once', () => {
  const refusal = (spec: Partial<BackupBucketSpec>): string => {
    try {
      synth({ ...SINGLE, ...spec } as BackupBucketSpec);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error(`not refused: ${JSON.stringify(spec)}`);
  };

  test('bucket names, by S3\'s naming rules', () => {
    expect(refusal({ bucketName: 'Orders_Backups' })).toBe('orders-backup: backup bucket: bucketName "Orders_Backups" has "O", "_", "B"; S3 bucket names have only lowercase letters, digits, "." and "-" '
      + '(https://docs.aws.amazon.com/AmazonS3/latest/userguide/bucketnamingrules.html); rename it, e.g. "orders-backups".');
    expect(refusal({ bucketName: 'ab' })).toContain('bucketName "ab" is 2 characters long; S3 bucket names have 3 to 63');
    expect(refusal({ replicaRegion: 'eu-central-1', replicaBucketName: '-replica' })).toContain('replicaBucketName "-replica" does not begin and end with a letter or digit');
  });

  test.each([
    ['ab', 'is 2 characters long'],
    ['a'.repeat(64), 'is 64 characters long'],
    ['my..bucket', 'two adjacent periods'],
    ['192.168.5.4', 'formatted as an IP address'],
    ['xn--bucket', 'starts with "xn--"'],
    ['sthree-bucket', 'starts with "sthree-"'],
    ['amzn-s3-demo-bucket', 'starts with "amzn-s3-demo-"'],
    ['bucket-s3alias', 'ends with "-s3alias"'],
    ['bucket--ol-s3', 'ends with "--ol-s3"'],
    ['bucket.mrap', 'ends with ".mrap"'],
    ['bucket--x-s3', 'ends with "--x-s3"'],
    ['bucket-', 'does not begin and end'],
    ['.bucket', 'does not begin and end'],
    ['my bucket', 'has " "'],
  ])('S3 refuses %j', (name, why) => {
    expect(s3BucketNameProblem(name)).toContain(why);
  });

  test.each(['abc', 'orders-backups', 'backups.example.com', 'a'.repeat(63), '1bucket9'])('S3 takes %j', (name) => {
    expect(s3BucketNameProblem(name)).toBeUndefined();
  });

  test('retention: a whole number of days, at least 1', () => {
    expect(refusal({ retentionDays: 0 })).toBe('orders-backup: backup bucket: retentionDays 0 is not a whole number of days of at least 1; S3 object lock and lifecycle rules count whole days: give e.g. 30.');
    expect(refusal({ retentionDays: 1.5 })).toContain('retentionDays 1.5 is not a whole number');
    expect(refusal({ retentionDays: '7' as unknown as number })).toContain('retentionDays "7" (a string, not a number) is not a whole number');
    expect(synth({ ...SINGLE, retentionDays: 1 }).resource.aws_s3_bucket_lifecycle_configuration['bucket-lifecycle'].rule[0].expiration).toEqual([{ days: 1 }]);
  });

  test('regions: AWS region codes; the replica in another region, under another name, both given or neither', () => {
    expect(refusal({ region: 'eu-west1' })).toBe('orders-backup: backup bucket: region "eu-west1" is not an AWS region code; give one such as "eu-west-1" or "us-east-2".');
    expect(refusal({ replicaRegion: 'eu-west-1', replicaBucketName: 'orders-backups-2' })).toBe('orders-backup: backup bucket: replicaRegion "eu-west-1" is the bucket\'s own region; '
      + 'a replica protects against the loss of a region only in another one: name a second region, e.g. eu-central-1.');
    expect(refusal({ replicaRegion: 'eu-central-1' })).toBe('orders-backup: backup bucket: replicaRegion "eu-central-1" is given without replicaBucketName; name the replica bucket (bucket names are global), e.g. "orders-backups-eu-central-1".');
    expect(refusal({ replicaBucketName: 'orders-backups-2' })).toContain('replicaBucketName "orders-backups-2" is given without replicaRegion');
    expect(refusal({ replicaRegion: 'eu-central-1', replicaBucketName: 'orders-backups' })).toContain('replicaBucketName "orders-backups" is the bucket\'s own name; bucket names are global, so the replica needs another, e.g. "orders-backups-eu-central-1".');
    expect(refusal({ replicaRegion: 'EU', replicaBucketName: 'orders-backups-2' })).toContain('replicaRegion "EU" is not an AWS region code');
  });
});
