import { ALL_CONSISTENCY_LEVELS, serves } from './consistency';
import { CassandraCluster, CassandraModel } from './model';
import { CassandraConsistency } from './options';
import { AnalyzedCluster } from '../../analysis/analyzed-design';
import { DesignModel } from '../../model/design';

/** Replicas per datacenter that system keyspaces are forced to: min(3, size) (k8ssandra-operator #1486). */
export const SYSTEM_KEYSPACE_REPLICAS = 3;

/** One Cassandra datacenter: the nodes of one site. */
export interface CassandraDatacenter {
  /** The site, which is also the datacenter's name. */
  readonly site: string;
  readonly size: number;
  /** kubeconfig context of the site's cluster. */
  readonly context: string;
  /** Racks, each pinned to a zone unless there is only the unpinned `default`. */
  readonly racks: readonly { readonly name: string; readonly zone?: string }[];
}

/** A keyspace with its replication factor resolved for every datacenter. */
export interface KeyspaceReplication {
  readonly name: string;
  /** Replicas per datacenter (site), in site order. */
  readonly replicas: ReadonlyMap<string, number>;
  /** Whether this stands for keyspaces the user did not list (the default replication). */
  readonly assumed: boolean;
}

/** One failure scenario and, per consistency level, the datacenters whose coordinators still succeed. */
export interface CassandraScenario {
  /** `none`, `loss` (the site is down) or `partition` (the site is cut off from the others, both sides up). */
  readonly kind: 'none' | 'loss' | 'partition';
  /** The lost or isolated site; undefined for `none`. */
  readonly site?: string;
  /** Per consistency level: the datacenters (sites) where a request at that level succeeds for every keyspace. */
  readonly servesFrom: ReadonlyMap<CassandraConsistency, readonly string[]>;
}

/** A datacenter where one pod down in every datacenter at once stops one of the application's levels. */
export interface EvictionShortfall {
  readonly site: string;
  readonly level: CassandraConsistency;
  readonly keyspace: string;
}

/** What synth works out once about a Cassandra cluster. */
export interface CassandraAnalysis {
  /** Where the K8ssandraCluster and the operator's control plane live. */
  readonly controlPlane: string;
  /** Whether the control plane shares a site with a datacenter. */
  readonly controlPlaneHoldsData: boolean;
  readonly datacenters: readonly CassandraDatacenter[];
  /** User keyspaces, or one assumed keyspace at the default replication when none is listed. */
  readonly keyspaces: readonly KeyspaceReplication[];
  /** Replicas per datacenter of system_auth, system_distributed, system_traces. */
  readonly systemReplicas: ReadonlyMap<string, number>;
  /** No loss first, then each site lost, then each site cut off. */
  readonly scenarios: readonly CassandraScenario[];
  /** cass-operator's PodDisruptionBudget lets one pod per datacenter go: where that breaks the application's levels. */
  readonly evictionShortfalls: readonly EvictionShortfall[];
}

/** A Cassandra cluster with its analysis. */
export type AnalyzedCassandra = AnalyzedCluster<CassandraModel, CassandraAnalysis>;

/** The replication factor of a datacenter of `size` nodes for a keyspace that does not say: min(3, size). */
export function defaultReplicas(size: number): number {
  return Math.min(SYSTEM_KEYSPACE_REPLICAS, size);
}

/** The datacenters' sites where a request at `level` succeeds for every keyspace, given what each coordinator reaches. */
export function servingSites(
  level: CassandraConsistency,
  keyspaces: readonly KeyspaceReplication[],
  coordinators: readonly string[],
  reachable: (coordinator: string) => ReadonlySet<string>,
): string[] {
  return coordinators.filter((c) => {
    const sites = reachable(c);
    return keyspaces.every((k) => {
      const alive = new Map([...k.replicas].map(([dc, rf]) => [dc, sites.has(dc) ? rf : 0]));
      return serves(level, k.replicas, alive, c);
    });
  });
}

/** The kubeconfig context (and the datacenter's `k8sContext`) of `site`'s cluster: as given, or the site's name. */
export function kubernetesContextOf(e: CassandraModel, site: string): string {
  return e.kubernetesContexts.find((c) => c.site === site)?.context ?? site;
}

/** Analyses one Cassandra cluster. */
export function analyzeCassandra(design: DesignModel, cluster: CassandraCluster): CassandraAnalysis {
  const e = cluster.engine;
  const members = cluster.members.filter((m) => m.voters > 0);
  const sites = members.map((m) => m.site);
  const datacenters: CassandraDatacenter[] = members.map((m) => {
    const zones = e.racks.find((r) => r.site === m.site)?.zones ?? [];
    return {
      site: m.site,
      size: m.voters,
      context: kubernetesContextOf(e, m.site),
      racks: zones.length === 0 ? [{ name: 'default' }] : zones.map((zone) => ({ name: zone, zone })),
    };
  });
  const keyspaces: KeyspaceReplication[] = e.keyspaces.length > 0
    ? e.keyspaces.map((k) => ({
      name: k.name,
      assumed: false,
      replicas: new Map(members.map((m) => [
        m.site,
        k.perSite.find((p) => p.site === m.site)?.replicationFactor ?? k.replicationFactor ?? defaultReplicas(m.voters),
      ])),
    }))
    : [{ name: '(any keyspace at the default replication)', assumed: true, replicas: new Map(members.map((m) => [m.site, defaultReplicas(m.voters)])) }];

  const everySite = new Set(sites);
  const scenario = (kind: CassandraScenario['kind'], site?: string): CassandraScenario => {
    const coordinators = kind === 'loss' ? sites.filter((s) => s !== site) : sites;
    const reachable = (c: string): ReadonlySet<string> => {
      if (kind === 'none') return everySite;
      if (kind === 'loss') return new Set(sites.filter((s) => s !== site));
      return c === site ? new Set([site!]) : new Set(sites.filter((s) => s !== site));
    };
    return { kind, site, servesFrom: new Map(ALL_CONSISTENCY_LEVELS.map((l) => [l, servingSites(l, keyspaces, coordinators, reachable)])) };
  };
  const scenarios = [
    scenario('none'),
    ...sites.map((s) => scenario('loss', s)),
    ...(sites.length > 1 ? sites.map((s) => scenario('partition', s)) : []),
  ];

  const controlPlane = e.controlPlane
    ?? design.sites.find((s) => s.role === 'witness' && !sites.includes(s.name))?.name
    ?? sites[0];

  const evictionShortfalls: EvictionShortfall[] = [];
  for (const level of uniqueLevels(e)) {
    for (const k of keyspaces) {
      const oneDownEach = new Map([...k.replicas].map(([dc, rf]) => [dc, Math.max(0, rf - 1)]));
      for (const c of sites) {
        if (serves(level, k.replicas, k.replicas, c) && !serves(level, k.replicas, oneDownEach, c)) {
          evictionShortfalls.push({ site: c, level, keyspace: k.name });
        }
      }
    }
  }

  return {
    controlPlane,
    controlPlaneHoldsData: sites.includes(controlPlane),
    datacenters,
    keyspaces,
    systemReplicas: new Map(members.map((m) => [m.site, defaultReplicas(m.voters)])),
    scenarios,
    evictionShortfalls,
  };
}

/** The application's read and write levels, once each. */
export function uniqueLevels(e: CassandraModel): CassandraConsistency[] {
  return [...new Set([e.readConsistency, e.writeConsistency])];
}

