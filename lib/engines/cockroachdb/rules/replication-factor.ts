import { Severity } from '../../../core/types';
import { Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { CockroachDbModel } from '../model';
import { CockroachAnalysis } from '../voting-groups';

/** The declared replication factor must be what runs. */
export const replicationFactor: EngineRule<CockroachDbModel, CockroachAnalysis> = {
  id: 'MS-REPLICATION-FACTOR',
  summary: 'more replicas per range than nodes: CockroachDB runs fewer than declared',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'CockroachDB puts at most one replica of a range on a node; with fewer nodes than the zone asks for it runs the largest odd count the nodes allow (at least 3, GetNeededVoters), so the ranges survive fewer failures than the design declares.',
  checkClusters(clusters, _design): Violation[] {
    const out: Violation[] = [];
    for (const { cluster, details } of clusters) {
      const nodes = cluster.members.reduce((sum, m) => sum + m.voters, 0);
      const rf = cluster.engine.replicationFactor;
      if (rf <= nodes) continue;
      const runs = details.defaultRanges.voters;
      const lower = nodes >= 3 ? (nodes % 2 === 1 ? nodes : nodes - 1) : 1;
      out.push({
        path: cluster.path,
        message: `replicationFactor ${rf} needs ${rf} nodes; ${cluster.name} has ${nodes}, so CockroachDB would run ${runs} replica(s) per range, not ${rf}.`,
        fix: `Add ${rf - nodes} node(s) across the sites, or declare replicationFactor ${lower}, what the nodes can run.`,
      });
    }
    return out;
  },
};
