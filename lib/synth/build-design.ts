import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ActiveActiveSite } from '../active-active-site';
import { AnycastVip } from '../anycast-vip';
import { ACKNOWLEDGEMENT_METADATA, MONITORING_METADATA, TERRAFORM_BACKEND_METADATA } from '../core/construct-metadata';
import { DeploymentShape } from '../deployment-shape';
import { DistributedSqlCluster } from '../distributed-sql-cluster';
import { engineOfKind } from '../engines/registry';
import { GslbZone } from '../gslb-zone';
import { MANAGED_BY_LABEL_VALUE } from '../k8s/labels';
import { Latency } from '../latency';
import {
  AcknowledgementModel, AnycastVipModel, MonitoringModel, CrossSiteDiscoveryKind, DelegationOwner, DesignModel, EngineModel,
  GslbHostModel, GslbStrategyModel, GslbZoneModel, LinkModel, NodeSpreadModel, ShapeModel, SiteRole as SiteRoleModel,
  TerraformBackendModel, UserNetworkPolicyModel,
} from '../model/design';
import { invalidValue } from '../model/validation';
import { Monitoring } from '../monitoring';
import { NodeSpread } from '../node-spread';
import { Site, SiteRole } from '../site';
import { TerraformBackend } from '../terraform-backend';

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
    shape: shapeModel(shape, root),
    sites: sites.map((s) => ({
      name: s.siteName,
      role: known(pathOf(s), 'role', s.role, SITE_ROLES),
      path: pathOf(s),
      clusterDomain: s.clusterDomain,
      podCidrs: s.podCidrs,
      serviceCidrs: s.serviceCidrs,
      nodeCidrs: s.nodeCidrs,
      clusterDnsAddress: s.clusterDnsAddress,
      statefulFirewall: isActive(s) ? s.statefulFirewall : false,
      geoTag: isActive(s) ? s.geoTag : s.siteName,
      dnsAddress: isActive(s) ? s.dnsAddress : undefined,
      controlPlaneNodes: s.controlPlaneNodes,
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
      nodeSpread: known(pathOf(c), 'spreadOverNodes', c.spreadOverNodes, NODE_SPREADS),
      ...(c._backup === undefined ? {} : { backup: c._backup }),
    })),
    gslbZones: all.filter((c): c is GslbZone => c instanceof GslbZone).map((z) => gslbZoneModel(z, sites, all)),
    anycastVips: all.filter((c): c is AnycastVip => c instanceof AnycastVip).map((v) => anycastVipModel(v, sites)),
    acknowledgements,
    terraformBackend: terraformBackendOf(root),
    userNetworkPolicies: userNetworkPolicies(all),
    monitoring: monitoringOf(root),
  };
}

/** The monitoring the app was given (`MultiSiteAppProps.monitoring`), kept as metadata on the app. */
function monitoringOf(root: IConstruct): MonitoringModel | undefined {
  return (root.node.metadata.find((m) => m.type === MONITORING_METADATA)?.data as Monitoring | undefined)?._model;
}

