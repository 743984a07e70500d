import * as fs from 'fs';
import * as path from 'path';
import { readTree, tempOutdir } from './support/designs';
import { backupsDesign } from '../examples/backups/design';

const outdir = tempOutdir();
backupsDesign(outdir).synth();
const files = readTree(outdir);
const report = JSON.parse(fs.readFileSync(path.join(outdir, 'report.json'), 'utf-8'));
const backupOf = (name: string) => report.clusters.find((c: any) => c.name === name).backup;

describe('the backups example: the report states each cluster\'s backup RPO, copies and restore', () => {
  test('CockroachDB: the RPO follows the hourly incremental, not the weekly full; upload of ≤ 50 GiB × 5 nodes / 3 replicas at 1 Gbit/s', () => {
    const b = backupOf('orders');
    expect(b).toMatchObject({ tool: 'CREATE SCHEDULE FOR BACKUP', intervalMinutes: 60, retentionDays: 35, copySites: [], copyOutsideSites: true });
    expect(b.largestFullBackupBytes).toBe(Math.ceil((50 * 1024 ** 3 * 5) / 3));
    // 89,478,485,334 bytes × 8 / 1e9 bit/s = 716 s → 12 min
    expect(b.uploadMinutesAtAssumedLink).toBe(12);
    expect(b.rpoMinutes).toBe(72);
    expect(b.location).toBe('s3://example-orders-backups/orders/ at https://s3.eu-central-1.amazonaws.com (region eu-central-1), '
      + 'replicated by S3 to s3://example-orders-backups-eu-west-1/orders/ (region eu-west-1)');
  });

  test('CockroachDB\'s bucket is created by terraform/orders-backup-bucket/, keeping 35 + 7 days (retention + the weekly full gap), applied before the cluster', () => {
    expect(backupOf('orders')).toMatchObject({ createdBy: 'terraform/orders-backup-bucket/', bucketRetentionDays: 42 });
    expect(files.get('REPORT.md')).toContain('- The bucket is created by terraform/orders-backup-bucket/ (versioned, object lock in governance mode, encrypted), which keeps each backup 42 days');
    const stack = JSON.parse(files.get('terraform/orders-backup-bucket/cdk.tf.json')!);
    expect(stack.provider.aws).toEqual([{ region: 'eu-central-1' }, { alias: 'replica', region: 'eu-west-1' }]);
    expect(Object.values(stack.resource.aws_s3_bucket).map((r: any) => r.bucket)).toEqual(['example-orders-backups', 'example-orders-backups-eu-west-1']);
    for (const lock of Object.values(stack.resource.aws_s3_bucket_object_lock_configuration) as any[]) {
      expect(lock.rule.default_retention).toEqual({ mode: 'GOVERNANCE', days: 42 });
    }
    const apply = files.get('APPLY.md')!;
    expect(apply).toContain('## 1. Terraform, before the clusters (the backup buckets their backup jobs write to)');
    expect(apply.indexOf('terraform -chdir=terraform/orders-backup-bucket apply')).toBeLessThan(apply.indexOf('## 2. The stretched cluster'));
    expect(files.get('RESTORE-orders.md')).toContain('Kept 42 days (the retention, 35, + the full-backup gap) by the bucket\'s lifecycle rule');
  });

  test('Galera\'s bucket stays the user\'s: no Terraform for it', () => {
    expect(backupOf('ledger').createdBy).toBeUndefined();
    expect([...files.keys()].filter((f) => f.startsWith('terraform/'))).toEqual(['terraform/orders-backup-bucket/cdk.tf.json']);
  });

  test('Galera: nightly full backups of one node\'s 50 GiB volume; copies in dc-b and dc-a', () => {
    const b = backupOf('ledger');
    expect(b).toMatchObject({ tool: 'mariadb-backup', intervalMinutes: 1440, uploadMinutesAtAssumedLink: 8, rpoMinutes: 1448, copySites: ['dc-b', 'dc-a'], copyOutsideSites: false });
    expect(files.get('REPORT.md')).toContain('- Backup RPO: up to 24.1 h = 24 h between backups + 8 min to upload the largest full backup (at most 50 GiB, from the volumes) at an assumed 1 Gbit/s');
  });

  test('RESTORE-ledger.md: every member stopped, the other volumes emptied, the backup restored into the bootstrap node\'s volume, then started', () => {
    const guide = files.get('RESTORE-ledger.md')!;
    expect(guide).toContain('kubectl -n ledger scale statefulset ledger-dc-a --replicas=0');
    expect(guide).toContain('kubectl -n ledger scale deployment ledger-arbitrator-dc-witness --replicas=0');
    expect(guide).not.toContain('delete pvc datadir-ledger-dc-a-0');
    for (const pod of ['ledger-dc-a-1', 'ledger-dc-b-0', 'ledger-dc-b-1']) expect(guide).toContain(`kubectl -n ledger delete pvc datadir-${pod}`);
    expect(guide).toContain('claimName: datadir-ledger-dc-a-0');
    expect(guide).toContain('mariadb-backup --prepare --target-dir=/restore/x');
    expect(guide).toContain('rm -f /var/lib/mysql/grastate.dat');
    expect(guide).toContain('secretKeyRef: { name: ledger-backup-s3, key: AWS_SECRET_ACCESS_KEY }');
    // The restored node first, alone; then the others.
    expect(guide.indexOf('scale statefulset ledger-dc-a --replicas=1')).toBeLessThan(guide.indexOf('scale statefulset ledger-dc-b --replicas=2'));
  });

  test('RESTORE-orders.md: SHOW BACKUPS and RESTORE … FROM LATEST IN the collection, keys as placeholders', () => {
    const guide = files.get('RESTORE-orders.md')!;
    const url = 's3://example-orders-backups/orders?AWS_REGION=eu-central-1&AWS_ENDPOINT=https%3A%2F%2Fs3.eu-central-1.amazonaws.com&AWS_ACCESS_KEY_ID=<url-encoded key id>&AWS_SECRET_ACCESS_KEY=<url-encoded secret key>';
    expect(guide).toContain(`SHOW BACKUPS IN '${url}';`);
    expect(guide).toContain(`RESTORE FROM LATEST IN '${url}';`);
  });
});
