import { analyzeCassandra, CassandraAnalysis } from './analysis';
import { CASSANDRA_BACKUP } from './backup';
import { CASSANDRA_CHANGES } from './changes';
import { cassandraClusterSetup } from './cluster-setup';
import { requirementOf } from './consistency';
import { cassandraFlows } from './flows';
import { renderKeyspacesCql } from './keyspaces-cql';
import { cassandraMetricsEndpoints, cassandraSiteFloors } from './metrics';
import { CASSANDRA_KIND, CassandraModel, cassandraModel } from './model';
import { CASSANDRA_OPERATORS } from './operators';
import { checkCassandraOptions } from './option-limits';
import { CassandraConsistency, CassandraOptions } from './options';
import { cassandraSection } from './report-section';
import { SqlEngineDefinition } from '../engine';
import { checkWholeGibibytes, checkWholeMebibytes } from '../option-checks';
import { cassandraClusterPerSite } from './rules/cassandra-cluster-per-site';
import { cassandraConsistencySiteLoss } from './rules/cassandra-consistency-site-loss';
import { cassandraControlPlane } from './rules/cassandra-control-plane';
import { cassandraDisruptionBudget } from './rules/cassandra-disruption-budget';
import { cassandraRacks } from './rules/cassandra-racks';
import { cassandraReplicasExceedNodes } from './rules/cassandra-replicas-exceed-nodes';
import { cassandraReplicationFactor } from './rules/cassandra-replication-factor';
import { cassandraStatefulSetNames } from './rules/cassandra-statefulset-names';
import { renderCassandraRunbook } from './runbook';
import { cassandraSurvival } from './survival';
import { cassandraWriteHealthFlows, cassandraWriteHealthProbe } from './write-health';
import { cassandraWriteHealthStep, renderWriteHealthCql, writeHealthCqlFile } from './write-health-setup';
import { writeCassandra } from './writer';
import { WritePath } from '../../analysis/analyzed-design';
import { SurvivalRule } from '../../analysis/survival';
import { exactGroup } from '../../analysis/voting-group';
import { hostsWritingTo } from '../../analysis/write-health';
import { RttMatrix } from '../../model/latency';

const KEYSPACE_NAME = /^[A-Za-z0-9_]{1,48}$/;

/**
 * Apache Cassandra with k8ssandra-operator: one datacenter per site, each in its own Kubernetes
 * cluster, managed from a control-plane cluster. Not strongly consistent: what survives a site
 * loss depends on the consistency level, so the quorum rules do not apply and the engine's own
 * rules judge each level the application uses.
 */
