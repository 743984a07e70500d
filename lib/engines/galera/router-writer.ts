import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { galeraPodLabels, galeraRouterLabels } from './flows';
import { haproxyConfig, RouterBackend } from './haproxy-config';
import { GaleraCluster } from './model';
import { GALERA_HEALTH_CHECK_PORT, GALERA_PORTS, GALERA_ROUTER_PORTS } from './ports';
import { GaleraRouterPlan, ROUTER_REPLICAS } from './router-plan';
import { writeLayer2Vip } from '../../k8s/metallb-layer2';
import { restrictedContainerSecurity, restrictedPodSecurity } from '../../k8s/restricted-security';
import { spreadOverNodes } from '../../k8s/spread-over-nodes';
import { useStableSelectors } from '../../k8s/stable-selectors';
import { DesignModel } from '../../model/design';
import { membersName, podSubdomain } from '../../model/member-addresses';

/**
 * The official HAProxy image, pinned (docker-library/haproxy `3.0/Dockerfile`, commit
 * bc729b362307822861331c816b73f863332d4b11: HAProxy 3.0.3, runs as user `haproxy`, uid 99, reads
 * `/usr/local/etc/haproxy/haproxy.cfg`).
 */
export const HAPROXY_IMAGE = 'haproxy:3.0.3';
const HAPROXY_UID = 99;
const HAPROXY_CONFIG_DIR = '/usr/local/etc/haproxy';

/** Names of a site's router objects. */
export function routerNames(cluster: GaleraCluster, site: string) {
  return {
    deployment: `${cluster.name}-router-${site}`,
    writer: `${cluster.name}-writer-${site}`,
    reader: `${cluster.name}-reader-${site}`,
  };
}

/** Every data node, in the order writes go to them: priority sites, then pod ordinal. */
export function routerBackends(design: DesignModel, cluster: GaleraCluster, plan: GaleraRouterPlan): RouterBackend[] {
  return plan.writerSites.flatMap((site) => {
    const sts = membersName(cluster, site);
    const voters = cluster.members.find((m) => m.site === site)!.voters;
    return Array.from({ length: voters }, (_, i) => ({
      name: `${sts}-${i}`,
      address: `${sts}-${i}.${podSubdomain(design, site, sts, cluster.namespace)}`,
      site,
    }));
  });
}

/** What a router in one site needs. */
export interface GaleraRouterProps {
  readonly design: DesignModel;
  readonly cluster: GaleraCluster;
  readonly plan: GaleraRouterPlan;
  readonly site: string;
}

/**
 * The HAProxy router of one data site: its configuration, Deployment (restricted Pod Security),
 * the writer and reader Services, the site's writer VIP when it has one (MetalLB layer 2,
 * `../../k8s/metallb-layer2.ts`), and the NetworkPolicies of its flows: clients to the router,
 * and the router to the data nodes' SQL and health ports (`./flows.ts`).
 */
