// Backups as the last line of disaster recovery, for two engines in one stretched Kubernetes
// cluster over three sites (two datacenters and a witness):
// - CockroachDB `orders`: the init Job creates the backup schedules (full weekly, incremental
//   hourly) into an AWS S3 bucket that synth's Terraform creates (terraform/orders-backup-bucket/,
//   applied before the cluster), replicated by S3 to a second region;
// - MariaDB Galera `ledger`: a CronJob streams `mariadb-backup` nightly from the node last in the
//   writers' order into a MinIO bucket that runs in dc-b, replicated to dc-a.
// Each writes RESTORE-<cluster>.md with the restore's exact commands, and REPORT.md gives the
// backup RPO. Create the Secrets the output's APPLY.md names (the keys are never in the manifests).
// Cassandra (Medusa) backups are in examples/cassandra-multi-dc: K8ssandra needs one Kubernetes
// cluster per site, and this example is one stretched cluster.
//
// Outside this repository, import from 'cdk-multisite' instead of '../../lib'.
import { Duration, Size } from 'cdk8s';
import {
  ActiveActiveSite,
  BackupSchedule,
  BackupTarget,
  DeploymentShape,
  DistributedSqlCluster,
  GaleraRouting,
  Latency,
  MultiSiteApp,
  SqlEngine,
  WitnessSite,
} from '../../lib';

/** The backups design, ready to synthesize into `outdir` (default: `CDK8S_OUTDIR`, or `dist`). */
export function backupsDesign(outdir?: string): MultiSiteApp {
  const app = new MultiSiteApp({ outdir, shape: DeploymentShape.stretchedCluster() });

  // One control-plane node (etcd member) per site, so the API server survives the loss of any one site.
  const dcA = new ActiveActiveSite(app, 'dc-a', { controlPlaneNodes: 1 });
  const dcB = new ActiveActiveSite(app, 'dc-b', { controlPlaneNodes: 1 });
  const witness = new WitnessSite(app, 'dc-witness', { controlPlaneNodes: 1 });
  app.addLink(dcA, dcB, Latency.ofDistanceKm(40));
  app.addLink(dcA, witness, Latency.ofDistanceKm(150));
  app.addLink(dcB, witness, Latency.ofDistanceKm(150));

  new DistributedSqlCluster(app, 'orders', {
    engine: SqlEngine.cockroachDb({ certManagerCaSecret: 'multisite-ca', storageSize: Size.gibibytes(50) }),
    placement: [
      { site: dcA, voters: 2 },
      { site: dcB, voters: 2 },
      { site: witness, voters: 1 },
    ],
    backup: {
      // Sundays 01:00 a full backup, every hour an incremental one on top of it (UTC).
      schedule: BackupSchedule.cron({ full: '0 1 * * 0', incremental: '0 * * * *' }),
      // At least a week, so a full backup is always kept (MS-BACKUP-RETENTION).
      retention: Duration.days(35),
      // Versioned, object lock (governance), encrypted; S3 replicates every backup to eu-west-1.
      // No site of this design runs in either region (no regionSite): both copies are off-site.
      target: BackupTarget.createdBucket({
        bucketName: 'example-orders-backups',
        region: 'eu-central-1',
        replicaRegion: 'eu-west-1',
        replicaBucketName: 'example-orders-backups-eu-west-1',
        credentialsSecret: 'orders-backup-s3',
      }),
    },
  });

  new DistributedSqlCluster(app, 'ledger', {
    engine: SqlEngine.galera({
      // garbd is in neither the MariaDB image nor mariadb-operator: build this image yourself,
      // e.g. FROM debian:bookworm-slim + apt-get install galera-arbitrator-4, USER nobody.
      arbitratorImage: 'registry.example.com/platform/garbd:26.4',
      memory: Size.gibibytes(4),
      storageSize: Size.gibibytes(50),
      certManagerCaSecret: 'multisite-ca',
      // Writes go to dc-a first: the backup is taken from dc-b's last node, never the writer.
      routing: GaleraRouting.singleWriter({ priority: [dcA, dcB] }),
    }),
    placement: [
      { site: dcA, voters: 2 },
      { site: dcB, voters: 2 },
      { site: witness, arbitrators: 1 },
    ],
    backup: {
      // Every night at 02:30 UTC, a full physical backup (Galera takes no incremental one here).
      schedule: BackupSchedule.cron({ full: '30 2 * * *' }),
      retention: Duration.days(14),
      target: BackupTarget.existingBucket({
        bucketName: 'ledger-backups',
        region: 'us-east-1',
        endpoint: 'https://minio.dc-b.example.com:9000',
        credentialsSecret: 'ledger-backup-s3',
        // The MinIO runs in dc-b and replicates its bucket to a MinIO in dc-a.
        copiesInSites: [dcB, dcA],
      }),
    },
  });
  return app;
}
