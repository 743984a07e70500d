/**
 * The backup bucket stack as synth writes it for a cluster whose backups go to
 * `BackupTarget.createdBucket` (`terraform/orders-backup-bucket/`, default local state beside the
 * output folder; 13 days of retention + 1 day between nightly full backups = 14 days in the
 * bucket), applied against moto on 127.0.0.1, then read back
 * through the S3 and IAM APIs with the `aws` CLI: versioning, object lock, encryption, public
 * access block, lifecycle, replication, the replication role. Then what moto does with them:
 * an object written gets the default retention, a locked version cannot be deleted without
 * bypassing governance, an upload without a checksum is refused; and what moto does not do
 * (replicate objects). A second plan shows no changes; destroy removes both buckets.
 * About 3.5 minutes: each lifecycle configuration takes ~55 s to apply (the provider waits until
 * S3 returns the rules it put, several times in a row), plan ~25 s, destroy ~45 s.
 *
 * Measured against moto 5.2.1 (see the `moto` table the test prints):
 * - stored and returned as written: versioning, object lock configuration, default encryption,
 *   public access block, lifecycle rule, replication configuration, the IAM role and its policy;
 *   each bucket's region (LocationConstraint).
 * - enforced: the default retention (a new object version carries GOVERNANCE and a retain-until
 *   date `retentionDays` ahead); governance mode (DeleteObject of that version is refused
 *   without `--bypass-governance-retention`, accepted with it); default encryption (the object
 *   reports AES256); an upload without Content-MD5 or a checksum header is refused, as S3 does
 *   in a bucket with default retention.
 * - not done: replication (no object appears in the replica, no ReplicationStatus on the
 *   source); lifecycle expiration runs on a clock of days and is not exercised here.
 * A stack with the lifecycle expiring a day early (the defect put back by hand) fails here at
 * the lifecycle read-back (Days 13, expected 14).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Duration } from 'cdk8s';
import { ActiveActiveSite, BackupSchedule, BackupTarget, DistributedSqlCluster, MultiSiteApp, SqlEngine } from '../../lib';
import { tempOutdir } from '../support/designs';
import {
  apply, describeTerraform, destroy, init, MotoServer, planIsEmpty, startMoto, validate, writeMotoOverride,
} from '../support/terraform';

jest.setTimeout(15 * 60_000);

/** The stack synth writes for cluster `orders`. */
const STACK = 'orders-backup-bucket';
/** What the stack must create: the props given, and the bucket's retention (13 days kept + 1 day between full backups). */
const SPEC = {
  bucketName: 'orders-backups-test',
  region: 'eu-west-1',
  retentionDays: 14,
  replicaRegion: 'eu-central-1',
  replicaBucketName: 'orders-backups-test-eu-central-1',
};

/** A CockroachDB cluster over three sites backing up nightly, kept 13 days, to a created bucket with a replica; synthesized into `outdir`. */
function synthDesign(outdir: string): void {
  const app = new MultiSiteApp({ outdir });
  const sites = ['dc-a', 'dc-b', 'dc-c'].map((name) => new ActiveActiveSite(app, name, { controlPlaneNodes: 1 }));
  new DistributedSqlCluster(app, 'orders', {
    engine: SqlEngine.cockroachDb(),
    placement: sites.map((site) => ({ site, voters: 1 })),
    backup: {
      schedule: BackupSchedule.cron({ full: '0 1 * * *' }),
      retention: Duration.days(13),
      target: BackupTarget.createdBucket({
        bucketName: SPEC.bucketName,
        region: SPEC.region,
        replicaRegion: SPEC.replicaRegion,
        replicaBucketName: SPEC.replicaBucketName,
        credentialsSecret: 'orders-backup-s3',
      }),
    },
  });
  app.synth();
}
const DAY_MS = 24 * 3600 * 1000;

