import { emptySiteRemedy, NO_PLACEMENT_REMEDY, Rule, Violation } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { Severity } from '../core/types';
import { membersName } from '../model/member-addresses';
import { isDns1035Label, MAX_STATEFULSET_NAME } from '../model/validation';


/** The names the library composes from a cluster and its sites must be names Kubernetes takes. */
export const objectNames: Rule = {
  id: 'MS-OBJECT-NAMES',
  summary: 'a composed object name (`<cluster>-<site>`, `<cluster>-public`) Kubernetes refuses',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'The API server refuses a Service whose name is not a DNS-1035 label, and a StatefulSet whose name is over 52 characters never starts its pods (the revision label overflows 63 characters).',
  check(design: AnalyzedDesign): Violation[] {
    const out: Violation[] = [];
    for (const { cluster } of design.analyses) {
      // A member name stays while its site holds members; the public name stays whatever the placement.
      const names = [
        ...cluster.members.map((m) => ({ name: membersName(cluster, m.site), placement: emptySiteRemedy(m.site) })),
        { name: `${cluster.name}-public`, placement: NO_PLACEMENT_REMEDY },
      ];
      for (const { name, placement } of names) {
        const problems: string[] = [];
        if (!isDns1035Label(name)) problems.push('is not a DNS-1035 label (a letter first; lowercase letters, digits and \'-\')');
        if (name.length > MAX_STATEFULSET_NAME) problems.push(`is ${name.length} characters, above the ${MAX_STATEFULSET_NAME} a StatefulSet name may have`);
        if (problems.length === 0) continue;
        out.push({
          path: cluster.path,
          message: `object name ${name} ${problems.join(', and ')}.`,
          fix: 'Shorten the cluster\'s id or the site names, and start the cluster\'s id with a letter.',
          placement,
        });
      }
    }
    return out;
  },
};
