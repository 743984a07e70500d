import { Duration, Size } from 'cdk8s';
import { Site } from '../../site';

/** Data Guard protection modes the Oracle operator offers. */
export enum DataGuardProtectionMode {
  /** Asynchronous redo transport (ASYNC): the primary never waits; a failover loses what was not shipped. */
  MAX_PERFORMANCE = 'MaxPerformance',
  /** Synchronous redo transport (SYNC) while the standby is reachable, asynchronous when it is not. */
  MAX_AVAILABILITY = 'MaxAvailability',
}

/**
 * How the operator's DataguardBroker names its databases.
 *
 * Oracle Database Operator 2.2 (oracle/oracle-database-operator, branch sidbdevbranch, commit
 * e390bb952d5e, apis/database/v4/dataguardbroker_types.go and dataguardbroker_webhook.go
 * `validateNoMixedTopologyAndLegacy`): `spec.topology` cannot be combined with the legacy
 * `primaryDatabaseRef`, `standbyDatabaseRefs`, `protectionMode` and `fastStartFailover`.
 */
export enum DataGuardBrokerMode {
  /** `primaryDatabaseRef` / `standbyDatabaseRefs`: SingleInstanceDatabases in the broker's own namespace and cluster only. */
  LEGACY = 'legacy',
  /** `spec.topology` (members by `localRef` or by `endpoints`) and `spec.execution`: members in other clusters or outside Kubernetes. */
  TOPOLOGY = 'topology',
}

/**
 * A database of the configuration that Kubernetes does not run, e.g. a managed database service
 * (the seed's DBaaS). The library writes the broker topology, the traffic and the runbook for it,
 * never the database itself.
 */
export interface DataGuardExternalMember {
  /** The site it runs in; place it with `{ site, voters: 1 }` like any other database. */
  readonly site: Site;
  /**
   * Its listener as `host:port/SERVICE` (EZConnect), as the operator's `primarySource.connectString`
   * and the broker's `topology.members[].endpoints` take it. Unless the configuration is
   * `insecure`, the broker reaches it over TCPS on the same host at port 2484, with a
   * certificate from the CA the broker's client wallet trusts.
   */
  readonly connectString: string;
  /** Its DB_UNIQUE_NAME: the name dgmgrl knows it by. */
  readonly dbUniqueName: string;
  /**
   * Secret (in the broker's namespace) with its SYS password under key `oracle_pwd`
   * (the broker's `adminSecretRef`). Referred to, never created.
   * @default - the configuration's adminPasswordSecret
   */
  readonly adminPasswordSecret?: string;
}

/** Oracle Data Guard settings. */
export interface OracleDataGuardOptions {
  /** The site of the primary database; every other placed site holds a physical standby. */
  readonly primary: Site;
  /**
   * The data loss the business accepts when the primary site is lost (the RPO). Redo shipping
   * is asynchronous at least part of the time, so some loss is possible: state it. It must be one
   * the configuration keeps (MS-DG-RPO-LIMIT): MaxPerformance above 0, and with fast-start
   * failover at least 5 s, FastStartFailoverLagLimit's least value there (which the report sets to
   * the RPO); MaxAvailability 0 or more.
   * @default - none; synth refuses the design (MS-DG-RPO) until it is stated
   * @see https://docs.oracle.com/en/database/oracle/oracle-database/26/dgbkr/faststartfailoverlaglimit.html
   */
  readonly rpo?: Duration;
  /**
   * Redo transport mode.
   * @default DataGuardProtectionMode.MAX_PERFORMANCE
   * @see https://docs.oracle.com/en/database/oracle/oracle-database/21/sbydb/oracle-data-guard-protection-modes.html
   */
  readonly protectionMode?: DataGuardProtectionMode;
  /**
   * Fast-start failover: the observer (placed as the arbitrator of a third site) fails over to
   * the first standby when the primary is lost. When off, failover is manual (see the runbook).
   * @default true
   * @see https://docs.oracle.com/en/database/oracle/oracle-database/21/dgbkr/using-data-guard-broker-to-manage-switchovers-failovers.html
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
   * Secret with the password (key `password`) of `C##WRITE_HEALTH`, the account the write-path probe
   * of a GSLB host depending on this configuration logs in as: it may log in and read
   * `v$database`, nothing more. Referred to, never created; needed in the namespace of every such
   * host. APPLY.md creates the account on the primary from it. Unused without such a host.
   * @default '<cluster>-write-health'
   */
  readonly writeHealthPasswordSecret?: string;
  /**
   * Secret with the password (key `password`) of `C##DG_MONITOR`, the account Oracle's metrics
   * exporter logs in as with `Monitoring` on: it may log in and read `v$database` and
   * `v$dataguard_stats`, nothing more. Referred to, never created; needed in the configuration's
   * namespace in every site that runs a database. APPLY.md creates the account on the primary
   * from it. Unused without monitoring.
   * @default '<cluster>-monitoring'
   */
  readonly monitoringPasswordSecret?: string;
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
  /**
   * DNS domain under which each Kubernetes-run database is published for the other clusters
   * (one cluster per site): the operator's external LoadBalancer Service
   * (`spec.services.external`) carries the name `<cluster>-<site>.<databaseDomain>` in the
   * external-dns hostname annotation, and standbys and the broker connect to it.
   * @default - none; with one cluster per site synth refuses a standby whose primary has no address (MS-DG-PRIMARY-ADDRESS)
   */
  readonly databaseDomain?: string;
  /**
   * Databases of the configuration that Kubernetes does not run (managed services), by site.
   * @default - every database runs in Kubernetes
   */
  readonly externalMembers?: DataGuardExternalMember[];
  /**
   * How the DataguardBroker names its databases.
   * @default - DataGuardBrokerMode.TOPOLOGY; with `insecure`, DataGuardBrokerMode.LEGACY in a stretched cluster with every database in Kubernetes
   */
  readonly brokerMode?: DataGuardBrokerMode;
  /**
   * Ship redo and broker traffic over TCP in clear instead of TCPS. For labs only: reported as
   * warning MS-INSECURE-CLUSTER. Required with DataGuardBrokerMode.LEGACY, which the operator
   * runs over TCP only.
   * @default false
   */
  readonly insecure?: boolean;
  /**
   * Name of a Secret (`tls.crt`, `tls.key`) holding the CA every site trusts. When set, the
   * library writes a cert-manager Issuer backed by it and, for each Kubernetes-run database,
   * the Certificate that fills its TCPS Secret `<cluster>-<site>-tcps-tls`; provide the same CA
   * Secret in each cluster.
   * @default - the TCPS Secrets are provided some other way
   */
  readonly certManagerCaSecret?: string;
  /**
   * Secret holding the Oracle client wallet (`cwallet.sso`) the broker's runner and observer use
   * to reach the databases over TCPS (`spec.topology.defaults.tcps.clientWalletSecret`), in the
   * broker's namespace. The operator publishes one for each TCPS database as
   * `<database>-dg-client-wallet` in the database's namespace; with one cluster per site, APPLY.md
   * copies the primary's into the broker's cluster before that cluster is applied, with the commands.
   * Referred to, never created.
   * @default '<cluster>-<primary site>-dg-client-wallet' (the primary's, as the operator names it)
   */
  readonly clientWalletSecret?: string;
  /**
   * Image of the broker's runner and observer pods (`spec.execution.image`,
   * `spec.topology.observer.image`): an Oracle image with dgmgrl.
   * @default - the database image
   */
  readonly brokerImage?: string;
}
