import { Duration } from 'cdk8s';
import {
  ActiveActiveSite, BackupSchedule, BackupTarget, DistributedSqlCluster, MultiSiteApp, Site, SqlEngine, WitnessSite,
} from '../lib';
import { BackupProps } from '../lib/backup';
import { cronProblem, longestGapMinutes } from '../lib/model/cron';
import { SqlEngine as Engine } from '../lib/sql-engine';
import { tempOutdir } from './support/designs';

const target = BackupTarget.existingBucket({ bucketName: 'orders-backups', region: 'eu-west-1', credentialsSecret: 'backup-s3' });
const good: BackupProps = { schedule: BackupSchedule.cron({ full: '0 2 * * 0', incremental: '0 * * * *' }), retention: Duration.days(14), target };

function cluster(backup: BackupProps, engine: Engine | ((primary: Site) => Engine) = SqlEngine.cockroachDb()): DistributedSqlCluster {
  const app = new MultiSiteApp({ outdir: tempOutdir() });
  const a = new ActiveActiveSite(app, 'dc-a');
  const b = new ActiveActiveSite(app, 'dc-b');
  const w = new WitnessSite(app, 'dc-w');
  const e = typeof engine === 'function' ? engine(a) : engine;
  return new DistributedSqlCluster(app, 'orders', { engine: e, placement: [{ site: a, voters: 1 }, { site: b, voters: 1 }, { site: w, voters: 1 }], backup });
}

describe('cron expressions', () => {
  test('gaps: hourly 60 min, weekly 7 days, a macro, a step, and the day-of-month OR day-of-week rule of cron', () => {
    expect(longestGapMinutes('0 * * * *')).toBe(60);
    expect(longestGapMinutes('0 2 * * 0')).toBe(7 * 24 * 60);
    expect(longestGapMinutes('@daily')).toBe(24 * 60);
    expect(longestGapMinutes('*/15 * * * *')).toBe(15);
    // Both day fields restricted: fires on the 1st OR on Mondays, so the gap is at most 7 days.
    expect(longestGapMinutes('0 0 1 * 1')).toBe(7 * 24 * 60);
    // Day of week *: fires on the 31st of months that have one: Jul 31 → Aug 31 is 31 days, Aug 31 → Oct 31 is 61.
    expect(longestGapMinutes('0 0 31 * *')).toBe(61 * 24 * 60);
    expect(longestGapMinutes('0 0 31 2 *')).toBeUndefined();
    // Full on Sundays, incrementals Monday to Saturday: a backup every day, not the incrementals'
    // two days from Saturday to Monday (the smaller of the two schedules' own gaps).
    expect(longestGapMinutes('0 2 * * 0', '0 2 * * 1-6')).toBe(24 * 60);
    // Full at midnight, an incremental at noon: twelve hours, where each alone leaves a day.
    expect(longestGapMinutes('0 0 * * *', '0 12 * * *')).toBe(12 * 60);
  });

  test('what is not a cron expression is named', () => {
    expect(cronProblem('every day')).toMatch(/has 2 fields; a cron expression has five/);
    expect(cronProblem('0 25 * * *')).toBe('has hour field "25": 25 is outside 0-23');
    expect(cronProblem('0 0 * * MON')).toMatch(/numbers only/);
    expect(cronProblem('0 0 * * 0')).toBeUndefined();
  });
});

