import { Severity } from '../../../core/types';
import { MAX_STATEFULSET_NAME } from '../../../model/validation';
import { Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { CassandraAnalysis } from '../analysis';
import { CassandraModel } from '../model';

/**
 * The StatefulSet cass-operator makes for each rack: `<cluster>-<datacenter>-<rack>-sts`
 * (k8ssandra/cass-operator `pkg/reconciliation/construct_statefulset.go`,
 * NewNamespacedNameForStatefulSet); the datacenter is the site, the rack its zone or `default`.
 */
export function cassandraStatefulSetName(cluster: string, datacenter: string, rack: string): string {
  return `${cluster}-${datacenter}-${rack}-sts`;
}

/** The StatefulSets cass-operator will make must be names whose pods start. */
export const cassandraStatefulSetNames: EngineRule<CassandraModel, CassandraAnalysis> = {
  id: 'MS-CASSANDRA-STATEFULSET-NAMES',
  summary: 'a rack\'s StatefulSet name (`<cluster>-<site>-<zone>-sts`) that cass-operator makes and Kubernetes cannot run',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: `cass-operator names each rack's StatefulSet <cluster>-<datacenter>-<rack>-sts; over ${MAX_STATEFULSET_NAME} characters its pods never start (their controller-revision-hash label overflows 63 characters), and a name that is no DNS subdomain is refused by the API server.`,
  checkClusters(clusters, _design): Violation[] {
    const out: Violation[] = [];
    for (const { cluster, details } of clusters) {
      for (const dc of details.datacenters) {
        for (const rack of dc.racks) {
          const name = cassandraStatefulSetName(cluster.name, dc.site, rack.name);
          const problems: string[] = [];
          if (name.length > MAX_STATEFULSET_NAME) problems.push(`is ${name.length} characters, above the ${MAX_STATEFULSET_NAME} a StatefulSet name may have`);
          if (!/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/.test(name)) problems.push('is not a DNS subdomain (lowercase letters, digits, \'-\' and \'.\')');
          if (problems.length === 0) continue;
          out.push({
            path: cluster.path,
            message: `the StatefulSet of rack ${rack.name} in ${dc.site}, ${name}, ${problems.join(', and ')}.`,
            fix: 'Shorten the cluster\'s id, the site name or the zone (rack) name; zones become rack names as written.',
          });
        }
      }
    }
    return out;
  },
};
