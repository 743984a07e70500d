import { ClusterRollout, RolloutPlan } from './rollout-plan';
import { SiteCount } from './rollout-search';

/** `dc-a 2, dc-b 2, dc-witness 1 (+1 arbitrator)`: members per site, for people. */
export function describePlacement(p: readonly SiteCount[]): string {
  const shown = p.filter((s) => s.voters + s.arbitrators > 0);
  if (shown.length === 0) return 'no members';
  return shown.map((s) => `${s.site} ${s.voters}${s.arbitrators > 0 ? ` (+${s.arbitrators} arbitrator${s.arbitrators > 1 ? 's' : ''})` : ''}`).join(', ');
}

/**
 * ROLLOUT.md: per cluster, the ordered steps from the previous placement to the new one; then the
 * write-path probe accounts to make on running clusters that hosts now depend on.
 */
export function rolloutMarkdown(plan: RolloutPlan): string {
  const lines = ['# Rollout'];
  if (plan.clusters.length > 0) {
    lines.push(
      '',
      'The placement changed since the last synth in this folder. Apply the new output in these steps, in order,',
      'one at a time, waiting as each says: after every step the cluster survives the loss of each site listed,',
      'by its engine\'s own rule. Applying everything at once skips these guarantees.',
    );
  }
  for (const r of plan.clusters) lines.push('', ...clusterSection(r));
  if (plan.writeHealthAccounts.length > 0) {
    lines.push('', '## Write-path probe accounts on running clusters', '',
      'A GSLB host now depends on these clusters, which ran before it did: their first install did not make the account its',
      'write-path probe logs in with. Run each step once, before applying the new output (first create the Secrets APPLY.md',
      'lists for the host\'s namespace: the steps read the probe\'s password there). The new output starts the probe; without',
      'the account it fails in every site and k8gb answers for none of them.');
    for (const a of plan.writeHealthAccounts) {
      lines.push('', `### ${a.path} (${a.engine}), for ${a.hosts.join(', ')}`);
      a.steps.forEach((s, i) => lines.push('', `${i + 1}. ${s.title}`, '', '   ```sh', ...s.commands.map((c) => `   ${c}`), '   ```'));
    }
  }
  return `${lines.join('\n')}\n`;
}

function clusterSection(r: ClusterRollout): string[] {
  const lines = [
    `## ${r.path} (${r.engine})`,
    '',
    `From ${describePlacement(r.from)} to ${describePlacement(r.to)}. ${r.blocked ? 'Each step must survive losing' : 'Every step survives losing'}: `
      + `${r.mustSurvive.join(', ') || 'no site (neither placement survives a site loss)'}.`,
  ];
  if (r.blocked) {
    const step = r.steps[r.blocked.stepIndex];
    lines.push('', `**No safe order exists**: step ${r.blocked.stepIndex + 1} (${step.change}) does not survive losing ${r.blocked.lost}: ${r.blocked.reason}. MS-CHANGE-ROLLOUT-ORDER says what to do.`);
  }
  r.steps.forEach((s, i) => {
    lines.push('', `${i + 1}. **${s.change}**: ${describePlacement(s.placementAfter)} after it.`, `   - run: ${s.run}`, `   - wait for: ${s.waitFor}`);
    for (const t of s.then ?? []) lines.push(`   - then: ${t.title}`, '', '     ```sh', ...t.commands.map((c) => `     ${c}`), '     ```');
  });
  return lines;
}