describe('DistributedSqlCluster backup prop', () => {
  test('a good backup becomes the model: gaps, retention, defaults of the target', () => {
    const c = cluster(good);
    expect(c._backup).toEqual({
      schedule: { full: '0 2 * * 0', incremental: '0 * * * *', fullGapMinutes: 10080, anyGapMinutes: 60 },
      retentionDays: 14,
      target: {
        kind: 'existing-bucket',
        bucket: 'orders-backups',
        prefix: 'orders',
        region: 'eu-west-1',
        endpoint: 'https://s3.eu-west-1.amazonaws.com',
        credentialsSecret: 'backup-s3',
        accessKeyIdKey: 'AWS_ACCESS_KEY_ID',
        secretAccessKeyKey: 'AWS_SECRET_ACCESS_KEY',
        copySites: [],
        copyOutsideSites: true,
      },
    });
  });

  test('bad inputs are refused with the prop, the value, the construct path and the fix', () => {
    expect(() => cluster({ ...good, retention: Duration.days(0) }))
      .toThrow('DistributedSqlCluster "orders": backup.retention "0 days" must be whole days, at least one');
    expect(() => cluster({ ...good, retention: Duration.hours(36) })).toThrow(/backup.retention "1.5 days" must be whole days/);
    expect(() => cluster({ ...good, schedule: BackupSchedule.cron({ full: 'nightly' }) }))
      .toThrow('DistributedSqlCluster "orders": backup.schedule.full "nightly" is not a cron expression: it has 1 field;');
    expect(() => cluster({ ...good, schedule: BackupSchedule.cron({ full: '0 2 * * 0', incremental: '61 * * * *' }) }))
      .toThrow('backup.schedule.incremental "61 * * * *" is not a cron expression: it has minute field "61": 61 is outside 0-59');
    expect(() => cluster({ ...good, target: BackupTarget.existingBucket({ bucketName: 'Orders_Backups', region: 'eu-west-1', credentialsSecret: 'backup-s3' }) }))
      .toThrow('DistributedSqlCluster "orders": backup.target.bucketName "Orders_Backups" has "O", "_", "B"; S3 bucket names have only lowercase letters');
    expect(() => cluster({ ...good, target: BackupTarget.existingBucket({ bucketName: 'orders', region: 'europe', credentialsSecret: 's' }) }))
      .toThrow('DistributedSqlCluster "orders": backup.target.region "europe" is not an AWS region code (e.g. "eu-west-1"); for another S3-compatible store give its endpoint too.');
    expect(() => cluster({ ...good, target: BackupTarget.existingBucket({ bucketName: 'orders', region: 'minio', endpoint: 'https://minio.example.com:9000', credentialsSecret: 's' }) }))
      .not.toThrow();
    expect(() => cluster({ ...good, target: BackupTarget.existingBucket({ bucketName: 'orders', region: 'eu-west-1', credentialsSecret: 'Bad_Secret' }) }))
      .toThrow(/backup.target.credentialsSecret "Bad_Secret" is not a Secret name/);
    expect(() => cluster({ ...good, target: BackupTarget.existingBucket({ bucketName: 'orders', region: 'eu-west-1', credentialsSecret: 's', endpoint: "http://x'y" }) }))
      .toThrow(/backup.target.endpoint "http:\/\/x'y" is not an http\(s\) URL/);
  });

  test('an incremental schedule is refused for an engine with full backups only (Galera)', () => {
    expect(() => cluster(good, SqlEngine.galera())).toThrow(/backup.schedule.incremental "0 \* \* \* \*" is set, but MariaDB Galera backups here are full only \(mariadb-backup\)/);
    expect(() => cluster({ ...good, schedule: BackupSchedule.cron({ full: '@daily' }) }, SqlEngine.galera())).not.toThrow();
    expect(() => cluster(good, SqlEngine.yugabyteDb())).toThrow(/backup.schedule.incremental "0 \* \* \* \*" is set, but YugabyteDB backups here are full only \(yb-admin create_database_snapshot\)/);
  });

  test('an engine whose backups the library does not write refuses backup, with the reason', () => {
    expect(() => cluster(good, (primary) => SqlEngine.oracleDataGuard({ primary })))
      .toThrow(/backup is set, but the library writes no Oracle Data Guard backups: Oracle's Database Operator \(2.2\) takes no backups of a SingleInstanceDatabase/);
  });
});

describe('the engine seam', () => {
  test('every registered engine either writes backups or says why it refuses them: none ignores backup', () => {
    const { ENGINES } = jest.requireActual('../lib/engines/registry');
    const answers = Object.fromEntries(ENGINES.map((e: any) => [e.kind, e.backup ? `writes (${e.backup.tool})` : `refuses: ${e.noBackupReason !== undefined}`]));
    expect(answers).toEqual({
      'cockroachdb': 'writes (CREATE SCHEDULE FOR BACKUP)',
      'galera': 'writes (mariadb-backup)',
      'cassandra': 'writes (Medusa (K8ssandra MedusaBackupSchedule))',
      'yugabytedb': 'writes (yb-admin create_database_snapshot)',
      'oracle-data-guard': 'refuses: true',
    });
  });
});
