import { ApiObject, Chart } from 'cdk8s';
import { IConstruct } from 'constructs';
import { ActiveActiveSite } from '../active-active-site';
import { AnycastVip } from '../anycast-vip';
import { ACKNOWLEDGEMENT_METADATA } from '../check/acknowledge';
import { DeploymentShape } from '../deployment-shape';
import { DistributedSqlCluster } from '../distributed-sql-cluster';
import { engineOfKind } from '../engines/registry';
import { GslbZone } from '../gslb-zone';
import { MANAGED_BY_LABEL_VALUE } from '../k8s/labels';
import { Latency } from '../latency';
import {
  AcknowledgementModel, AnycastVipModel, MonitoringModel, CrossSiteDiscoveryKind, DesignModel, EngineModel, GslbZoneModel, LinkModel, ShapeModel,
  TerraformBackendModel, UserNetworkPolicyModel,
} from '../model/design';
import { Monitoring, MONITORING_METADATA } from '../monitoring';
import { NodeSpread } from '../node-spread';
import { Site, SiteRole } from '../site';
import { TERRAFORM_BACKEND_METADATA, TerraformBackend } from '../terraform-backend';

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
      nodeSpread: c.spreadOverNodes === NodeSpread.REQUIRED ? 'required' : 'preferred',
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
  const strategy = z.strategy;
  return {
    name: z.node.id,
    path: pathOf(z),
    zone: z.zone,
    parentZone: z.parentZone,
    parentHostedZoneId: z.parentHostedZoneId,
    strategy: strategy._kind === 'failover'
      ? { kind: 'failover', primary: strategy.primary!.siteName }
      : strategy._kind === 'weighted'
        ? { kind: 'weighted', weights: strategy.weights!.map((w) => ({ site: w.site.siteName, weight: w.weight })) }
        : { kind: strategy._kind === 'geoip' ? 'geoip' : 'roundRobin' },
    ttlSeconds: z.ttl.toSeconds(),
    rtoSeconds: z.recoveryTimeObjective?.toSeconds(),
    sites: sites.filter((s) => serving.includes(s as ActiveActiveSite)).map((s) => s.siteName),
    delegation: z.delegation._owner === 'k8gb-external-dns' ? 'k8gb-external-dns' : 'terraform',
    edgeDnsServers: z.edgeDnsServers,
    hosts: z._hosts.map((h) => ({
      fqdn: `${h.hostname}.${z.zone}`,
      namespace: h.namespace,
      resourceKind: h.target._kind === 'Service' ? 'Service' : 'Ingress',
      resourceName: h.target.name,
      dependsOn: h.dependsOn?.clusterName,
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

function shapeModel(shape: DeploymentShape): ShapeModel {
  if (shape._kind === 'stretched') {
    return { kind: 'stretched', siteLabel: shape.siteLabel!, clusterDomain: shape.clusterDomain! };
  }
  return { kind: 'cluster-per-site', discovery: shape.crossSiteDiscovery!._kind as CrossSiteDiscoveryKind };
}

function engineModel(cluster: DistributedSqlCluster): EngineModel {
  const settings = cluster.engine._settings;
  return engineOfKind(settings.kind).toModel(cluster.clusterName, settings.options);
}
