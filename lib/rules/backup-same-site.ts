import { Rule, Violation, NO_PLACEMENT_REMEDY } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { Severity } from '../core/types';

/** A backup kept only where all the data is goes with the data when that site goes. */
export const backupSameSite: Rule = {
  id: 'MS-BACKUP-SAME-SITE',
  summary: 'the only copy of a backup is in the one site that holds every data member',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'A backup is the copy that survives what replication cannot; kept only in the site that also holds every member with data, one site loss takes the database and its backups together.',
  check(design: AnalyzedDesign): Violation[] {
    const out: Violation[] = [];
    for (const cluster of design.sqlClusters) {
      const copies = cluster.backup?.target.copySites ?? [];
      const dataSites = [...new Set(cluster.members.filter((m) => m.voters > 0).map((m) => m.site))];
      const copySites = [...new Set(copies)];
      if (copySites.length !== 1 || dataSites.length !== 1 || copySites[0] !== dataSites[0]) continue;
      out.push({
        path: cluster.path,
        message: `the backups of ${cluster.name} go to bucket ${cluster.backup!.target.bucket}, whose only copy is in ${copySites[0]}, the site that holds every data member of ${cluster.name}.`,
        fix: 'Back up to a bucket outside that site (another site, or a cloud region: leave copiesInSites unset), or replicate the bucket to another site and name it in copiesInSites.',
        placement: NO_PLACEMENT_REMEDY,
      });
    }
    return out;
  },
};
