import { Rule, Violation } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { quorumOf, worstCaseVotesIn } from '../analysis/voting-group';
import { Severity } from '../core/types';
import { DesignModel } from '../model/design';

/** The site-loss rule seen from the other side: no site may hold a majority by itself. */
export const majorityInOneSite: Rule = {
  id: 'MS-MAJORITY-IN-ONE-SITE',
  summary: 'one site holds a majority (the same rule from the other side)',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'A site that holds a majority takes the whole cluster down with it, and is the only side of a partition that can write.',
  check(design: AnalyzedDesign): Violation[] {
    const out: Violation[] = [];
    for (const { cluster, groups } of design.analyses.filter((a) => a.stronglyConsistent)) {
      for (const group of groups) {
        const quorum = quorumOf(group.total);
        for (const site of design.sites) {
          const held = worstCaseVotesIn(group, [site.name]);
          if (held < quorum) continue;
          const placement = group.floatingSites.has(site.name) ? 'can hold' : 'holds';
          out.push({
            path: cluster.path,
            message: `${site.name} ${placement} ${held} of the ${group.total} votes of ${group.label}, a majority (${quorum}) inside one site: losing ${site.name} halts the cluster.`,
            fix: `Keep every site below ${quorum} votes: move voters from ${site.name} to the other sites${hasWitness(design) ? '' : ', or add a WitnessSite with one voter'}.`,
          });
        }
      }
    }
    return out;
  },
};

/** Whether the design already has a witness site to move votes to. */
export function hasWitness(design: DesignModel): boolean {
  return design.sites.some((s) => s.role === 'witness');
}
