import { AnalyzedDesign, clustersOfKind } from '../../../analysis/analyzed-design';
import { Severity } from '../../../core/types';
import { Rule, Violation } from '../../../rules/rule';
import { COCKROACHDB_KIND, CockroachDbModel } from '../model';

/** A replication factor needs as many nodes as replicas. */
export const replicationFactor: Rule = {
  id: 'MS-REPLICATION-FACTOR',
  summary: 'more replicas per range than nodes',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'CockroachDB puts at most one replica of a range on a node, so ranges stay under-replicated and survive fewer failures than the design claims.',
  check(design: AnalyzedDesign): Violation[] {
    const out: Violation[] = [];
    for (const { cluster } of clustersOfKind<CockroachDbModel, unknown>(design, COCKROACHDB_KIND)) {
      const nodes = cluster.members.reduce((sum, m) => sum + m.voters, 0);
      const rf = cluster.engine.replicationFactor;
      if (rf <= nodes) continue;
      out.push({
        path: cluster.path,
        message: `${rf} replicas per range need ${rf} nodes; ${cluster.name} has ${nodes}.`,
        fix: `Add ${rf - nodes} node(s) across the sites, or lower replicationFactor to ${nodes % 2 === 1 ? nodes : nodes - 1}.`,
      });
    }
    return out;
  },
};
