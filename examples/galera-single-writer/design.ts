// MariaDB Galera with one writer at a time: data nodes in two datacenters 40 km apart, each its
// own Kubernetes cluster, and the Galera arbitrator (garbd) in a witness site: 2 + 2 data nodes
// + 1 arbitrator = 5 votes. In dc-a and dc-b an HAProxy router sends every write to one node,
// dc-a's first, then dc-a's second, then dc-b's, so two sites never write at once and never meet
// at certification; reads go to the local site's nodes. REPORT.md names the writer and reader
// Services of each site and how long writes take to move when the writer is lost.
//
// Outside this repository, import from 'cdk-multisite' instead of '../../lib';
// `GaleraRouting` comes from there too.
import { Size } from 'cdk8s';
import {
  ActiveActiveSite,
  DeploymentShape,
  DistributedSqlCluster,
  GaleraRouting,
  Latency,
  MultiSiteApp,
  SqlEngine,
  WitnessSite,
} from '../../lib';

/** The single-writer Galera design, ready to synthesize into `outdir` (default: `CDK8S_OUTDIR`, or `dist`). */
export function galeraSingleWriterDesign(outdir?: string): MultiSiteApp {
  const app = new MultiSiteApp({ outdir, shape: DeploymentShape.clusterPerSite() });

  const dcA = new ActiveActiveSite(app, 'dc-a', {
    clusterDomain: 'dc-a.cluster.example',
    podCidrs: ['10.10.0.0/16'],
    serviceCidrs: ['10.110.0.0/16'],
    nodeCidrs: ['172.16.10.0/24'],
    clusterDnsAddress: '172.16.10.53',
  });
  const dcB = new ActiveActiveSite(app, 'dc-b', {
    clusterDomain: 'dc-b.cluster.example',
    podCidrs: ['10.20.0.0/16'],
    serviceCidrs: ['10.120.0.0/16'],
    nodeCidrs: ['172.16.20.0/24'],
    clusterDnsAddress: '172.16.20.53',
  });
  const witness = new WitnessSite(app, 'dc-witness', {
    clusterDomain: 'dc-witness.cluster.example',
    podCidrs: ['10.30.0.0/16'],
    serviceCidrs: ['10.130.0.0/16'],
    nodeCidrs: ['172.16.30.0/24'],
    clusterDnsAddress: '172.16.30.53',
  });

  app.addLink(dcA, dcB, Latency.ofDistanceKm(40));
  app.addLink(dcA, witness, Latency.ofDistanceKm(150));
  app.addLink(dcB, witness, Latency.ofDistanceKm(150));

  new DistributedSqlCluster(app, 'ledger', {
    engine: SqlEngine.galera({
      // garbd is in neither the MariaDB image nor mariadb-operator: build this image yourself,
      // e.g. FROM debian:bookworm-slim + apt-get install galera-arbitrator-4, USER nobody.
      arbitratorImage: 'registry.example.com/platform/garbd:26.4',
      memory: Size.gibibytes(4),
      storageSize: Size.gibibytes(50),
      certManagerCaSecret: 'multisite-ca',
      sqlClientNamespaces: ['ledger-app'],
      // Writes to dc-a while it has a Synced node in the Primary component, then to dc-b. The
      // health-check timing is left to the library: it waits out Galera's eviction of the old
      // writer (evs.inactive_timeout) before moving writes.
      routing: GaleraRouting.singleWriter({ priority: [dcA, dcB] }),
    }),
    placement: [
      { site: dcA, voters: 2 },
      { site: dcB, voters: 2 },
      { site: witness, arbitrators: 1 },
    ],
  });
  return app;
}
