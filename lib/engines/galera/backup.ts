import { GaleraCluster } from './model';
import type { GaleraSettings } from './settings';
import { DesignModel } from '../../model/design';
import { membersName, podSubdomain } from '../../model/member-addresses';
import { EngineBackup } from '../engine';

/**
 * Galera backs up with `mariadb-backup` (a physical, consistent copy of one node's datadir,
 * https://mariadb.com/kb/en/mariabackup-overview/), run by a CronJob beside one Synced node
 * (`./backup-writer.ts`). Full backups only: an incremental needs the previous backup's
 * directory at hand (`--incremental-basedir`), which a stream to a bucket does not keep.
 */
export const GALERA_BACKUP: EngineBackup = { tool: 'mariadb-backup', incremental: false };

/** One data node, by pod name and address. */
export interface GaleraNode {
  readonly site: string;
  /** The pod, e.g. `orders-dc-b-1`. */
  readonly pod: string;
  /** Its fully qualified name. */
  readonly host: string;
}

/** Which node the backup copies and which nodes must be Synced for it to go ahead. */
export interface GaleraBackupPlan {
  /** The node backed up: the last data node in the order writes go to (placement order under multi-writer). */
  readonly node: GaleraNode;
  /**
   * Under single-writer routing, the nodes ahead of `node` in the writers' order: the routers
   * send writes to the first Synced one (`./haproxy-config.ts`), so while one of them is Synced,
   * `node` is not the writer. Empty under multi-writer, where every node takes writes and none is
   * "the" writer.
   */
  readonly aheadInWriterOrder: readonly GaleraNode[];
}

/** The backup plan of `cluster`. */
export function galeraBackupPlan(design: DesignModel, cluster: GaleraCluster, settings: GaleraSettings): GaleraBackupPlan {
  const dataSites = cluster.members.filter((m) => m.voters > 0);
  const order = settings.router?.writerSites ?? dataSites.map((m) => m.site);
  const nodes = order.flatMap((site) => {
    const voters = dataSites.find((m) => m.site === site)!.voters;
    const sts = membersName(cluster, site);
    return Array.from({ length: voters }, (_, i): GaleraNode => ({ site, pod: `${sts}-${i}`, host: `${sts}-${i}.${podSubdomain(design, site, sts, cluster.namespace)}` }));
  });
  const node = nodes[nodes.length - 1];
  return { node, aheadInWriterOrder: settings.router ? nodes.slice(0, -1) : [] };
}
