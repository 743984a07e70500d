import { DistributedSqlCluster } from './distributed-sql-cluster';

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
