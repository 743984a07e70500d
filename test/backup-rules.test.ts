import { Duration } from 'cdk8s';
import {
  Acknowledge, ActiveActiveSite, BackupSchedule, BackupTarget, DistributedSqlCluster, GslbStrategy, GslbTarget, GslbZone, Latency, MultiSiteApp, Site,
  SqlEngine, WitnessSite,
} from '../lib';
import { BackupProps } from '../lib/backup';
import { tempOutdir } from './support/designs';

interface Sample {
  readonly app: MultiSiteApp;
  readonly a: Site;
  readonly b: Site;
}

/** Galera: data nodes as `voters` gives them, garbd in the witness; `backup` from the sites. */
function sample(
  backup: (s: { a: Site; b: Site }) => BackupProps | undefined,
  voters: { a: number; b: number } = { a: 2, b: 2 },
  insecure = false,
  published = false,
): Sample {
  const app = new MultiSiteApp({ outdir: tempOutdir() });
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
    engine: SqlEngine.galera({ arbitratorImage: 'example.com/garbd:26.4', insecure }), placement, backup: backup({ a, b }),
  });
  if (published) {
    const zone = new GslbZone(app, 'global', { zone: 'app.global.example.com', parentZone: 'example.com', edgeDnsServers: ['192.0.2.53'], strategy: GslbStrategy.roundRobin() });
    zone.addHost({ hostname: 'shop', namespace: 'shop', target: GslbTarget.ingress('shop'), backendServices: [{ name: 'shop', port: 80 }], dependsOn: db });
  }
  return { app, a, b };
}

const bucket = (copiesInSites?: Site[]) => BackupTarget.existingBucket({ bucketName: 'db-backups', region: 'eu-west-1', credentialsSecret: 's3', copiesInSites });
const daily = BackupSchedule.cron({ full: '@daily' });
const findings = (app: MultiSiteApp, id: string) => app.check().filter((f) => f.ruleId === id && !f.acknowledgedBecause);

describe('MS-BACKUP-SAME-SITE', () => {
  test('refuses a bucket kept only in dc-a when every data node is in dc-a', () => {
    const { app } = sample(({ a }) => ({ schedule: daily, retention: Duration.days(7), target: bucket([a]) }), { a: 2, b: 0 });
    const [f] = findings(app, 'MS-BACKUP-SAME-SITE');
    expect(f.severity).toBe('error');
    expect(f.message).toBe('the backups of db go to bucket db-backups, whose only copy is in dc-a, the site that holds every data member of db.');
  });

  test.each([
    ['a second copy in dc-b', ({ a, b }: { a: Site; b: Site }) => [a, b], { a: 2, b: 0 }],
    ['the copy in the other site', ({ b }: { a: Site; b: Site }) => [b], { a: 2, b: 0 }],
    ['data in both sites', ({ a }: { a: Site; b: Site }) => [a], { a: 2, b: 2 }],
    ['a bucket outside every site', () => undefined, { a: 2, b: 0 }],
  ] as const)('silent with %s', (_name, copies, voters) => {
    const { app } = sample((s) => ({ schedule: daily, retention: Duration.days(7), target: bucket(copies(s)) }), voters);
    expect(findings(app, 'MS-BACKUP-SAME-SITE')).toEqual([]);
  });
});

describe('MS-BACKUP-RETENTION', () => {
  test('refuses 3 days of retention for weekly full backups, naming both', () => {
    const { app } = sample(() => ({ schedule: BackupSchedule.cron({ full: '0 2 * * 0' }), retention: Duration.days(3), target: bucket() }));
    const [f] = findings(app, 'MS-BACKUP-RETENTION');
    expect(f.severity).toBe('error');
    expect(f.message).toBe('db keeps backups 3 days, but full backups ("0 2 * * 0") are up to 7 days apart.');
    expect(f.fix).toContain('at least 7 days');
  });

  test('mutation: 7 days for weekly passes, 6 does not (the limit is the gap itself)', () => {
    const weekly = BackupSchedule.cron({ full: '0 2 * * 0' });
    expect(findings(sample(() => ({ schedule: weekly, retention: Duration.days(7), target: bucket() })).app, 'MS-BACKUP-RETENTION')).toEqual([]);
    expect(findings(sample(() => ({ schedule: weekly, retention: Duration.days(6), target: bucket() })).app, 'MS-BACKUP-RETENTION')).toHaveLength(1);
  });

  test('the gap of a monthly schedule is the longest month: 31 days', () => {
    const monthly = BackupSchedule.cron({ full: '@monthly' });
    expect(findings(sample(() => ({ schedule: monthly, retention: Duration.days(30), target: bucket() })).app, 'MS-BACKUP-RETENTION')).toHaveLength(1);
    expect(findings(sample(() => ({ schedule: monthly, retention: Duration.days(31), target: bucket() })).app, 'MS-BACKUP-RETENTION')).toEqual([]);
  });
});

describe('MS-BACKUP-NONE', () => {
  test('warns for a cluster with TLS on that a GSLB host writes to (production), without backup', () => {
    const { app } = sample(() => undefined, undefined, false, true);
    const [f] = findings(app, 'MS-BACKUP-NONE');
    expect(f.severity).toBe('warning');
    expect(f.message).toBe('db (MariaDB Galera) has no backup, and it is production by the design: TLS on, clients reach it through GSLB host shop.app.global.example.com.');
  });

  test('mutation: silent with a backup, when nothing publishes it, for an insecure (lab) cluster, and when acknowledged', () => {
    expect(findings(sample(() => ({ schedule: daily, retention: Duration.days(7), target: bucket() }), undefined, false, true).app, 'MS-BACKUP-NONE')).toEqual([]);
    expect(findings(sample(() => undefined, undefined, false, false).app, 'MS-BACKUP-NONE')).toEqual([]);
    expect(findings(sample(() => undefined, undefined, true, true).app, 'MS-BACKUP-NONE')).toEqual([]);
    const { app } = sample(() => undefined, undefined, false, true);
    Acknowledge.rule(app, 'MS-BACKUP-NONE', 'backed up by the platform team\'s nightly mariadb-dump to the DR site');
    expect(findings(app, 'MS-BACKUP-NONE')).toEqual([]);
  });
});
