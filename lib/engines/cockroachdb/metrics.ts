import { CockroachDbModel } from './model';
import { COCKROACH_PORTS } from './ports';
import { MetricsEndpoint } from '../../analysis/metrics-endpoint';
import { workloadLabels } from '../../k8s/labels';
import { SqlClusterOf } from '../../model/design';

/**
 * CockroachDB nodes publish Prometheus metrics at `/_status/vars` on the HTTP port, without a
 * login (https://www.cockroachlabs.com/docs/stable/monitor-cockroachdb-with-prometheus); over
 * HTTPS with the node certificate unless the cluster is insecure. The node certificate names
 * `<cluster>-public` (`nodeCertificateNames`), and its Secret holds `ca.crt` whoever issues it.
 */
export function cockroachMetricsEndpoints(cluster: SqlClusterOf<CockroachDbModel>): MetricsEndpoint[] {
  const engine = cluster.engine;
  return [{
    component: 'database',
    podLabels: workloadLabels('cockroachdb', cluster.name, 'database'),
    port: 'http',
    portNumber: COCKROACH_PORTS.http,
    path: '/_status/vars',
    scheme: engine.insecure ? 'http' : 'https',
    tls: engine.insecure ? undefined : { caSecret: engine.nodeCertificatesSecret, caKey: 'ca.crt', serverName: `${cluster.name}-public` },
    podsPerSite: new Map(cluster.members.filter((m) => m.voters > 0).map((m) => [m.site, m.voters])),
    source: 'https://www.cockroachlabs.com/docs/stable/monitor-cockroachdb-with-prometheus',
  }];
}
