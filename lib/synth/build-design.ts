import { Size } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ACKNOWLEDGEMENT_METADATA } from '../acknowledge';
import { ActiveActiveSite } from '../active-active-site';
import { AnycastVip } from '../anycast-vip';
import { DeploymentShape } from '../deployment-shape';
import { DistributedSqlCluster } from '../distributed-sql-cluster';
import { GslbZone } from '../gslb-zone';
import { Latency } from '../latency';
import {
  AcknowledgementModel, AnycastVipModel, CockroachDbModel, DesignModel, EngineModel, GaleraModel, GslbZoneModel, LinkModel,
  OracleDataGuardModel, ShapeModel,
} from '../model/design';
import { Site, SiteRole } from '../site';
import { CockroachDbOptions, DataGuardProtectionMode, GaleraOptions, OracleDataGuardOptions } from '../sql-engine';

/** A link as the app records it. */
export interface DeclaredLink {
  readonly siteA: Site;
  readonly siteB: Site;
  readonly latency: Latency;
}

/** Reads the construct tree into the plain model that analysis, rules and writers share. */
export function buildDesign(root: IConstruct, shape: DeploymentShape, links: readonly DeclaredLink[]): DesignModel {
  const all = root.node.findAll();
  const sites = all.filter((c): c is Site => Site.isSite(c));
  const clusters = all.filter((c): c is DistributedSqlCluster => c instanceof DistributedSqlCluster);
  const siteOrder = new Map(sites.map((s, i) => [s, i]));

  const acknowledgements: AcknowledgementModel[] = [];
  for (const c of all) {
    for (const entry of c.node.metadata) {
      if (entry.type !== ACKNOWLEDGEMENT_METADATA) continue;
      const data = entry.data as { ruleId: string; reason: string };
      acknowledgements.push({ ruleId: data.ruleId, reason: data.reason, path: pathOf(c) });
    }
  }

  return {
    shape: shapeModel(shape),
    sites: sites.map((s) => ({
      name: s.siteName,
      role: s.role === 'witness' ? 'witness' : 'active',
      path: pathOf(s),
      clusterDomain: s.clusterDomain,
      podCidrs: s.podCidrs,
      serviceCidrs: s.serviceCidrs,
      nodeCidrs: s.nodeCidrs,
      clusterDnsAddress: s.clusterDnsAddress,
      statefulFirewall: isActive(s) ? s.statefulFirewall : false,
      geoTag: isActive(s) ? s.geoTag : s.siteName,
      dnsAddress: isActive(s) ? s.dnsAddress : undefined,
    })),
    links: links.map((l): LinkModel => ({
      siteA: l.siteA.siteName,
      siteB: l.siteB.siteName,
      rttMillis: l.latency.rttMillis,
      distanceKm: l.latency.distanceKm,
    })),
    sqlClusters: clusters.map((c) => ({
      name: c.clusterName,
      path: pathOf(c),
      namespace: c.namespace,
      engine: engineModel(c),
      members: [...c.placement]
        .sort((a, b) => siteOrder.get(a.site)! - siteOrder.get(b.site)!)
        .map((p) => ({ site: p.site.siteName, voters: p.voters ?? 0, arbitrators: p.arbitrators ?? 0 })),
    })),
    gslbZones: all.filter((c): c is GslbZone => c instanceof GslbZone).map((z) => gslbZoneModel(z, sites)),
    anycastVips: all.filter((c): c is AnycastVip => c instanceof AnycastVip).map((v) => anycastVipModel(v, sites)),
    acknowledgements,
  };
}

function anycastVipModel(v: AnycastVip, sites: Site[]): AnycastVipModel {
  const pods = v.target.selectedPods;
  const announcing = new Set(v.routers.map((r) => r.site.siteName));
  return {
    name: v.node.id,
    path: pathOf(v),
    address: v.address,
    pods: pods && {
      namespace: pods.namespace,
      selector: { ...pods.selector },
      ports: pods.ports.map((p) => ({ port: p.port, targetPort: p.targetPort ?? p.port })),
      keepsSessions: pods.keepsSessions ?? false,
    },
    sqlCluster: v.target.sqlClusterTarget?.clusterName,
    localAsn: v.localAsn,
    routers: v.routers.map((r) => ({ site: r.site.siteName, address: r.address, asn: r.asn, passwordSecret: r.passwordSecret })),
    sites: sites.filter((s) => announcing.has(s.siteName)).map((s) => s.siteName),
    communities: v.communities,
    localPreference: v.localPreference,
    metallbNamespace: v.metallbNamespace,
    awsEdge: v.awsEdge.map((e) => ({ site: e.site.siteName, region: e.region, endpointId: e.endpointId })),
  };
}

function isActive(s: Site): s is ActiveActiveSite {
  return s.role === SiteRole.ACTIVE;
}

