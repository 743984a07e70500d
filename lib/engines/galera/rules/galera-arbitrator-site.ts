import { Severity } from '../../../core/types';
import { Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { GaleraModel } from '../model';
import { GaleraSettings } from '../settings';

/** The arbitrator breaks ties between the data sites, so it belongs outside them. */
export const galeraArbitratorSite: EngineRule<GaleraModel, GaleraSettings> = {
  id: 'MS-GALERA-ARBITRATOR-SITE',
  summary: '`garbd` inside an active site',
  severity: Severity.WARNING,
  acknowledgeable: true,
  why: 'An arbitrator inside an active site adds a vote to that site, so losing it takes two votes at once and a partition favours that site instead of breaking the tie.',
  checkClusters(clusters, design): Violation[] {
    const active = new Set(design.sites.filter((s) => s.role === 'active').map((s) => s.name));
    const out: Violation[] = [];
    for (const { cluster } of clusters) {
      for (const m of cluster.members.filter((x) => x.arbitrators > 0 && active.has(x.site))) {
        out.push({
          path: cluster.path,
          message: `garbd runs in active site ${m.site}.`,
          fix: 'Run the arbitrator in a WitnessSite, a third location that fails independently of the data sites.',
        });
      }
    }
    return out;
  },
};
