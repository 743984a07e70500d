// The lab of seed 000: one Kubernetes cluster whose nodes carry the zones dc-a, dc-b and
// dc-witness, and CockroachDB with 5 voters placed 2 + 2 + 1 and 5 replicas per range.
// Losing dc-b keeps a quorum (3 of 5); losing dc-b and the witness halts (2 of 5), by design.
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

/** The lab, ready to synthesize into `outdir` (default: `CDK8S_OUTDIR`, or `dist`). */
export function labDesign(outdir?: string): MultiSiteApp {
  // Monitoring by prometheus-operator: PodMonitors, and alerts when the next site loss would halt the cluster.
  const app = new MultiSiteApp({
    outdir,
    shape: DeploymentShape.stretchedCluster(),
    monitoring: Monitoring.prometheusOperator({ resourceLabels: { release: 'kube-prometheus-stack' } }),
  });

  // One control-plane node (etcd member) per site, so the API server survives the loss of any one site.
  const dcA = new ActiveActiveSite(app, 'dc-a', { controlPlaneNodes: 1 });
  const dcB = new ActiveActiveSite(app, 'dc-b', { controlPlaneNodes: 1 });
  const witness = new WitnessSite(app, 'dc-witness', { controlPlaneNodes: 1 });

  app.addLink(dcA, dcB, Latency.ofDistanceKm(100));
  app.addLink(dcA, witness, Latency.ofDistanceKm(150));
  app.addLink(dcB, witness, Latency.ofRttMillis(3.5));

  new DistributedSqlCluster(app, 'crdb', {
    engine: SqlEngine.cockroachDb({
      replicationFactor: 5,
      storageSize: Size.gibibytes(20),
    }),
    placement: [
      { site: dcA, voters: 2 },
      { site: dcB, voters: 2 },
      { site: witness, voters: 1 },
    ],
  });
  return app;
}
