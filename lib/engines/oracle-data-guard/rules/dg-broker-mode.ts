import { Severity } from '../../../core/types';
import { Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { DataGuardAnalysis } from '../analysis';
import { OracleDataGuardModel } from '../model';

/** The legacy broker fields cannot name databases the topology needs, and the two do not mix. */
export const dataGuardBrokerMode: EngineRule<OracleDataGuardModel, DataGuardAnalysis> = {
  id: 'MS-DG-BROKER-MODE',
  summary: 'the legacy DataguardBroker asked for databases only spec.topology can name (topology mode mixed with legacy fields)',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'The legacy fields (primaryDatabaseRef, standbyDatabaseRefs) name SingleInstanceDatabases in the broker\'s own namespace and cluster. A database in another Kubernetes cluster or outside Kubernetes is named only by spec.topology (members by endpoint), and the operator\'s webhook refuses spec.topology beside primaryDatabaseRef, standbyDatabaseRefs, protectionMode or fastStartFailover (oracle-database-operator sidbdevbranch, dataguardbroker_webhook.go validateNoMixedTopologyAndLegacy).',
  checkClusters(clusters, _design): Violation[] {
    const out: Violation[] = [];
    for (const { cluster: c, details: d } of clusters) {
      if (d.brokerMode !== 'legacy') continue;
      const remote = d.members.filter((m) => !m.managed || (d.crossCluster && m.site !== d.brokerSite));
      if (remote.length === 0) continue;
      out.push({
        path: c.path,
        message: `${c.name} asks for the legacy broker, but its databases in ${remote.map((m) => m.site).join(', ')} are ${d.crossCluster ? 'in other Kubernetes clusters' : 'outside Kubernetes'}: only spec.topology names them, and it cannot be mixed with the legacy fields.`,
        fix: 'Leave brokerMode unset (or DataGuardBrokerMode.TOPOLOGY): the broker then names every database in spec.topology and nothing in the legacy fields.',
      });
    }
    return out;
  },
};
