import { Duration, Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Site } from './site';

/** CockroachDB settings. */
export interface CockroachDbOptions {
  /**
   * Container image.
   * @default 'cockroachdb/cockroach:v24.2.0'
   */
  readonly image?: string;
  /**
   * Replicas of each range (`num_replicas` of the default zone). Survival is judged on where
   * CockroachDB puts them: one per site first, then as evenly as the nodes allow. System
   * ranges keep at least 5.
   * @default 3
   */
  readonly replicationFactor?: number;
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
   */
  readonly gcacheSize?: Size;
  /**
   * Write sets a node may queue before flow control pauses the cluster (`gcs.fc_limit`).
   * @default 64
   */
  readonly flowControlLimit?: number;
  /**
   * Namespaces whose pods may open SQL connections, besides the cluster's own namespace.
   * @default - only the cluster's own namespace
   */
  readonly sqlClientNamespaces?: string[];
}

/** Data Guard protection modes the Oracle operator offers. */
export enum DataGuardProtectionMode {
  /** Asynchronous redo transport (ASYNC): the primary never waits; a failover loses what was not shipped. */
  MAX_PERFORMANCE = 'MaxPerformance',
  /** Synchronous redo transport (SYNC) while the standby is reachable, asynchronous when it is not. */
  MAX_AVAILABILITY = 'MaxAvailability',
}

/** Oracle Data Guard settings. */
export interface OracleDataGuardOptions {
  /** The site of the primary database; every other placed site holds a physical standby. */
  readonly primary: Site;
  /**
   * The data loss the business accepts when the primary site is lost (the RPO). Redo shipping
   * is asynchronous at least part of the time, so some loss is possible: state it.
   * @default - none; synth refuses the design (MS-DG-RPO) until it is stated
   */
  readonly rpo?: Duration;
  /**
   * Redo transport mode.
   * @default DataGuardProtectionMode.MAX_PERFORMANCE
   */
  readonly protectionMode?: DataGuardProtectionMode;
  /**
   * Fast-start failover: the observer (placed as the arbitrator of a third site) fails over to
   * the first standby when the primary is lost. When off, failover is manual (see the runbook).
   * @default true
   */
  readonly fastStartFailover?: boolean;
  /**
   * Oracle Database Enterprise Edition image (accept its licence in Oracle's registry).
   * @default 'container-registry.oracle.com/database/enterprise:21.3.0.0'
   */
  readonly image?: string;
  /**
   * docker-registry Secret for the image. Referred to, never created.
   * @default 'oracle-container-registry-secret'
   */
  readonly imagePullSecret?: string;
  /**
   * Secret with the SYS password under key `oracle_pwd`, shared by primary and standbys.
   * Referred to, never created.
   * @default '<cluster>-admin-password'
   */
  readonly adminPasswordSecret?: string;
  /**
   * Volume size of every database.
   * @default Size.gibibytes(100)
   */
  readonly storageSize?: Size;
  /**
   * StorageClass of the database volumes.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * Namespaces whose pods may connect to the listener (1521), besides the cluster's own.
   * @default - only the cluster's own namespace
   */
  readonly clientNamespaces?: string[];
}

/** Settings of an engine, before the cluster's name is known. @internal */
export interface _EngineSettings {
  readonly kind: 'cockroachdb' | 'galera' | 'oracle-data-guard';
  /** Whether the engine has data-less voting members. */
  readonly hasArbitrators: boolean;
  readonly cockroachDb?: CockroachDbOptions;
  readonly galera?: GaleraOptions;
  readonly oracleDataGuard?: OracleDataGuardOptions;
}

/** The database engine of a `DistributedSqlCluster`. */
export class SqlEngine {
  /**
   * CockroachDB: Raft per range, strongly consistent. Every member site holds data,
   * the witness included.
   */
  public static cockroachDb(options: CockroachDbOptions = {}): SqlEngine {
    const rf = options.replicationFactor ?? 3;
    if (!Number.isInteger(rf) || rf < 1) {
      throw new Error(`SqlEngine.cockroachDb: replicationFactor must be a whole number ≥ 1, got ${rf}.`);
    }
    return new SqlEngine('CockroachDB', { kind: 'cockroachdb', hasArbitrators: false, cockroachDb: options });
  }

  /**
   * MariaDB Galera: synchronous, certification-based, every data node in the write path.
   * Data nodes run as one StatefulSet per site, pinned there, each site its own
   * `gmcast.segment`; a witness runs the arbitrator `garbd`, one vote and no data.
   */
  public static galera(options: GaleraOptions = {}): SqlEngine {
    const where = 'SqlEngine.galera';
    if (options.maxRttMillis !== undefined && !(options.maxRttMillis > 0)) {
      throw new Error(`${where}: maxRttMillis must be > 0, got ${options.maxRttMillis}.`);
    }
    if (options.flowControlLimit !== undefined && (!Number.isInteger(options.flowControlLimit) || options.flowControlLimit < 1)) {
      throw new Error(`${where}: flowControlLimit must be a whole number ≥ 1, got ${options.flowControlLimit}.`);
    }
    return new SqlEngine('MariaDB Galera', { kind: 'galera', hasArbitrators: true, galera: options });
  }

  /**
   * Oracle Data Guard with Oracle's Database Operator: one primary, a physical standby in every
   * other placed site (`voters: 1` each), and the fast-start failover observer as the
   * arbitrator of a third site. Asynchronous (RPO > 0), so two sites are allowed; the
   * operator builds standbys only inside one Kubernetes cluster, so it needs the stretched
   * shape. Synth also writes `RUNBOOK-<cluster>.md`.
   */
  public static oracleDataGuard(options: OracleDataGuardOptions): SqlEngine {
    if (options.rpo !== undefined && options.rpo.toSeconds() < 0) {
      throw new Error('SqlEngine.oracleDataGuard: rpo must not be negative.');
    }
    return new SqlEngine('Oracle Data Guard', { kind: 'oracle-data-guard', hasArbitrators: true, oracleDataGuard: options });
  }

  /** The engine's name, for people. */
  public readonly engineName: string;
  /** @internal */
  public readonly _settings: _EngineSettings;

  private constructor(engineName: string, settings: _EngineSettings) {
    this.engineName = engineName;
    this._settings = settings;
  }
}
