import { Size } from 'cdk8s';
import { Cpu } from 'cdk8s-plus-28';
import { Site } from '../../site';

/** The yb-masters of one site. */
export interface YugabyteMasterPlacement {
  /** The site; it must run tservers of the cluster (be in its placement). */
  readonly site: Site;
  /** yb-masters in the site (0 for none). */
  readonly masters: number;
}

/**
 * YugabyteDB settings. The placement's `voters` are yb-tservers per site. The replication factor
 * sets the replicas of every tablet, spread over the placed sites as evenly as they go (RF 5 over
 * three sites: 2+2+1), and the number of yb-masters, placed like the tablets unless
 * `masterPlacement` says otherwise.
 */
export interface YugabyteDbOptions {
  /**
   * Container image (runs yb-master, yb-tserver and yb-admin as uid 10001).
   * @default 'yugabytedb/yugabyte:2026.1.0.1-b1'
   * @see https://github.com/yugabyte/charts/blob/master/stable/yugabyte/values.yaml
   */
  readonly image?: string;
  /**
   * Replicas of every tablet (`--replication_factor` of the masters, and the `modify_placement_info`
   * factor), spread over the placed sites as evenly as they go, the first sites in placement order
   * taking one more (RF 5 over three sites: 2+2+1, YugabyteDB's own region-failure topology). A
   * site holds at most as many replicas as it runs tservers. YugabyteDB runs as many masters as this.
   * @default 3
   * @see https://docs.yugabyte.com/stable/admin/yb-admin/#modify-placement-info
   * @see https://docs.yugabyte.com/stable/explore/fault-tolerance/handling-region-failures/
   */
  readonly replicationFactor?: number;
  /**
   * yb-masters per site, as many in all as the replication factor ("The number of nodes in a
   * cluster running YB-Masters must equal the replication factor",
   * https://docs.yugabyte.com/stable/deploy/manual-deployment/start-masters/). The masters are one
   * Raft group: every single-site loss must leave a majority of them, as of every tablet.
   * @default - placed like the tablets: as many masters in each site as it holds replicas of every tablet
   */
  readonly masterPlacement?: YugabyteMasterPlacement[];
  /**
   * Sites where tablet leaders should be, most preferred first (`set_preferred_zones` with
   * preferences 1, 2, …): writes are led from there, and the report's commit floors start
   * there. Latency, not survival: if those sites are lost, leaders move elsewhere.
   * @default - leaders anywhere
   * @see https://docs.yugabyte.com/stable/admin/yb-admin/#set-preferred-zones
   */
  readonly preferredLeaderSites?: Site[];
  /**
   * The `placement_cloud` every server reports; the site names become its region and zone.
   * @default 'cloud1' (YugabyteDB's own default)
   * @see https://docs.yugabyte.com/stable/reference/configuration/yb-tserver/#placement-cloud
   */
  readonly placementCloud?: string;
  /**
   * Run without TLS, node-to-node and client-to-server. For labs only: reported as warning
   * MS-INSECURE-CLUSTER.
   * @default false
   */
  readonly insecure?: boolean;
  /**
   * Secret (in the cluster's namespace, in every site) holding `ca.crt`, `tls.crt` and `tls.key`
   * (cert-manager's layout): the server certificate of every master and tserver, for both
   * node-to-node and client-to-server TLS. It must cover the names the report lists. The
   * library refers to it and never creates it.
   * @default '<cluster>-yugabyte-tls'
   */
  readonly certificatesSecret?: string;
  /**
   * Name of a Secret (`tls.crt`, `tls.key`) holding the CA every site trusts. When set, the
   * library writes a cert-manager Issuer backed by it and the Certificate that fills
   * `certificatesSecret`, in every Kubernetes cluster; provide the same CA Secret in each.
   * @default - the certificate Secret is provided some other way
   */
  readonly certManagerCaSecret?: string;
  /**
   * Secret (in the cluster's namespace, in the site of the backup CronJob) whose key `password`
   * is the YSQL password of the `yugabyte` superuser: with `backup`, the CronJob logs in with it
   * to list the databases and dump their schema (`ysql_dump --include-yb-metadata`), which a
   * restore of a snapshot needs; APPLY.md's step that creates the write-path probe's role (with a
   * GSLB host depending on the cluster) reads it too. Set the role's password to it. Read only
   * with `backup` or such a host.
   * @default '<cluster>-ysql-superuser'
   * @see https://docs.yugabyte.com/stable/manage/backup-restore/snapshot-ysql/#move-a-snapshot-to-external-storage
   */
  readonly superuserPasswordSecret?: string;
  /**
   * Secret with the password (key `password`) of the YSQL role `write_health` that the write-path
   * probe of a GSLB host depending on this cluster logs in as: it may upsert one row per site in
   * the table `write_health.sites` and nothing else. Referred to, never created; needed in the
   * namespace of every such host (APPLY.md creates the role from it once). Unused without such a host.
   * @default '<cluster>-write-health'
   */
  readonly writeHealthPasswordSecret?: string;
  /**
   * Data volume of each tserver.
   * @default Size.gibibytes(100)
   */
  readonly tserverStorageSize?: Size;
  /**
   * Data volume of each master (catalog and its write-ahead log only).
   * @default Size.gibibytes(10)
   */
  readonly masterStorageSize?: Size;
  /**
   * StorageClass of the data volumes.
   * @default - the cluster's default StorageClass
   */
  readonly storageClassName?: string;
  /**
   * CPU of each tserver (request and limit).
   * @default Cpu.units(2)
   */
  readonly tserverCpu?: Cpu;
  /**
   * Memory of each tserver (request and limit); `--memory_limit_hard_bytes` is 85% of it.
   * @default Size.gibibytes(4)
   */
  readonly tserverMemory?: Size;
  /**
   * CPU of each master (request and limit).
   * @default Cpu.units(2)
   */
  readonly masterCpu?: Cpu;
  /**
   * Memory of each master (request and limit); `--memory_limit_hard_bytes` is 85% of it.
   * @default Size.gibibytes(2)
   */
  readonly masterMemory?: Size;
  /**
   * Namespaces whose pods may open YSQL connections (5433), besides the cluster's own namespace
   * (which may also use YCQL, 9042).
   * @default - only the cluster's own namespace
   */
  readonly sqlClientNamespaces?: string[];
}
