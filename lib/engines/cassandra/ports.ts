/**
 * Cassandra's ports in K8ssandra pods: internode 7000 (7001, the legacy TLS port, still
 * opened for older nodes), CQL 9042, the management API 8080 that cass-operator and
 * k8ssandra-operator call. Source: cass-operator `pkg/reconciliation/construct_podtemplatespec.go`
 * (k8ssandra/cass-operator) and Cassandra's `conf/cassandra.yaml`.
 */
export const CASSANDRA_PORTS = { internode: 7000, internodeSsl: 7001, cql: 9042, management: 8080 } as const;
