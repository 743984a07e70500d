// MariaDB Galera with one writer at a time: data nodes in two datacenters 40 km apart and the
// Galera arbitrator (garbd) in a witness site: 2 + 2 data nodes + 1 arbitrator = 5 votes. In
// dc-a and dc-b an HAProxy router sends every write to one node, dc-b's first, then dc-b's
// second, then dc-a's, so two sites never write at once and never meet at certification; reads
// go to the local site's nodes. REPORT.md names the writer and reader Services of each site and
// how long writes take to move when the writer is lost. The Galera failure lab runs this design
// (test/failure-lab/galera-single-writer.test.ts).
//
// Outside this repository, import from 'cdk-multisite' instead of '../../lib'.
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
  const app = new MultiSiteApp({ outdir, shape: DeploymentShape.stretchedCluster() });

  // One control-plane node (etcd member) per site, so the API server survives the loss of any one site.
  const dcA = new ActiveActiveSite(app, 'dc-a', { controlPlaneNodes: 1 });
  const dcB = new ActiveActiveSite(app, 'dc-b', { controlPlaneNodes: 1 });
  const witness = new WitnessSite(app, 'dc-witness', { controlPlaneNodes: 1 });

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
      // Replication TLS from one CA (a Secret you create); cert-manager issues the certificate.
      certManagerCaSecret: 'multisite-ca',
      // Writes to dc-b while it has a Synced node in the Primary component, then to dc-a. The
      // health-check timing is left to the library: it waits out Galera's eviction of the old
      // writer (evs.inactive_timeout) before moving writes.
      routing: GaleraRouting.singleWriter({ priority: [dcB, dcA] }),
    }),
    placement: [
      { site: dcA, voters: 2 },
      { site: dcB, voters: 2 },
      { site: witness, arbitrators: 1 },
    ],
  });
  return app;
}
