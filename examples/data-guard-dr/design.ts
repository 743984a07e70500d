// Oracle Data Guard for disaster recovery (active-passive): the primary in dc-a, a physical
// standby 800 km away in dc-b, and the fast-start failover observer in a witness site. Redo
// ships asynchronously, so a failover may lose up to the stated RPO; RUNBOOK-ledger.md says
// what a person does when dc-a is lost.
//
// Outside this repository, import from 'cdk-multisite' instead of '../../lib'.
import { Duration, Size } from 'cdk8s';
import {
  ActiveActiveSite,
  DataGuardProtectionMode,
  DeploymentShape,
  DistributedSqlCluster,
  Latency,
  Monitoring,
  MultiSiteApp,
  SqlEngine,
  WitnessSite,
} from '../../lib';

/**
 * The DR design, ready to synthesize into `outdir` (default: `CDK8S_OUTDIR`, or `dist`); with
 * `monitoring`, Oracle's metrics exporter beside each database and the lag and margin alerts.
 */
export function dataGuardDrDesign(outdir?: string, monitoring?: Monitoring): MultiSiteApp {
  const app = new MultiSiteApp({ outdir, shape: DeploymentShape.stretchedCluster(), monitoring });

  // One control-plane node (etcd member) per site, so the API server survives the loss of any one site.
  const dcA = new ActiveActiveSite(app, 'dc-a', { controlPlaneNodes: 1 });
  const dcB = new ActiveActiveSite(app, 'dc-b', { controlPlaneNodes: 1 });
  const witness = new WitnessSite(app, 'dc-witness', { controlPlaneNodes: 1 });

  app.addLink(dcA, dcB, Latency.ofDistanceKm(800));
  app.addLink(dcA, witness, Latency.ofDistanceKm(400));
  app.addLink(dcB, witness, Latency.ofDistanceKm(400));

  new DistributedSqlCluster(app, 'ledger', {
    engine: SqlEngine.oracleDataGuard({
      primary: dcA,
      rpo: Duration.seconds(30),
      protectionMode: DataGuardProtectionMode.MAX_PERFORMANCE,
      fastStartFailover: true,
      storageSize: Size.gibibytes(200),
      // TCPS between sites: the same CA Secret in every cluster; the library writes the Issuer and each database's Certificate.
      certManagerCaSecret: 'multisite-ca',
    }),
    placement: [
      { site: dcA, voters: 1 },
      { site: dcB, voters: 1 },
      { site: witness, arbitrators: 1 },
    ],
  });
  return app;
}
