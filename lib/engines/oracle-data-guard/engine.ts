import { analyzeDataGuard, DataGuardAnalysis } from './analysis';
import { dataGuardClusterSetup, dataGuardWriteHealthAccountStep } from './cluster-setup';
import { dataGuardFlows, dataGuardMetricsFlows } from './flows';
import { dataGuardMetricsEndpoints } from './metrics-exporter';
import { ORACLE_DATA_GUARD_KIND, OracleDataGuardModel, oracleDataGuardModel, DataGuardCluster, parseConnectString } from './model';
import { DATA_GUARD_OPERATORS } from './operators';
import { DataGuardBrokerMode, OracleDataGuardOptions } from './options';
import { dataGuardReferences } from './references';
import { renderRegionRunbook } from './region-runbook';
import { dataGuardSection } from './report-section';
import { Site } from '../../site';
import { SqlEngineDefinition } from '../engine';
import { checkClientNamespaces, checkSecretNames, checkWholeGibibytes, checkWorkload } from '../option-checks';
import { dataGuardBrokerMode } from './rules/dg-broker-mode';
import { dataGuardGslbPrimary } from './rules/dg-gslb-primary';
import { dataGuardManualFailover } from './rules/dg-manual-failover';
import { dataGuardObserver } from './rules/dg-observer';
import { dataGuardOwnNamespace } from './rules/dg-own-namespace';
import { dataGuardPlacement } from './rules/dg-placement';
import { dataGuardPrimaryAddress } from './rules/dg-primary-address';
import { dataGuardRpo } from './rules/dg-rpo';
import { dataGuardRpoLimit } from './rules/dg-rpo-limit';
import { dataGuardStandbyInWitness } from './rules/dg-standby-in-witness';
import { renderRunbook } from './runbook';
import { dataGuardSurvival } from './survival';
import { dataGuardWriteHealthFlows, dataGuardWriteHealthProbe } from './write-health';
import { writeDataGuard } from './writer';
import { WritePath } from '../../analysis/analyzed-design';
import { SurvivalRule } from '../../analysis/survival';
import { exactGroup } from '../../analysis/voting-group';
import { RttMatrix } from '../../model/latency';
import { invalidValue, isDns1123Subdomain } from '../../model/validation';

/**
 * Oracle Data Guard with Oracle's Database Operator: one primary, physical standbys, the
 * fast-start failover observer as the arbitrator of a third site. Asynchronous: not strongly
 * consistent, so the quorum rules do not apply; the RPO must be stated.
 */
