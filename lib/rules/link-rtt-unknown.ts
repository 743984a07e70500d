import { Rule, Violation } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { Severity } from '../core/types';

/** Latency rules need an RTT between every two sites a cluster spans. */
export const linkRttUnknown: Rule = {
  id: 'MS-LINK-RTT-UNKNOWN',
  summary: 'a cluster spanning two sites with no declared link',
  severity: Severity.WARNING,
  acknowledgeable: true,
  why: 'Without the RTT between two sites that share a cluster, neither the latency budget nor the commit floor can be checked.',
  check(design: AnalyzedDesign): Violation[] {
    const rtt = design.rtt;
    const out: Violation[] = [];
    for (const cluster of design.sqlClusters) {
      const sites = cluster.members.map((m) => m.site);
      for (let i = 0; i < sites.length; i++) {
        for (let j = i + 1; j < sites.length; j++) {
          if (rtt.between(sites[i], sites[j]) !== undefined) continue;
          out.push({
            path: cluster.path,
            message: `no RTT is known between ${sites[i]} and ${sites[j]}.`,
            fix: `Declare the link: app.addLink(${sites[i]}, ${sites[j]}, Latency.ofRttMillis(...)) or Latency.ofDistanceKm(...).`,
          });
        }
      }
    }
    return out;
  },
};
