import { AnalyzedDesign, clustersOfKind } from '../../../analysis/analyzed-design';
import { Severity } from '../../../core/types';
import { Rule, Violation } from '../../../rules/rule';
import { YugabyteAnalysis } from '../analysis';
import { YUGABYTEDB_KIND, YugabyteDbModel } from '../model';

/** A replication factor above the site count would need two masters in one site. */
export const ybMastersPerSite: Rule = {
  id: 'MS-YB-MASTERS-PER-SITE',
  summary: 'a YugabyteDB replication factor above the site count (two masters in one site)',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'Masters equal the replication factor; with more of them than sites, one site holds two, and losing it takes two votes of the masters\' Raft group and two replicas of a tablet at once.',
  check(design: AnalyzedDesign): Violation[] {
    const out: Violation[] = [];
    for (const { cluster, details } of clustersOfKind<YugabyteDbModel, YugabyteAnalysis>(design, YUGABYTEDB_KIND)) {
      const rf = cluster.engine.replicationFactor;
      const sites = details.masterSites.length;
      if (rf <= sites) continue;
      const doubled = [...details.tabletReplicas].filter(([, n]) => n > 1).map(([s]) => s);
      out.push({
        path: cluster.path,
        message: `replicationFactor ${rf} needs ${rf} masters, but ${cluster.name} has ${sites} site(s): ${doubled.join(', ')} would hold two masters and two replicas of every tablet.`,
        fix: `Place tservers in ${rf - sites} more site(s), one master each, or declare replicationFactor ${sites}.`,
      });
    }
    return out;
  },
};
