import { YugabyteAnalysis } from './analysis';
import { YugabyteDbModel } from './model';
import { YUGABYTE_PORTS } from './ports';
import { MetricsEndpoint } from '../../analysis/metrics-endpoint';
import { workloadLabels } from '../../k8s/labels';
import { SqlClusterOf } from '../../model/design';

/** Where YugabyteDB's Prometheus metrics are documented. */
const SOURCE = 'https://docs.yugabyte.com/stable/launch-and-manage/monitor-and-alert/metrics/ (yb-master :7000 and yb-tserver :9000 /prometheus-metrics)';

/**
 * yb-master and yb-tserver each publish Prometheus metrics at `/prometheus-metrics` on their web
 * server port (`http-ui`, plain HTTP: the writer sets no `webserver_certificate_file`).
 */
export function yugabyteMetricsEndpoints(cluster: SqlClusterOf<YugabyteDbModel>, details: YugabyteAnalysis): MetricsEndpoint[] {
  const common = { port: 'http-ui', path: '/prometheus-metrics', scheme: 'http' as const, source: SOURCE };
  return [
    {
      ...common,
      component: 'master',
      portNumber: YUGABYTE_PORTS.masterHttp,
      podLabels: workloadLabels('yugabytedb', cluster.name, 'master'),
      podsPerSite: new Map([...details.mastersPerSite].filter(([, n]) => n > 0)),
    },
    {
      ...common,
      component: 'tserver',
      portNumber: YUGABYTE_PORTS.tserverHttp,
      podLabels: workloadLabels('yugabytedb', cluster.name, 'database'),
      podsPerSite: new Map(cluster.members.filter((m) => m.voters > 0).map((m) => [m.site, m.voters])),
    },
  ];
}
