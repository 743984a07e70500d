import { BackupBucketSpec } from './backup-bucket-spec';
import { StackBackend } from './stack-backend';

/**
 * The one seam between the library and a Terraform generator. cdktf is archived upstream;
 * whatever replaces it (its fork CDK Terrain, or plain Terraform JSON) implements this and
 * nothing else changes.
 */
export interface TerraformWriter {
  /** Adds a stack that delegates a zone from its Route 53 parent to one nameserver per site. */
  addDnsDelegation(delegation: DnsDelegation): void;
  /** Adds a stack with an AWS Global Accelerator: one endpoint group per region. */
  addGlobalAccelerator(accelerator: GlobalAcceleratorSpec): void;
  /** Adds a stack with an S3 bucket for backups, and its replica in another region when asked. */
  addBackupBucket(bucket: BackupBucketStack): void;
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
  /** Where the stack keeps its state. */
  readonly backend: StackBackend;
  readonly zone: string;
  readonly parentZone: string;
  /** Route 53 id of the parent zone; looked up by name when unset. */
  readonly parentHostedZoneId?: string;
  readonly ttlSeconds: number;
  readonly nameservers: readonly DelegatedNameserver[];
}

/** One AWS region in front of a site. */
export interface AcceleratorEndpointGroup {
  readonly site: string;
  readonly region: string;
  /** ARN of the Network Load Balancer, or id of the Elastic IP, that fronts the site. */
  readonly endpointId: string;
}

/** What a Global Accelerator stack holds. */
export interface GlobalAcceleratorSpec {
  /** Stack (and folder) name. */
  readonly stackName: string;
  /** Where the stack keeps its state. */
  readonly backend: StackBackend;
  /** Accelerator name. */
  readonly name: string;
  /** TCP ports it listens on. */
  readonly ports: readonly number[];
  readonly endpointGroups: readonly AcceleratorEndpointGroup[];
}

/** What a backup bucket stack holds: the bucket (see `addBackupBucket` in backup-bucket.ts). */
export interface BackupBucketStack extends BackupBucketSpec {
  /** Stack (and folder) name. */
  readonly stackName: string;
  /** Where the stack keeps its state. */
  readonly backend: StackBackend;
}
