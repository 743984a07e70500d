import { AnalyzedCassandra } from './analysis';
import { additionalSeedService, DC_REPLICATION_ANNOTATION } from './names';

/** `RUNBOOK-<cluster>.md`: a datacenter lost, its seeds, and bringing it back by rebuild. */
export function renderCassandraRunbook(a: AnalyzedCassandra): string {
  const c = a.cluster;
  const d = a.details;
  const ns = c.namespace;
  const x = d.datacenters[0]?.site ?? 'dc-a';
  const y = d.datacenters[1]?.site ?? x;
  // The source of a rebuild: a datacenter other than the one coming back.
  const source = y;
  const userKeyspaces = d.keyspaces.filter((k) => !k.assumed);
  const out = [
    `# Runbook: Cassandra cluster \`${c.name}\``,
    '',
    `Datacenters: ${d.datacenters.map((dc) => `${dc.site} (${dc.size} nodes, context \`${dc.context}\`)`).join(', ')}. Control plane (K8ssandraCluster \`${c.name}\`): ${d.controlPlane}.`,
    '',
    '## 1. A datacenter is lost',
    '',
    `1. Point the clients of the lost site at a surviving datacenter (their driver's local datacenter); at ${c.engine.readConsistency}/${c.engine.writeConsistency} the report's loss table says which datacenters still answer.`,
    '2. Do not run repairs, scale, or change the K8ssandraCluster until the datacenter is back or removed: the operator waits for every datacenter.',
    '',
    '## 2. Seeds that name the dead datacenter (k8ssandra-operator #1546)',
    '',
    'Seeds between datacenters are the pod IPs of the other datacenters, kept in an Endpoints object in each cluster. While a datacenter is down, a restarted pod elsewhere waits on those dead seeds and does not come up.',
    '',
    `1. Before restarting any pod of a surviving datacenter (say ${y} after losing ${x}): \`kubectl --context ${d.datacenters.find((dc) => dc.site === y)?.context ?? y} -n ${ns} get endpoints ${additionalSeedService(c, y)} -o yaml\` lists the seed IPs; remove the lost datacenter's addresses (\`kubectl edit endpoints\`), keeping those of live datacenters.`,
    '2. Check that the operator has not written them back before each restart; it refreshes the list from the datacenters it can reach.',
    '3. Restart one pod at a time and wait for `nodetool status` to show it UN.',
    '',
    `## 3. Bringing a datacenter back (say ${x}): rebuild from a source datacenter`,
    '',
    'A datacenter that comes back empty (new volumes) must stream its data from another one; joining alone does not copy existing rows.',
    '',
    '1. If its old nodes are still listed DN in `nodetool status`, remove them from a live node: `nodetool removenode <host-id>` for each.',
    `2. Apply the site folder (namespace, Certificates, NetworkPolicy) in the rebuilt cluster, then re-add its datacenter to K8ssandraCluster \`${c.name}\` (or let the operator re-create it).`,
    userKeyspaces.length > 0
      ? `3. The annotation \`${DC_REPLICATION_ANNOTATION}\` on the K8ssandraCluster gives the replication of ${userKeyspaces.map((k) => k.name).join(', ')} for an added datacenter; it must list every user keyspace, or reconciliation stops.`
      : `3. List every user keyspace in the annotation \`${DC_REPLICATION_ANNOTATION}\` before adding the datacenter, or reconciliation stops.`,
    `4. Set \`rebuild: { sourceDc: ${source} }\` on the returning datacenter's entry in \`spec.cassandra.datacenters\` before re-adding it: the operator then streams every keyspace from ${source} (\`maxConcurrentRebuilds\` pods per rack at a time, 1 by default). For a datacenter that was never removed from the K8ssandraCluster, run \`nodetool rebuild -- ${source}\` on each of its nodes, one at a time.`,
    '5. Then `nodetool repair -full` per keyspace in the returning datacenter, and point its clients back.',
    '',
  ];
  return out.join('\n');
}
