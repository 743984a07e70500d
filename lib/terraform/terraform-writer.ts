/**
 * The one seam between the library and a Terraform generator. cdktf is archived upstream;
 * whatever replaces it (its fork CDK Terrain, or plain Terraform JSON) implements this and
 * nothing else changes.
 */
export interface TerraformWriter {
  /** Adds a stack that delegates a zone from its Route 53 parent to one nameserver per site. */
  addDnsDelegation(delegation: DnsDelegation): void;
  /** Every file of every stack, relative to `dist/terraform/`. */
  render(): Map<string, string>;
}

/** One site's nameserver for a delegated zone. */
export interface DelegatedNameserver {
  readonly site: string;
  /** Fully qualified nameserver name (inside the parent zone: it needs glue). */
  readonly name: string;
  /** IPv4 address of the nameserver: the glue A record. */
  readonly address: string;
}

/** What a delegation stack holds. */
export interface DnsDelegation {
  /** Stack (and folder) name. */
  readonly stackName: string;
  readonly zone: string;
  readonly parentZone: string;
  /** Route 53 id of the parent zone; looked up by name when unset. */
  readonly parentHostedZoneId?: string;
  readonly ttlSeconds: number;
  readonly nameservers: readonly DelegatedNameserver[];
}
