import { Size } from 'cdk8s';
import { YugabyteDbOptions } from './options';
import { EngineModel, SqlClusterOf } from '../../model/design';
import { cpuMillis, gibibytes } from '../units';

/** The engine's registry key. */
export const YUGABYTEDB_KIND = 'yugabytedb';

/**
 * The image the library writes by default: the `stable/yugabyte` chart's `Image.tag` at
 * yugabyte/charts 1349b41fba098899d08e54106164edd72013787c (values.yaml L9-13).
 */
export const DEFAULT_YUGABYTE_IMAGE = 'yugabytedb/yugabyte:2026.1.0.1-b1';

/** YugabyteDB settings that analysis and writers share, every default applied. */
export interface YugabyteDbModel extends EngineModel {
  readonly replicationFactor: number;
  /** yb-masters per site name, as the user placed them; undefined: placed like the tablets (analysis). */
  readonly masterPlacement?: readonly { readonly site: string; readonly masters: number }[];
  /** Sites where tablet leaders should be, most preferred first. */
  readonly preferredLeaderSites: readonly string[];
  readonly placementCloud: string;
  readonly image: string;
  readonly insecure: boolean;
  readonly certificatesSecret: string;
  /** CA Secret for cert-manager; unset when the certificate Secret comes from elsewhere. */
  readonly certManagerCaSecret?: string;
  /** Secret whose key `password` is the `yugabyte` role's YSQL password (the backup logs in with it). */
  readonly superuserPasswordSecret: string;
  /** Secret with the password of the write-path probe's YSQL role. */
  readonly writeHealthPasswordSecret: string;
  readonly tserverStorageSize: string;
  readonly masterStorageSize: string;
  readonly storageClassName?: string;
  readonly tserverCpuMillis: number;
  readonly tserverMemoryMebibytes: number;
  readonly masterCpuMillis: number;
  readonly masterMemoryMebibytes: number;
  readonly sqlClientNamespaces: readonly string[];
}

/** A SQL cluster running YugabyteDB. */
export type YugabyteCluster = SqlClusterOf<YugabyteDbModel>;

/** The replication factor when the options set none: YugabyteDB's default `--replication_factor`. */
export const YUGABYTEDB_DEFAULT_REPLICATION_FACTOR = 3;

/** The model of a YugabyteDB cluster named `name`, from the user's options. */
export function yugabyteDbModel(name: string, o: YugabyteDbOptions): YugabyteDbModel {
  return {
    kind: YUGABYTEDB_KIND,
    replicationFactor: o.replicationFactor ?? YUGABYTEDB_DEFAULT_REPLICATION_FACTOR,
    masterPlacement: o.masterPlacement?.map((p) => ({ site: p.site.siteName, masters: p.masters })),
    preferredLeaderSites: (o.preferredLeaderSites ?? []).map((s) => s.siteName),
    placementCloud: o.placementCloud ?? 'cloud1',
    image: o.image ?? DEFAULT_YUGABYTE_IMAGE,
    insecure: o.insecure ?? false,
    certificatesSecret: o.certificatesSecret ?? `${name}-yugabyte-tls`,
    certManagerCaSecret: o.insecure ? undefined : o.certManagerCaSecret,
    superuserPasswordSecret: o.superuserPasswordSecret ?? `${name}-ysql-superuser`,
    writeHealthPasswordSecret: o.writeHealthPasswordSecret ?? `${name}-write-health`,
    tserverStorageSize: gibibytes(o.tserverStorageSize ?? Size.gibibytes(100)),
    masterStorageSize: gibibytes(o.masterStorageSize ?? Size.gibibytes(10)),
    storageClassName: o.storageClassName,
    tserverCpuMillis: cpuMillis(o.tserverCpu?.amount ?? '2'),
    tserverMemoryMebibytes: (o.tserverMemory ?? Size.gibibytes(4)).toMebibytes(),
    masterCpuMillis: cpuMillis(o.masterCpu?.amount ?? '2'),
    masterMemoryMebibytes: (o.masterMemory ?? Size.gibibytes(2)).toMebibytes(),
    sqlClientNamespaces: o.sqlClientNamespaces ?? [],
  };
}
