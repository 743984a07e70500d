import { AnalyzedDesign } from './analyzed-design';

/**
 * A control-plane placement that survives any one site loss, for a fix: the declared number of
 * nodes (at least 3, made odd by adding one) spread as evenly as possible over three sites, the
 * sites that hold nodes now first, then witnesses, then the others.
 */
export function survivingControlPlane(design: AnalyzedDesign): string {
  const sites = [...new Set(design.sites.map((s) => s.name))];
  if (sites.length < 3) {
    return `add a WitnessSite and spread the control plane over three sites (1 + 1 + 1); ${sites.length} site(s) cannot keep etcd's quorum through the loss of one`;
  }
  const declared = new Map(design.sites.map((s) => [s.name, s.controlPlaneNodes ?? 0]));
  const roleOf = new Map(design.sites.map((s) => [s.name, s.role]));
  const rank = (s: string) => ((declared.get(s) ?? 0) > 0 ? 0 : roleOf.get(s) === 'witness' ? 1 : 2);
  const picked = new Set([...sites].sort((a, b) => rank(a) - rank(b)).slice(0, 3));
  const chosen = sites.filter((s) => picked.has(s));
  let total = Math.max(3, [...declared.values()].reduce((a, b) => a + b, 0));
  if (total % 2 === 0) total += 1;
  const counts = chosen.map((_, i) => Math.floor(total / 3) + (i < total % 3 ? 1 : 0));
  return `set controlPlaneNodes to ${counts.join(' + ')} over ${chosen.join(', ')} (and 0 elsewhere): no site then holds half of the ${total} etcd members`;
}
