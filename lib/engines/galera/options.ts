import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { GaleraRouting } from './routing';

/** MariaDB Galera settings. */
export interface GaleraOptions {
  /**
   * MariaDB server image (with the Galera provider and mariabackup).
   * @default 'mariadb:11.4'
   */
  readonly image?: string;
  /**
   * Image that runs `garbd`, the Galera arbitrator, as a non-root user. Neither the MariaDB
   * image nor mariadb-operator ship one: build it (e.g. from Debian's `galera-arbitrator-4`).
   * @default - none; required when the placement has arbitrators
   * @see https://galeracluster.com/library/documentation/arbitrator.html
   */
  readonly arbitratorImage?: string;
  /**
   * The highest RTT between data nodes accepted without acknowledging MS-GALERA-LATENCY.
   * Every commit waits for the slowest node, and flow control stalls every site for it.
   * @default 5
   */
  readonly maxRttMillis?: number;
  /**
   * Secret with the root password under key `password`. Referred to, never created.
   * @default '<cluster>-root-password'
   */
  readonly rootPasswordSecret?: string;
  /**
   * Secret with the password (key `password`) of the `write_health` account that the write-path
   * probe of a GSLB host depending on this cluster logs in as. The account has no privilege beyond
   * logging in (USAGE), which is all `SHOW GLOBAL STATUS` needs. Referred to, never created; needed
   * in the cluster's namespace and in the namespace of every such host. Unused without such a host.
   * @default '<cluster>-write-health'
   */
  readonly writeHealthPasswordSecret?: string;
  /**
   * Secret with `ca.crt`, `tls.crt`, `tls.key` (cert-manager's layout) for TLS on Galera
   * replication between sites. Referred to, never created.
   * @default '<cluster>-replication-tls'
   */
  readonly tlsSecret?: string;
  /**
   * Replicate without TLS. For labs only: reported as warning MS-INSECURE-CLUSTER.
   * @default false
   */
  readonly insecure?: boolean;
  /**
   * Name of a Secret (\`tls.crt\`, \`tls.key\`) holding the CA every site trusts. When set, the
   * library writes a cert-manager Issuer backed by it and the Certificates that fill the
   * certificate Secrets above, in every Kubernetes cluster; provide the same CA Secret in each.
   * @default - the certificate Secrets are provided some other way
   */
  readonly certManagerCaSecret?: string;
  /**
   * Volume size of every data node.
   * @default Size.gibibytes(100)
   */
  readonly storageSize?: Size;
  /**
   * StorageClass of the data volumes.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * CPU of each data node (request and limit).
   * @default Cpu.units(2)
   */
  readonly cpu?: Cpu;
  /**
   * Memory of each data node (request and limit). The InnoDB buffer pool takes half and the
   * Galera receive queue is capped at a quarter, so a replication backlog cannot OOM the node.
   * @default Size.gibibytes(8)
   */
  readonly memory?: Size;
  /**
   * Galera's write-set cache (`gcache.size`), on disk: how far behind a node may fall and
   * still rejoin by IST instead of a full SST.
   * @default Size.gibibytes(2)
   * @see https://galeracluster.com/library/documentation/galera-parameters.html#gcache-size
   */
  readonly gcacheSize?: Size;
  /**
   * Write sets a node may queue before flow control pauses the cluster (`gcs.fc_limit`).
   * @default 64
   * @see https://galeracluster.com/library/documentation/galera-parameters.html#gcs-fc-limit
   */
  readonly flowControlLimit?: number;
  /**
   * Namespaces whose pods may open SQL connections, besides the cluster's own namespace.
   * @default - only the cluster's own namespace
   */
  readonly sqlClientNamespaces?: string[];
  /**
   * How clients reach the data nodes: one writer at a time through an HAProxy router in every
   * data site, or every node a writer.
   * @default - GaleraRouting.singleWriter() when the data nodes are in more than one site,
   *   GaleraRouting.multiWriter() when they are all in one
   */
  readonly routing?: GaleraRouting;
}
