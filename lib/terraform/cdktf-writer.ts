import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { DataAwsRoute53Zone } from '@cdktf/provider-aws/lib/data-aws-route53-zone';
import { AwsProvider } from '@cdktf/provider-aws/lib/provider';
import { Route53HealthCheck } from '@cdktf/provider-aws/lib/route53-health-check';
import { Route53Record } from '@cdktf/provider-aws/lib/route53-record';
import { App, LocalBackend, TerraformOutput, TerraformStack, TerraformVariable } from 'cdktf';
import { DnsDelegation, TerraformWriter } from './terraform-writer';

/** A `TerraformWriter` that builds cdktf stacks with `@cdktf/provider-aws` (hashicorp/aws 5.x). */
export class CdktfWriter implements TerraformWriter {
  private readonly delegations: DnsDelegation[] = [];

  public addDnsDelegation(delegation: DnsDelegation): void {
    this.delegations.push(delegation);
  }

  public render(): Map<string, string> {
    const files = new Map<string, string>();
    if (this.delegations.length === 0) return files;
    const outdir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-multisite-cdktf-'));
    try {
      const app = new App({ outdir, stackTraces: false });
      for (const d of this.delegations) delegationStack(app, d);
      app.synth();
      for (const d of this.delegations) {
        const json = fs.readFileSync(path.join(outdir, 'stacks', d.stackName, 'cdk.tf.json'), 'utf-8');
        files.set(`${d.stackName}/cdk.tf.json`, json.endsWith('\n') ? json : `${json}\n`);
      }
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
    return files;
  }
}

/** NS record set in the parent zone, one glue A record and one health check per site. */
function delegationStack(app: App, d: DnsDelegation): TerraformStack {
  const stack = new TerraformStack(app, d.stackName);
  new LocalBackend(stack, { path: 'terraform.tfstate' });
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
    new Route53HealthCheck(stack, `dns-${ns.site}`, {
      ipAddress: ns.address,
      port: 53,
      type: 'TCP',
      requestInterval: 30,
      failureThreshold: 3,
      tags: { Name: `k8gb CoreDNS of ${ns.site} for ${d.zone}` },
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
