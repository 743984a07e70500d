/**
 * Where one component of a cluster publishes Prometheus metrics: its pods (by the labels the
 * engine's writer gives them), the named container port and the path. Plain data: the monitoring
 * writer turns it into a PodMonitor, and the margin alerts count the component's targets up per site.
 */
export interface MetricsEndpoint {
  /** The component, for the PodMonitor's name and the `component` label, e.g. `tserver`. */
  readonly component: string;
  /** Labels that select the component's pods in every site (without the site label). */
  readonly podLabels: Readonly<Record<string, string>>;
  /** The container port's name. */
  readonly port: string;
  /** The container port's number, for the NetworkPolicy that admits the scraper. */
  readonly portNumber: number;
  /** The HTTP path of the metrics. */
  readonly path: string;
  /** `http` or `https`. */
  readonly scheme: 'http' | 'https';
  /** With `https`: the Secret (in the cluster's namespace) and key of the CA that signed the members' certificates, and a name their certificates carry. */
  readonly tls?: { readonly caSecret: string; readonly caKey: string; readonly serverName: string };
  /**
   * A gauge each pod publishes that is 1 while the member serves; `up` (the scrape succeeded)
   * when the member's own metrics say nothing more.
   * @default 'up'
   */
  readonly servingMetric?: string;
  /**
   * A gauge each member publishes: the members of the group it belongs to, members without
   * metrics (arbitrators) included (Galera's `wsrep_cluster_size`). Unset when there is none.
   */
  readonly groupSizeMetric?: string;
  /**
   * A counter each member publishes: the nanoseconds its replication was paused by flow control
   * (Galera's `wsrep_flow_control_paused_ns`). Unset when the engine has no flow control.
   */
  readonly flowControlPausedNanosMetric?: string;
  /** The component's pods per site, in site order: the targets that are up when the site is whole. */
  readonly podsPerSite: ReadonlyMap<string, number>;
  /** Where the metrics format is documented, for the comment beside the PodMonitor. */
  readonly source: string;
}