export const CASSANDRA: SqlEngineDefinition<CassandraOptions, CassandraModel, CassandraAnalysis> = {
  kind: CASSANDRA_KIND,
  label: 'Apache Cassandra (K8ssandra)',
  stronglyConsistent: false,
  hasArbitrators: false,
  writePath: WritePath.CONSISTENCY_LEVEL,
  survivalRule: SurvivalRule.CONSISTENCY_LEVEL,
  survivalAfterLosing: (cluster, details, _groups, lost) => cassandraSurvival(cluster, details, lost),
  // Seeds between datacenters are pod IPs that k8ssandra-operator copies into each cluster's
  // additional-seed-service Endpoints (k8ssandra/k8ssandra-operator 08fc5e1cd7cd,
  // controllers/k8ssandra/seeds.go newEndpoints: seed.Status.PodIP); gossip runs on IPs too.
  resolvesPeersByClusterDns: false,
  // One Cassandra pod per node, required (writer.ts, softPodAntiAffinity).
  operatorSeparatesNodes: true,
  sitesNamedIn: (options) => [...(options.controlPlane ? [options.controlPlane] : []), ...(options.kubernetesContexts ?? []).map((c) => c.site)],
  validateOptions(options) {
    const where = 'SqlEngine.cassandra';
    checkCassandraOptions(where, options);
    checkWholeGibibytes(where, 'storageSize', options.storageSize);
    checkWholeMebibytes(where, 'memory', options.memory, 1024);
    const levels = Object.values(CassandraConsistency) as string[];
    for (const [what, level] of [['readConsistency', options.readConsistency], ['writeConsistency', options.writeConsistency]] as const) {
      if (level !== undefined && !levels.includes(level)) {
        throw new Error(`${where}: ${what} ${level} is not a consistency level; use one of ${levels.join(', ')}.`);
      }
    }
    // SERIAL and LOCAL_SERIAL are for the Paxos phase of lightweight transactions: Cassandra
    // rejects them for writes (apache/cassandra `db/ConsistencyLevel.java`, validateForWrite).
    const serial: (string | undefined)[] = [CassandraConsistency.SERIAL, CassandraConsistency.LOCAL_SERIAL];
    if (serial.includes(options.writeConsistency)) {
      throw new Error(`${where}: writeConsistency ${options.writeConsistency} is only for the Paxos phase of lightweight transactions; Cassandra rejects it for writes. Use QUORUM or LOCAL_QUORUM.`);
    }
    const names = new Set<string>();
    for (const k of options.keyspaces ?? []) {
      if (!KEYSPACE_NAME.test(k.name) || k.name.startsWith('system')) {
        throw new Error(`${where}: keyspace name "${k.name}" must be 1–48 letters, digits or underscores and not start with "system".`);
      }
      if (names.has(k.name)) throw new Error(`${where}: keyspace ${k.name} is listed twice.`);
      if ((k.replicationFactor ?? 3) === 0 && !(k.perSite ?? []).some((p) => p.replicationFactor > 0)) {
        throw new Error(`${where}: keyspace ${k.name} keeps no replica in any datacenter; give it a replicationFactor, or perSite replicas where it lives.`);
      }
      names.add(k.name);
    }
  },
  toModel: cassandraModel,
  // No vote decides anything in Cassandra; each keyspace's replicas stand in, labelled with
  // what a majority of them means (a QUORUM). The engine's rules judge the application's levels.
  votingGroups: (_cluster, details) => details.keyspaces.map((k) => exactGroup(`replicas of keyspace ${k.name} (a majority is a QUORUM)`, k.replicas)),
  // The voting groups are the keyspaces' replicas per datacenter.
  commitFloorMillis: (cluster, groups, site, rtt) =>
    cassandraWriteFloorMillis(cluster.engine.writeConsistency, groups.map((g) => g.fixed), site, rtt),
  replicatesInClear: (model) => model.insecure,
  certificatesFromCertManager: (model) => model.certManagerCaSecret !== undefined,
  networkFlows: (design, cluster, details) => [...cassandraFlows(cluster, details), ...cassandraWriteHealthFlows(design, cluster, details)],
  writeHealthProbe: (design, cluster, details, site) => cassandraWriteHealthProbe(design, cluster, details, site),
  writeHealthAccountSteps: (design, analysis) => [cassandraWriteHealthStep(design, analysis)].filter((s) => s !== undefined),
  analyze: analyzeCassandra,
  changes: CASSANDRA_CHANGES,
  backup: CASSANDRA_BACKUP,
  rules: [
    cassandraClusterPerSite,
    cassandraConsistencySiteLoss,
    cassandraReplicasExceedNodes,
    cassandraRacks,
    cassandraReplicationFactor,
    cassandraDisruptionBudget,
    cassandraControlPlane,
    cassandraStatefulSetNames,
  ],
  write: ({ design, analysis, charts }) => writeCassandra(design, analysis, charts),
  reportSection: (_design, analysis) => cassandraSection(analysis),
  metricsEndpoints: cassandraMetricsEndpoints,
  metricsSiteFloors: cassandraSiteFloors,
  operators: CASSANDRA_OPERATORS,
  clusterSetup: (design, analysis) => (design.shape.kind === 'cluster-per-site' ? cassandraClusterSetup(design, analysis) : []),
  extraFiles: (design, analysis) => new Map([
    [`RUNBOOK-${analysis.cluster.name}.md`, renderCassandraRunbook(analysis)],
    ...(analysis.details.keyspaces.some((k) => !k.assumed) ? [[`KEYSPACES-${analysis.cluster.name}.cql`, renderKeyspacesCql(analysis)] as [string, string]] : []),
    ...(design.shape.kind === 'cluster-per-site' && hostsWritingTo(design, analysis.cluster.name).length > 0
      ? [[writeHealthCqlFile(analysis.cluster), renderWriteHealthCql(analysis)] as [string, string]] : []),
  ]),
};

/**
 * The least time a write coordinated in `site` waits at the application's write level: the RTT
 * to the farthest datacenter it must hear from, taking the nearest replicas first; the largest
 * over the keyspaces. Undefined when an RTT it needs is unknown or the level cannot be met.
 */
function cassandraWriteFloorMillis(
  level: CassandraConsistency, keyspaces: readonly ReadonlyMap<string, number>[], site: string, rtt: RttMatrix,
): number | undefined {
  const req = requirementOf(level);
  let floor = 0;
  for (const replicas of keyspaces) {
    const dcs = [...replicas].filter(([, rf]) => rf > 0).map(([dc, rf]) => ({ rf, rtt: dc === site ? 0 : rtt.between(site, dc) }));
    let needed: number | undefined;
    if (req.scope === 'local') {
      needed = (replicas.get(site) ?? 0) > 0 ? 0 : undefined;
    } else if (req.scope === 'each') {
      needed = dcs.some((d) => d.rtt === undefined) ? undefined : Math.max(0, ...dcs.map((d) => d.rtt!));
    } else {
      const total = dcs.reduce((n, d) => n + d.rf, 0);
      let want = req.count(total);
      needed = undefined;
      if (want <= total) {
        for (const d of [...dcs].sort((p, q) => (p.rtt ?? Infinity) - (q.rtt ?? Infinity))) {
          if (d.rtt === undefined) break;
          want -= d.rf;
          if (want <= 0) {
            needed = d.rtt;
            break;
          }
        }
      }
    }
    if (needed === undefined) return undefined;
    floor = Math.max(floor, needed);
  }
  return floor;
}
