import { Construct } from 'constructs';
import { BackupProps } from './backup';
import { checkedBackup } from './backup-checks';
import { recordCreation } from './findings/source-location';
import type { BackupModel } from './model/backup';
import { checkConstructId, invalidValue, shownNumber, SYSTEM_NAMESPACES } from './model/validation';
import { NodeSpread } from './node-spread';
import { Site } from './site';
import { SqlEngine } from './sql-engine';

/** How many members of a cluster run in one site. */
export interface VoterPlacement {
  /** The site. */
  readonly site: Site;
  /**
   * Voting members that hold data there (CockroachDB or Galera nodes): one pod each.
   * @default 0
   */
  readonly voters?: number;
  /**
   * Voting members that hold no data there (Galera arbitrators, `garbd`): one pod each.
   * CockroachDB has none.
   * @default 0
   */
  readonly arbitrators?: number;
}

/** Settings of a distributed SQL cluster. */
export interface DistributedSqlClusterProps {
  /** The engine, e.g. `SqlEngine.cockroachDb()`. */
  readonly engine: SqlEngine;
  /** Voters per site. Each site gets its own pinned workload, so the counts cannot drift. */
  readonly placement: VoterPlacement[];
  /**
   * Namespace of the cluster's objects, created by the library with Pod Security
   * `restricted` enforced.
   * @default - the construct id
   */
  readonly namespace?: string;
  /**
   * How the members of one site spread over that site's nodes (a pod anti-affinity by
   * `kubernetes.io/hostname` among the site's data pods). K8ssandra's Cassandra pods are always
   * kept on separate nodes by cass-operator, whatever this says.
   * @default NodeSpread.PREFERRED
   */
  readonly spreadOverNodes?: NodeSpread;
  /**
   * Scheduled backups to an S3-compatible bucket, taken with the engine's own consistent tool.
   * Replication copies a bad migration or a dropped table to every site; a backup does not.
   * @default - no backups (`MS-BACKUP-NONE` warns for a production design)
   */
  readonly backup?: BackupProps;
}

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/**
 * The most members (voters and arbitrators) of one cluster whose engine names every member in every
 * pod's join list (CockroachDB, Galera; not Cassandra, whose nodes find each other through a few
 * seeds, nor YugabyteDB, whose list names the masters only). Every member is named in every pod's
 * join list (`--join`, `wsrep_cluster_address`), one argument of up to about 260 bytes per member
 * (a 253-character DNS name and a port); Linux caps one argument at 128 KiB (MAX_ARG_STRLEN), so
 * 500 members is the most that always fits.
 */
export const MAX_CLUSTER_MEMBERS = 500;

/**
 * One SQL database spread over sites. The construct id names it: objects are called
 * `<id>-<site>`, so keep it short.
 */
export class DistributedSqlCluster extends Construct {
  /** The engine. */
  public readonly engine: SqlEngine;
  /** The cluster's name (the construct id). */
  public readonly clusterName: string;
  /** Namespace of its objects. */
  public readonly namespace: string;
  /** Voters per site, as given. */
  public readonly placement: VoterPlacement[];
  /** How the members of one site spread over its nodes. */
  public readonly spreadOverNodes: NodeSpread;
  /** The backup, checked, as plain data; unset: none. @internal */
  public readonly _backup?: BackupModel;

