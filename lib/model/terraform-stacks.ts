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

/** One Terraform stack the design writes (`terraform/<name>/`), with the construct it comes from. */
export interface TerraformStackOfDesign {
  /** The stack's name, which is its folder under `terraform/`. */
  readonly name: string;
  /** The construct path of what it is written for. */
  readonly path: string;
  /** What the stack is, for people: `GSLB zone app.example.com is delegated by the Terraform stack terraform/app/`. */
  readonly what: string;
}

/** Every Terraform stack of `stacks`, by the name it is written under: zones, then edges, then buckets. */
export function terraformStackList(stacks: TerraformStacks): TerraformStackOfDesign[] {
  const { delegatedZones, edgeVips, backupBuckets } = stacks;
  return [
    ...delegatedZones.map((z) => ({ name: z.name, path: z.path, what: `GSLB zone ${z.zone} is delegated by the Terraform stack terraform/${z.name}/` })),
    ...edgeVips.map((v) => ({ name: edgeStackName(v), path: v.path, what: `anycast VIP ${v.name} has AWS edge regions, written as the Terraform stack terraform/${edgeStackName(v)}/` })),
    ...backupBuckets.map((b) => ({
      name: b.target.stackName, path: b.path, what: `${b.cluster} backs up to bucket ${b.target.bucket}, created by the Terraform stack terraform/${b.target.stackName}/`,
    })),
  ];
}

/** The name of the edge stack of an anycast VIP with AWS edge regions. */
export function edgeStackName(vip: AnycastVipModel): string {
  return `${vip.name}-edge`;
}
