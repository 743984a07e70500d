import { Severity } from '../../../core/types';
import { Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { GaleraModel } from '../model';
import { GaleraSettings } from '../settings';

/** Single-writer routing (its priority, its writer VIPs) can only name sites where the cluster has data nodes. */
export const galeraWriterPriority: EngineRule<GaleraModel, GaleraSettings> = {
  id: 'MS-GALERA-WRITER-PRIORITY',
  summary: 'Galera single-writer `priority` or `writerVips` naming a site without data nodes',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'Writes can only go to a data node, and routers run only in data sites; a priority or a writer VIP that names a site without one asks for what the routers cannot do, most often a site left out of the placement by mistake.',
  checkClusters(clusters, _design): Violation[] {
    const out: Violation[] = [];
    for (const { cluster, details } of clusters) {
      for (const site of details.router?.prioritySitesWithoutData ?? []) {
        out.push({
          path: cluster.path,
          message: `routing priority names site ${site}, which holds no data node of the cluster (data nodes in ${details.router!.writerSites.join(', ')}).`,
          fix: `Name only data sites in GaleraRouting.singleWriter({ priority }), or place data nodes (voters) in ${site}.`,
        });
      }
      for (const site of details.router?.vipSitesWithoutData ?? []) {
        out.push({
          path: cluster.path,
          message: `routing writerVips names site ${site}, which holds no data node of the cluster, so no router runs there (routers in ${details.router!.writerSites.join(', ')}).`,
          fix: `Give writer VIPs only to data sites in GaleraRouting.singleWriter({ writerVips }), or place data nodes (voters) in ${site}.`,
        });
      }
    }
    return out;
  },
};
