/**
 * `BackupTarget.createdBucket`: a backup bucket the library's Terraform creates. Checked when the
 * cluster is created, written as `terraform/<cluster>-backup-bucket/`, judged by the backup rules
 * with its region and its replica's as the places its copies live.
 */
import * as fs from 'fs';
import * as path from 'path';
import { Duration } from 'cdk8s';
import {
  ActiveActiveSite, BackupSchedule, BackupTarget, CreatedBucketProps, DistributedSqlCluster, GslbZone, Latency, MultiSiteApp, Site, SqlEngine,
  TerraformBackend, WitnessSite,
} from '../lib';
import { BackupProps } from '../lib/backup';
import { readTree, tempOutdir } from './support/designs';

interface Sample {
  readonly app: MultiSiteApp;
  readonly db: DistributedSqlCluster;
}

/**
 * Galera over dc-a and dc-b (data nodes as `voters` gives them), garbd in dc-w, backups nightly
 * (a full backup every 24 h) kept `retentionDays`, into a created bucket with `target`'s props.
 */
function sample(
  target: (s: { a: Site; b: Site }) => Partial<CreatedBucketProps>,
  voters: { a: number; b: number } = { a: 2, b: 2 },
  backup: Partial<BackupProps> = {},
  app = new MultiSiteApp({ outdir: tempOutdir() }),
): Sample {
  const a = new ActiveActiveSite(app, 'dc-a', { controlPlaneNodes: 1 });
  const b = new ActiveActiveSite(app, 'dc-b', { controlPlaneNodes: 1 });
  const w = new WitnessSite(app, 'dc-w', { controlPlaneNodes: 1 });
  app.addLink(a, b, Latency.ofRttMillis(1));
  app.addLink(a, w, Latency.ofRttMillis(2));
  app.addLink(b, w, Latency.ofRttMillis(2));
  const placement = [
    ...(voters.a > 0 ? [{ site: a, voters: voters.a }] : []),
    ...(voters.b > 0 ? [{ site: b, voters: voters.b }] : []),
    { site: w, arbitrators: 1 },
  ];
  const db = new DistributedSqlCluster(app, 'db', {
    engine: SqlEngine.galera({ arbitratorImage: 'example.com/garbd:26.4' }),
    placement,
    backup: {
      schedule: BackupSchedule.cron({ full: '30 2 * * *' }),
      retention: Duration.days(7),
      target: BackupTarget.createdBucket({ bucketName: 'db-backups', region: 'eu-central-1', credentialsSecret: 'db-backup-s3', ...target({ a, b }) }),
      ...backup,
    },
  });
  return { app, db };
}

const findings = (app: MultiSiteApp, id: string) => app.check().filter((f) => f.ruleId === id && !f.acknowledgedBecause);

