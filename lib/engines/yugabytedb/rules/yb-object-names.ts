import { Severity } from '../../../core/types';
import { emptySiteRemedy, Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { YugabyteAnalysis } from '../analysis';
import { YugabyteDbModel } from '../model';
import { MAX_STATEFULSET_NAME, tserverServiceName, tserverSetName } from '../names';

/**
 * The servers' objects are `<cluster>-<site>-tserver` (StatefulSet) and `<cluster>-<site>-tservers`
 * (Service), longer than the `<cluster>-<site>` MS-OBJECT-NAMES checks.
 */
export const ybObjectNames: EngineRule<YugabyteDbModel, YugabyteAnalysis> = {
  id: 'MS-YB-OBJECT-NAMES',
  summary: 'a YugabyteDB server StatefulSet name over 52 characters (`<cluster>-<site>-tserver`)',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'A StatefulSet whose name is over 52 characters never starts its pods: their `controller-revision-hash` label would overflow 63 characters.',
  checkClusters(clusters, _design): Violation[] {
    const out: Violation[] = [];
    for (const { cluster } of clusters) {
      for (const m of cluster.members) {
        const name = tserverSetName(cluster, m.site);
        if (name.length <= MAX_STATEFULSET_NAME && tserverServiceName(cluster, m.site).length <= 63) continue;
        out.push({
          path: cluster.path,
          message: `StatefulSet ${name} (site ${m.site}) is ${name.length} characters, above the ${MAX_STATEFULSET_NAME} a StatefulSet name may have.`,
          fix: `Shorten the cluster's id or the name of site ${m.site} by ${name.length - MAX_STATEFULSET_NAME} character(s).`,
          placement: emptySiteRemedy(m.site),
        });
      }
    }
    return out;
  },
};
