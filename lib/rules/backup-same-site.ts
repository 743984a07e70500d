import { Rule, Violation, NO_PLACEMENT_REMEDY } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { Severity } from '../core/types';

/**
 * A backup kept only where all the data is goes with the data when that site goes. A bucket's
 * copies are the sites the user says hold them (`copiesInSites`; for a created bucket the sites
 * that run in its region and its replica's, `regionSite` and `replicaRegionSite`); a copy in a
 * region no site runs in is outside every site and survives any one site's loss.
 */
export const backupSameSite: Rule = {
  id: 'MS-BACKUP-SAME-SITE',
  summary: 'the only copy of a backup is in the one site that holds every data member',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'A backup is the copy that survives what replication cannot; kept only in the site that also holds every member with data, one site loss takes the database and its backups together.',
  check(design: AnalyzedDesign): Violation[] {
    const out: Violation[] = [];
    for (const cluster of design.sqlClusters) {
      const target = cluster.backup?.target;
      if (!target || target.copyOutsideSites) continue;
      const dataSites = [...new Set(cluster.members.filter((m) => m.voters > 0).map((m) => m.site))];
      const copySites = [...new Set(target.copySites)];
      if (copySites.length !== 1 || dataSites.length !== 1 || copySites[0] !== dataSites[0]) continue;
      const site = copySites[0];
      out.push(target.kind === 'created-bucket'
        ? {
          path: cluster.path,
          message: `the backups of ${cluster.name} go to bucket ${target.bucket} in ${target.region}${target.replica ? ` and its replica ${target.replica.bucket} in ${target.replica.region}` : ''}, `
            + `${target.replica ? 'regions that both run' : 'a region that runs'} ${site} (regionSite${target.replica ? ', replicaRegionSite' : ''}), the site that holds every data member of ${cluster.name}.`,
          fix: target.replica
            ? 'Move the replica (replicaRegion, replicaBucketName) to a region that no data site runs in, and leave replicaRegionSite unset or name the site that runs there.'
            : `Add a replica in a region that ${site} does not run in (replicaRegion and replicaBucketName), or create the bucket in such a region (region, without regionSite).`,
          placement: NO_PLACEMENT_REMEDY,
        }
        : {
          path: cluster.path,
          message: `the backups of ${cluster.name} go to bucket ${target.bucket}, whose only copy is in ${site}, the site that holds every data member of ${cluster.name}.`,
          fix: 'Back up to a bucket outside that site (another site, or a cloud region: leave copiesInSites unset), or replicate the bucket to another site and name it in copiesInSites.',
          placement: NO_PLACEMENT_REMEDY,
        });
    }
    return out;
  },
};
