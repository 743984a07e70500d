import { AnalyzedCassandra, CassandraScenario } from './analysis';
import { ALL_CONSISTENCY_LEVELS } from './consistency';
import { additionalSeedService } from './names';

/** The scenario's name in the loss table. */
function scenarioName(s: CassandraScenario): string {
  if (s.kind === 'none') return 'nothing';
  return s.kind === 'loss' ? `${s.site} lost` : `${s.site} cut off (both sides up)`;
}

/**
 * The report's section on a Cassandra cluster: datacenters, replication, and per consistency
 * level which datacenters still serve after each single-site loss and partition.
 */
export function cassandraSection(a: AnalyzedCassandra): string[] {
  const c = a.cluster;
  const e = c.engine;
  const d = a.details;
  const out = [`## Cluster \`${c.name}\` (Apache Cassandra, K8ssandra)`, ''];
  out.push(`The \`K8ssandraCluster\` lives in ${d.controlPlane}${d.controlPlaneHoldsData ? ', which also holds a datacenter' : ' (no datacenter there)'}, in namespace \`${c.namespace}\`, which k8ssandra-operator there must watch (APPLY.md installs its control plane cluster-scoped, and the data plane in every other datacenter's cluster); each datacenter's cluster is registered there as a ClientConfig under its k8sContext (\`kubectl k8ssandra register\`, in APPLY.md). Losing the control plane freezes management (scaling, replication changes, seed updates; k8ssandra-operator #139), not reads and writes.`, '');
  out.push('| datacenter (site) | nodes | k8sContext | racks |', '| --- | --- | --- | --- |');
  for (const dc of d.datacenters) {
    out.push(`| ${dc.site} | ${dc.size} | ${dc.context} | ${dc.racks.map((r) => (r.zone ? `${r.name} (zone ${r.zone})` : r.name)).join(', ')} |`);
  }
  out.push('', `Replicas per datacenter (NetworkTopologyStrategy); system keyspaces are forced to min(3, nodes) per datacenter: ${[...d.systemReplicas].map(([s, n]) => `${s} ${n}`).join(', ')}.`, '');
  out.push(`| keyspace | ${d.datacenters.map((x) => x.site).join(' | ')} |`, `| --- |${d.datacenters.map(() => ' --- |').join('')}`);
  for (const k of d.keyspaces) out.push(`| ${k.name} | ${d.datacenters.map((x) => k.replicas.get(x.site)).join(' | ')} |`);
  out.push('', `The application reads at ${e.readConsistency} and writes at ${e.writeConsistency}.`, '');

  out.push('### Loss table', '', 'Per consistency level, the datacenters where a request coordinated there still succeeds for every keyspace (**none**: every request at that level fails). In a partition each side counts only the replicas it reaches.', '');
  const mark = (l: string) => (l === e.readConsistency || l === e.writeConsistency ? `**${l}**` : l);
  out.push(`| scenario | ${ALL_CONSISTENCY_LEVELS.map(mark).join(' | ')} |`, `| --- |${ALL_CONSISTENCY_LEVELS.map(() => ' --- |').join('')}`);
  for (const s of d.scenarios) {
    out.push(`| ${scenarioName(s)} | ${ALL_CONSISTENCY_LEVELS.map((l) => s.servesFrom.get(l)!.join(', ') || '**none**').join(' | ')} |`);
  }
  out.push('', '### The application\'s levels', '', '| scenario | reads | writes | RPO of acknowledged writes |', '| --- | --- | --- | --- |');
  const sites = (list: readonly string[]) => list.join(', ') || '**none**';
  // Losses: the engine's survival verdict (survival.ts), the one report.json and the rules read.
  for (const v of a.singleSiteLosses) {
    const lost = v.lost.join(' + ');
    const rpo = v.mayLoseWrites ? `> 0: writes acknowledged only in ${lost} and not yet replicated are lost with it` : '0: every acknowledged write has a replica elsewhere';
    out.push(`| ${lost} lost | ${sites(v.readsFrom)} | ${sites(v.writesFrom)} | ${rpo} |`);
  }
  for (const s of d.scenarios.filter((x) => x.kind === 'partition')) {
    const rpo = 'both sides may accept writes; on healing, hints and repair merge them, the newest timestamp winning per cell';
    out.push(`| ${scenarioName(s)} | ${sites(s.servesFrom.get(e.readConsistency)!)} | ${sites(s.servesFrom.get(e.writeConsistency)!)} | ${rpo} |`);
  }
  out.push('');
  out.push('Voluntary disruptions: cass-operator gives every datacenter a PodDisruptionBudget of minAvailable = size − 1, and the Kubernetes clusters do not see each other\'s budgets, so drains can take one pod in every datacenter at once. '
    + (d.evictionShortfalls.length === 0
      ? 'The application\'s levels survive that everywhere they are served.'
      : `That breaks ${d.evictionShortfalls.map((x) => `${x.level} in ${x.site} (${x.keyspace})`).join(', ')} (MS-CASSANDRA-DISRUPTION-BUDGET).`), '');
  out.push(`Seeds between datacenters are pod IPs, in the EndpointSlices of \`${d.datacenters.map((x) => additionalSeedService(c, x.site)).join('`, `')}\` (k8ssandra-operator \`controllers/k8ssandra/seeds.go\`), which the control plane refreshes only when it reaches every datacenter. After a datacenter is lost, the others keep its dead IPs, and their pods cannot restart until those are removed (k8ssandra-operator #1546): follow RUNBOOK-${c.name}.md section 2 before restarting any pod of a surviving datacenter.`, '');
  out.push(`TLS: ${e.insecure ? '**off** (MS-INSECURE-CLUSTER)' : `internode (all) and client encryption from keystores in Secret \`${c.name}-encryption-stores\` (cert-manager, CA Secret \`${e.certManagerCaSecret}\`), password in \`${e.keystorePasswordSecret}\``}.`, '');
  return out;
}