function gslbZoneModel(z: GslbZone, sites: Site[]): GslbZoneModel {
  const serving = z._sites ?? sites.filter(isActive);
  const strategy = z.strategy;
  return {
    name: z.node.id,
    path: pathOf(z),
    zone: z.zone,
    parentZone: z.parentZone,
    parentHostedZoneId: z.parentHostedZoneId,
    strategy: strategy.kind === 'failover'
      ? { kind: 'failover', primary: strategy.primary!.siteName }
      : strategy.kind === 'weighted'
        ? { kind: 'weighted', weights: strategy.weights!.map((w) => ({ site: w.site.siteName, weight: w.weight })) }
        : { kind: strategy.kind === 'geoip' ? 'geoip' : 'roundRobin' },
    ttlSeconds: z.ttl.toSeconds(),
    sites: sites.filter((s) => serving.includes(s as ActiveActiveSite)).map((s) => s.siteName),
    delegation: z.delegation.owner === 'k8gb-external-dns' ? 'k8gb-external-dns' : 'terraform',
    edgeDnsServers: z.edgeDnsServers,
    hosts: z._hosts.map((h) => ({
      fqdn: `${h.hostname}.${z.zone}`,
      namespace: h.namespace,
      resourceKind: h.target.kind === 'Service' ? 'Service' : 'Ingress',
      resourceName: h.target.name,
    })),
  };
}

/** Construct path for people: `/` for the app itself. */
export function pathOf(c: IConstruct): string {
  return c.node.path === '' ? '/' : c.node.path;
}

function shapeModel(shape: DeploymentShape): ShapeModel {
  if (shape.kind === 'stretched') {
    return { kind: 'stretched', siteLabel: shape.siteLabel!, clusterDomain: shape.clusterDomain! };
  }
  return { kind: 'cluster-per-site' };
}

function engineModel(cluster: DistributedSqlCluster): EngineModel {
  const settings = cluster.engine._settings;
  if (settings.kind === 'galera') return galeraModel(cluster.clusterName, settings.galera ?? {});
  if (settings.kind === 'oracle-data-guard') return dataGuardModel(cluster.clusterName, settings.oracleDataGuard!);
  return cockroachModel(cluster.clusterName, settings.cockroachDb ?? {});
}

function dataGuardModel(name: string, o: OracleDataGuardOptions): OracleDataGuardModel {
  return {
    kind: 'oracle-data-guard',
    primary: o.primary.siteName,
    rpoSeconds: o.rpo?.toSeconds(),
    protectionMode: o.protectionMode === DataGuardProtectionMode.MAX_AVAILABILITY ? 'MaxAvailability' : 'MaxPerformance',
    fastStartFailover: o.fastStartFailover ?? true,
    image: o.image ?? 'container-registry.oracle.com/database/enterprise:21.3.0.0',
    imagePullSecret: o.imagePullSecret ?? 'oracle-container-registry-secret',
    adminPasswordSecret: o.adminPasswordSecret ?? `${name}-admin-password`,
    storageSize: gibibytes(o.storageSize ?? Size.gibibytes(100)),
    storageClassName: o.storageClassName,
    clientNamespaces: o.clientNamespaces ?? [],
  };
}

function cockroachModel(name: string, o: CockroachDbOptions): CockroachDbModel {
  return {
    kind: 'cockroachdb',
    replicationFactor: o.replicationFactor ?? 3,
    image: o.image ?? 'cockroachdb/cockroach:v24.2.0',
    insecure: o.insecure ?? false,
    nodeCertificatesSecret: o.nodeCertificatesSecret ?? `${name}-node-certs`,
    rootClientCertificatesSecret: o.rootClientCertificatesSecret ?? `${name}-root-client-certs`,
    certManagerCaSecret: o.insecure ? undefined : o.certManagerCaSecret,
    storageSize: gibibytes(o.storageSize ?? Size.gibibytes(100)),
    storageClassName: o.storageClassName,
    cpuMillis: cpuMillis(o.cpu?.amount ?? '2'),
    memoryMebibytes: (o.memory ?? Size.gibibytes(8)).toMebibytes(),
    sqlClientNamespaces: o.sqlClientNamespaces ?? [],
  };
}

function galeraModel(name: string, o: GaleraOptions): GaleraModel {
  const insecure = o.insecure ?? false;
  return {
    kind: 'galera',
    image: o.image ?? 'mariadb:11.4',
    arbitratorImage: o.arbitratorImage,
    maxRttMillis: o.maxRttMillis ?? 5,
    rootPasswordSecret: o.rootPasswordSecret ?? `${name}-root-password`,
    tlsSecret: insecure ? undefined : o.tlsSecret ?? `${name}-replication-tls`,
    certManagerCaSecret: insecure ? undefined : o.certManagerCaSecret,
    insecure,
    storageSize: gibibytes(o.storageSize ?? Size.gibibytes(100)),
    storageClassName: o.storageClassName,
    cpuMillis: cpuMillis(o.cpu?.amount ?? '2'),
    memoryMebibytes: (o.memory ?? Size.gibibytes(8)).toMebibytes(),
    gcacheMebibytes: (o.gcacheSize ?? Size.gibibytes(2)).toMebibytes(),
    flowControlLimit: o.flowControlLimit ?? 64,
    sqlClientNamespaces: o.sqlClientNamespaces ?? [],
  };
}

function gibibytes(size: Size): string {
  return `${size.toGibibytes()}Gi`;
}

/** `2` → 2000, `1500m` → 1500. */
function cpuMillis(amount: string): number {
  return amount.endsWith('m') ? Number(amount.slice(0, -1)) : Math.round(Number(amount) * 1000);
}
