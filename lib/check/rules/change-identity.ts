import { AnalyzedDesign } from '../../analysis/analyzed-design';
import { Severity } from '../../core/types';
import { engineOfKind } from '../../engines/registry';
import { Rule, Violation } from '../../rules/rule';
import { pairClusters } from '../change/cluster-pairs';

/**
 * A cluster whose engine changed, or whose identity settings (`EngineChangeFacts.identity`:
 * Galera's `wsrep_cluster_name`, Cassandra's cluster and datacenter names) changed in place.
 */
export const changeIdentity: Rule = {
  id: 'MS-CHANGE-IDENTITY',
  summary: 'a cluster changes engine, or a setting that names its data (cluster name, datacenter name)',
  severity: Severity.ERROR,
  acknowledgeable: true,
  why: 'Members that no longer share the cluster\'s identity do not recognise each other or their data: applied in place, the change starts an empty cluster or splits the running one.',
  check(design: AnalyzedDesign): Violation[] {
    const violations: Violation[] = [];
    for (const { previous, current } of pairClusters(design.change).pairs) {
      if (previous.engine.kind !== current.engine.kind) {
        violations.push({
          path: current.path,
          message: `cluster ${current.name} changes engine from ${engineOfKind(previous.engine.kind).label} to ${engineOfKind(current.engine.kind).label}: the new engine cannot read the old one's volumes.`,
          fix: 'Give the new engine a cluster of its own (another id) beside the old one, migrate the data (export and import, or change data capture), switch the clients, then remove the old cluster.',
        });
        continue;
      }
      const analysis = design.analyses.find((a) => a.cluster.path === current.path);
      const facts = analysis ? engineOfKind(current.engine.kind).changes?.identity(analysis.cluster) ?? [] : [];
      for (const setting of facts) {
        const before = previous.identity.find((i) => i.name === setting.name);
        if (!before || !identityChanged(before.value, setting.value, setting.isSet ?? false)) continue;
        violations.push({
          path: current.path,
          message: `cluster ${current.name} changes ${setting.name} from ${before.value} to ${setting.value}: ${setting.changeDoes}`,
          fix: setting.safeAlternative,
        });
      }
    }
    return violations;
  },
};

/** A value changed; a set changed identity only when it lost a name and gained another (a rename). */
function identityChanged(before: string, now: string, isSet: boolean): boolean {
  if (!isSet) return before !== now;
  const [b, n] = [before.split(', '), now.split(', ')];
  return b.some((x) => !n.includes(x)) && n.some((x) => !b.includes(x));
}
