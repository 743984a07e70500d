import { AnalyzedDesign } from '../analysis/analyzed-design';
import { ControlPlaneLoss } from '../analysis/control-plane';

/** What a loss means for the Kubernetes API, as the report's column says it. */
export function apiServerAfter(design: AnalyzedDesign, lost: readonly string[]): string {
  if (design.shape.kind === 'cluster-per-site') {
    return lost.length > 1
      ? `${lost.join(' + ')}: their clusters down with them; the other sites' API servers unaffected`
      : `${lost[0]}: its cluster down with it; the other sites' API servers unaffected`;
  }
  const cp = design.controlPlane;
  if (!cp) return 'unknown (control plane not declared)';
  const loss = cp.singleSiteLosses.concat(cp.twoSiteLosses).find((l) => sameSites(l.lost, lost));
  return loss ? apiServerText(loss) : 'unknown';
}

function apiServerText(loss: ControlPlaneLoss): string {
  return loss.keepsQuorum
    ? `works (etcd ${loss.membersLeft} of ${loss.members}, quorum ${loss.quorum}): pods on lost nodes are rescheduled after the eviction timeout`
    : `**down** (etcd ${loss.membersLeft} of ${loss.members}, quorum ${loss.quorum}): nothing is rescheduled or changed until a site returns`;
}

/**
 * The report's section on the Kubernetes control plane: in a stretched cluster, etcd's members
 * per site and what every single- and two-site loss does to the API server; with one cluster per
 * site, that each site's control plane goes with it.
 */
export function controlPlaneSection(design: AnalyzedDesign): string[] {
  const out = ['## Kubernetes control plane', ''];
  if (design.shape.kind === 'cluster-per-site') {
    out.push('One Kubernetes cluster per site: each site\'s control plane lives in that site. Losing a site takes its cluster\'s API server with it; the other sites\' clusters keep theirs and keep rescheduling their own pods.', '');
    return out;
  }
  const cp = design.controlPlane;
  if (!cp) {
    out.push('The stretched cluster\'s control-plane nodes (etcd members) are not declared per site (`controlPlaneNodes`), so what a site loss does to the API server is unknown: MS-CONTROL-PLANE-UNDECLARED.', '');
    return out;
  }
  out.push(`etcd members per site: ${cp.placement.map((p) => `${p.site} ${p.members}`).join(', ')} (${cp.members} in all, quorum ${cp.quorum}).`, '');
  out.push('| lost | etcd members left | API server |', '| --- | --- | --- |');
  for (const loss of [...cp.singleSiteLosses, ...cp.twoSiteLosses]) {
    out.push(`| ${loss.lost.join(' + ')} | ${loss.membersLeft} of ${loss.members} | ${apiServerText(loss)} |`);
  }
  out.push('');
  return out;
}

function sameSites(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((s) => b.includes(s));
}
