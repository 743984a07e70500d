import { hasWitness } from './majority-in-one-site';
import { Rule, Violation } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { quorumOf, votesLeftAfterLosing, worstCaseVotesIn } from '../analysis/voting-group';
import { Severity } from '../core/types';

/**
 * For every site s: votes − votes(s) ≥ ⌊votes/2⌋ + 1. A site that holds a majority breaks it
 * too, so it fires beside MS-MAJORITY-IN-ONE-SITE: a check for either id catches the design.
 */
export const quorumSiteLoss: Rule = {
  id: 'MS-QUORUM-SITE-LOSS',
  summary: 'losing one site leaves fewer than ⌊votes/2⌋ + 1 votes',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'A cluster that loses its majority with one site stops taking writes for as long as that site is down.',
  check(design: AnalyzedDesign): Violation[] {
    const out: Violation[] = [];
    for (const { cluster, groups } of design.analyses.filter((a) => a.stronglyConsistent)) {
      for (const group of groups) {
        const quorum = quorumOf(group.total);
        for (const site of design.sites) {
          const held = worstCaseVotesIn(group, [site.name]);
          if (held === 0) continue;
          const left = votesLeftAfterLosing(group, [site.name]);
          if (left >= quorum) continue;
          out.push({
            path: cluster.path,
            message: `losing ${site.name} leaves ${left} of the ${group.total} votes of ${group.label}; a majority needs ${quorum}.`,
            fix: `Spread votes so that every site holds fewer than half of them: ${hasWitness(design) ? 'move' : 'add a WitnessSite with one voter, or move'} voters from ${site.name} to a third site.`,
          });
        }
      }
    }
    return out;
  },
};
