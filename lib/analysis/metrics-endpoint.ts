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
   * What `servingMetric` at 0 means, for the alert's description.
   * @default 'the member is out of the cluster\'s primary group or not synced'
   */
  readonly notServingMeans?: string;
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
  /**
   * Gauges a member publishes whose value above a limit the design states breaks its promise
   * (Data Guard's lag against the RPO): an alert per ceiling. Unset when there are none.
   */
  readonly ceilings?: readonly GaugeCeiling[];
  /** The component's pods per site, in site order: the targets that are up when the site is whole. */
  readonly podsPerSite: ReadonlyMap<string, number>;
  /** Where the metrics format is documented, for the comment beside the PodMonitor. */
  readonly source: string;
  /**
   * Set when the database's operator writes the scrape object itself (K8ssandra's telemetry): who
   * does, for REPORT.md. The library then writes no PodMonitor, only the NetworkPolicy that admits
   * the scraper, and the alerts select the series by `series`.
   */
  readonly scrapedByOperator?: string;
  /**
   * The labels the operator's scrape object gives the series, when it is not the library's
   * PodMonitor (which labels them `cdk_multisite_cluster`, `component` and `site`).
   * @default - the PodMonitor's labels
   */
  readonly series?: OperatorSeriesLabels;
}

/**
 * A gauge whose value above `above` breaks a limit of the design, e.g. a standby's apply lag
 * above the stated RPO. The alert reads the member's own series, so any Prometheus that scrapes
 * it can evaluate it.
 */
export interface GaugeCeiling {
  /** The gauge. */
  readonly metric: string;
  /** The alert fires while the gauge is above this value. */
  readonly above: number;
  /** The alert's name after the cluster's, in CamelCase, e.g. `ApplyLagAboveRpo`. */
  readonly alert: string;
  /** What is above what, for the alert's summary and REPORT.md, e.g. `apply lag above the RPO of 30 s`. */
  readonly what: string;
  /** Why this limit and what to do, for the alert's description and REPORT.md. */
  readonly why: string;
  /**
   * A gauge the member publishes beside `metric`: how old the datum `metric` was computed from
   * was when it was computed. Its part beyond the datum's refresh period is added to `metric`
   * before the comparison, since a value that is no longer refreshed understates by that much
   * (Data Guard: a standby cut off from its primary keeps its last lag).
   * @default - `metric` is compared alone
   */
  readonly datumAge?: DatumAge;
}

/** The age of the datum a gauge is computed from, and how often a healthy member refreshes it. */
export interface DatumAge {
  /** The gauge of the datum's age, in seconds. */
  readonly metric: string;
  /** How often a healthy member refreshes the datum (s): the age up to it is jitter, not staleness. */
  readonly refreshSeconds: number;
}

/** How the series of a scrape object the operator writes are told apart. */
export interface OperatorSeriesLabels {
  /** Labels (besides `namespace`) that select the component's series of the cluster. */
  readonly selector: Readonly<Record<string, string>>;
  /** The label whose value is the site of the series. */
  readonly siteLabel: string;
}

/**
 * The fewest members of a component that must be up in one site for a request coordinated there
 * to succeed at the application's level, by the engine's own rule, with every other site whole.
 * An alert fires below it; it needs only the site's own series, so one Prometheus per site can
 * evaluate it.
 */
export interface SiteFloor {
  readonly site: string;
  readonly component: string;
  /** The alert fires when fewer than this many of the component's pods in the site are up. */
  readonly minUp: number;
  /** What fails below it, for the alert's name and summary, e.g. `LOCAL_QUORUM writes`. */
  readonly what: string;
  /** Why this floor, for REPORT.md. */
  readonly why: string;
  /**
   * Whether the site serves the application as if whole while at or above the floor (every level
   * it uses is local to the coordinator's site, so no other site counts its members): the margin
   * alerts then count the site degraded only below its floors, not at the first member down.
   */
  readonly servesAsWholeAbove: boolean;
}
