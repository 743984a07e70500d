import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Site } from '../../site';

/** CockroachDB settings. */
export interface CockroachDbOptions {
  /**
   * Container image.
   * @default 'cockroachdb/cockroach:v24.2.0'
   * @see https://www.cockroachlabs.com/docs/releases/
   */
  readonly image?: string;
  /**
   * Replicas of each range (`num_replicas` of the default zone). Survival is judged on where
   * CockroachDB puts them: one per site first, then as evenly as the nodes allow. System
   * ranges keep at least 5.
   * @default 3
   * @see https://www.cockroachlabs.com/docs/stable/configure-replication-zones
   */
  readonly replicationFactor?: number;
  /**
   * Sites whose nodes should hold the leases (where writes start), most preferred first: written
   * as `lease_preferences`, and the report's commit floors are the ones from these sites. Each
   * must hold voters.
   * @default - CockroachDB places leases where it likes; the report gives a floor per member site
   * @see https://www.cockroachlabs.com/docs/stable/configure-replication-zones#lease_preferences
   */
  readonly leasePreferences?: Site[];
  /**
   * Run without TLS. For labs only: reported as warning MS-INSECURE-CLUSTER.
   * @default false
   */
  readonly insecure?: boolean;
  /**
   * Name of the Secret (in the cluster's namespace, in every site) holding `ca.crt`,
   * `node.crt` and `node.key`. The node certificate must cover every member's name; the
   * report lists them. The library refers to it and never creates it.
   * @default '<cluster>-node-certs'
   */
  readonly nodeCertificatesSecret?: string;
  /**
   * Name of the Secret holding `ca.crt`, `client.root.crt` and `client.root.key`, used by
   * the init Job. The library refers to it and never creates it.
   * @default '<cluster>-root-client-certs'
   */
  readonly rootClientCertificatesSecret?: string;
  /**
   * Name of a Secret (\`tls.crt\`, \`tls.key\`) holding the CA every site trusts. When set, the
   * library writes a cert-manager Issuer backed by it and the Certificates that fill the
   * certificate Secrets above, in every Kubernetes cluster; provide the same CA Secret in each.
   * @default - the certificate Secrets are provided some other way
   */
  readonly certManagerCaSecret?: string;
  /**
   * Volume size of every node. The witness holds a full replica of every range (CockroachDB
   * has no data-less witness), so it gets the same.
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
   * Memory of each node (request and limit); cache and SQL memory take 25% each.
   * @default Size.gibibytes(8)
   */
  readonly memory?: Size;
  /**
   * Namespaces whose pods may open SQL connections, besides the cluster's own namespace.
   * @default - only the cluster's own namespace
   */
  readonly sqlClientNamespaces?: string[];
}
