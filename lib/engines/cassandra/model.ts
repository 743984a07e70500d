import { Size } from 'cdk8s';
import { CassandraConsistency, CassandraOptions } from './options';
import { EngineModel, SqlClusterOf } from '../../model/design';
import { cpuMillis, gibibytes } from '../units';

/** The engine's registry key. */
export const CASSANDRA_KIND = 'cassandra';

/** A keyspace as the user gave it: a replication factor per datacenter, unset where the default applies. */
export interface CassandraKeyspaceModel {
  readonly name: string;
  /** Replicas per datacenter; undefined: min(3, size). */
  readonly replicationFactor?: number;
  /** Per-site exceptions, by site name. */
  readonly perSite: readonly { readonly site: string; readonly replicationFactor: number }[];
}

/** Apache Cassandra (K8ssandra) settings that analysis and writers share, every default applied. */
export interface CassandraModel extends EngineModel {
  readonly keyspaces: readonly CassandraKeyspaceModel[];
  readonly readConsistency: CassandraConsistency;
  readonly writeConsistency: CassandraConsistency;
  /** Site of the control plane; undefined: chosen from the design (analysis). */
  readonly controlPlane?: string;
  /** kubeconfig context per site name; absent sites use their name. */
  readonly kubernetesContexts: readonly { readonly site: string; readonly context: string }[];
  /** Zones per site name; absent sites get one unpinned rack. */
  readonly racks: readonly { readonly site: string; readonly zones: readonly string[] }[];
  readonly serverVersion: string;
  readonly storageSize: string;
  readonly storageClassName?: string;
  readonly cpuMillis: number;
  readonly memoryMebibytes: number;
  readonly insecure: boolean;
  /** CA Secret of the cert-manager Issuer; unset when insecure. */
  readonly certManagerCaSecret?: string;
  readonly keystorePasswordSecret?: string;
  /** Secret with the password of the write-path probe's CQL role. */
  readonly writeHealthPasswordSecret: string;
  readonly clientNamespaces: readonly string[];
  readonly operatorNamespace: string;
}

/** A SQL cluster running Cassandra. */
export type CassandraCluster = SqlClusterOf<CassandraModel>;

/** The model of a Cassandra cluster named `name`, from the user's options. */
export function cassandraModel(name: string, o: CassandraOptions): CassandraModel {
  const insecure = o.insecure ?? false;
  return {
    kind: CASSANDRA_KIND,
    keyspaces: (o.keyspaces ?? []).map((k) => ({
      name: k.name,
      replicationFactor: k.replicationFactor,
      perSite: (k.perSite ?? []).map((p) => ({ site: p.site.siteName, replicationFactor: p.replicationFactor })),
    })),
    readConsistency: o.readConsistency ?? CassandraConsistency.LOCAL_QUORUM,
    writeConsistency: o.writeConsistency ?? CassandraConsistency.LOCAL_QUORUM,
    controlPlane: o.controlPlane?.siteName,
    kubernetesContexts: (o.kubernetesContexts ?? []).map((c) => ({ site: c.site.siteName, context: c.context })),
    racks: (o.racks ?? []).map((r) => ({ site: r.site.siteName, zones: [...r.zones] })),
    serverVersion: o.serverVersion ?? '4.1.5',
    storageSize: gibibytes(o.storageSize ?? Size.gibibytes(100)),
    storageClassName: o.storageClassName,
    cpuMillis: cpuMillis(o.cpu?.amount ?? '2'),
    memoryMebibytes: (o.memory ?? Size.gibibytes(8)).toMebibytes(),
    insecure,
    certManagerCaSecret: insecure ? undefined : o.certManagerCaSecret ?? `${name}-ca`,
    keystorePasswordSecret: insecure ? undefined : o.keystorePasswordSecret ?? `${name}-keystore-password`,
    writeHealthPasswordSecret: o.writeHealthPasswordSecret ?? `${name}-write-health`,
    clientNamespaces: o.clientNamespaces ?? [],
    operatorNamespace: o.operatorNamespace ?? 'k8ssandra-operator',
  };
}