describe('BackupTarget.createdBucket: the model', () => {
  test('AWS endpoint of the region, the stack per cluster, the bucket keeping retention + the longest full gap, the replica', () => {
    const { db } = sample(() => ({ replicaRegion: 'eu-west-1', replicaBucketName: 'db-backups-eu-west-1' }));
    expect(db._backup!.target).toEqual({
      kind: 'created-bucket',
      bucket: 'db-backups',
      prefix: 'db',
      region: 'eu-central-1',
      endpoint: 'https://s3.eu-central-1.amazonaws.com',
      credentialsSecret: 'db-backup-s3',
      accessKeyIdKey: 'AWS_ACCESS_KEY_ID',
      secretAccessKeyKey: 'AWS_SECRET_ACCESS_KEY',
      copySites: [],
      copyOutsideSites: true,
      stackName: 'db-backup-bucket',
      // 7 days of retention + 1 day between two nightly full backups.
      bucketRetentionDays: 8,
      replica: { bucket: 'db-backups-eu-west-1', region: 'eu-west-1' },
    });
  });

  test('the full gap comes from the schedule: weekly fulls (Sundays) add 7 days, whatever the incrementals', () => {
    const app = new MultiSiteApp({ outdir: tempOutdir() });
    const sites = ['dc-a', 'dc-b', 'dc-c'].map((n) => new ActiveActiveSite(app, n));
    const db = new DistributedSqlCluster(app, 'orders', {
      engine: SqlEngine.cockroachDb(),
      placement: sites.map((site) => ({ site, voters: 1 })),
      backup: {
        schedule: BackupSchedule.cron({ full: '0 1 * * 0', incremental: '0 * * * *' }),
        retention: Duration.days(14),
        target: BackupTarget.createdBucket({ bucketName: 'orders-backups', region: 'us-east-2', credentialsSecret: 's3' }),
      },
    });
    expect(db._backup!.target).toMatchObject({ bucketRetentionDays: 21, stackName: 'orders-backup-bucket' });
  });

  test('sites that run in the bucket\'s regions hold its copies; a region no site runs in is outside them', () => {
    const only = sample(({ a }) => ({ regionSite: a })).db._backup!.target;
    expect(only).toMatchObject({ copySites: ['dc-a'], copyOutsideSites: false });
    const replicated = sample(({ a }) => ({ regionSite: a, replicaRegion: 'eu-west-1', replicaBucketName: 'db-backups-2' })).db._backup!.target;
    expect(replicated).toMatchObject({ copySites: ['dc-a'], copyOutsideSites: true });
    const both = sample(({ a, b }) => ({ regionSite: a, replicaRegion: 'eu-west-1', replicaBucketName: 'db-backups-2', replicaRegionSite: b })).db._backup!.target;
    expect(both).toMatchObject({ copySites: ['dc-a', 'dc-b'], copyOutsideSites: false });
  });
});

describe('BackupTarget.createdBucket: refusals name the prop, the value, the construct and the fix', () => {
  const where = 'DistributedSqlCluster "db": BackupTarget.createdBucket';
  test.each([
    ['a bucket name S3 refuses', () => ({ bucketName: 'DB_Backups' }), `${where}: bucketName "DB_Backups" has "D", "B", "_"; S3 bucket names have only lowercase letters, digits, "." and "-"`],
    ['a region that is no AWS region code', () => ({ region: 'frankfurt' }), `${where}: region "frankfurt" is not an AWS region code; give one such as "eu-west-1" or "us-east-2".`],
    ['a replica in the bucket\'s own region', () => ({ replicaRegion: 'eu-central-1', replicaBucketName: 'db-backups-2' }), `${where}: replicaRegion "eu-central-1" is the bucket's own region`],
    ['a replica region without its bucket', () => ({ replicaRegion: 'eu-west-1' }), `${where}: replicaRegion "eu-west-1" is given without replicaBucketName; name the replica bucket (bucket names are global), e.g. "db-backups-eu-west-1".`],
    ['a replica bucket named as the bucket', () => ({ replicaRegion: 'eu-west-1', replicaBucketName: 'db-backups' }), `${where}: replicaBucketName "db-backups" is the bucket's own name`],
    ['a replica site without a replica', ({ b }: { a: Site; b: Site }) => ({ replicaRegionSite: b }),
      'DistributedSqlCluster "db": backup.target.replicaRegionSite "dc-b" is given without replicaRegion; name the replica\'s region and bucket, or leave replicaRegionSite out.'],
    ['a Secret name that is none', () => ({ credentialsSecret: 'Backup_Keys' }), 'DistributedSqlCluster "db": backup.target.credentialsSecret "Backup_Keys" is not a Secret name'],
  ] as const)('%s', (_what, props, message) => {
    expect(() => sample(props as (s: { a: Site; b: Site }) => Partial<CreatedBucketProps>)).toThrow(message);
  });

  test('a site of another app', () => {
    const other = new ActiveActiveSite(new MultiSiteApp({ outdir: tempOutdir() }), 'dc-x');
    expect(() => sample(() => ({ regionSite: other }))).toThrow('DistributedSqlCluster "db": backup.target.regionSite "dc-x" is not a site of this app.');
  });
});

