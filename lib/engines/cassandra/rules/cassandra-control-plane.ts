import { Severity } from '../../../core/types';
import { Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { CassandraAnalysis } from '../analysis';
import { CassandraModel } from '../model';

/** The K8ssandraCluster's home should not be a datacenter's site. */
export const cassandraControlPlane: EngineRule<CassandraModel, CassandraAnalysis> = {
  id: 'MS-CASSANDRA-CONTROL-PLANE',
  summary: 'the K8ssandra control plane in a site that holds a Cassandra datacenter',
  severity: Severity.WARNING,
  acknowledgeable: true,
  why: 'The K8ssandraCluster lives in one control-plane cluster, and only its operator changes the datacenters: losing that site freezes management (no scaling, repairs, or seed updates) for every datacenter (k8ssandra-operator #139); sharing it with a datacenter makes one loss take both.',
  checkClusters(clusters, _design): Violation[] {
    return clusters.filter((a) => a.details.controlPlaneHoldsData).map(({ cluster: c, details }) => ({
      path: c.path,
      message: `the control plane of ${c.name} runs in ${details.controlPlane}, which holds a datacenter.`,
      fix: 'Add a WitnessSite without Cassandra nodes and set controlPlane to it in SqlEngine.cassandra(); keep a copy of the K8ssandraCluster manifest to re-create it elsewhere.',
    }));
  },
};
