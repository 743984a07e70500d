import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { AnalyzedDataGuard } from './analysis';
import { brokerName, databaseObjectName, databaseSid } from './names';
import * as oracle from '../../imports/database.oracle.com';
import { workloadLabels } from '../../k8s/labels';
import { OutputCharts } from '../../k8s/output-charts';
import { DesignModel } from '../../model/design';

/** The Oracle listener port. */
export const ORACLE_LISTENER_PORT = 1521;

/**
 * Writes a Data Guard configuration for Oracle's Database Operator (database.oracle.com/v4) in
 * a stretched cluster: a SingleInstanceDatabase per site pinned by nodeSelector (the primary
 * with archive log, force logging and flashback, which Data Guard and reinstatement need; the
 * standbys created from it), and the DataguardBroker, whose observer pod the operator places
 * with the broker's nodeSelector: in the witness. Every object goes in the cluster-wide chart.
 */
export function writeDataGuard(design: DesignModel, analysis: AnalyzedDataGuard, charts: OutputCharts): void {
  const cluster = analysis.cluster;
  if (design.shape.kind !== 'stretched') return;
  const siteLabel = design.shape.siteLabel;
  const engine = cluster.engine;
  const { primary, standbys, observers } = analysis.details.roles;
  const chart = charts.clusterWide();
  const scope = new Construct(chart, cluster.name);
  const labels = workloadLabels('oracle-database', cluster.name, 'database');
  const namespace = operatorNamespace(chart, cluster.namespace);

  const database = (site: string, role: 'primary' | 'standby') => new oracle.SingleInstanceDatabaseV4(scope, `database-${site}`, {
    metadata: { name: databaseObjectName(cluster, site), namespace: cluster.namespace, labels: { ...labels, 'cdk-multisite/site': site } },
    spec: {
      sid: databaseSid(cluster, site),
      edition: oracle.SingleInstanceDatabaseV4SpecEdition.ENTERPRISE,
      createAs: role === 'primary' ? oracle.SingleInstanceDatabaseV4SpecCreateAs.PRIMARY : oracle.SingleInstanceDatabaseV4SpecCreateAs.STANDBY,
      ...(role === 'primary'
        ? { archiveLog: true, forceLog: true, flashBack: true }
        : { primaryDatabaseRef: databaseObjectName(cluster, primary) }),
      adminPassword: { secretName: engine.adminPasswordSecret, secretKey: 'oracle_pwd', keepSecret: true },
      image: { pullFrom: engine.image, pullSecrets: engine.imagePullSecret },
      persistence: {
        size: engine.storageSize,
        accessMode: oracle.SingleInstanceDatabaseV4SpecPersistenceAccessMode.READ_WRITE_ONCE,
        ...(engine.storageClassName ? { storageClass: engine.storageClassName } : {}),
      },
      nodeSelector: { [siteLabel]: site },
      replicas: 1,
    },
  });
  const primaryDb = database(primary, 'primary');
  const standbyDbs = standbys.map((s) => database(s, 'standby'));
  for (const s of standbyDbs) s.node.addDependency(primaryDb);

  const broker = new oracle.DataguardBrokerV4(scope, 'broker', {
    metadata: { name: brokerName(cluster), namespace: cluster.namespace, labels },
    spec: {
      primaryDatabaseRef: databaseObjectName(cluster, primary),
      standbyDatabaseRefs: standbys.map((s) => databaseObjectName(cluster, s)),
      protectionMode: engine.protectionMode === 'MaxAvailability'
        ? oracle.DataguardBrokerV4SpecProtectionMode.MAX_AVAILABILITY
        : oracle.DataguardBrokerV4SpecProtectionMode.MAX_PERFORMANCE,
      fastStartFailover: engine.fastStartFailover,
      ...(observers.length > 0 ? { nodeSelector: { [siteLabel]: observers[0] } } : {}),
    },
  });
  for (const s of standbyDbs) broker.node.addDependency(s);

  // The operator labels its pods itself: admit the listener for every pod of the namespace.
  const policy = new kplus.NetworkPolicy(scope, 'network-policy', {
    metadata: { name: cluster.name, namespace: cluster.namespace, labels },
    selector: kplus.Pods.all(scope, 'all-pods'),
    ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
  });
  const listener = [kplus.NetworkPolicyPort.tcp(ORACLE_LISTENER_PORT)];
  policy.addIngressRule(kplus.Pods.all(scope, 'same-namespace'), listener);
  if (engine.clientNamespaces.length > 0) {
    policy.addIngressRule(kplus.Pods.all(scope, 'clients', {
      namespaces: kplus.Namespaces.select(scope, 'client-namespaces', { names: [...engine.clientNamespaces] }),
    }), listener);
  }
  for (const obj of [primaryDb, broker, policy]) obj.node.addDependency(namespace);
}

/**
 * The operator's database pods add SYS_NICE and an init container running as root, which
 * neither `restricted` nor `baseline` admit: the namespace enforces `privileged` and warns and
 * audits against `restricted`, so the gap stays visible.
 */
function operatorNamespace(chart: Chart, name: string): kplus.Namespace {
  const id = `namespace-${name}`;
  const existing = chart.node.tryFindChild(id);
  if (existing) return existing as kplus.Namespace;
  return new kplus.Namespace(chart, id, {
    metadata: {
      name,
      labels: {
        'pod-security.kubernetes.io/enforce': 'privileged',
        'pod-security.kubernetes.io/warn': 'restricted',
        'pod-security.kubernetes.io/audit': 'restricted',
        'app.kubernetes.io/managed-by': 'cdk-multisite',
      },
    },
  });
}