describe('MS-BACKUP-SAME-SITE with a created bucket', () => {
  test('refuses a bucket in the region that runs dc-a when every data node is in dc-a', () => {
    const [f] = findings(sample(({ a }) => ({ regionSite: a }), { a: 2, b: 0 }).app, 'MS-BACKUP-SAME-SITE');
    expect(f.severity).toBe('error');
    expect(f.message).toBe('the backups of db go to bucket db-backups in eu-central-1, a region that runs dc-a (regionSite), the site that holds every data member of db.');
    expect(f.fix).toBe('Add a replica in a region that dc-a does not run in (replicaRegion and replicaBucketName), or create the bucket in such a region (region, without regionSite).');
  });

  test('refuses a replica whose region runs the same site, naming both buckets', () => {
    const [f] = findings(sample(({ a }) => ({ regionSite: a, replicaRegion: 'eu-west-1', replicaBucketName: 'db-backups-2', replicaRegionSite: a }), { a: 2, b: 0 }).app, 'MS-BACKUP-SAME-SITE');
    expect(f.message).toBe('the backups of db go to bucket db-backups in eu-central-1 and its replica db-backups-2 in eu-west-1, regions that both run dc-a (regionSite, replicaRegionSite), the site that holds every data member of db.');
  });

  test.each([
    ['a replica in a region no site runs in', ({ a }: { a: Site; b: Site }) => ({ regionSite: a, replicaRegion: 'eu-west-1', replicaBucketName: 'db-backups-2' }), { a: 2, b: 0 }],
    ['a replica in the region that runs dc-b', ({ a, b }: { a: Site; b: Site }) => ({ regionSite: a, replicaRegion: 'eu-west-1', replicaBucketName: 'db-backups-2', replicaRegionSite: b }), { a: 2, b: 0 }],
    ['a bucket in a region no site runs in', () => ({}), { a: 2, b: 0 }],
    ['data in both sites', ({ a }: { a: Site; b: Site }) => ({ regionSite: a }), { a: 2, b: 2 }],
  ] as const)('mutation: silent with %s', (_what, target, voters) => {
    expect(findings(sample(target, voters).app, 'MS-BACKUP-SAME-SITE')).toEqual([]);
  });
});

describe('MS-BACKUP-RETENTION with a created bucket', () => {
  const weekly = { schedule: BackupSchedule.cron({ full: '0 2 * * 0' }), retention: Duration.days(3) };

  test('3 days for weekly fulls is silent: the created bucket keeps each backup 3 + 7 days, so the full under every incremental kept stays', () => {
    const { app, db } = sample(() => ({}), undefined, weekly);
    expect(findings(app, 'MS-BACKUP-RETENTION')).toEqual([]);
    expect(db._backup!.target).toMatchObject({ bucketRetentionDays: 10 });
  });

  test('mutation: the same schedule into a bucket the user owns is refused, and the fix offers the created bucket', () => {
    const app = new MultiSiteApp({ outdir: tempOutdir() });
    const a = new ActiveActiveSite(app, 'dc-a');
    const b = new ActiveActiveSite(app, 'dc-b');
    const c = new ActiveActiveSite(app, 'dc-c');
    new DistributedSqlCluster(app, 'db', {
      engine: SqlEngine.cockroachDb(),
      placement: [{ site: a, voters: 1 }, { site: b, voters: 1 }, { site: c, voters: 1 }],
      backup: { ...weekly, target: BackupTarget.existingBucket({ bucketName: 'db-backups', region: 'eu-central-1', credentialsSecret: 's3' }) },
    });
    const [f] = findings(app, 'MS-BACKUP-RETENTION');
    expect(f.fix).toContain('BackupTarget.createdBucket');
  });
});

