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
  const ctx = (site: string) => d.datacenters.find((dc) => dc.site === site)?.context ?? site;
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
    'Seeds between datacenters are the pod IPs of the other datacenters\' seed pods, which the control plane writes into EndpointSlices of a Service in each cluster. It refreshes them only when it reaches every datacenter, so while one is down the others keep its dead IPs, and a pod restarted there waits on them and does not come up.',
    '',
    `1. Before restarting any pod of a surviving datacenter (say ${y} after losing ${x}): \`kubectl --context ${ctx(y)} -n ${ns} get endpointslices | grep ${additionalSeedService(c, y)}\` shows the slices; edit them to drop ${x}'s addresses, keeping those of live datacenters.`,
    '2. Restart one pod at a time and wait for `nodetool status` to show it UN before the next.',
    `3. When ${x} is back, the control plane rewrites the slices with its new pod IPs.`,
    '',
    'While a datacenter is down, everything the operator does at EACH_QUORUM (the superuser role in Cassandra 4.1) and every K8ssandraCluster change waits for it.',
    '',
    `## 3. Bringing a datacenter back (say ${x}): rebuild from ${source}`,
    '',
    'A datacenter that comes back with empty volumes must stream its data from another one; joining alone does not copy existing rows. The operator rebuilds by itself only a datacenter that is new to the K8ssandraCluster, not one it still lists.',
    '',
    `1. Remove the dead nodes from a live node: \`nodetool removenode <host-id>\` for each ${x} node shown DN by \`nodetool status\`.`,
    `2. Apply the ${x} site folder (namespace, Certificate, NetworkPolicy) in the rebuilt cluster and let the operator re-create the datacenter; wait until its pods are Ready.`,
    `3. Stream the data: in ${x}'s cluster, create a \`CassandraTask\` (\`control.k8ssandra.io/v1alpha1\`) for datacenter ${x} with a job \`command: rebuild\` and \`arguments: { source_datacenter: ${source} }\` (cass-operator runs it pod by pod), or run \`nodetool rebuild -- ${source}\` on each node, one at a time.`,
    userKeyspaces.length > 0
      ? `4. Adding ${x} as a new datacenter instead (removed from the spec first, after ALTERing the keyspaces to drop it)? Set \`rebuild: { sourceDc: ${source} }\` on its entry; the annotation \`${DC_REPLICATION_ANNOTATION}\` already gives the replication of ${userKeyspaces.map((k) => k.name).join(', ')} and must list every user keyspace, or reconciliation stops.`
      : `4. Adding ${x} as a new datacenter instead? Set \`rebuild: { sourceDc: ${source} }\` on its entry and list every user keyspace in the annotation \`${DC_REPLICATION_ANNOTATION}\`, or reconciliation stops.`,
    '5. Then `nodetool repair -full` per keyspace in the returning datacenter, and point its clients back.',
    '',
  ];
  return out.join('\n');
}