  constructor(scope: Construct, id: string, props: DistributedSqlClusterProps) {
    super(scope, checkConstructId('DistributedSqlCluster', scope, id, 'each cluster needs an id of its own: it prefixes its object names and its namespace.'));
    recordCreation(this);
    const where = `DistributedSqlCluster "${this.node.path}"`;
    checkPropsPresent(where, props);
    if (!DNS_LABEL.test(id) || id.length > 40) {
      throw new Error(`${where}: the id must be a DNS label of at most 40 characters; it prefixes object names.`);
    }
    const namespace = props.namespace ?? id;
    if (!DNS_LABEL.test(namespace) || namespace.length > 63) {
      throw new Error(`${where}: namespace "${namespace}" is not a DNS label.`);
    }
    if (SYSTEM_NAMESPACES.includes(namespace)) {
      throw invalidValue(where, 'namespace', namespace, `is a namespace Kubernetes owns (${SYSTEM_NAMESPACES.join(', ')}); the library enforces Pod Security restricted and denies ingress in the cluster's namespace, so give it one of its own`);
    }
    if (props.placement.length === 0) {
      throw new Error(`${where}: placement is empty; give the voters of each site.`);
    }
    const seen = new Set<Site>();
    for (const [i, p] of props.placement.entries()) {
      if (p === null || typeof p !== 'object' || !Site.isSite(p.site)) {
        throw new Error(`${where}: placement[${i}].site is ${p === null || typeof p !== 'object' ? `missing (the entry is ${String(p)})` : String(p.site)}, not a site; give { site: <an ActiveActiveSite or WitnessSite>, voters: <n> }.`);
      }
      for (const [what, n] of [['voters', p.voters ?? 0], ['arbitrators', p.arbitrators ?? 0]] as const) {
        if (!Number.isInteger(n) || (n as number) < 0) {
          throw new Error(`${where}: ${what} in site ${p.site.siteName} must be a whole number ≥ 0, got ${shownNumber(n)}.`);
        }
      }
      if ((p.voters ?? 0) + (p.arbitrators ?? 0) === 0) {
        throw new Error(`${where}: site ${p.site.siteName} has no voters and no arbitrators; leave it out of placement instead.`);
      }
      if ((p.arbitrators ?? 0) > 0 && !props.engine._settings.hasArbitrators) {
        throw new Error(`${where}: ${props.engine.engineName} has no data-less arbitrator; place voters in ${p.site.siteName} instead.`);
      }
      if (seen.has(p.site)) {
        throw new Error(`${where}: site ${p.site.siteName} appears twice in placement.`);
      }
      if (p.site.node.root !== this.node.root) {
        throw new Error(`${where}: site ${p.site.siteName} belongs to another app.`);
      }
      seen.add(p.site);
    }
    const members = props.placement.reduce((n, p) => n + (p.voters ?? 0) + (p.arbitrators ?? 0), 0);
    if (members > MAX_CLUSTER_MEMBERS && props.engine._settings.namesEveryMemberInJoinList) {
      throw invalidValue(where, 'placement with', members, `members is above ${MAX_CLUSTER_MEMBERS}: every member is named in every pod's join list, which must fit in one 128 KiB argument`);
    }
    for (const site of props.engine._settings.sitesNamed) {
      if (site.node.root !== this.node.root) {
        throw new Error(`${where}: the engine names site ${site.siteName}, which belongs to another app; name a site of this MultiSiteApp.`);
      }
    }
    this.engine = props.engine;
    this.clusterName = id;
    this.namespace = namespace;
    this.placement = [...props.placement];
    this.spreadOverNodes = props.spreadOverNodes ?? NodeSpread.PREFERRED;
    if (props.backup !== undefined) {
      this._backup = checkedBackup(where, id, props.backup, props.engine._settings, (s) => s.node.root === this.node.root);
    }
  }
}

/** Refuses props without the engine or the placement (a TypeError later, and all a Python user would see). */
function checkPropsPresent(where: string, props: DistributedSqlClusterProps | undefined): void {
  if (props === undefined || props === null) throw new Error(`${where}: props are missing; give { engine: SqlEngine.<engine>(...), placement: [...] }.`);
  if (!(props.engine instanceof SqlEngine)) {
    throw new Error(`${where}: engine is ${String(props.engine)}, not an SqlEngine; give e.g. engine: SqlEngine.cockroachDb().`);
  }
  if (!Array.isArray(props.placement)) {
    throw new Error(`${where}: placement is ${String(props.placement)}, not a list; give the voters of each site, e.g. placement: [{ site: dcA, voters: 2 }, ...].`);
  }
}
