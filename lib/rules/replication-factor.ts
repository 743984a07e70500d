import { Severity } from '../finding';
import { Rule, Violation } from './rule';
import { DesignModel, isCockroach } from '../model/design';

/** A replication factor needs as many nodes as replicas. */
export const replicationFactor: Rule = {
  id: 'MS-REPLICATION-FACTOR',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'CockroachDB puts at most one replica of a range on a node, so ranges stay under-replicated and survive fewer failures than the design claims.',
  check(design: DesignModel): Violation[] {
    const out: Violation[] = [];
    for (const cluster of design.sqlClusters.filter(isCockroach)) {
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
