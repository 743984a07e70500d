import { Severity } from '../../../core/types';
import { Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { GaleraModel } from '../model';
import { GaleraSettings } from '../settings';

/** Multi-writer routing across sites: writes from two sites meet at certification. */
export const galeraMultiWriter: EngineRule<GaleraModel, GaleraSettings> = {
  id: 'MS-GALERA-MULTI-WRITER',
  summary: 'Galera multi-writer routing with data nodes in more than one site',
  severity: Severity.WARNING,
  acknowledgeable: true,
  why: 'Galera certifies every write set on every node: transactions that touch the same rows from two sites at once fail at commit with deadlock errors, more often the longer the RTT between them.',
  checkClusters(clusters, _design): Violation[] {
    const out: Violation[] = [];
    for (const { cluster, details } of clusters) {
      const dataSites = cluster.members.filter((m) => m.voters > 0).map((m) => m.site);
      if (details.router || dataSites.length < 2) continue;
      out.push({
        path: cluster.path,
        message: `every data node takes writes, in ${dataSites.join(' and ')}: concurrent writes from two sites fail certification.`,
        fix: 'Use GaleraRouting.singleWriter() (the default across sites), or accept it in code: Acknowledge.rule(cluster, \'MS-GALERA-MULTI-WRITER\', \'<why the application never writes the same rows from two sites>\').',
      });
    }
    return out;
  },
};
