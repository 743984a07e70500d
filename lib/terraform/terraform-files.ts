import { createTerraformWriter } from './create-terraform-writer';
import { dnsDelegationOf } from './dns-delegation-of';
import { stackBackends } from './stack-backend';
import { DesignModel } from '../model/design';
import { edgeStackName, terraformStackList, terraformStacksOf } from '../model/terraform-stacks';

/**
 * Every Terraform file of the design, relative to `dist/terraform/`: a delegation stack for each
 * GSLB zone delegated by Terraform, an edge stack for each anycast VIP with AWS edge regions and a
 * bucket stack for each cluster backing up to a bucket the library creates. Empty (and the
 * Terraform writer never loaded) when the design has none. Each stack keeps its
 * state where the design's backend says, or in a local file outside the output folder.
 */
export function terraformFiles(design: DesignModel): Map<string, string> {
  const stacks = terraformStacksOf(design);
  const { delegatedZones: delegated, edgeVips: edges, backupBuckets } = stacks;
  if (delegated.length + edges.length + backupBuckets.length === 0) return new Map();
  const backends = stackBackends(design.terraformBackend, terraformStackList(stacks).map((s) => s.name));
  const terraform = createTerraformWriter();
  for (const zone of delegated) terraform.addDnsDelegation({ ...dnsDelegationOf(design, zone), backend: backends.get(zone.name)! });
  for (const vip of edges) {
    terraform.addGlobalAccelerator({
      stackName: edgeStackName(vip),
      backend: backends.get(edgeStackName(vip))!,
      name: vip.name,
      ports: vip.pods!.ports.map((p) => p.port),
      endpointGroups: vip.awsEdge,
    });
  }
  for (const { target } of backupBuckets) {
    terraform.addBackupBucket({
      stackName: target.stackName,
      backend: backends.get(target.stackName)!,
      bucketName: target.bucket,
      region: target.region,
      retentionDays: target.bucketRetentionDays,
      replicaRegion: target.replica?.region,
      replicaBucketName: target.replica?.bucket,
    });
  }
  return terraform.render();
}
