import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Site } from '../../site';

/**
 * A Cassandra consistency level: how many replicas, and where, must answer before a read or a
 * write succeeds.
 * @see https://cassandra.apache.org/doc/latest/cassandra/architecture/dynamo.html#tunable-consistency
 */
export enum CassandraConsistency {
  /** One replica, in any datacenter. */
  ONE = 'ONE',
  /** Two replicas, in any datacenters. */
  TWO = 'TWO',
  /** Three replicas, in any datacenters. */
  THREE = 'THREE',
  /** A majority of all replicas over every datacenter: ⌊ΣRF/2⌋ + 1. */
  QUORUM = 'QUORUM',
  /** Every replica in every datacenter. */
  ALL = 'ALL',
  /** One replica in the coordinator's datacenter. */
  LOCAL_ONE = 'LOCAL_ONE',
  /** A majority of the replicas in the coordinator's datacenter. */
  LOCAL_QUORUM = 'LOCAL_QUORUM',
  /** A majority of the replicas in every datacenter. */
  EACH_QUORUM = 'EACH_QUORUM',
  /** Paxos over a majority of all replicas (lightweight transactions), like QUORUM. */
  SERIAL = 'SERIAL',
  /** Paxos over a majority of the coordinator's datacenter, like LOCAL_QUORUM. */
  LOCAL_SERIAL = 'LOCAL_SERIAL',
}

/** The replication factor of a keyspace in one site's datacenter. */
export interface CassandraSiteReplication {
  /** The site (its datacenter). */
  readonly site: Site;
  /** Replicas of every row in that datacenter (0 keeps none there). */
  readonly replicationFactor: number;
}

/** A user keyspace, replicated with `NetworkTopologyStrategy`. */
export interface CassandraKeyspace {
  /** The keyspace name. */
  readonly name: string;
  /**
   * Replicas of every row in each datacenter.
   * @default - 3, or the datacenter's size when it has fewer nodes
   */
  readonly replicationFactor?: number;
  /**
   * Per-site exceptions to `replicationFactor`.
   * @default - none
   */
  readonly perSite?: CassandraSiteReplication[];
}

/** The racks of one site's datacenter: one per zone of the site's Kubernetes cluster. */
export interface CassandraSiteRacks {
  /** The site. */
  readonly site: Site;
  /**
   * Zones (values of `topology.kubernetes.io/zone` on the site's nodes); each becomes a rack
   * pinned to it. One rack, or at least as many as the replication factor (k8ssandra-operator #667).
   */
  readonly zones: string[];
}

/** The kubeconfig context through which k8ssandra-operator reaches one site's cluster. */
export interface CassandraKubernetesContext {
  /** The site. */
  readonly site: Site;
  /**
   * Name of the context, as registered with k8ssandra-operator (a ClientConfig).
   * @see https://docs.k8ssandra.io/install/local/multi-cluster-helm/
   */
  readonly context: string;
}

/** Apache Cassandra settings (K8ssandra). */
export interface CassandraOptions {
  /**
   * The user keyspaces and their replication per datacenter.
   * @default - none; the analysis uses 3 replicas per datacenter (fewer where a datacenter is smaller)
   */
  readonly keyspaces?: CassandraKeyspace[];
  /**
   * The consistency level the application reads with.
   * @default CassandraConsistency.LOCAL_QUORUM
   */
  readonly readConsistency?: CassandraConsistency;
  /**
   * The consistency level the application writes with.
   * @default CassandraConsistency.LOCAL_QUORUM
   */
  readonly writeConsistency?: CassandraConsistency;
  /**
   * The site whose Kubernetes cluster runs k8ssandra-operator's control plane and holds the
   * `K8ssandraCluster`. Best a site without a datacenter (a witness): losing it freezes
   * management, not data (k8ssandra-operator #139).
   * @default - the first WitnessSite without a datacenter; otherwise the first datacenter's site
   */
  readonly controlPlane?: Site;
  /**
   * The kubeconfig context of each site's cluster, as the control plane knows it.
   * @default - each site's name
   */
  readonly kubernetesContexts?: CassandraKubernetesContext[];
  /**
   * The racks of each datacenter, pinned to zones.
   * @default - one rack, `default`, not pinned to a zone
   */
  readonly racks?: CassandraSiteRacks[];
  /**
   * Cassandra version (`serverVersion`).
   * @default '4.1.5'
   * @see https://docs.k8ssandra.io/reference/crd/k8ssandra-operator-crds-latest/
   */
  readonly serverVersion?: string;
  /**
   * Volume size of every node.
   * @default Size.gibibytes(100)
   */
  readonly storageSize?: Size;
  /**
   * StorageClass of the data volumes.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * CPU of each node (request and limit).
   * @default Cpu.units(2)
   */
  readonly cpu?: Cpu;
  /**
   * Memory of each node (request and limit); the JVM heap gets half, at most 8 GiB.
   * @default Size.gibibytes(8)
   */
  readonly memory?: Size;
  /**
   * Name of a Secret (`tls.crt`, `tls.key`) holding the CA every site trusts: the library writes
   * a cert-manager Issuer backed by it and a Certificate per datacenter whose Secret holds
   * `keystore.jks` and `truststore.jks`. Provide the same CA Secret in every data site.
   * @default '<cluster>-ca'
   */
  readonly certManagerCaSecret?: string;
  /**
   * Secret with the keystore and truststore password under key `password`, in every data site.
   * Referred to, never created.
   * @default '<cluster>-keystore-password'
   */
  readonly keystorePasswordSecret?: string;
  /**
   * Secret with the password (key `password`) of the CQL role `write_health` that the write-path
   * probe of a GSLB host depending on this cluster logs in as: it may modify the table
   * `write_health.datacenters` and nothing else. Referred to, never created; needed in the
   * namespace of every such host (APPLY.md creates the role from it once). Unused without such a host.
   * @default '<cluster>-write-health'
   */
  readonly writeHealthPasswordSecret?: string;
  /**
   * Run without TLS between nodes and to clients. For labs only: reported as warning MS-INSECURE-CLUSTER.
   * @default false
   */
  readonly insecure?: boolean;
  /**
   * Namespaces whose pods may open CQL connections (9042), besides the cluster's own.
   * @default - only the cluster's own namespace
   */
  readonly clientNamespaces?: string[];
  /**
   * Namespace of k8ssandra-operator and cass-operator in every cluster: their pods call the
   * management API (8080) of the Cassandra pods.
   * @default 'k8ssandra-operator'
   */
  readonly operatorNamespace?: string;
}
