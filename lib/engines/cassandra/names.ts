import { CassandraCluster } from './model';
import { workloadLabels } from '../../k8s/labels';

/** Labels of the Cassandra pods (set through `spec.cassandra.metadata.pods.labels`) that policies select. */
export function cassandraPodLabels(cluster: CassandraCluster): Record<string, string> {
  return workloadLabels('cassandra', cluster.name, 'database');
}

/** The Certificate and Secret with a datacenter's keystore and truststore. */
export function storesSecretName(cluster: CassandraCluster): string {
  return `${cluster.name}-encryption-stores`;
}

/**
 * The Endpoints object that carries the other datacenters' seed pod IPs in `site`'s cluster:
 * `<cluster>-<dc>-additional-seed-service` (k8ssandra-operator `controllers/k8ssandra/seeds.go`).
 */
export function additionalSeedService(cluster: CassandraCluster, site: string): string {
  return `${cluster.name}-${site}-additional-seed-service`;
}

/** The annotation read when a datacenter is added: `{"<dc>": {"<keyspace>": <rf>}}` for every user keyspace. */
export const DC_REPLICATION_ANNOTATION = 'k8ssandra.io/dc-replication';
