// MariaDB Galera across a metro: data nodes in two datacenters 40 km apart (0.8 ms RTT),
// and the Galera arbitrator (garbd) in a witness site: 2 + 2 data nodes + 1 arbitrator = 5
// votes. Losing dc-b keeps the primary component (3 of 5); losing dc-b and the witness halts
// writes (2 of 5), by design.
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
  WitnessSite,
} from '../../lib';

/**
 * The metro Galera design, ready to synthesize into `outdir` (default: `CDK8S_OUTDIR`, or `dist`),
 * with `monitoring` when given (the exporter sidecars, PodMonitors and alert rules).
 */
export function galeraMetroDesign(outdir?: string, monitoring?: Monitoring): MultiSiteApp {
  const app = new MultiSiteApp({ outdir, shape: DeploymentShape.stretchedCluster(), monitoring });

  // One control-plane node (etcd member) per site, so the API server survives the loss of any one site.
  const dcA = new ActiveActiveSite(app, 'dc-a', { controlPlaneNodes: 1 });
  const dcB = new ActiveActiveSite(app, 'dc-b', { controlPlaneNodes: 1 });
  const witness = new WitnessSite(app, 'dc-witness', { controlPlaneNodes: 1 });

  app.addLink(dcA, dcB, Latency.ofDistanceKm(40));
  app.addLink(dcA, witness, Latency.ofDistanceKm(150));
  app.addLink(dcB, witness, Latency.ofDistanceKm(150));

  new DistributedSqlCluster(app, 'orders', {
    engine: SqlEngine.galera({
      // garbd is in neither the MariaDB image nor mariadb-operator: build this image yourself,
      // e.g. FROM debian:bookworm-slim + apt-get install galera-arbitrator-4, USER nobody.
      arbitratorImage: 'registry.example.com/platform/garbd:26.4',
      memory: Size.gibibytes(4),
      storageSize: Size.gibibytes(50),
      // Replication TLS from one CA (a Secret you create); cert-manager issues the certificate.
      certManagerCaSecret: 'multisite-ca',
    }),
    placement: [
      { site: dcA, voters: 2 },
      { site: dcB, voters: 2 },
      { site: witness, arbitrators: 1 },
    ],
  });
  return app;
}
