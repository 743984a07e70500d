import { Rule, Violation } from './rule';
import { AnalyzedDesign, WritePath } from '../analysis/analyzed-design';
import { formatMillis, Severity } from '../core/types';

/** Above this RTT between voters, a Raft engine's writes get slow enough for applications to notice. */
export const RAFT_RTT_BUDGET_MILLIS = 50;

/** Raft engines over links above 50 ms RTT: the application must be ready for it. */
export const raftLatency: Rule = {
  id: 'MS-RAFT-LATENCY',
  summary: 'Raft voters over links above 50 ms RTT',
  severity: Severity.WARNING,
  acknowledgeable: true,
  why: 'Every Raft write waits for a round trip to a quorum, so slow links make each transaction slower and its contention window longer.',
  check(design: AnalyzedDesign): Violation[] {
    const rtt = design.rtt;
    const out: Violation[] = [];
    for (const { cluster } of design.analyses.filter((a) => a.writePath === WritePath.RAFT_QUORUM)) {
      const sites = cluster.members.map((m) => m.site);
      for (let i = 0; i < sites.length; i++) {
        for (let j = i + 1; j < sites.length; j++) {
          const r = rtt.between(sites[i], sites[j]);
          if (r === undefined || r <= RAFT_RTT_BUDGET_MILLIS) continue;
          out.push({
            path: cluster.path,
            message: `${sites[i]} ↔ ${sites[j]} has ${formatMillis(r)} ms RTT, above the ${RAFT_RTT_BUDGET_MILLIS} ms a Raft engine handles without the application noticing.`,
            fix: 'Move voters closer, or make the application ready for it (raise statement and connection timeouts above the commit floor, retry transactions on serialization errors (SQLSTATE 40001), pool connections), then acknowledge MS-RAFT-LATENCY with that reason.',
          });
        }
      }
    }
    return out;
  },
};
