import { Duration, Size } from 'cdk8s';
import { Site } from '../../site';

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
