import { spawnSync } from 'child_process';
import { Duration } from 'cdk8s';
import {
  ActiveActiveSite, BackupSchedule, BackupTarget, DistributedSqlCluster, Latency, MultiSiteApp, SqlEngine, WitnessSite,
} from '../lib';
import { BackupProps } from '../lib/backup';
import { findObject, readObjects, readTree, tempOutdir } from './support/designs';
import { formatProblems, schemasAvailable, validateManifest } from './support/schema-validator';

function design(outdir: string, backup?: BackupProps): MultiSiteApp {
  const app = new MultiSiteApp({ outdir });
  const a = new ActiveActiveSite(app, 'dc-a');
  const b = new ActiveActiveSite(app, 'dc-b');
  const w = new WitnessSite(app, 'dc-w');
  app.addLink(a, b, Latency.ofRttMillis(2));
  app.addLink(a, w, Latency.ofRttMillis(2));
  app.addLink(b, w, Latency.ofRttMillis(2));
  new DistributedSqlCluster(app, 'crdb', {
    engine: SqlEngine.cockroachDb({ certManagerCaSecret: 'multisite-ca' }),
    placement: [{ site: a, voters: 1 }, { site: b, voters: 1 }, { site: w, voters: 1 }],
    backup,
  });
  return app;
}

const target = BackupTarget.existingBucket({
  bucketName: 'crdb-backups', region: 'eu-west-1', endpoint: 'https://minio.example:9000', credentialsSecret: 'backup-s3',
});

function initJob(backup?: BackupProps): any {
  const outdir = tempOutdir();
  design(outdir, backup).synth();
  return { job: findObject(readObjects(outdir), 'Job', 'crdb-init'), files: readTree(outdir) };
}

/** Runs the init script's backup step in bash with `sql` echoing its statement, the keys given as the Secret would. */
function backupStatements(script: string, env: Record<string, string>): string[] {
  const step = script.slice(script.indexOf('set -e\n'));
  const run = step.replace(/^sql\(\) \{.*\}$/m, 'sql() { printf "%s\\n" "$1"; }');
  const result = spawnSync('bash', ['--norc', '--noprofile', '-c', run], { env: { PATH: process.env.PATH, HOME: '/nonexistent', ...env }, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
  expect(result.stderr).toBe('');
  expect(result.status).toBe(0);
  return result.stdout.trim().split('\n');
}

describe('CockroachDB backup: the init Job creates the schedules', () => {
  const full = { schedule: BackupSchedule.cron({ full: '0 2 * * 0', incremental: '0 * * * *' }), retention: Duration.days(30), target };
  const { job, files } = initJob(full);
  const container = job.spec.template.spec.containers[0];
  const script: string = container.command[2];

  test('keys from the Secret by reference, not in the script or any written file', () => {
    expect(container.env).toEqual(expect.arrayContaining([
      { name: 'BACKUP_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 'backup-s3', key: 'AWS_ACCESS_KEY_ID' } } },
      { name: 'BACKUP_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 'backup-s3', key: 'AWS_SECRET_ACCESS_KEY' } } },
    ]));
    expect(script).toContain('AWS_SECRET_ACCESS_KEY=$(urlencode "$BACKUP_SECRET_ACCESS_KEY")');
    for (const [file, text] of files) expect(`${file}: ${/AWS_SECRET_ACCESS_KEY=[A-Za-z0-9%]/.test(text)}`).toBe(`${file}: false`);
  });

  test('run in bash: drops the label\'s old schedules, then full weekly + incremental hourly into the bucket, keys URL-encoded', () => {
    const [drop, create] = backupStatements(script, { BACKUP_ACCESS_KEY_ID: 'AKIAEXAMPLE', BACKUP_SECRET_ACCESS_KEY: 'wJal/rX+Ut=n' });
    expect(drop).toBe("DROP SCHEDULES WITH s AS (SHOW SCHEDULES) SELECT id FROM s WHERE label = 'crdb-backup'");
    expect(create).toBe("CREATE SCHEDULE 'crdb-backup' FOR BACKUP INTO 's3://crdb-backups/crdb?AWS_REGION=eu-west-1&AWS_ENDPOINT=https%3A%2F%2Fminio.example%3A9000"
      + "&AWS_ACCESS_KEY_ID=AKIAEXAMPLE&AWS_SECRET_ACCESS_KEY=wJal%2FrX%2BUt%3Dn' RECURRING '0 * * * *' FULL BACKUP '0 2 * * 0'");
  });

  test('a key with a quote cannot end the SQL string', () => {
    const [, create] = backupStatements(script, { BACKUP_ACCESS_KEY_ID: "a'b", BACKUP_SECRET_ACCESS_KEY: 's' });
    expect(create).toContain('AWS_ACCESS_KEY_ID=a%27b&');
  });

  test('full backups only: FULL BACKUP ALWAYS', () => {
    const only = initJob({ ...full, schedule: BackupSchedule.cron({ full: '@daily' }) }).job.spec.template.spec.containers[0].command[2];
    const [, create] = backupStatements(only, { BACKUP_ACCESS_KEY_ID: 'k', BACKUP_SECRET_ACCESS_KEY: 's' });
    expect(create).toMatch(/ RECURRING '@daily' FULL BACKUP ALWAYS$/);
  });

  test('without backup the init Job is what it was: no backup step, no key variables', () => {
    const plain = initJob().job.spec.template.spec.containers[0];
    expect(plain.command[2]).not.toContain('SCHEDULE');
    expect(plain.env.map((e: any) => e.name)).toEqual(['HOME', 'ZONE_SQL']);
  });

  (schemasAvailable() ? test : test.skip)('the init Job validates strictly', () => {
    expect(formatProblems(validateManifest(job))).toBe('');
  });
});