export class GaleraRouter extends Construct {
  constructor(scope: Construct, id: string, props: GaleraRouterProps) {
    super(scope, id);
    const { design, cluster, plan, site } = props;
    const names = routerNames(cluster, site);
    const vip = plan.writerVips.find((v) => v.site === site);
    const labels = galeraRouterLabels(cluster, site);
    const config = new kplus.ConfigMap(this, 'config', {
      metadata: { name: names.deployment, namespace: cluster.namespace, labels },
      data: { 'haproxy.cfg': haproxyConfig(cluster.name, site, plan, routerBackends(design, cluster, plan)) },
    });
    const tcp = (port: number) => kplus.Probe.fromTcpSocket({ port, periodSeconds: Duration.seconds(10), failureThreshold: 3 });
    const deployment = new kplus.Deployment(this, 'deployment', {
      metadata: { name: names.deployment, namespace: cluster.namespace, labels },
      select: false,
      podMetadata: { labels },
      replicas: ROUTER_REPLICAS,
      securityContext: restrictedPodSecurity(HAPROXY_UID),
      containers: [{
        name: 'haproxy',
        image: HAPROXY_IMAGE,
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        // -db: stay in the foreground (https://docs.haproxy.org/3.0/management.html, section 3).
        command: ['haproxy', '-db', '-f', `${HAPROXY_CONFIG_DIR}/haproxy.cfg`],
        ports: [{ name: 'writes', number: GALERA_ROUTER_PORTS.writes }, { name: 'reads', number: GALERA_ROUTER_PORTS.reads }],
        resources: {
          cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
          memory: { request: Size.mebibytes(64), limit: Size.mebibytes(256) },
        },
        securityContext: restrictedContainerSecurity(HAPROXY_UID),
        readiness: tcp(GALERA_ROUTER_PORTS.writes),
        liveness: tcp(GALERA_ROUTER_PORTS.writes),
      }],
    });
    deployment.select(kplus.LabelSelector.of({ labels }));
    useStableSelectors(deployment);
    if (design.shape.kind === 'stretched') {
      deployment.scheduling.attract(kplus.Node.labeled(kplus.NodeLabelQuery.is(design.shape.siteLabel, site)));
    }
    // Preferred, whatever the members' nodeSpread: a router holds no vote, and two on one node still route.
    spreadOverNodes(deployment, labels, undefined);
    deployment.containers[0].mount(HAPROXY_CONFIG_DIR, kplus.Volume.fromConfigMap(this, 'config-volume', config, { name: 'config' }), { readOnly: true });

    for (const [serviceId, name, port] of [['writer', names.writer, GALERA_ROUTER_PORTS.writes], ['reader', names.reader, GALERA_ROUTER_PORTS.reads]] as const) {
      const service = new kplus.Service(this, serviceId, {
        metadata: { name, namespace: cluster.namespace, labels },
        ports: [{ name: 'sql', port: GALERA_PORTS.sql, targetPort: port }],
      });
      for (const [k, v] of Object.entries(labels)) service.selectLabel(k, v);
    }
    if (vip) {
      writeLayer2Vip(this, {
        name: names.writer,
        address: vip.address,
        metallbNamespace: plan.metallbNamespace,
        siteNodes: design.shape.kind === 'stretched' ? { [design.shape.siteLabel]: site } : undefined,
        service: { namespace: cluster.namespace, selector: labels, ports: [{ name: 'sql', port: GALERA_PORTS.sql, targetPort: GALERA_ROUTER_PORTS.writes }] },
        labels,
      });
    }

    // Clients reach the router from its namespace and the SQL client namespaces, as they reach the data nodes.
    const clientPolicy = new kplus.NetworkPolicy(this, 'client-policy', {
      metadata: { name: names.deployment, namespace: cluster.namespace, labels },
      selector: kplus.Pods.select(this, 'routers', { labels }),
      ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
    });
    const routerPorts = [kplus.NetworkPolicyPort.tcp(GALERA_ROUTER_PORTS.writes), kplus.NetworkPolicyPort.tcp(GALERA_ROUTER_PORTS.reads)];
    clientPolicy.addIngressRule(kplus.Pods.all(this, 'same-namespace'), routerPorts);
    if (cluster.engine.sqlClientNamespaces.length > 0) {
      const clients = kplus.Pods.all(this, 'sql-clients', {
        namespaces: kplus.Namespaces.select(this, 'sql-client-namespaces', { names: [...cluster.engine.sqlClientNamespaces] }),
      });
      clientPolicy.addIngressRule(clients, routerPorts);
    }
    if (vip) {
      // The VIP is for clients outside the cluster, reaching the routers through the node that holds
      // the address (source address translated): writes from any address; MariaDB still authenticates them.
      clientPolicy.addIngressRule(kplus.NetworkPolicyIpBlock.anyIpv4(this, 'vip-clients'), [kplus.NetworkPolicyPort.tcp(GALERA_ROUTER_PORTS.writes)]);
    }

    // The data nodes of this site admit the routers of every site on SQL and the health check:
    // this Kubernetes cluster's by label, the other sites' by pod CIDR (one cluster per site).
    const dataLabels = galeraPodLabels(cluster, 'database', site);
    const dataPolicy = new kplus.NetworkPolicy(this, 'data-policy', {
      metadata: { name: `${cluster.name}-${site}-from-routers`, namespace: cluster.namespace, labels: dataLabels },
      selector: kplus.Pods.select(this, 'data-nodes', { labels: dataLabels }),
      ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
    });
    const dataPorts = [kplus.NetworkPolicyPort.tcp(GALERA_PORTS.sql), kplus.NetworkPolicyPort.tcp(GALERA_HEALTH_CHECK_PORT)];
    const routerSites = plan.writerSites;
    if (design.shape.kind === 'stretched') {
      for (const s of routerSites) dataPolicy.addIngressRule(kplus.Pods.select(this, `routers-${s}`, { labels: galeraRouterLabels(cluster, s) }), dataPorts);
      return;
    }
    dataPolicy.addIngressRule(kplus.Pods.select(this, 'local-routers', { labels }), dataPorts);
    for (const s of design.sites.filter((x) => x.name !== site && routerSites.includes(x.name))) {
      for (const [i, cidr] of s.podCidrs.entries()) {
        const block = cidr.includes(':')
          ? kplus.NetworkPolicyIpBlock.ipv6(this, `${s.name}-pods-${i}`, cidr)
          : kplus.NetworkPolicyIpBlock.ipv4(this, `${s.name}-pods-${i}`, cidr);
        dataPolicy.addIngressRule(block, dataPorts);
      }
    }
  }
}
