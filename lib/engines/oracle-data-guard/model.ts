import { Size } from 'cdk8s';
import { DataGuardBrokerMode, DataGuardProtectionMode, OracleDataGuardOptions } from './options';
import { EngineModel, SqlClusterOf } from '../../model/design';
import { gibibytes } from '../units';

/** The engine's registry key. */
export const ORACLE_DATA_GUARD_KIND = 'oracle-data-guard';

/** Oracle Data Guard settings that analysis and writers share, every default applied. */
export interface OracleDataGuardModel extends EngineModel {
  /** Site of the primary database. */
  readonly primary: string;
  /** Accepted data loss in seconds; undefined when not stated. */
  readonly rpoSeconds?: number;
  readonly protectionMode: 'MaxPerformance' | 'MaxAvailability';
  readonly fastStartFailover: boolean;
  readonly image: string;
  readonly imagePullSecret: string;
  readonly adminPasswordSecret: string;
  /** Secret with the password of the write-path probe's account (`./write-health.ts`). */
  readonly writeHealthPasswordSecret: string;
  /** Secret with the password of the metrics exporter's account (`./metrics-exporter.ts`). */
  readonly monitoringPasswordSecret: string;
  readonly storageSize: string;
  readonly storageClassName?: string;
  readonly clientNamespaces: readonly string[];
  /** Domain the Kubernetes-run databases are published under (one cluster per site). */
  readonly databaseDomain?: string;
  /** Databases Kubernetes does not run, by site. */
  readonly externalMembers: readonly ExternalMemberModel[];
  /** The broker mode the user asked for; undefined to let the shape decide. */
  readonly brokerMode?: 'legacy' | 'topology';
  /** Image of the broker's runner and observer. */
  readonly brokerImage: string;
  /** Redo and broker traffic over TCP in clear (lab only); otherwise TCPS. */
  readonly insecure: boolean;
  /** CA Secret for cert-manager; unset when the TCPS Secrets come from elsewhere or when insecure. */
  readonly certManagerCaSecret?: string;
  /** The broker's TCPS client wallet Secret; unset when insecure. */
  readonly clientWalletSecret?: string;
}

/** A database Kubernetes does not run. */
export interface ExternalMemberModel {
  readonly site: string;
  readonly host: string;
  readonly port: number;
  readonly serviceName: string;
  readonly dbUniqueName: string;
  readonly adminPasswordSecret: string;
}

/** `host:port/SERVICE` split, or undefined when it is not that shape. */
export function parseConnectString(value: string): { host: string; port: number; serviceName: string } | undefined {
  const m = /^([A-Za-z0-9]([-A-Za-z0-9.]*[A-Za-z0-9])?):([0-9]{1,5})\/([A-Za-z][A-Za-z0-9_.$#-]*)$/.exec(value);
  if (!m) return undefined;
  const port = Number(m[3]);
  if (port < 1 || port > 65535) return undefined;
  return { host: m[1], port, serviceName: m[4] };
}

const DEFAULT_IMAGE = 'container-registry.oracle.com/database/enterprise:21.3.0.0';

/** A SQL cluster running Oracle Data Guard. */
export type DataGuardCluster = SqlClusterOf<OracleDataGuardModel>;

/** The model of a Data Guard configuration named `name`, from the user's options. */
export function oracleDataGuardModel(name: string, o: OracleDataGuardOptions): OracleDataGuardModel {
  const insecure = o.insecure ?? false;
  return {
    kind: ORACLE_DATA_GUARD_KIND,
    primary: o.primary.siteName,
    rpoSeconds: o.rpo?.toSeconds(),
    protectionMode: o.protectionMode === DataGuardProtectionMode.MAX_AVAILABILITY ? 'MaxAvailability' : 'MaxPerformance',
    fastStartFailover: o.fastStartFailover ?? true,
    image: o.image ?? DEFAULT_IMAGE,
    imagePullSecret: o.imagePullSecret ?? 'oracle-container-registry-secret',
    adminPasswordSecret: o.adminPasswordSecret ?? `${name}-admin-password`,
    writeHealthPasswordSecret: o.writeHealthPasswordSecret ?? `${name}-write-health`,
    monitoringPasswordSecret: o.monitoringPasswordSecret ?? `${name}-monitoring`,
    storageSize: gibibytes(o.storageSize ?? Size.gibibytes(100)),
    storageClassName: o.storageClassName,
    clientNamespaces: o.clientNamespaces ?? [],
    databaseDomain: o.databaseDomain,
    externalMembers: (o.externalMembers ?? []).map((x) => ({
      site: x.site.siteName,
      ...parseConnectString(x.connectString)!,
      dbUniqueName: x.dbUniqueName,
      adminPasswordSecret: x.adminPasswordSecret ?? o.adminPasswordSecret ?? `${name}-admin-password`,
    })),
    brokerMode: o.brokerMode === undefined ? undefined : o.brokerMode === DataGuardBrokerMode.TOPOLOGY ? 'topology' : 'legacy',
    brokerImage: o.brokerImage ?? o.image ?? DEFAULT_IMAGE,
    insecure,
    certManagerCaSecret: insecure ? undefined : o.certManagerCaSecret,
    clientWalletSecret: insecure ? undefined : o.clientWalletSecret ?? `${name}-${o.primary.siteName}-dg-client-wallet`,
  };
}
