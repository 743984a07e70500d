import { Rule, Violation } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { Severity } from '../core/types';

/** A site's name names its output folder, its node label value and its objects: one per app. */
export const siteNameUnique: Rule = {
  id: 'MS-SITE-NAME-UNIQUE',
  summary: 'two sites with one name (under different parents)',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'Both sites would write dist/<site>/ and select the same nodes by the site label, so one overwrites the other and their members are pinned to one place.',
  check(design: AnalyzedDesign): Violation[] {
    const first = new Map<string, string>();
    const out: Violation[] = [];
    for (const s of design.sites) {
      const earlier = first.get(s.name);
      if (earlier === undefined) {
        first.set(s.name, s.path);
        continue;
      }
      out.push({
        path: s.path,
        message: `site ${s.name} is also declared at ${earlier}.`,
        fix: 'Give each site a name of its own.',
      });
    }
    return out;
  },
};
