import { OracleDataGuardModel } from './model';
import { databaseObjectName, databaseSid } from './names';
import { dataGuardOutcome, DataGuardOutcome, dataGuardRoles, DataGuardRoles } from './outcome';
import { AnalyzedCluster } from '../../analysis/analyzed-design';
import { singleSiteLosses, twoSiteLosses } from '../../analysis/site-loss';
import { DesignModel, GslbHostModel, GslbZoneModel, SqlClusterOf } from '../../model/design';

/** The Oracle listener port. */
export const ORACLE_LISTENER_PORT = 1521;

/**
 * The TCPS listener port. The operator's broker and its Data Guard aliases always reach a TCPS
 * member on this port, whatever an endpoint says (oracle/oracle-database-operator sidbdevbranch
 * e390bb952d5e, controllers/dataguard/dataguardbroker_topology_execution.go
 * dataguardTopologyCanonicalPort; controllers/database/singleinstancedatabase_controller.go
 * addAutomaticDataguardNetAliasesWithPorts, both with dbcommons.CONTAINER_TCPS_PORT).
 */
export const ORACLE_TCPS_PORT = 2484;

/** One database of the configuration and how the others reach it. */
export interface DataGuardMember {
  readonly site: string;
  /** The name dgmgrl knows it by (DB_UNIQUE_NAME; the operator makes it the SID). */
  readonly dbUniqueName: string;
  /** Whether Kubernetes runs it (a SingleInstanceDatabase the library writes). */
  readonly managed: boolean;
  /** The SingleInstanceDatabase's name, for a managed member. */
  readonly objectName?: string;
  /** Host other clusters reach its listener at; undefined when it has no published address. */
  readonly host?: string;
  readonly port: number;
  /** Oracle service name clients and the broker connect to. */
  readonly serviceName: string;
  /** Secret with its SYS password in the broker's namespace. */
  readonly adminPasswordSecret: string;
}

/** A GSLB host whose application writes to this configuration. */
export interface DependentHost {
  readonly zone: GslbZoneModel;
  readonly host: GslbHostModel;
}

/** What synth works out once about a Data Guard configuration. */
export interface DataGuardAnalysis {
  readonly roles: DataGuardRoles;
  /** What each single-site loss does to writes, in site order. */
  readonly singleSiteOutcomes: readonly DataGuardOutcome[];
  /** What each two-site loss does to writes, in site order. */
  readonly twoSiteOutcomes: readonly DataGuardOutcome[];
  /** Whether each site runs its own Kubernetes cluster (the seed-002 shape). */
  readonly crossCluster: boolean;
  /** The broker mode written: the user's, or the one the shape and members need. */
  readonly brokerMode: 'legacy' | 'topology';
  /**
   * The site whose cluster runs the DataguardBroker (and its runner and observer pods): the
   * observer's site when there is one; otherwise the failover target's, so the broker survives
   * the loss of the primary's region, the loss it exists for.
   */
  readonly brokerSite: string;
  /** Every database, primary first, then the standbys in site order. */
  readonly members: readonly DataGuardMember[];
  /** GSLB hosts that depend on this configuration. */
  readonly dependentHosts: readonly DependentHost[];
}

/** A Data Guard cluster with its analysis. */
export type AnalyzedDataGuard = AnalyzedCluster<OracleDataGuardModel, DataGuardAnalysis>;

/** Roles, members, loss outcomes and dependent hosts of one configuration. */
export function analyzeDataGuard(design: DesignModel, cluster: SqlClusterOf<OracleDataGuardModel>): DataGuardAnalysis {
  const roles = dataGuardRoles(cluster);
  const sites = cluster.members.map((m) => m.site);
  const e = cluster.engine;
  const crossCluster = design.shape.kind === 'cluster-per-site';
  const members = [roles.primary, ...roles.standbys].map((site): DataGuardMember => {
    const external = e.externalMembers.find((x) => x.site === site);
    if (external) {
      return {
        site,
        dbUniqueName: external.dbUniqueName,
        managed: false,
        host: external.host,
        port: external.port,
        serviceName: external.serviceName,
        adminPasswordSecret: external.adminPasswordSecret,
      };
    }
    const sid = databaseSid(cluster, site);
    return {
      site,
      dbUniqueName: sid,
      managed: true,
      objectName: databaseObjectName(cluster, site),
      host: e.databaseDomain === undefined ? undefined : `${databaseObjectName(cluster, site)}.${e.databaseDomain}`,
      port: ORACLE_LISTENER_PORT,
      serviceName: sid,
      adminPasswordSecret: e.adminPasswordSecret,
    };
  });
  const needsTopology = crossCluster || e.externalMembers.length > 0;
  return {
    roles,
    singleSiteOutcomes: singleSiteLosses(sites).map((lost) => dataGuardOutcome(cluster, roles, lost)),
    twoSiteOutcomes: twoSiteLosses(sites).map((lost) => dataGuardOutcome(cluster, roles, lost)),
    crossCluster,
    // TCPS needs the topology broker (see engine.ts); the legacy one stays the insecure default
    // of a stretched cluster with every database in Kubernetes.
    brokerMode: e.brokerMode ?? (needsTopology || !e.insecure ? 'topology' : 'legacy'),
    brokerSite: roles.observers[0] ?? roles.standbys[0] ?? roles.primary,
    members,
    dependentHosts: design.gslbZones.flatMap((zone) => zone.hosts.filter((h) => h.dependsOn === cluster.name).map((host) => ({ zone, host }))),
  };
}

/** `host:port/SERVICE` of a member, undefined when it has no published host. */
export function connectStringOf(m: DataGuardMember): string | undefined {
  return m.host === undefined ? undefined : `${m.host}:${m.port}/${m.serviceName}`;
}


