import { Size } from 'cdk8s';
import { GaleraOptions } from './options';
import { GaleraRoutingSpec } from './routing';
import { EngineModel, SqlClusterOf } from '../../model/design';
import { cpuMillis, gibibytes } from '../units';

/** The engine's registry key. */
export const GALERA_KIND = 'galera';

/** MariaDB Galera settings that analysis and writers share, every default applied. */
export interface GaleraModel extends EngineModel {
  readonly image: string;
  /** Image with `garbd`; required when the cluster has arbitrators. */
  readonly arbitratorImage?: string;
  /** Highest RTT between data nodes that is accepted without acknowledging MS-GALERA-LATENCY. */
  readonly maxRttMillis: number;
  readonly rootPasswordSecret: string;
  /** Secret with the password of the write-path probe's account (`./write-health.ts`). */
  readonly writeHealthPasswordSecret: string;
  /** Secret with `ca.crt`, `tls.crt`, `tls.key` for replication TLS; unset when insecure. */
  readonly tlsSecret?: string;
  /** CA Secret for cert-manager; unset when the TLS Secret comes from elsewhere. */
  readonly certManagerCaSecret?: string;
  readonly insecure: boolean;
  readonly storageSize: string;
  readonly storageClassName?: string;
  readonly cpuMillis: number;
  readonly memoryMebibytes: number;
  readonly gcacheMebibytes: number;
  readonly flowControlLimit: number;
  readonly sqlClientNamespaces: readonly string[];
  /** The routing asked for; unset: single writer across sites, multi-writer within one (see `./router-plan.ts`). */
  readonly routing?: GaleraRoutingSpec;
}

/** A SQL cluster running MariaDB Galera. */
export type GaleraCluster = SqlClusterOf<GaleraModel>;

/** The model of a Galera cluster named `name`, from the user's options. */
export function galeraModel(name: string, o: GaleraOptions): GaleraModel {
  const insecure = o.insecure ?? false;
  return {
    kind: GALERA_KIND,
    image: o.image ?? 'mariadb:11.4',
    arbitratorImage: o.arbitratorImage,
    maxRttMillis: o.maxRttMillis ?? 5,
    rootPasswordSecret: o.rootPasswordSecret ?? `${name}-root-password`,
    writeHealthPasswordSecret: o.writeHealthPasswordSecret ?? `${name}-write-health`,
    tlsSecret: insecure ? undefined : o.tlsSecret ?? `${name}-replication-tls`,
    certManagerCaSecret: insecure ? undefined : o.certManagerCaSecret,
    insecure,
    storageSize: gibibytes(o.storageSize ?? Size.gibibytes(100)),
    storageClassName: o.storageClassName,
    cpuMillis: cpuMillis(o.cpu?.amount ?? '2'),
    memoryMebibytes: (o.memory ?? Size.gibibytes(8)).toMebibytes(),
    gcacheMebibytes: (o.gcacheSize ?? Size.gibibytes(2)).toMebibytes(),
    flowControlLimit: o.flowControlLimit ?? 64,
    sqlClientNamespaces: o.sqlClientNamespaces ?? [],
    routing: o.routing?._spec,
  };
}