describeTerraform('backup bucket stack against a local S3 and IAM (moto)', () => {
  let moto: MotoServer | undefined;
  let root: string;
  let stackDir: string;
  const timings: Record<string, number | string> = {};
  const measured: Record<string, string> = {};

  /** `aws <args>` against moto with dummy credentials; the parsed JSON answer, or the failure. */
  const aws = (region: string, args: string[]): { ok: boolean; json: any; stderr: string } => {
    const env: NodeJS.ProcessEnv = {};
    for (const [k, v] of Object.entries(process.env)) if (!k.startsWith('AWS_')) env[k] = v;
    const r = spawnSync('aws', ['--endpoint-url', moto!.endpoint, '--region', region, '--output', 'json', ...args], {
      encoding: 'utf8',
      timeout: 120_000,
      env: {
        ...env,
        AWS_ACCESS_KEY_ID: 'test',
        AWS_SECRET_ACCESS_KEY: 'test',
        AWS_CONFIG_FILE: '/dev/null',
        AWS_SHARED_CREDENTIALS_FILE: '/dev/null',
        AWS_EC2_METADATA_DISABLED: 'true',
      },
    });
    const out = (r.stdout ?? '').trim();
    return { ok: r.status === 0, json: r.status === 0 && out !== '' ? JSON.parse(out) : undefined, stderr: `${r.stderr ?? ''}${r.error ? r.error.message : ''}` };
  };
  const must = (region: string, args: string[]): any => {
    const r = aws(region, args);
    if (!r.ok) throw new Error(`aws ${args.join(' ')} failed:\n${r.stderr}`);
    return r.json;
  };

  beforeAll(async () => {
    const cli = spawnSync('aws', ['--version'], { encoding: 'utf8', timeout: 60_000 });
    if (cli.error || cli.status !== 0) throw new Error(`the aws CLI does not run (pip install awscli): ${cli.error?.message ?? cli.stderr}`);
    root = tempOutdir();
    synthDesign(path.join(root, 'dist'));
    stackDir = path.join(root, 'dist', 'terraform', STACK);
    moto = await startMoto();
  });

  afterAll(async () => {
    await moto?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
    // eslint-disable-next-line no-console
    console.log(`backup bucket timings (ms): ${JSON.stringify(timings)}\nmoto: ${JSON.stringify(measured, undefined, 2)}`);
  });

  test('applies; every setting reads back from S3; retention is enforced; a second plan is empty; destroys', () => {
    writeMotoOverride(stackDir, moto!.endpoint);
    timings.init = init(stackDir, { stateRoot: root }).ms;
    timings.validate = validate(stackDir).ms;
    const applied = apply(stackDir);
    timings.apply = applied.ms;
    // Where the apply's time goes, from Terraform's "<address>: Creation complete after <duration>".
    timings.perResource = [...applied.stdout.matchAll(/^(\S+): Creation complete after (\S+)/gm)].map((m) => `${m[1]} ${m[2]}`).join('; ');

    const buckets = [
      { name: SPEC.bucketName, region: SPEC.region },
      { name: SPEC.replicaBucketName, region: SPEC.replicaRegion },
    ];
    for (const { name, region } of buckets) {
      const b = ['--bucket', name];
      expect(must(region, ['s3api', 'get-bucket-location', ...b]).LocationConstraint).toBe(region);
      expect(must(region, ['s3api', 'get-bucket-versioning', ...b]).Status).toBe('Enabled');
      const lock = must(region, ['s3api', 'get-object-lock-configuration', ...b]).ObjectLockConfiguration;
      expect(lock.ObjectLockEnabled).toBe('Enabled');
      // moto answers `Years: 0` beside `Days` (real S3 omits the unset one).
      expect({ Years: 0, ...lock.Rule.DefaultRetention }).toEqual({ Mode: 'GOVERNANCE', Days: SPEC.retentionDays, Years: 0 });
      expect(must(region, ['s3api', 'get-bucket-encryption', ...b]).ServerSideEncryptionConfiguration.Rules)
        .toEqual([expect.objectContaining({ ApplyServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } })]);
      expect(must(region, ['s3api', 'get-public-access-block', ...b]).PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true, IgnorePublicAcls: true, BlockPublicPolicy: true, RestrictPublicBuckets: true,
      });
      const rules = must(region, ['s3api', 'get-bucket-lifecycle-configuration', ...b]).Rules;
      expect(rules).toHaveLength(1);
      expect(rules[0]).toMatchObject({
        ID: 'backup-retention',
        Status: 'Enabled',
        Expiration: { Days: SPEC.retentionDays },
        NoncurrentVersionExpiration: { NoncurrentDays: SPEC.retentionDays },
        AbortIncompleteMultipartUpload: { DaysAfterInitiation: 7 },
      });
    }
    measured.stored = 'versioning, object lock (GOVERNANCE, days), AES256 default encryption, public access block, lifecycle rule, bucket regions';

    const replication = must(SPEC.region, ['s3api', 'get-bucket-replication', '--bucket', SPEC.bucketName]).ReplicationConfiguration;
    const role = must(SPEC.region, ['iam', 'get-role', '--role-name', `${SPEC.bucketName}-replication`]).Role;
    expect(replication.Role).toBe(role.Arn);
    expect(replication.Rules).toEqual([expect.objectContaining({
      ID: 'replicate-backups',
      Status: 'Enabled',
      DeleteMarkerReplication: { Status: 'Disabled' },
      Destination: expect.objectContaining({ Bucket: `arn:aws:s3:::${SPEC.replicaBucketName}` }),
    })]);
    const policy = must(SPEC.region, ['iam', 'get-role-policy', '--role-name', role.RoleName, '--policy-name', 'replicate-backups']).PolicyDocument;
    const document = typeof policy === 'string' ? JSON.parse(decodeURIComponent(policy)) : policy;
    expect(document.Statement.flatMap((s: { Action: string[] }) => s.Action)).toEqual(expect.arrayContaining(['s3:GetObjectRetention', 's3:GetObjectLegalHold', 's3:ReplicateObject']));
    measured.replicationConfiguration = 'stored: role, rule, destination, delete markers not replicated; IAM role and inline policy stored';

    // What moto does with the settings: a backup object written now.
    const body = path.join(root, 'backup-0001.bin');
    fs.writeFileSync(body, 'a full backup');
    const written = Date.now();
    const put = must(SPEC.region, ['s3api', 'put-object', '--bucket', SPEC.bucketName, '--key', 'full/backup-0001.bin', '--body', body]);
    const head = must(SPEC.region, ['s3api', 'head-object', '--bucket', SPEC.bucketName, '--key', 'full/backup-0001.bin']);
    expect(head.ObjectLockMode).toBe('GOVERNANCE');
    const retainedDays = (Date.parse(head.ObjectLockRetainUntilDate) - written) / DAY_MS;
    expect(retainedDays).toBeGreaterThan(SPEC.retentionDays - 1 / 24);
    expect(retainedDays).toBeLessThan(SPEC.retentionDays + 1 / 24);
    measured.defaultRetention = `enforced: a new version carries ObjectLockMode ${head.ObjectLockMode}, retained ${retainedDays.toFixed(3)} days`;
    // moto stores the encryption configuration; whether it marks the object is measured, not required.
    measured.objectEncryption = head.ServerSideEncryption === 'AES256' ? 'a new object reports ServerSideEncryption AES256' : `a new object reports ServerSideEncryption ${head.ServerSideEncryption ?? '(none)'}: default encryption is stored, not applied to objects`;

    // S3 requires Content-MD5 or a checksum header on every upload into a bucket with default
    // retention (https://docs.aws.amazon.com/AmazonS3/latest/API/API_PutObject.html); a backup tool
    // that sends neither fails there. moto refuses it too: an unsigned PUT without either header.
    const bare = spawnSync('curl', ['-s', '-X', 'PUT', '--data-binary', 'no checksum', '-w', '\n%{http_code}',
      '-H', `Authorization: AWS4-HMAC-SHA256 Credential=test/20240101/${SPEC.region}/s3/aws4_request, SignedHeaders=host, Signature=0`,
      `${moto!.endpoint}/${SPEC.bucketName}/no-checksum`], { encoding: 'utf8', timeout: 60_000 });
    expect(bare.stdout.trim().split('\n').pop()).toBe('400');
    expect(bare.stdout).toContain('MissingUploadObjectWithObjectLockHeaders');
    measured.checksumRequired = 'enforced: PutObject without Content-MD5 or x-amz-sdk-checksum-algorithm refused (400 MissingUploadObjectWithObjectLockHeaders)';

    const version = ['--bucket', SPEC.bucketName, '--key', 'full/backup-0001.bin', '--version-id', put.VersionId];
    const refused = aws(SPEC.region, ['s3api', 'delete-object', ...version]);
    expect(refused.ok).toBe(false);
    expect(refused.stderr).toContain('AccessDenied');
    measured.governance = 'enforced: DeleteObject of a locked version refused (AccessDenied) without --bypass-governance-retention';

    // Replication: moto keeps the configuration but copies nothing (measured: nothing within 5 s).
    const replicated = waitFor(5000, () => (must(SPEC.replicaRegion, ['s3api', 'list-object-versions', '--bucket', SPEC.replicaBucketName]).Versions ?? []).length > 0);
    const status = must(SPEC.region, ['s3api', 'head-object', '--bucket', SPEC.bucketName, '--key', 'full/backup-0001.bin']).ReplicationStatus;
    measured.replication = replicated ? `objects are replicated (source ReplicationStatus ${status})` : `not done: no object in the replica after 5 s, source ReplicationStatus ${status ?? '(none)'}`;
    measured.lifecycle = 'not exercised: expiration counts days; only the stored rule is checked';

    // The bucket must be empty to be destroyed: remove the locked version the way an administrator can.
    must(SPEC.region, ['s3api', 'delete-object', ...version, '--bypass-governance-retention']);
    measured.bypass = 'DeleteObject with --bypass-governance-retention accepted';

    const plan = planIsEmpty(stackDir);
    timings.plan = plan.result.ms;
    if (!plan.empty) throw new Error(`the plan after apply is not empty:\n${plan.result.stdout}`);

    try {
      timings.destroy = destroy(stackDir).ms;
    } catch (e) {
      const requests = moto!.log().split('\n').filter((line) => /versioning|" [45]\d\d /.test(line)).slice(-60);
      throw new Error(`${(e as Error).message}\n--- moto: versioning requests and failed requests (last 60)\n${requests.join('\n')}`);
    }
    for (const { name, region } of buckets) {
      const gone = aws(region, ['s3api', 'head-bucket', '--bucket', name]);
      expect(gone.ok).toBe(false);
    }
    expect(aws(SPEC.region, ['iam', 'get-role', '--role-name', `${SPEC.bucketName}-replication`]).ok).toBe(false);
  });
});

/** Polls `done` until it holds or `ms` pass; whether it held. */
function waitFor(ms: number, done: () => boolean): boolean {
  const deadline = Date.now() + ms;
  for (;;) {
    if (done()) return true;
    if (Date.now() > deadline) return false;
    spawnSync('sleep', ['0.5']);
  }
}
