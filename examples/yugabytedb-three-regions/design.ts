// YugabyteDB across three regions, one Kubernetes cluster per region (seed 000 weighs it beside
// Galera and CockroachDB). Each region runs one yb-master and three yb-tservers; every tablet
// keeps one replica per region (replication factor 3), so losing any one region keeps a
// majority of every tablet and of the masters. Tablet leaders are preferred in eu-central, where
// most writes start, then eu-west.
//
// Outside this repository, import from 'cdk-multisite' instead of '../../lib'.
import { Size } from 'cdk8s';
import {
  ActiveActiveSite,
  DeploymentShape,
  DistributedSqlCluster,
  Latency,
  Monitoring,
  MultiSiteApp,
  SqlEngine,
} from '../../lib';

/**
 * The three-region YugabyteDB design, ready to synthesize into `outdir` (default: `CDK8S_OUTDIR`, or `dist`).
 * With `monitoring`, each region's Prometheus gets its masters' and tservers' PodMonitors and alerts.
 */
export function yugabyteThreeRegionsDesign(outdir?: string, monitoring?: Monitoring): MultiSiteApp {
  const app = new MultiSiteApp({ outdir, shape: DeploymentShape.clusterPerSite(), monitoring });

  const west = new ActiveActiveSite(app, 'eu-west', {
    clusterDomain: 'eu-west.cluster.example',
    podCidrs: ['10.41.0.0/16'],
    serviceCidrs: ['10.141.0.0/16'],
    nodeCidrs: ['172.20.41.0/24'],
    clusterDnsAddress: '172.20.41.53',
  });
  const central = new ActiveActiveSite(app, 'eu-central', {
    clusterDomain: 'eu-central.cluster.example',
    podCidrs: ['10.42.0.0/16'],
    serviceCidrs: ['10.142.0.0/16'],
    nodeCidrs: ['172.20.42.0/24'],
    clusterDnsAddress: '172.20.42.53',
  });
  const north = new ActiveActiveSite(app, 'eu-north', {
    clusterDomain: 'eu-north.cluster.example',
    podCidrs: ['10.43.0.0/16'],
    serviceCidrs: ['10.143.0.0/16'],
    nodeCidrs: ['172.20.43.0/24'],
    clusterDnsAddress: '172.20.43.53',
  });

  // Fiber distances: Dublin–Frankfurt, Frankfurt–Stockholm, Dublin–Stockholm.
  app.addLink(west, central, Latency.ofDistanceKm(1100));
  app.addLink(central, north, Latency.ofDistanceKm(1200));
  app.addLink(west, north, Latency.ofDistanceKm(1650));

  new DistributedSqlCluster(app, 'ybdb', {
    engine: SqlEngine.yugabyteDb({
      replicationFactor: 3,
      preferredLeaderSites: [central, west],
      tserverStorageSize: Size.gibibytes(50),
      sqlClientNamespaces: ['app'],
      // One CA for every region (a Secret you create in namespace ybdb of each cluster);
      // cert-manager issues each region's server certificate from it.
      certManagerCaSecret: 'multisite-ca',
    }),
    placement: [
      { site: west, voters: 3 },
      { site: central, voters: 3 },
      { site: north, voters: 3 },
    ],
  });
  return app;
}
