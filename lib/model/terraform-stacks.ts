import { AnycastVipModel, DesignModel, GslbZoneModel } from './design';

/** What of a design becomes Terraform: the zones it delegates by Terraform and the anycast VIPs with AWS edge regions. */
export interface TerraformStacks {
  /** GSLB zones whose delegation is a Terraform stack (`terraform/<zone name>/`). */
  readonly delegatedZones: readonly GslbZoneModel[];
  /** Anycast VIPs of pods reached through AWS Global Accelerator (`terraform/<vip name>-edge/`). */
  readonly edgeVips: readonly AnycastVipModel[];
}

/** The design's Terraform stacks; both lists empty when it writes no Terraform. */
export function terraformStacksOf(design: DesignModel): TerraformStacks {
  return {
    delegatedZones: design.gslbZones.filter((z) => z.delegation === 'terraform'),
    edgeVips: design.anycastVips.filter((v) => v.awsEdge.length > 0 && v.pods),
  };
}
