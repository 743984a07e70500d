import {
  ActiveActiveSite,
  CrossSiteDiscovery,
  DeploymentShape,
  DistributedSqlCluster,
  Latency,
  MultiSiteApp,
  SqlEngine,
  WitnessSite,
} from '../../lib';

/**
 * The per-cluster lab with cross-site discovery by the multi-cluster services API: no cluster DNS
 * addresses, members join under clusterset.local; cert-manager issues the certificates.
 */
export function multiClusterServicesLab(outdir: string, crossSiteDiscovery = CrossSiteDiscovery.multiClusterServices()): MultiSiteApp {
  const app = new MultiSiteApp({ outdir, shape: DeploymentShape.clusterPerSite({ crossSiteDiscovery }) });
  const dcA = new ActiveActiveSite(app, 'dc-a', { clusterDomain: 'dc-a.example.internal', podCidrs: ['10.10.0.0/16'] });
  const dcB = new ActiveActiveSite(app, 'dc-b', { clusterDomain: 'dc-b.example.internal', podCidrs: ['10.20.0.0/16'] });
  const witness = new WitnessSite(app, 'dc-witness', { clusterDomain: 'dc-witness.example.internal', podCidrs: ['10.30.0.0/16'] });
  app.addLink(dcA, dcB, Latency.ofRttMillis(2));
  app.addLink(dcA, witness, Latency.ofRttMillis(4));
  app.addLink(dcB, witness, Latency.ofRttMillis(4));
  new DistributedSqlCluster(app, 'crdb', {
    engine: SqlEngine.cockroachDb({ replicationFactor: 5, certManagerCaSecret: 'crdb-ca' }),
    placement: [{ site: dcA, voters: 2 }, { site: dcB, voters: 2 }, { site: witness, voters: 1 }],
  });
  return app;
}
