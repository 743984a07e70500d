/**
 * Who writes the NS and glue records that delegate a GSLB zone from its parent. Exactly
 * one writer may own them: two writers of one NS record set undo each other.
 */
export class ZoneDelegation {
  /**
   * The library's Terraform stack (`dist/terraform/`) writes them in Route 53; k8gb's own
   * external-dns writer stays off and the geo tags are static.
   */
  public static terraform(): ZoneDelegation {
    return new ZoneDelegation('terraform');
  }

  /**
   * k8gb's embedded external-dns writes them to Route 53 from each cluster; no Terraform
   * is written for the delegation.
   */
  public static k8gbExternalDns(): ZoneDelegation {
    return new ZoneDelegation('k8gb-external-dns');
  }

  /** `terraform` or `k8gb-external-dns`. @internal */
  public readonly _owner: string;

  private constructor(owner: string) {
    this._owner = owner;
  }
}