/** The backend the app was given (`MultiSiteAppProps.terraformBackend`), kept as metadata on the app. */
function terraformBackendOf(root: IConstruct): TerraformBackendModel | undefined {
  const entry = root.node.metadata.find((m) => m.type === TERRAFORM_BACKEND_METADATA);
  if (entry === undefined) return undefined;
  const backend = entry.data as TerraformBackend;
  return { type: backend.backendType, config: backend.config };
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

/**
 * The NetworkPolicies of the app's own objects in the site charts: every one not labelled as the
 * library's (`app.kubernetes.io/managed-by: cdk-multisite`, which every library object carries),
 * so those a previous synth added are not counted twice.
 */
function userNetworkPolicies(all: IConstruct[]): UserNetworkPolicyModel[] {
  const out: UserNetworkPolicyModel[] = [];
  for (const c of all) {
    if (!(c instanceof ApiObject) || c.kind !== 'NetworkPolicy' || c.metadata.getLabel('app.kubernetes.io/managed-by') === MANAGED_BY_LABEL_VALUE) continue;
    const chart = Chart.of(c);
    if (Site.isSite(chart)) out.push({ site: chart.siteName, policy: c.toJson() });
  }
  return out;
}

/** Replicas of the Deployment `name` in `namespace` in each site's chart (1, Kubernetes' default, when unset). */
function deploymentReplicas(all: IConstruct[], namespace: string, name: string): { site: string; replicas: number }[] {
  const out: { site: string; replicas: number }[] = [];
  for (const c of all) {
    if (!(c instanceof ApiObject) || c.kind !== 'Deployment' || c.metadata.name !== name || c.metadata.namespace !== namespace) continue;
    const chart = Chart.of(c);
    if (!Site.isSite(chart)) continue;
    out.push({ site: chart.siteName, replicas: c.toJson()?.spec?.replicas ?? 1 });
  }
  return out;
}

function gslbZoneModel(z: GslbZone, sites: Site[], all: IConstruct[]): GslbZoneModel {
  const serving = z._sites ?? sites.filter(isActive);
  return {
    name: z.node.id,
    path: pathOf(z),
    zone: z.zone,
    parentZone: z.parentZone,
    parentHostedZoneId: z.parentHostedZoneId,
    strategy: gslbStrategyModel(z),
    ttlSeconds: z.ttl.toSeconds(),
    rtoSeconds: z.recoveryTimeObjective?.toSeconds(),
    sites: sites.filter((s) => serving.includes(s as ActiveActiveSite)).map((s) => s.siteName),
    delegation: known(pathOf(z), 'delegation', z.delegation._owner, DELEGATION_OWNERS),
    edgeDnsServers: z.edgeDnsServers,
    hosts: z._hosts.map((h) => ({
      fqdn: `${h.hostname}.${z.zone}`,
      namespace: h.namespace,
      resourceKind: known(`${pathOf(z)} host ${JSON.stringify(h.hostname)}`, 'target', h.target._kind, GSLB_TARGET_KINDS),
      resourceName: h.target.name,
      dependsOn: h.dependsOn?.clusterName,
      backendServices: (h.backendServices ?? []).map((s) => ({ name: s.name, port: s.port })),
      deployment: h.deployment === undefined
        ? undefined
        : { name: h.deployment, replicasPerSite: deploymentReplicas(all, h.namespace, h.deployment) },
    })),
  };
}

/** Construct path for people: `/` for the app itself. */
export function pathOf(c: IConstruct): string {
  return c.node.path === '' ? '/' : c.node.path;
}

function shapeModel(shape: DeploymentShape, root: IConstruct): ShapeModel {
  const kind = known(pathOf(root), 'shape', shape._kind, SHAPE_KINDS);
  if (kind === 'stretched') {
    return { kind: 'stretched', siteLabel: shape.siteLabel!, clusterDomain: shape.clusterDomain! };
  }
  return { kind: 'cluster-per-site', discovery: known(pathOf(root), 'shape crossSiteDiscovery', shape.crossSiteDiscovery!._kind, DISCOVERY_KINDS) };
}

function gslbStrategyModel(z: GslbZone): GslbStrategyModel {
  const strategy = z.strategy;
  switch (known(pathOf(z), 'strategy', strategy._kind, GSLB_STRATEGY_KINDS)) {
    case 'failover': return { kind: 'failover', primary: strategy.primary!.siteName };
    case 'weighted': return { kind: 'weighted', weights: strategy.weights!.map((w) => ({ site: w.site.siteName, weight: w.weight })) };
    case 'geoip': return { kind: 'geoip' };
    case 'roundRobin': return { kind: 'roundRobin' };
  }
}

/*
 * The closed sets the constructs' settings take, each value mapped to the model's. A value a
 * construct gains but these do not list is refused by {@link known} instead of falling through
 * to another (an unknown GSLB strategy used to become round robin).
 */
const SITE_ROLES: Readonly<Record<SiteRole, SiteRoleModel>> = { [SiteRole.ACTIVE]: 'active', [SiteRole.WITNESS]: 'witness' };
const NODE_SPREADS: Readonly<Record<NodeSpread, NodeSpreadModel>> = { [NodeSpread.PREFERRED]: 'preferred', [NodeSpread.REQUIRED]: 'required' };
const SHAPE_KINDS: Readonly<Record<ShapeModel['kind'], ShapeModel['kind']>> = { 'stretched': 'stretched', 'cluster-per-site': 'cluster-per-site' };
const DISCOVERY_KINDS: Readonly<Record<CrossSiteDiscoveryKind, CrossSiteDiscoveryKind>> = {
  'coredns-forwarding': 'coredns-forwarding',
  'multi-cluster-services': 'multi-cluster-services',
};
const GSLB_STRATEGY_KINDS: Readonly<Record<GslbStrategyModel['kind'], GslbStrategyModel['kind']>> = {
  roundRobin: 'roundRobin', geoip: 'geoip', failover: 'failover', weighted: 'weighted',
};
const DELEGATION_OWNERS: Readonly<Record<DelegationOwner, DelegationOwner>> = { 'terraform': 'terraform', 'k8gb-external-dns': 'k8gb-external-dns' };
const GSLB_TARGET_KINDS: Readonly<Record<GslbHostModel['resourceKind'], GslbHostModel['resourceKind']>> = { Ingress: 'Ingress', Service: 'Service' };

/**
 * The model's value for `value`, a setting of the construct at `where` that takes one of
 * `values`' keys; an error naming the construct path, the setting, the value and the known ones otherwise.
 */
function known<T>(where: string, setting: string, value: unknown, values: Readonly<Record<string, T>>): T {
  if (typeof value === 'string' && Object.prototype.hasOwnProperty.call(values, value)) return values[value];
  throw invalidValue(where, setting, value, `is not one this version knows (${Object.keys(values).map((v) => JSON.stringify(v)).join(', ')}); use the construct's factories or enum members`);
}

function engineModel(cluster: DistributedSqlCluster): EngineModel {
  const settings = cluster.engine._settings;
  return engineOfKind(settings.kind).toModel(cluster.clusterName, settings.options);
}
