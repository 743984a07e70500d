import { Size } from 'cdk8s';
import { DataGuardProtectionMode, OracleDataGuardOptions } from './options';
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
  readonly storageSize: string;
  readonly storageClassName?: string;
  readonly clientNamespaces: readonly string[];
}

/** A SQL cluster running Oracle Data Guard. */
export type DataGuardCluster = SqlClusterOf<OracleDataGuardModel>;

/** The model of a Data Guard configuration named `name`, from the user's options. */
export function oracleDataGuardModel(name: string, o: OracleDataGuardOptions): OracleDataGuardModel {
  return {
    kind: ORACLE_DATA_GUARD_KIND,
    primary: o.primary.siteName,
    rpoSeconds: o.rpo?.toSeconds(),
    protectionMode: o.protectionMode === DataGuardProtectionMode.MAX_AVAILABILITY ? 'MaxAvailability' : 'MaxPerformance',
    fastStartFailover: o.fastStartFailover ?? true,
    image: o.image ?? 'container-registry.oracle.com/database/enterprise:21.3.0.0',
    imagePullSecret: o.imagePullSecret ?? 'oracle-container-registry-secret',
    adminPasswordSecret: o.adminPasswordSecret ?? `${name}-admin-password`,
    storageSize: gibibytes(o.storageSize ?? Size.gibibytes(100)),
    storageClassName: o.storageClassName,
    clientNamespaces: o.clientNamespaces ?? [],
  };
}
