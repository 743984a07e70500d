import { AnalyzedDesign, clustersOfKind } from '../../../analysis/analyzed-design';
import { Severity } from '../../../core/types';
import { Rule, Violation } from '../../../rules/rule';
import { GALERA_KIND, GaleraModel } from '../model';
import { GaleraSettings } from '../settings';

/** A writer priority can only name sites where the cluster has data nodes. */
export const galeraWriterPriority: Rule = {
  id: 'MS-GALERA-WRITER-PRIORITY',
  summary: 'Galera single-writer `priority` naming a site without data nodes',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'Writes can only go to a data node; a priority that names a site without one says an order the routers cannot follow, most often a site left out of the placement by mistake.',
  check(design: AnalyzedDesign): Violation[] {
    const out: Violation[] = [];
    for (const { cluster, details } of clustersOfKind<GaleraModel, GaleraSettings>(design, GALERA_KIND)) {
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
