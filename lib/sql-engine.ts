import { CASSANDRA } from './engines/cassandra/engine';
import { CassandraOptions } from './engines/cassandra/options';
import { COCKROACHDB } from './engines/cockroachdb/engine';
import { CockroachDbOptions } from './engines/cockroachdb/options';
import { EngineBackup, SqlEngineDefinition } from './engines/engine';
import { GALERA } from './engines/galera/engine';
import { GaleraOptions } from './engines/galera/options';
import { ORACLE_DATA_GUARD } from './engines/oracle-data-guard/engine';
import { OracleDataGuardOptions } from './engines/oracle-data-guard/options';
import { YUGABYTEDB } from './engines/yugabytedb/engine';
import { YugabyteDbOptions } from './engines/yugabytedb/options';
import { Site } from './site';

export * from './engines/cassandra/options';
export * from './engines/cockroachdb/options';
export * from './engines/galera/options';
export { GaleraRouting } from './engines/galera/routing';
export type { GaleraSingleWriterProps, GaleraWriterVip } from './engines/galera/routing';
export * from './engines/oracle-data-guard/options';
export * from './engines/yugabytedb/options';

/** An engine and the options a user gave it, before the cluster's name is known. @internal */
export interface _EngineSettings {
  /** The engine's registry key. */
  readonly kind: string;
  /** Whether the engine has data-less voting members. */
  readonly hasArbitrators: boolean;
  /** The options as given to the factory. */
  readonly options: unknown;
  /** The sites the options name. */
  readonly sitesNamed: readonly Site[];
  /** Whether every member is named in every pod's join list (which caps the members). */
  readonly namesEveryMemberInJoinList: boolean;
  /** The engine's name, for people. */
  readonly engineLabel: string;
  /** How the engine backs a cluster up; unset: `backup` is refused. */
  readonly backup?: EngineBackup;
  /** Why `backup` is refused, for an engine without one. */
  readonly noBackupReason: string;
}

/** The database engine of a `DistributedSqlCluster`. */
export class SqlEngine {
  /**
   * CockroachDB: Raft per range, strongly consistent. Every member site holds data,
   * the witness included.
   */
  public static cockroachDb(options: CockroachDbOptions = {}): SqlEngine {
    return SqlEngine.of(COCKROACHDB, options);
  }

  /**
   * MariaDB Galera: synchronous, certification-based, every data node in the write path.
   * Data nodes run as one StatefulSet per site, pinned there, each site its own
   * `gmcast.segment`; a witness runs the arbitrator `garbd`, one vote and no data.
   */
  public static galera(options: GaleraOptions = {}): SqlEngine {
    return SqlEngine.of(GALERA, options);
  }

  /**
   * Oracle Data Guard with Oracle's Database Operator: one primary, a physical standby in every
   * other placed site (`voters: 1` each), and the fast-start failover observer as the
   * arbitrator of a third site. Asynchronous (RPO > 0), so two sites are allowed. In one
   * stretched cluster, or with one cluster per site (operator 2.2: standbys from the primary's
   * published address, the broker in topology mode). Synth also writes `RUNBOOK-<cluster>.md`.
   */
  public static oracleDataGuard(options: OracleDataGuardOptions): SqlEngine {
    return SqlEngine.of(ORACLE_DATA_GUARD, options);
  }

  /**
   * YugabyteDB: Raft per tablet and for the masters. Every placed site runs one yb-master and
   * its yb-tservers (`voters` counts tservers), pinned there; the replication factor must equal
   * the number of sites, and a Job makes the placement region-aware with yb-admin
   * `modify_placement_info` (and `set_preferred_zones` for `preferredLeaderSites`).
   */
  public static yugabyteDb(options: YugabyteDbOptions = {}): SqlEngine {
    return SqlEngine.of(YUGABYTEDB, options);
  }

  /**
   * Apache Cassandra with k8ssandra-operator: one datacenter per placed site (`voters` = its
   * nodes), each in the site's own Kubernetes cluster, and the `K8ssandraCluster` in a
   * control-plane site (best a witness without nodes). Not strongly consistent: what survives a
   * site loss depends on the consistency levels the application uses, which synth judges. Synth
   * also writes `RUNBOOK-<cluster>.md` and, with keyspaces, `KEYSPACES-<cluster>.cql`.
   */
  public static cassandra(options: CassandraOptions = {}): SqlEngine {
    return SqlEngine.of(CASSANDRA, options);
  }

  private static of<O>(engine: SqlEngineDefinition<O>, options: O): SqlEngine {
    if (options === null || typeof options !== 'object') {
      throw new Error(`SqlEngine (${engine.label}): options are ${String(options)}, not an object of settings.`);
    }
    engine.validateOptions(options);
    const sitesNamed = engine.sitesNamedIn(options);
    for (const site of sitesNamed) {
      if (!Site.isSite(site)) throw new Error(`SqlEngine (${engine.label}): an option names a site that is ${String(site)}; every site option takes an ActiveActiveSite or WitnessSite of the app.`);
    }
    const namesEveryMemberInJoinList = engine.namesEveryMemberInJoinList ?? false;
    const settings: _EngineSettings = {
      kind: engine.kind,
      hasArbitrators: engine.hasArbitrators,
      options,
      sitesNamed,
      namesEveryMemberInJoinList,
      engineLabel: engine.label,
      backup: engine.backup,
      noBackupReason: engine.noBackupReason ?? 'they are not wired in yet.',
    };
    return new SqlEngine(engine.label, settings);
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
