import { Chart } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { writeHealthSelectorLabels } from './labels';
import { restrictedNamespace } from './namespaces';
import { DesignModel, SqlClusterModel } from '../model/design';

/** A named TCP port. */
export interface NamedPort {
  readonly name: string;
  readonly port: number;
}

/** What one Kubernetes cluster holds once per SQL cluster, whatever the engine. */
export interface DatabaseServicesProps {
  readonly design: DesignModel;
  readonly cluster: SqlClusterModel;
  /** The site whose Kubernetes cluster this is; unset for a stretched cluster. */
  readonly site?: string;
  /** Labels of the pods that hold data (the client Service and the policy select them). */
  readonly databaseLabels: Record<string, string>;
  /** Ports clients use (SQL, HTTP), published by the `<cluster>-public` Service. */
  readonly clientPorts: readonly NamedPort[];
  /** The port of SQL connections, admitted from the client namespaces. */
  readonly sqlPort: number;
  /** Ports only members use between themselves (replication, gossip, state transfer). */
  readonly peerPorts: readonly number[];
  /** maxUnavailable of the PodDisruptionBudget over every voting pod of the cluster. */
  readonly maxUnavailable: number;
  readonly sqlClientNamespaces: readonly string[];
  /**
   * Namespaces whose write-health probe pods (`./write-health.ts`) connect to the members
   * (CockroachDB's `/health?ready=1`, YugabyteDB's YSQL, Galera's SQL), and that port: admitted from those pods only.
   * @default - no such probe
   */
  readonly writeHealthProbes?: { readonly namespaces: readonly string[]; readonly port: number };
}

/**
 * The namespace (Pod Security `restricted`), the client Service, the PodDisruptionBudget over
 * every voting pod (data and arbitrators), and the NetworkPolicy: peer ports only from the
 * cluster's own pods and, with one Kubernetes cluster per site, from the other member sites'
 * pod CIDRs; client ports from the namespace itself and the SQL client namespaces.
 */
export class DatabaseServices extends Construct {
  constructor(scope: Construct, id: string, props: DatabaseServicesProps) {
    super(scope, id);
    const { design, cluster } = props;
    const instance = { 'app.kubernetes.io/instance': cluster.name };
    const namespace = restrictedNamespace(Chart.of(this), cluster.namespace);

    const client = new kplus.Service(this, 'public', {
      metadata: { name: `${cluster.name}-public`, namespace: cluster.namespace, labels: props.databaseLabels },
      ports: props.clientPorts.map((p) => ({ name: p.name, port: p.port })),
    });
    for (const [k, v] of Object.entries(props.databaseLabels)) client.selectLabel(k, v);

    const pdb = new kplus.k8s.KubePodDisruptionBudget(this, 'disruption-budget', {
      metadata: { name: cluster.name, namespace: cluster.namespace, labels: props.databaseLabels },
      spec: {
        maxUnavailable: kplus.k8s.IntOrString.fromNumber(props.maxUnavailable),
        selector: {
          matchLabels: instance,
          matchExpressions: [{ key: 'app.kubernetes.io/component', operator: 'In', values: ['database', 'arbitrator'] }],
        },
      },
    });

    const policy = new kplus.NetworkPolicy(this, 'network-policy', {
      metadata: { name: cluster.name, namespace: cluster.namespace, labels: props.databaseLabels },
      selector: kplus.Pods.select(this, 'members', { labels: props.databaseLabels }),
      ingress: { default: kplus.NetworkPolicyTrafficDefault.DENY },
    });
    const tcp = (port: number) => kplus.NetworkPolicyPort.tcp(port);
    const clientPorts = props.clientPorts.map((p) => tcp(p.port));
    policy.addIngressRule(kplus.Pods.select(this, 'own-pods', { labels: instance }), [...props.peerPorts.map(tcp), ...clientPorts]);
    if (props.site !== undefined) {
      const remote = design.sites.filter((s) => s.name !== props.site && cluster.members.some((m) => m.site === s.name));
      for (const s of remote) {
        for (const [i, cidr] of s.podCidrs.entries()) {
          const block = cidr.includes(':')
            ? kplus.NetworkPolicyIpBlock.ipv6(this, `${s.name}-pods-${i}`, cidr)
            : kplus.NetworkPolicyIpBlock.ipv4(this, `${s.name}-pods-${i}`, cidr);
          policy.addIngressRule(block, props.peerPorts.map(tcp));
        }
      }
    }
    policy.addIngressRule(kplus.Pods.all(this, 'same-namespace'), clientPorts);
    if (props.sqlClientNamespaces.length > 0) {
      const clients = kplus.Pods.all(this, 'sql-clients', {
        namespaces: kplus.Namespaces.select(this, 'sql-client-namespaces', { names: [...props.sqlClientNamespaces] }),
      });
      policy.addIngressRule(clients, [tcp(props.sqlPort)]);
    }
    if (props.writeHealthProbes && props.writeHealthProbes.namespaces.length > 0) {
      const probes = kplus.Pods.select(this, 'write-health-probes', {
        labels: writeHealthSelectorLabels(cluster.name),
        namespaces: kplus.Namespaces.select(this, 'write-health-namespaces', { names: [...props.writeHealthProbes.namespaces] }),
      });
      policy.addIngressRule(probes, [tcp(props.writeHealthProbes.port)]);
    }
    for (const obj of [client, policy]) obj.node.addDependency(namespace);
    pdb.node.addDependency(namespace);
  }
}
