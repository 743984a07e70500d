import { Rule, Violation } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { findOverlaps, OwnedRange } from '../analysis/cidr-overlap';
import { Severity } from '../core/types';
import { parseCidr } from '../model/cidr';

interface Owner {
  readonly site: string;
  readonly kind: string;
  readonly cidr: string;
}

/** Sites whose clusters talk east-west need disjoint pod, service and node ranges. */
export const cidrOverlap: Rule = {
  id: 'MS-CIDR-OVERLAP',
  summary: 'pod, service or node ranges of sites that talk east-west overlap',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'When two clusters that talk east-west share addresses, a packet for a pod or service in the other site is delivered locally or dropped, so cross-site replication and discovery fail in ways that look like network outages.',
  check(design: AnalyzedDesign): Violation[] {
    // In one stretched cluster the ranges are the cluster's own, shared by every site.
    if (design.shape.kind !== 'cluster-per-site') return [];
    const ranges: OwnedRange<Owner>[] = [];
    for (const s of design.sites) {
      for (const [kind, cidrs] of [['pod', s.podCidrs], ['service', s.serviceCidrs], ['node', s.nodeCidrs]] as const) {
        for (const cidr of cidrs) ranges.push({ range: parseCidr(cidr), owner: { site: s.name, kind, cidr } });
      }
    }
    const pathOf = new Map(design.sites.map((s) => [s.name, s.path]));
    return findOverlaps(ranges, { groupOf: (o) => o.site }).map(({ a, b }) => ({
      path: pathOf.get(b.owner.site)!,
      message: `${a.owner.site}'s ${a.owner.kind} CIDR ${a.owner.cidr} overlaps ${b.owner.site}'s ${b.owner.kind} CIDR ${b.owner.cidr}.`,
      fix: `Give ${a.owner.site} and ${b.owner.site} disjoint pod, service and node ranges (plan them together, e.g. one /16 of pods per site).`,
    }));
  },
};