export const ORACLE_DATA_GUARD: SqlEngineDefinition<OracleDataGuardOptions, OracleDataGuardModel, DataGuardAnalysis> = {
  kind: ORACLE_DATA_GUARD_KIND,
  label: 'Oracle Data Guard',
  stronglyConsistent: false,
  hasArbitrators: true,
  writePath: WritePath.ASYNC_PRIMARY,
  survivalRule: SurvivalRule.PRIMARY_OR_FAILOVER,
  survivalAfterLosing: (cluster, details, _groups, lost) => dataGuardSurvival(cluster, details, lost),
  // Across clusters, standbys and the broker connect to the names external-dns publishes under
  // databaseDomain (or externalMembers' connect strings), never to another cluster's domain (writer.ts).
  resolvesPeersByClusterDns: false,
  validateOptions(options) {
    const where = 'SqlEngine.oracleDataGuard';
    if (options.rpo !== undefined) {
      // cdk8s's Duration.toSeconds() throws a message that names no prop on a fraction of a second.
      const millis = options.rpo.toMilliseconds();
      if (millis < 0 || millis % 1000 !== 0) {
        throw invalidValue(where, 'rpo', `${millis / 1000} s`, 'must be a whole number of seconds ≥ 0 (FastStartFailoverLagLimit and the report count whole seconds)');
      }
    }
    checkWholeGibibytes(where, 'storageSize', options.storageSize);
    checkSecretNames(where, {
      adminPasswordSecret: options.adminPasswordSecret,
      writeHealthPasswordSecret: options.writeHealthPasswordSecret,
      monitoringPasswordSecret: options.monitoringPasswordSecret,
      imagePullSecret: options.imagePullSecret,
      certManagerCaSecret: options.certManagerCaSecret,
      clientWalletSecret: options.clientWalletSecret,
    });
    if (options.brokerMode === DataGuardBrokerMode.LEGACY && !options.insecure) {
      // The 2.2 operator runs a broker with TCPS members only through spec.topology
      // (oracle/oracle-database-operator sidbdevbranch e390bb952d5e,
      // controllers/dataguard/dataguardbroker_reconcile_helpers.go: a TCPS member "requires
      // topology-native broker execution"); the legacy broker connects over TCP.
      throw invalidValue(where, 'brokerMode', options.brokerMode, 'connects the broker over TCP only, in clear; leave brokerMode unset (TOPOLOGY, over TCPS), or set insecure: true as well for a lab');
    }
    if (options.insecure && (options.certManagerCaSecret !== undefined || options.clientWalletSecret !== undefined)) {
      throw new Error(`${where}: insecure turns TCPS off, so certManagerCaSecret and clientWalletSecret would be ignored; set one or the other.`);
    }
    checkClientNamespaces(where, 'clientNamespaces entry', options.clientNamespaces);
    if (options.databaseDomain !== undefined && !isDns1123Subdomain(options.databaseDomain)) {
      throw invalidValue(where, 'databaseDomain', options.databaseDomain, 'is not a DNS domain (lowercase labels separated by dots); databases are published as <cluster>-<site>.<databaseDomain>');
    }
    const seen = new Set<string>();
    for (const x of options.externalMembers ?? []) {
      if (parseConnectString(x.connectString) === undefined) {
        throw invalidValue(where, `externalMembers connectString of ${x.site.siteName}`, x.connectString, 'is not host:port/SERVICE (EZConnect, port 1-65535), the form primarySource.connectString and the broker\'s endpoints take');
      }
      if (!/^[A-Za-z][A-Za-z0-9_$#]{0,29}$/.test(x.dbUniqueName)) {
        throw invalidValue(where, `externalMembers dbUniqueName of ${x.site.siteName}`, x.dbUniqueName, 'is not a DB_UNIQUE_NAME (a letter, then up to 29 letters, digits, _, $ or #)');
      }
      if (seen.has(x.site.siteName)) throw invalidValue(where, 'externalMembers site', x.site.siteName, 'appears twice; a site holds one database');
      seen.add(x.site.siteName);
      checkSecretNames(where, { [`externalMembers adminPasswordSecret of ${x.site.siteName}`]: x.adminPasswordSecret });
    }
    checkWorkload(where, { image: options.image, storageClassName: options.storageClassName });
    if (!Site.isSite(options.primary)) throw new Error(`${where}: primary is ${String(options.primary)}, not a site; give the ActiveActiveSite that holds the primary database.`);
  },
  sitesNamedIn: (options) => [options.primary, ...(options.externalMembers ?? []).map((x) => x.site)],
  toModel: oracleDataGuardModel,
  votingGroups: (cluster) => [exactGroup('votes', new Map(cluster.members.map((m) => [m.site, m.voters + m.arbitrators])))],
  commitFloorMillis: dataGuardCommitFloorMillis,
  // TCPS unless insecure: redo and broker traffic (see writer.ts).
  replicatesInClear: (model) => model.insecure,
  certificatesFromCertManager: (model) => model.certManagerCaSecret !== undefined,
  networkFlows: (design, cluster, details) => [
    ...dataGuardFlows(cluster, details), ...dataGuardMetricsFlows(design, cluster, details), ...dataGuardWriteHealthFlows(design, cluster, details),
  ],
  metricsEndpoints: (cluster, details) => dataGuardMetricsEndpoints(cluster, details),
  writeHealthProbe: (design, cluster, details, site) => dataGuardWriteHealthProbe(design, cluster, details, site),
  analyze: (design, cluster) => analyzeDataGuard(design, cluster),
  // database.oracle.com_singleinstancedatabases.yaml (operator 2.2, in ../shared/schemas) has
  // spec.restore (from an RMAN backup on a file system or in OCI Object Storage) and no backup field.
  noBackupReason: 'Oracle\'s Database Operator (2.2) takes no backups of a SingleInstanceDatabase: its CRD has spec.restore (from an RMAN backup on a file system or in OCI Object Storage) and no backup or schedule field, and RMAN to an S3-compatible bucket needs Oracle\'s licensed Cloud Backup Module.',
  rules: [
    dataGuardRpo, dataGuardRpoLimit, dataGuardPlacement, dataGuardObserver, dataGuardPrimaryAddress, dataGuardBrokerMode, dataGuardGslbPrimary,
    dataGuardOwnNamespace, dataGuardManualFailover, dataGuardStandbyInWitness,
  ],
  write: ({ design, analysis, charts }) => writeDataGuard(design, analysis, charts),
  reportSection: (design, analysis) => dataGuardSection(design, analysis),
  operators: DATA_GUARD_OPERATORS,
  customResourceReferences: dataGuardReferences,
  clusterSetup: (design, analysis) => dataGuardClusterSetup(analysis, design.shape.kind === 'stretched', design.monitoring !== undefined),
  writeHealthAccountSteps: (design, analysis) => [dataGuardWriteHealthAccountStep(analysis, design.shape.kind === 'stretched')].filter((s) => s !== undefined),
  extraFiles: (design, analysis) => new Map([[`RUNBOOK-${analysis.cluster.name}.md`,
    analysis.details.crossCluster ? renderRegionRunbook(design, analysis) : renderRunbook(analysis)]]),
};

/**
 * Only the primary takes writes. In MaxPerformance redo ships asynchronously, so a commit waits
 * for no other site (0 ms); in MaxAvailability it waits for a synchronous standby to receive the
 * redo, at least the RTT to the nearest one. Undefined for the standbys' sites (they take no writes).
 */
function dataGuardCommitFloorMillis(cluster: DataGuardCluster, _groups: unknown, site: string, rtt: RttMatrix): number | undefined {
  if (site !== cluster.engine.primary) return undefined;
  if (cluster.engine.protectionMode === 'MaxPerformance') return 0;
  const standbys = cluster.members.filter((m) => m.voters > 0 && m.site !== site).map((m) => rtt.between(site, m.site));
  if (standbys.length === 0 || standbys.some((r) => r === undefined)) return undefined;
  return Math.min(...(standbys as number[]));
}
