import { Rule, Violation, NO_PLACEMENT_REMEDY } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { Severity } from '../core/types';

/**
 * The places that publish a cluster to clients: GSLB hosts that say they write to it
 * (`dependsOn`) and anycast VIPs in front of it.
 */
function publishedBy(design: AnalyzedDesign, cluster: string): string[] {
  return [
    ...design.gslbZones.flatMap((z) => z.hosts.filter((h) => h.dependsOn === cluster).map((h) => `GSLB host ${h.fqdn}`)),
    ...design.anycastVips.filter((v) => v.sqlCluster === cluster).map((v) => `anycast VIP ${v.address}`),
  ];
}

/**
 * A production cluster without backups has nothing to go back to after a mistake that replication
 * copies everywhere. "Production" is read from the design: a cluster with TLS on that clients
 * reach through the design's own front doors (a GSLB host that `dependsOn` it, or an anycast VIP in
 * front of it). A cluster with TLS off is a lab by the library's own word (`MS-INSECURE-CLUSTER`);
 * one that nothing publishes may be a lab or a staging copy, and is left out.
 */
export const backupNone: Rule = {
  id: 'MS-BACKUP-NONE',
  summary: 'a production cluster (TLS on, published by a GSLB host or an anycast VIP) has no backup',
  severity: Severity.WARNING,
  acknowledgeable: true,
  why: 'Replication protects against losing a site, not against a bad migration, a dropped table or ransomware: every replica applies the mistake, and only a backup taken before it brings the data back.',
  check(design: AnalyzedDesign): Violation[] {
    const out: Violation[] = [];
    for (const a of design.analyses) {
      if (a.replicatesInClear || a.cluster.backup !== undefined) continue;
      const published = publishedBy(design, a.cluster.name);
      if (published.length === 0) continue;
      out.push({
        path: a.cluster.path,
        message: `${a.cluster.name} (${a.engineLabel}) has no backup, and it is production by the design: TLS on, clients reach it through ${published.join(', ')}.`,
        fix: 'Give the cluster backup: { schedule, retention, target } where the library writes the engine\'s backups; otherwise back it up with the engine\'s own tools and acknowledge MS-BACKUP-NONE saying where the backups go.',
        placement: NO_PLACEMENT_REMEDY,
      });
    }
    return out;
  },
};
