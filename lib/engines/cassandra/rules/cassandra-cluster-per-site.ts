import { Severity } from '../../../core/types';
import { NO_PLACEMENT_REMEDY, Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { CassandraAnalysis } from '../analysis';
import { CassandraModel } from '../model';

/** The library writes K8ssandra for one Kubernetes cluster per site. */
export const cassandraClusterPerSite: EngineRule<CassandraModel, CassandraAnalysis> = {
  id: 'MS-CASSANDRA-CLUSTER-PER-SITE',
  summary: 'a Cassandra cluster in a stretched Kubernetes cluster (the library writes one datacenter per Kubernetes cluster)',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'The library writes each datacenter into its own Kubernetes cluster (k8sContext) with NetworkPolicies admitting the other sites\' pod CIDRs; in a stretched cluster nothing would pin a datacenter to its site, and one control plane would be the single point of failure of every site.',
  checkClusters(clusters, design): Violation[] {
    if (design.shape.kind !== 'stretched') return [];
    return clusters.map(({ cluster: c }) => ({
      path: c.path,
      message: `${c.name} is declared in one stretched Kubernetes cluster.`,
      fix: 'Use DeploymentShape.clusterPerSite() with podCidrs on every site.',
      placement: NO_PLACEMENT_REMEDY,
    }));
  },
};
