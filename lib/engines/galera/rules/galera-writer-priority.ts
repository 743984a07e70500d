import { Severity } from '../../../core/types';
import { Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { GaleraModel } from '../model';
import { GaleraSettings } from '../settings';

/** A writer priority can only name sites where the cluster has data nodes. */
export const galeraWriterPriority: EngineRule<GaleraModel, GaleraSettings> = {
  id: 'MS-GALERA-WRITER-PRIORITY',
  summary: 'Galera single-writer `priority` naming a site without data nodes',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'Writes can only go to a data node; a priority that names a site without one says an order the routers cannot follow, most often a site left out of the placement by mistake.',
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
    }
    return out;
  },
};
