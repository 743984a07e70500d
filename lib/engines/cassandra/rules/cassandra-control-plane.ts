import { AnalyzedDesign } from '../../../analysis/analyzed-design';
import { Severity } from '../../../core/types';
import { Rule, Violation } from '../../../rules/rule';
import { cassandraAnalyses } from '../analysis';

/** The K8ssandraCluster's home should not be a datacenter's site. */
export const cassandraControlPlane: Rule = {
  id: 'MS-CASSANDRA-CONTROL-PLANE',
  summary: 'the K8ssandra control plane in a site that holds a Cassandra datacenter',
  severity: Severity.WARNING,
  acknowledgeable: true,
  why: 'The K8ssandraCluster lives in one control-plane cluster, and only its operator changes the datacenters: losing that site freezes management (no scaling, repairs, or seed updates) for every datacenter (k8ssandra-operator #139); sharing it with a datacenter makes one loss take both.',
  check(design: AnalyzedDesign): Violation[] {
    return cassandraAnalyses(design).filter((a) => a.details.controlPlaneHoldsData).map(({ cluster: c, details }) => ({
      path: c.path,
      message: `the control plane of ${c.name} runs in ${details.controlPlane}, which holds a datacenter.`,
      fix: 'Add a WitnessSite without Cassandra nodes and set controlPlane to it in SqlEngine.cassandra(); keep a copy of the K8ssandraCluster manifest to re-create it elsewhere.',
    }));
  },
};
