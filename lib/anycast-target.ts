import { DistributedSqlCluster } from './distributed-sql-cluster';
import { invalidValue, isDns1123Label, isLabelKey, isLabelValue, isPort } from './model/validation';

/** A port of the anycast Service. */
export interface AnycastPort {
  /** Port on the VIP. */
  readonly port: number;
  /** Port of the pods. @default - the same as `port` */
  readonly targetPort?: number;
}

/** What an anycast address selects pods by, in every announcing site. */
export interface AnycastPodsOptions {
  /** Namespace of the pods (the Service goes there). */
  readonly namespace: string;
  /** Labels that select the pods, the same in every site. */
  readonly selector: { [key: string]: string };
  /** TCP ports. */
  readonly ports: AnycastPort[];
  /**
   * Whether clients keep state on the server between packets or requests (sessions, long
   * streams, WebSockets). Anycast is refused in front of such pods.
   * @default false
   */
  readonly keepsSessions?: boolean;
}

/** What an `AnycastVip` fronts. */
export class AnycastTarget {
  /** Pods selected by labels in every announcing site. */
  public static pods(options: AnycastPodsOptions): AnycastTarget {
    const where = 'AnycastTarget.pods';
    if (!isDns1123Label(options.namespace)) throw invalidValue(where, 'namespace', options.namespace, 'is not a namespace name (DNS label)');
    if (options.ports.length === 0) throw new Error(`${where}: ports is empty; name the ports the VIP forwards.`);
    for (const p of options.ports) {
      for (const port of [p.port, p.targetPort ?? p.port]) {
        if (!isPort(port)) throw invalidValue(where, 'port', port, 'is not a port number (1–65535)');
      }
    }
    if (Object.keys(options.selector ?? {}).length === 0) {
      // An empty selector matches every pod (metav1.LabelSelectorAsSelector: "an empty selector matches everything").
      throw new Error(`${where}: selector is empty, which selects every pod of namespace "${options.namespace}"; name the labels of the pods behind the VIP.`);
    }
    for (const [key, value] of Object.entries(options.selector)) {
      if (!isLabelKey(key)) throw invalidValue(where, 'selector key', key, 'is not a label key ([prefix/]name, name at most 63 characters)');
      if (!isLabelValue(value)) throw invalidValue(where, 'selector value', value, 'is not a label value (at most 63 characters of letters, digits, \'-\', \'_\', \'.\')');
    }
    return new AnycastTarget(options, undefined);
  }

  /** A SQL cluster: always refused (MS-ANYCAST-STATEFUL); here so the refusal can say why. */
  public static sqlCluster(cluster: DistributedSqlCluster): AnycastTarget {
    return new AnycastTarget(undefined, cluster);
  }

  /** The pods, when the target is pods. @default - none */
  public readonly selectedPods?: AnycastPodsOptions;
  /** The SQL cluster, when the target is one. @default - none */
  public readonly sqlClusterTarget?: DistributedSqlCluster;

  private constructor(pods?: AnycastPodsOptions, cluster?: DistributedSqlCluster) {
    this.selectedPods = pods;
    this.sqlClusterTarget = cluster;
  }
}