describe('the stack written: terraform/<cluster>-backup-bucket/', () => {
  test('bucket, region, retention + gap in the lifecycle and the object lock, replica in its region, local state outside the output', () => {
    const outdir = tempOutdir();
    sample(() => ({ replicaRegion: 'eu-west-1', replicaBucketName: 'db-backups-eu-west-1' }), undefined, {}, new MultiSiteApp({ outdir })).app.synth();
    const files = readTree(outdir);
    expect([...files.keys()].filter((f) => f.startsWith('terraform/'))).toEqual(['terraform/db-backup-bucket/cdk.tf.json']);
    const stack = JSON.parse(files.get('terraform/db-backup-bucket/cdk.tf.json')!);
    expect(stack.terraform.backend).toEqual({ local: { path: '../../../.terraform-state/db-backup-bucket.tfstate' } });
    expect(stack.provider.aws).toEqual([{ region: 'eu-central-1' }, { alias: 'replica', region: 'eu-west-1' }]);
    const buckets = stack.resource.aws_s3_bucket;
    expect(buckets.bucket).toMatchObject({ bucket: 'db-backups', object_lock_enabled: true });
    expect(buckets.replica).toMatchObject({ bucket: 'db-backups-eu-west-1', provider: 'aws.replica' });
    for (const id of ['bucket-lifecycle', 'replica-lifecycle']) {
      expect(stack.resource.aws_s3_bucket_lifecycle_configuration[id].rule[0])
        .toMatchObject({ expiration: [{ days: 8 }], noncurrent_version_expiration: [{ noncurrent_days: 8 }] });
    }
    expect(stack.resource.aws_s3_bucket_object_lock_configuration['bucket-object-lock'].rule.default_retention).toEqual({ mode: 'GOVERNANCE', days: 8 });
    expect(stack.resource.aws_s3_bucket_replication_configuration.replication.rule[0].destination.bucket).toBe('${aws_s3_bucket.replica.arn}');
    // The jobs write to the bucket the stack creates, at its region's endpoint.
    const cronJob = [...files.entries()].find(([f, text]) => f.endsWith('.yaml') && text.includes('kind: CronJob'))![1];
    expect(cronJob).toContain('value: https://s3.eu-central-1.amazonaws.com');
    expect(cronJob).toContain('value: db-backups\n');
    // The restore guide says how long the created bucket keeps backups, and asks for no rule of the user's.
    const restore = files.get('RESTORE-db.md')!;
    expect(restore).toContain('Kept 8 days (the retention, 7, + the full-backup gap) by the lifecycle rule of the bucket the library\'s Terraform creates.');
    expect(restore).not.toContain('give the bucket a rule');
  });

  test('a user backend without {stack} is refused once the bucket is a second stack beside another', () => {
    const app = new MultiSiteApp({ outdir: tempOutdir(), terraformBackend: TerraformBackend.s3({ bucket: 'tf-state', key: 'state.tfstate', region: 'eu-central-1' }) });
    const { app: withTwo } = sample(() => ({}), undefined, {}, app);
    new DistributedSqlCluster(withTwo, 'db2', {
      engine: SqlEngine.galera({ arbitratorImage: 'example.com/garbd:26.4' }),
      placement: [
        { site: withTwo.node.findChild('dc-a') as Site, voters: 2 },
        { site: withTwo.node.findChild('dc-b') as Site, voters: 2 },
        { site: withTwo.node.findChild('dc-w') as Site, arbitrators: 1 },
      ],
      backup: { schedule: BackupSchedule.cron({ full: '@daily' }), retention: Duration.days(7), target: BackupTarget.createdBucket({ bucketName: 'db2-backups', region: 'eu-central-1', credentialsSecret: 's3' }) },
    });
    expect(() => withTwo.synth()).toThrow('the stacks db-backup-bucket, db2-backup-bucket would share one state');
  });
});

test('the backups example writes its bucket stack, and nothing else of Terraform', () => {
  const outdir = tempOutdir();
  const { backupsDesign } = jest.requireActual('../examples/backups/design');
  backupsDesign(outdir).synth();
  expect(fs.readdirSync(path.join(outdir, 'terraform'))).toEqual(['orders-backup-bucket']);
});

