import { kindsOf, Prerequisite, prerequisite } from '../../k8s/prerequisites';

/**
 * Oracle Database Operator Release 2.2: merged into upstream `main` by pull request #245
 * (2026-07-30); no `v2.2.0` tag was seen. The objects are validated against the CRDs of the
 * development branch `sidbdevbranch` at e390bb952d5e (2026-04-22, before the release;
 * `../shared/schemas/crds/oracle-database-operator-2.2/`), so fields may differ from the release.
 */
const ORACLE_OPERATOR_VERSION = 'Release 2.2';
/** The git ref the Oracle operator's install manifest is taken from (no 2.2 tag exists, see `ORACLE_OPERATOR_VERSION`). */
const ORACLE_OPERATOR_REF = 'main';
/**
 * The operator a Data Guard cluster needs: the Oracle Database Operator, after cert-manager (its
 * webhooks' certificates). Install facts vendored in `../shared/operators/`; `test/apply-check.test.ts`
 * proves them against the real build.
 */
export const DATA_GUARD_OPERATORS: readonly Prerequisite[] = [
  prerequisite({
    id: 'oracle-database-operator',
    name: 'Oracle Database Operator for Kubernetes',
    version: ORACLE_OPERATOR_VERSION,
    // oracle-database-operator.yaml of sidbdevbranch e390bb952d5e (the 2.2 CRDs): 17 CRDs, WATCH_NAMESPACE "".
    kinds: [
      ...kindsOf('database.oracle.com', [
        'AutonomousContainerDatabase', 'AutonomousDatabase', 'AutonomousDatabaseBackup', 'AutonomousDatabaseRestore', 'DataguardBroker', 'DbcsSystem',
        'LREST', 'LRPDB', 'OracleRestDataService', 'OracleRestart', 'OrdsSrvs', 'RacDatabase', 'ShardingDatabase', 'SingleInstanceDatabase',
      ]),
      ...kindsOf('observability.oracle.com', ['DatabaseObserver']),
      ...kindsOf('privateai.oracle.com', ['PrivateAi']),
      ...kindsOf('network.oracle.com', ['TrafficManager']),
    ],
    namespace: 'oracle-database-operator-system',
    after: ['cert-manager'],
    install: () => [
      `# ${ORACLE_OPERATOR_VERSION} was merged into ${ORACLE_OPERATOR_REF} (oracle/oracle-database-operator pull request #245, 2026-07-30) without a tag: pin the commit you install`,
      `kubectl apply -f https://raw.githubusercontent.com/oracle/oracle-database-operator/${ORACLE_OPERATOR_REF}/rbac/cluster-role-binding.yaml`,
      `kubectl apply -f https://raw.githubusercontent.com/oracle/oracle-database-operator/${ORACLE_OPERATOR_REF}/oracle-database-operator.yaml`,
      'kubectl -n oracle-database-operator-system rollout status deployment/oracle-database-operator-controller-manager --timeout=5m',
    ],
    source: 'https://github.com/oracle/oracle-database-operator (README: cert-manager first, rbac/cluster-role-binding.yaml, then oracle-database-operator.yaml); objects checked against the CRDs of sidbdevbranch e390bb952d5e, which predate the release',
  }),
];
