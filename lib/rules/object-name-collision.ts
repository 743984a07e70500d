import { Rule, Violation } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { Severity } from '../core/types';
import { membersName } from '../model/member-addresses';

/** Two clusters must not compose the same object name in one namespace of one Kubernetes cluster. */
export const objectNameCollision: Rule = {
  id: 'MS-OBJECT-NAME-COLLISION',
  summary: 'two clusters whose StatefulSets or Services get one name in one namespace',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'Kubernetes keeps one object per kind, namespace and name: the second cluster\'s StatefulSet and Service would replace the first\'s, and both databases would run as one broken one.',
  check(design: AnalyzedDesign): Violation[] {
    const owner = new Map<string, string>();
    const out: Violation[] = [];
    for (const { cluster } of design.analyses) {
      const names = cluster.members.map((m) => ({ name: membersName(cluster, m.site), site: m.site }));
      for (const { name, site } of names) {
        const kubernetesCluster = design.shape.kind === 'stretched' ? '' : site;
        const key = `${kubernetesCluster}/${cluster.namespace}/${name}`;
        const earlier = owner.get(key);
        if (earlier === undefined) {
          owner.set(key, cluster.name);
          continue;
        }
        if (earlier === cluster.name) continue;
        out.push({
          path: cluster.path,
          message: `${cluster.name} in ${site} and ${earlier} both name their members ${name} in namespace ${cluster.namespace}.`,
          fix: `Give ${cluster.name} a namespace of its own, or rename one of the clusters or sites so that <cluster>-<site> differs.`,
        });
      }
    }
    return out;
  },
};
