// Seed 001 (DataStax, K8ssandra across Kubernetes clusters): one Cassandra datacenter per
// Kubernetes cluster in dc-east and dc-west, 3 nodes each in three zones (one rack per zone),
// flat pod networks that never overlap, and k8ssandra-operator's control plane in a small
// third cluster that holds no data (dc-control). The application reads and writes at
// LOCAL_QUORUM: either datacenter keeps serving when the other is lost (RPO > 0 between them).
// Backups by Medusa (K8ssandra's sidecar): each datacenter takes a full backup on Sundays and a
// differential one every 6 hours into a bucket in AWS (outside both sites), purged after 30 days;
// RESTORE-cassandra.md has the MedusaRestoreJobs, APPLY.md the credentials Secret to make.
//
// Outside this repository, import from 'cdk-multisite' instead of '../../lib'.
import { Duration, Size } from 'cdk8s';
import {
  ActiveActiveSite,
  BackupSchedule,
  BackupTarget,
  CassandraConsistency,
  DeploymentShape,
  DistributedSqlCluster,
  Latency,
  Monitoring,
  MultiSiteApp,
  SqlEngine,
  WitnessSite,
} from '../../lib';

/**
 * The two-datacenter Cassandra design, ready to synthesize into `outdir` (default: `CDK8S_OUTDIR`, or `dist`).
 * With `monitoring`, K8ssandra's telemetry writes a ServiceMonitor per datacenter and each site gets its alerts.
 */
export function cassandraMultiDcDesign(outdir?: string, monitoring?: Monitoring): MultiSiteApp {
  const app = new MultiSiteApp({ outdir, shape: DeploymentShape.clusterPerSite(), monitoring });

  const east = new ActiveActiveSite(app, 'dc-east', {
    clusterDomain: 'dc-east.cluster.example',
    podCidrs: ['10.200.0.0/16'],
    serviceCidrs: ['10.96.0.0/16'],
    nodeCidrs: ['10.100.0.0/16'],
  });
  const west = new ActiveActiveSite(app, 'dc-west', {
    clusterDomain: 'dc-west.cluster.example',
    podCidrs: ['10.250.0.0/16'],
    serviceCidrs: ['10.97.0.0/16'],
    nodeCidrs: ['10.150.0.0/16'],
  });
  const control = new WitnessSite(app, 'dc-control', {
    clusterDomain: 'dc-control.cluster.example',
    podCidrs: ['10.210.0.0/16'],
    serviceCidrs: ['10.98.0.0/16'],
    nodeCidrs: ['10.160.0.0/16'],
  });
  // Cassandra finds its peers by pod IP (seeds and gossip), never by the other clusters' DNS
  // names, so the sites need no cross-cluster DNS (the library knows: no MS-CROSS-SITE-DNS):
  // routable, disjoint pod CIDRs are what matter.
  app.addLink(east, west, Latency.ofDistanceKm(600));
  app.addLink(east, control, Latency.ofDistanceKm(300));
  app.addLink(west, control, Latency.ofDistanceKm(300));

  new DistributedSqlCluster(app, 'cassandra', {
    engine: SqlEngine.cassandra({
      keyspaces: [{ name: 'orders', replicationFactor: 3 }, { name: 'sessions', replicationFactor: 3 }],
      readConsistency: CassandraConsistency.LOCAL_QUORUM,
      writeConsistency: CassandraConsistency.LOCAL_QUORUM,
      controlPlane: control,
      kubernetesContexts: [
        { site: east, context: 'k8s-east' },
        { site: west, context: 'k8s-west' },
      ],
      racks: [
        { site: east, zones: ['us-east-1a', 'us-east-1b', 'us-east-1c'] },
        { site: west, zones: ['us-west-2a', 'us-west-2b', 'us-west-2c'] },
      ],
      storageSize: Size.gibibytes(200),
      clientNamespaces: ['shop'],
      // One CA for every site (a Secret you create in namespace cassandra of each data cluster).
      certManagerCaSecret: 'multisite-ca',
    }),
    placement: [
      { site: east, voters: 3 },
      { site: west, voters: 3 },
    ],
    backup: {
      // Sundays 03:00 a full backup, every 6 hours a differential one (UTC): Medusa uploads only
      // the SSTables the bucket lacks, and each backup restores on its own.
      schedule: BackupSchedule.cron({ full: '0 3 * * 0', incremental: '0 */6 * * *' }),
      retention: Duration.days(30),
      // Your bucket, with no age-based expiry on the prefix: Medusa's purge deletes old backups.
      // The access key is in Secret cassandra-backup-s3 (keys AWS_ACCESS_KEY_ID and
      // AWS_SECRET_ACCESS_KEY) in namespace cassandra of each data cluster.
      target: BackupTarget.existingBucket({ bucketName: 'example-cassandra-backups', region: 'us-east-2', credentialsSecret: 'cassandra-backup-s3' }),
    },
  });
  return app;
}
