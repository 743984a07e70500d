import { CreatedBucketTargetModel } from './backup';
import { AnycastVipModel, DesignModel, GslbZoneModel } from './design';

/** A cluster whose backups go to a bucket the library's Terraform creates. */
export interface BackupBucketOfCluster {
  /** The cluster's name. */
  readonly cluster: string;
  /** The cluster's construct path. */
  readonly path: string;
  /** The cluster's namespace, where its backup jobs read the credentials Secret. */
  readonly namespace: string;
  readonly target: CreatedBucketTargetModel;
}

/**
 * What of a design becomes Terraform: the zones it delegates by Terraform, the anycast VIPs with
 * AWS edge regions and the backup buckets it creates.
 */
export interface TerraformStacks {
  /** GSLB zones whose delegation is a Terraform stack (`terraform/<zone name>/`). */
  readonly delegatedZones: readonly GslbZoneModel[];
  /** Anycast VIPs of pods reached through AWS Global Accelerator (`terraform/<vip name>-edge/`). */
  readonly edgeVips: readonly AnycastVipModel[];
  /** Backup buckets of clusters (`terraform/<target.stackName>/`, i.e. `<cluster>-backup-bucket`). */
  readonly backupBuckets: readonly BackupBucketOfCluster[];
}

/** The design's Terraform stacks; every list empty when it writes no Terraform. */
export function terraformStacksOf(design: DesignModel): TerraformStacks {
  return {
    delegatedZones: design.gslbZones.filter((z) => z.delegation === 'terraform'),
    edgeVips: design.anycastVips.filter((v) => v.awsEdge.length > 0 && v.pods),
    backupBuckets: design.sqlClusters.flatMap((c) => (c.backup?.target.kind === 'created-bucket' ? [{ cluster: c.name, path: c.path, namespace: c.namespace, target: c.backup.target }] : [])),
  };
}
