/**
 * Cassandra's ports in K8ssandra pods (k8ssandra/cass-operator v1.30.3,
 * `apis/cassandra/v1beta1/cassandradatacenter_types.go`): internode 7000, which in Cassandra 4
 * carries TLS too (7001 only with the legacy SSL port turned on, for upgrades to 4.0:
 * apache/cassandra `conf/cassandra.yaml`); CQL 9042; the management API 8080, which
 * cass-operator and the control plane's k8ssandra-operator call at the pod IP
 * (cass-operator `pkg/httphelper/client.go`, BuildPodHostFromPod); Prometheus metrics on 9000
 * (`metrics`, the management API's endpoint) or, with the legacy MCAC agent, 9103 (`prometheus`),
 * both ports of the datacenter's all-pods Service (cass-operator v1.30.3
 * `pkg/reconciliation/construct_service.go`, newAllPodsServiceForCassandraDatacenter); Medusa's
 * gRPC server in the `medusa` sidecar, 50051 unless `medusa.serviceProperties.grpcPort` is set
 * (k8ssandra-operator v1.32.5 `pkg/medusa/reconcile.go`, DefaultMedusaPort), which the operator's
 * Medusa controllers call at the pod IP (`controllers/medusa/common.go`, newClient).
 */
export const CASSANDRA_PORTS = { internode: 7000, cql: 9042, management: 8080, metrics: 9000, mcacMetrics: 9103, medusaGrpc: 50051 } as const;