describe('what the Terraform would create twice is refused', () => {
  /** The sample's app with a second Galera cluster `db2` on the same sites, backing up into a created bucket with `props`. */
  function withSecondCluster(props: Partial<CreatedBucketProps>, first: Partial<CreatedBucketProps> = {}): MultiSiteApp {
    const { app } = sample(() => first);
    const site = (id: string) => app.node.findChild(id) as Site;
    new DistributedSqlCluster(app, 'db2', {
      engine: SqlEngine.galera({ arbitratorImage: 'example.com/garbd:26.4' }),
      placement: [{ site: site('dc-a'), voters: 2 }, { site: site('dc-b'), voters: 2 }, { site: site('dc-w'), arbitrators: 1 }],
      backup: {
        schedule: BackupSchedule.cron({ full: '@daily' }),
        retention: Duration.days(7),
        target: BackupTarget.createdBucket({ bucketName: 'db2-backups', region: 'eu-central-1', credentialsSecret: 's3', ...props }),
      },
    });
    return app;
  }

  test('MS-BACKUP-BUCKET-UNIQUE: two clusters creating one bucket, naming both construct paths, the bucket and the fix', () => {
    const app = withSecondCluster({ bucketName: 'db-backups' });
    const found = findings(app, 'MS-BACKUP-BUCKET-UNIQUE');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      severity: 'error',
      path: 'db2',
      message: 'BackupTarget.createdBucket bucketName db-backups is also created for db (its bucketName): the Terraform would create one bucket twice.',
      fix: 'Give each created bucket its own name, or let db2 back up into db-backups with BackupTarget.existingBucket once db\'s stack has created it (each cluster writes under its own prefix).',
    });
    expect(() => app.synth()).toThrow('MS-BACKUP-BUCKET-UNIQUE');
  });

  test('MS-BACKUP-BUCKET-UNIQUE: a replica bucket that is another cluster\'s bucket', () => {
    const found = findings(withSecondCluster({ replicaRegion: 'eu-west-1', replicaBucketName: 'db-backups' }), 'MS-BACKUP-BUCKET-UNIQUE');
    expect(found.map((f) => f.message)).toEqual(['BackupTarget.createdBucket replicaBucketName db-backups is also created for db (its bucketName): the Terraform would create one bucket twice.']);
  });

  test('distinct buckets: no finding', () => {
    expect(findings(withSecondCluster({}), 'MS-BACKUP-BUCKET-UNIQUE')).toEqual([]);
    expect(findings(withSecondCluster({}), 'MS-TERRAFORM-STACK-UNIQUE')).toEqual([]);
  });

  test('MS-TERRAFORM-STACK-UNIQUE: a GslbZone whose id names the stack a cluster\'s bucket is written under', () => {
    const { app } = sample(() => ({}));
    const sites = ['dc-a', 'dc-b'].map((id) => app.node.findChild(id) as ActiveActiveSite);
    new GslbZone(app, 'db-backup-bucket', { zone: 'app.global.example.com', parentZone: 'example.com', edgeDnsServers: ['192.0.2.53'], sites });
    const found = findings(app, 'MS-TERRAFORM-STACK-UNIQUE');
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      severity: 'error',
      path: 'db',
      message: 'two Terraform stacks are named db-backup-bucket: db backs up to bucket db-backups, created by the Terraform stack terraform/db-backup-bucket/; '
        + 'and db-backup-bucket: GSLB zone app.global.example.com is delegated by the Terraform stack terraform/db-backup-bucket/.',
      fix: 'Rename one of the two constructs (the GslbZone\'s or AnycastVip\'s id, or the cluster, which name the stacks) so that their stacks differ.',
    });
    expect(() => app.synth()).toThrow('MS-TERRAFORM-STACK-UNIQUE');
  });
});
