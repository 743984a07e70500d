import { ControlPlaneAnalysis } from './control-plane';
import { GroupSizeThreshold, NextLossMargin } from './margin';
import { MetricsEndpoint, SiteFloor } from './metrics-endpoint';
import { MonitoringModel } from '../model/design';

/** One Gslb the library writes in a site, as k8gb's metrics name it. */
export interface MonitoredGslb {
  /** The Gslb's name (k8gb's `name` label). */
  readonly name: string;
  /** Its namespace: k8gb's own `namespace` label, which Prometheus keeps as `exported_namespace` (below). */
  readonly namespace: string;
  /** The host it answers for. */
  readonly fqdn: string;
  /** The SQL cluster whose write health decides the site's answer, if any. */
  readonly dependsOn?: string;
}

/** The Gslbs of one site's k8gb, with monitoring on. */
export interface GslbSiteMonitoringPlan {
  readonly site: string;
  readonly gslbs: readonly MonitoredGslb[];
}

/** What monitoring writes and reports for one cluster: where its metrics are, and where its margin runs out. */
export interface ClusterMonitoringPlan {
  readonly cluster: string;
  readonly namespace: string;
  readonly engineLabel: string;
  /** Whether cert-manager issues the cluster's certificates: its expiry metric then covers them. */
  readonly certificatesFromCertManager: boolean;
  readonly endpoints: readonly MetricsEndpoint[];
  /** Per member site, the smallest sets of degraded sites that make its loss fatal, by the engine's own verdict. */
  readonly margins: readonly NextLossMargin[];
  /** With an endpoint that publishes its group's size: the size at which the margin may be gone (members and arbitrators counted). */
  readonly groupSize?: GroupSizeThreshold;
  /**
   * Arbitrators (members that publish no metrics, e.g. Galera's garbd) per site, in site order;
   * sites without any are absent. The margin alerts see them only through a group-size metric.
   */
  readonly arbitratorsPerSite: ReadonlyMap<string, number>;
  /** Per site, the members that must be up there for the application's requests from it (engines with `metricsSiteFloors`). */
  readonly siteFloors: readonly SiteFloor[];
}

/** The stretched cluster's etcd as monitoring sees it: its placement and majority, and the node label that names a node's site. */
export interface ControlPlaneMonitoringPlan {
  readonly analysis: ControlPlaneAnalysis;
  /** The node label whose value is a node's site (`DeploymentShape.stretchedCluster({ siteLabel })`). */
  readonly siteLabel: string;
}

/** The design's monitoring settings and, per cluster whose engine publishes metrics, its plan; undefined when monitoring is off. */
export interface MonitoringPlan {
  readonly settings: MonitoringModel;
  /**
   * One Kubernetes cluster per site (`DeploymentShape.clusterPerSite()`): each site's Prometheus
   * scrapes its own members only, so each site gets its own PodMonitors and a PrometheusRule with
   * the alerts its own series can decide (`siteAlertRules`).
   */
  readonly perSite: boolean;
  readonly clusters: readonly ClusterMonitoringPlan[];
  /** Per site whose k8gb serves GSLB hosts (one cluster per site), the Gslbs its alerts watch. */
  readonly gslbSites: readonly GslbSiteMonitoringPlan[];
  /** A stretched cluster's etcd whose members the sites declare (`controlPlaneNodes`); undefined otherwise. */
  readonly controlPlane?: ControlPlaneMonitoringPlan;
  /** Clusters whose engine publishes no metrics the library knows how to scrape yet, by name and engine. */
  readonly unmonitored: readonly { readonly cluster: string; readonly engineLabel: string }[];
}
