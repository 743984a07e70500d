import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DataAwsRoute53Zone } from '@cdktf/provider-aws/lib/data-aws-route53-zone';
import { GlobalacceleratorAccelerator } from '@cdktf/provider-aws/lib/globalaccelerator-accelerator';
import { GlobalacceleratorEndpointGroup } from '@cdktf/provider-aws/lib/globalaccelerator-endpoint-group';
import { GlobalacceleratorListener } from '@cdktf/provider-aws/lib/globalaccelerator-listener';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { App, TerraformBackend, TerraformOutput, TerraformRemoteState, TerraformStack, TerraformVariable } from 'cdktf';
import { Construct } from 'constructs';
import { addBackupBucket } from './backup-bucket';
import { StackBackend } from './stack-backend';
import { BackupBucketStack, DnsDelegation, GlobalAcceleratorSpec, TerraformWriter } from './terraform-writer';

/** A `TerraformWriter` that builds cdktf stacks with `@cdktf/provider-aws` (hashicorp/aws 5.x). */
export class CdktfWriter implements TerraformWriter {
  private readonly delegations: DnsDelegation[] = [];
  private readonly accelerators: GlobalAcceleratorSpec[] = [];
  private readonly backupBuckets: BackupBucketStack[] = [];

  public addDnsDelegation(delegation: DnsDelegation): void {
    this.delegations.push(delegation);
  }

  public addGlobalAccelerator(accelerator: GlobalAcceleratorSpec): void {
    this.accelerators.push(accelerator);
  }

  public addBackupBucket(bucket: BackupBucketStack): void {
    this.backupBuckets.push(bucket);
  }

  public render(): Map<string, string> {
    const files = new Map<string, string>();
    const stacks = [...this.delegations, ...this.accelerators, ...this.backupBuckets].map((s) => s.stackName);
    if (stacks.length === 0) return files;
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-multisite-cdktf-'));
    try {
      const app = new App({ outdir, stackTraces: false });
      for (const d of this.delegations) delegationStack(app, d);
      for (const a of this.accelerators) acceleratorStack(app, a);
      for (const b of this.backupBuckets) {
        const stack = new TerraformStack(app, b.stackName);
        new GivenBackend(stack, b.backend);
        addBackupBucket(stack, b);
      }
      app.synth();
      for (const name of stacks) {
        const json = fs.readFileSync(path.join(outdir, 'stacks', name, 'cdk.tf.json'), 'utf-8');
        files.set(`${name}/cdk.tf.json`, json.endsWith('\n') ? json : `${json}\n`);
      }
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
    return files;
  }
}

/**
 * A Global Accelerator: two static anycast addresses at AWS's edge, a TCP listener, and one
 * endpoint group per region with health checks, so a region that fails stops getting traffic.
 */
function acceleratorStack(app: App, a: GlobalAcceleratorSpec): TerraformStack {
  const stack = new TerraformStack(app, a.stackName);
  new GivenBackend(stack, a.backend);
  // Global Accelerator's API lives in us-west-2; endpoint groups name their own regions.
  new AwsProvider(stack, 'aws', { region: 'us-west-2' });
  const accelerator = new GlobalacceleratorAccelerator(stack, 'accelerator', {
    name: a.name,
    ipAddressType: 'IPV4',
    enabled: true,
  });
  const listener = new GlobalacceleratorListener(stack, 'listener', {
    acceleratorArn: accelerator.arn,
    protocol: 'TCP',
    clientAffinity: 'NONE',
    portRange: a.ports.map((p) => ({ fromPort: p, toPort: p })),
  });
  for (const g of a.endpointGroups) {
    new GlobalacceleratorEndpointGroup(stack, `region-${g.site}`, {
      listenerArn: listener.arn,
      endpointGroupRegion: g.region,
      healthCheckProtocol: 'TCP',
      healthCheckPort: a.ports[0],
      healthCheckIntervalSeconds: 10,
      thresholdCount: 3,
      endpointConfiguration: [{ endpointId: g.endpointId, weight: 100, clientIpPreservationEnabled: true }],
    });
  }
  new TerraformOutput(stack, 'addresses', { value: accelerator.ipSets });
  return stack;
}

/**
 * NS record set in the parent zone and one glue A record per site. No Route 53 health check: a
 * check guards only records with a routing policy (failover, weighted, latency, multivalue), and
 * NS records and their glue use simple routing; resolvers already skip a delegated nameserver that
 * does not answer and ask the next one. A check attached to nothing would only look like failover
 * (https://docs.aws.amazon.com/Route53/latest/DeveloperGuide/dns-failover-configuring.html).
 */
function delegationStack(app: App, d: DnsDelegation): TerraformStack {
  const stack = new TerraformStack(app, d.stackName);
  new GivenBackend(stack, d.backend);
  const region = new TerraformVariable(stack, 'aws_region', {
    type: 'string',
    default: 'us-east-1',
    description: 'AWS region of the provider (Route 53 itself is global).',
  });
  new AwsProvider(stack, 'aws', { region: region.stringValue });

  const zoneId = d.parentHostedZoneId
    ?? new DataAwsRoute53Zone(stack, 'parent', { name: d.parentZone, privateZone: false }).zoneId;

  for (const ns of d.nameservers) {
    new Route53Record(stack, `glue-${ns.site}`, {
      zoneId,
      name: ns.name,
      type: 'A',
      ttl: d.ttlSeconds,
      records: [ns.address],
    });
  }
  new Route53Record(stack, 'delegation', {
    zoneId,
    name: d.zone,
    type: 'NS',
    ttl: d.ttlSeconds,
    records: d.nameservers.map((ns) => ns.name),
  });
  new TerraformOutput(stack, 'nameservers', { value: d.nameservers.map((ns) => ns.name) });
  return stack;
}

/**
 * A backend block written as given: cdktf's own backend classes know a fixed set of types and
 * rename settings, this writes `terraform.backend.<type>` with the settings untouched.
 */
class GivenBackend extends TerraformBackend {
  constructor(scope: Construct, private readonly given: StackBackend) {
    super(scope, 'backend', given.type);
  }

  public getRemoteStateDataSource(_scope: Construct, _name: string, _fromStack: string): TerraformRemoteState {
    throw new Error('cdk-multisite stacks do not read each other\'s state.');
  }

  protected synthesizeAttributes(): { [name: string]: any } {
    return { ...this.given.config };
  }
}
