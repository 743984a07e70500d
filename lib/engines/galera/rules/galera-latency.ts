import { formatMillis, Severity } from '../../../core/types';
import { LINKS_REMEDY, Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { GaleraModel } from '../model';
import { GaleraSettings } from '../settings';

/** Galera data nodes belong in one metro: every commit waits for the slowest of them. */
export const galeraLatency: EngineRule<GaleraModel, GaleraSettings> = {
  id: 'MS-GALERA-LATENCY',
  summary: 'Galera data nodes over links above 5 ms RTT (`maxRttMillis`)',
  severity: Severity.ERROR,
  acknowledgeable: true,
  why: 'Galera certifies every commit on every data node and flow control pauses all sites for the slowest one, so a slow link slows every write everywhere and a degraded link stalls the whole cluster.',
  checkClusters(clusters, design): Violation[] {
    const rtt = design.rtt;
    const out: Violation[] = [];
    for (const { cluster } of clusters) {
      const data = cluster.members.filter((m) => m.voters > 0).map((m) => m.site);
      for (let i = 0; i < data.length; i++) {
        for (let j = i + 1; j < data.length; j++) {
          const r = rtt.between(data[i], data[j]);
          if (r === undefined || r <= cluster.engine.maxRttMillis) continue;
          out.push({
            path: cluster.path,
            message: `data nodes in ${data[i]} and ${data[j]} are ${formatMillis(r)} ms RTT apart, above the ${cluster.engine.maxRttMillis} ms bound.`,
            fix: 'Keep Galera data nodes within one metro (put the far site\'s vote in a garbd arbitrator, or use asynchronous replication to it), or accept it in code: Acknowledge.rule(cluster, \'MS-GALERA-LATENCY\', \'<why the write latency is acceptable>\').',
            placement: LINKS_REMEDY,
          });
        }
      }
    }
    return out;
  },
};
