import { Size } from 'cdk8s';
import { CockroachDbOptions } from './options';
import { EngineModel, SqlClusterOf } from '../../model/design';
import { cpuMillis, gibibytes } from '../units';

/** The engine's registry key. */
export const COCKROACHDB_KIND = 'cockroachdb';

/** CockroachDB settings that analysis and writers share, every default applied. */
export interface CockroachDbModel extends EngineModel {
  readonly replicationFactor: number;
  /** Sites that should hold the leases, most preferred first. */
  readonly leasePreferences: readonly string[];
  readonly image: string;
  readonly insecure: boolean;
  readonly nodeCertificatesSecret: string;
  readonly rootClientCertificatesSecret: string;
  /** CA Secret for cert-manager; unset when the certificate Secrets come from elsewhere. */
  readonly certManagerCaSecret?: string;
  readonly storageSize: string;
  readonly storageClassName?: string;
  readonly cpuMillis: number;
  readonly memoryMebibytes: number;
  readonly sqlClientNamespaces: readonly string[];
}

/** A SQL cluster running CockroachDB. */
export type CockroachCluster = SqlClusterOf<CockroachDbModel>;

/** The replication factor when the options set none: CockroachDB's own default `num_replicas` (configure-replication-zones). */
export const COCKROACHDB_DEFAULT_REPLICATION_FACTOR = 3;

/** The model of a CockroachDB cluster named `name`, from the user's options. */
export function cockroachDbModel(name: string, o: CockroachDbOptions): CockroachDbModel {
  return {
    kind: COCKROACHDB_KIND,
    replicationFactor: o.replicationFactor ?? COCKROACHDB_DEFAULT_REPLICATION_FACTOR,
    leasePreferences: (o.leasePreferences ?? []).map((s) => s.siteName),
    image: o.image ?? 'cockroachdb/cockroach:v24.2.0',
    insecure: o.insecure ?? false,
    nodeCertificatesSecret: o.nodeCertificatesSecret ?? `${name}-node-certs`,
    rootClientCertificatesSecret: o.rootClientCertificatesSecret ?? `${name}-root-client-certs`,
    certManagerCaSecret: o.insecure ? undefined : o.certManagerCaSecret,
    storageSize: gibibytes(o.storageSize ?? Size.gibibytes(100)),
    storageClassName: o.storageClassName,
    cpuMillis: cpuMillis(o.cpu?.amount ?? '2'),
    memoryMebibytes: (o.memory ?? Size.gibibytes(8)).toMebibytes(),
    sqlClientNamespaces: o.sqlClientNamespaces ?? [],
  };
}
