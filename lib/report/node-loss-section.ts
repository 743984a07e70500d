import { AnalyzedCluster } from '../analysis/analyzed-design';
import { NodeLossOutcome } from '../analysis/node-loss';
import { SurvivalRule } from '../analysis/survival';

/**
 * REPORT.md's "One node's loss" for a cluster: per member site, the members one node may take
 * and the votes left, under preferred and under required spreading, the written one marked.
 */
export function nodeLossSection(a: AnalyzedCluster): string[] {
  const loss = a.nodeLoss;
  const lost = a.survivalRule === SurvivalRule.MAJORITY ? 'members lost, votes left' : 'members lost';
  const mark = (choice: 'preferred' | 'required') => (loss.spread === choice ? `${choice} (written)` : choice);
  const out = [
    `### ${a.cluster.name}: one node's loss`,
    '',
    `A site's data pods keep apart by \`kubernetes.io/hostname\`, ${loss.spread === 'required' ? 'required' : 'preferred'} as written. `
    + 'Preferred lets the scheduler put a site\'s members on one node when it has no other, so the worst case loses all of them; '
    + 'required never does, and a member that finds no free node stays Pending (the site needs as many nodes as members). '
    + 'Arbitrators are not spread. Set `spreadOverNodes` on the cluster to choose.',
    '',
    `| site | members | ${mark('preferred')}: ${lost} | ${mark('required')}: ${lost} |`,
    '| --- | --- | --- | --- |',
  ];
  for (const s of loss.sites) out.push(`| ${s.site} | ${s.members} | ${outcomeText(s.preferred)} | ${outcomeText(s.required)} |`);
  if (a.survivalRule !== SurvivalRule.MAJORITY) {
    out.push('', 'No votes decide here: what losing those members does is the site-loss verdict above, for every member of the site at once.');
  }
  out.push('');
  return out;
}

function outcomeText(o: NodeLossOutcome): string {
  if (o.groups.length === 0) return `${o.membersLost}`;
  const groups = o.groups.map((g) => `${g.label} ${g.votesLeft}/${g.total}${g.survives ? '' : ` **below quorum ${g.quorum}**`}`);
  return `${o.membersLost}; ${groups.join(', ')}`;
}
