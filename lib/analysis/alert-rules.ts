import { ClusterMonitoringPlan } from './monitoring-plan';
import { MonitoringModel } from '../model/design';

/** The label the PodMonitors give every series of a cluster (its name), so rules select the cluster's targets. */
export const CLUSTER_METRIC_LABEL = 'cdk_multisite_cluster';
/** The label the PodMonitors give every series: the site of the pod (its `cdk-multisite/site` label). */
export const SITE_METRIC_LABEL = 'site';
/** The label the PodMonitors give every series: the cluster's component (`database`, `master`, `tserver`). */
export const COMPONENT_METRIC_LABEL = 'component';

/** One alerting rule, as a PrometheusRule (and a Prometheus rule file) carries it, with what REPORT.md says of it. */
export interface AlertRule {
  /** The alert's name. */
  readonly alert: string;
  /** PromQL. */
  readonly expr: string;
  /** Prometheus duration the expression must hold. */
  readonly for: string;
  readonly labels: Readonly<Record<string, string>>;
  readonly annotations: Readonly<Record<string, string>>;
  /** When it fires, for REPORT.md: the threshold in words. */
  readonly threshold: string;
  /** Why that threshold, for REPORT.md. */
  readonly why: string;
}

/** The heading anchor of a cluster's monitoring part of REPORT.md. */
export function monitoringAnchor(cluster: string): string {
  return `monitoring-${cluster}`;
}

/**
 * PromQL that is true (one sample, no labels) when `site` is degraded for the cluster: one of its
 * components has fewer targets up there than it has pods, or (a site with arbitrators) an
 * arbitrator is missing (`arbitratorsMissingExpr`). A site with any member down counts as
 * lost: the margin alert then fires early rather than late, since losing more never helps
 * (survival is monotone). `or vector(0)` counts a site whose targets are all gone as 0 up.
 */
export function siteDegradedExpr(plan: ClusterMonitoringPlan, site: string): string {
  const parts = plan.endpoints
    .filter((e) => (e.podsPerSite.get(site) ?? 0) > 0)
    .map((e) => `(sum(${e.servingMetric ?? 'up'}{${componentSelector(plan, e.component)},${SITE_METRIC_LABEL}="${site}"}) or vector(0)) < ${e.podsPerSite.get(site)}`);
  const arbitrators = plan.arbitratorsPerSite.get(site) ?? 0;
  const missing = arbitrators > 0 ? arbitratorsMissingExpr(plan) : undefined;
  if (missing) parts.push(missing);
  return parts.length === 1 ? parts[0] : parts.map((p) => `(${p})`).join(' or ');
}

/**
 * PromQL that is true when some arbitrator of the cluster is missing from its group, undefined
 * when no endpoint publishes its group's size (arbitrators publish no metrics of their own).
 * The members in the largest group (`groupSizeMetric`, arbitrators included: Galera's
 * `wsrep_cluster_size`, https://galeracluster.com/library/documentation/galera-status-variables.html#wsrep-cluster-size)
 * minus the data members whose targets are up is the arbitrators in it; fewer than placed means
 * one is gone. A data member up but outside that group (or whose exporter answers while its
 * database is down) lowers the count too, so it fires early, never late. With arbitrators in
 * several sites it cannot tell which is missing, so every site with arbitrators counts as degraded.
 */
export function arbitratorsMissingExpr(plan: ClusterMonitoringPlan): string | undefined {
  const size = plan.endpoints.find((e) => e.groupSizeMetric);
  const placed = [...plan.arbitratorsPerSite.values()].reduce((a, b) => a + b, 0);
  if (!size || placed === 0) return undefined;
  const selector = componentSelector(plan, size.component);
  return `(max(${size.groupSizeMetric}{${selector}}) or vector(0)) - (sum(up{${selector}}) or vector(0)) < ${placed}`;
}

/** The selector of one component's series of the cluster. */
function componentSelector(plan: ClusterMonitoringPlan, component: string): string {
  return `namespace="${plan.namespace}",${CLUSTER_METRIC_LABEL}="${plan.cluster}",${COMPONENT_METRIC_LABEL}="${component}"`;
}

/** Every site whose degradation the alerts can see: with pods of some component, or with arbitrators a group-size metric counts. In site order of the margins. */
function monitoredSites(plan: ClusterMonitoringPlan): string[] {
  const arbitratorsSeen = arbitratorsMissingExpr(plan) !== undefined;
  return plan.margins.map((m) => m.next).filter((s) => plan.endpoints.some((e) => (e.podsPerSite.get(s) ?? 0) > 0)
    || (arbitratorsSeen && plan.arbitratorsPerSite.has(s)));
}

/** For REPORT.md: how an arbitrator site among `sites` counts as degraded, or nothing when none is. */
function arbitratorNote(plan: ClusterMonitoringPlan, sites: readonly string[]): string {
  const size = plan.endpoints.find((e) => e.groupSizeMetric);
  const withArbitrators = [...new Set(sites)].filter((s) => plan.arbitratorsPerSite.has(s));
  if (!size || withArbitrators.length === 0) return '';
  const placed = [...plan.arbitratorsPerSite.values()].reduce((a, b) => a + b, 0);
  return ` (arbitrators in ${withArbitrators.join(', ')} publish no metrics: counted as the largest ${size.groupSizeMetric} minus the data members up, below ${placed} means one is missing)`;
}

/** CamelCase of a DNS label, for alert names: `dc-a` → `DcA`. */
const camel = (s: string) => s.split(/[^a-zA-Z0-9]+/).filter((w) => w).map((w) => w[0].toUpperCase() + w.slice(1)).join('');

/**
 * The alerts of one cluster: per member site, "one more loss halts" when every site of one of the
 * smallest sets that make that site's loss fatal (by the engine's verdict) is degraded; and
 * certificate expiry in the cluster's namespace (cert-manager's
 * `certmanager_certificate_expiration_timestamp_seconds`, https://cert-manager.io/docs/devops-tips/prometheus-metrics/).
 */
export function clusterAlertRules(plan: ClusterMonitoringPlan, settings: MonitoringModel): AlertRule[] {
  const report = `REPORT.md#${monitoringAnchor(plan.cluster)}`;
  const sites = monitoredSites(plan);
  const rules: AlertRule[] = [];
  for (const margin of plan.margins) {
    // No set at all: losing this site never halts the cluster. `[[]]`: losing it alone halts, the design has no margin to warn of.
    if (margin.afterLosing.length === 0 || margin.afterLosing.some((set) => set.length === 0)) continue;
    const usable = margin.afterLosing.filter((set) => set.every((s) => sites.includes(s)));
    if (usable.length === 0) continue;
    const sets = usable.map((set) => (set.length === 1 ? siteDegradedExpr(plan, set[0]) : set.map((s) => `(${siteDegradedExpr(plan, s)})`).join(' and ')));
    const expr = sets.length === 1 ? sets[0] : sets.map((s) => `(${s})`).join(' or ');
    const setsText = usable.map((set) => set.join(' + ')).join(', or ');
    rules.push({
      alert: `${camel(plan.cluster)}NextLossOf${camel(margin.next)}Halts`,
      expr,
      for: settings.alertAfter,
      labels: {
        ...settings.alertLabels,
        severity: settings.marginSeverity,
        [CLUSTER_METRIC_LABEL]: plan.cluster,
        [SITE_METRIC_LABEL]: margin.next,
        namespace: plan.namespace,
      },
      annotations: {
        summary: `${plan.cluster}: losing ${margin.next} now would halt the cluster`,
        description: `Members are down in ${setsText}; with those sites degraded, ${plan.engineLabel}'s survival rule says losing ${margin.next} as well halts ${plan.cluster}. Restore the degraded site before any maintenance in ${margin.next}.`,
        runbook_url: report,
      },
      threshold: `fewer members up than placed in ${setsText}${arbitratorNote(plan, usable.flat())}`,
      why: `${plan.engineLabel}'s verdict on losing ${usable.map((set) => [...set, margin.next].join(' + ')).join(', or ')}: the cluster halts`,
    });
  }
  rules.push(...memberAlerts(plan, settings, report));
  // Only certificates cert-manager issues have its expiry metric; Secrets the user provides publish none.
  if (plan.certificatesFromCertManager) {
    const seconds = settings.certificateExpiryDays * 86400;
    rules.push({
      alert: `${camel(plan.cluster)}CertificateExpiresSoon`,
      expr: `certmanager_certificate_expiration_timestamp_seconds{namespace="${plan.namespace}"} - time() < ${seconds}`,
      for: settings.alertAfter,
      labels: { ...settings.alertLabels, severity: 'warning', [CLUSTER_METRIC_LABEL]: plan.cluster, namespace: plan.namespace },
      annotations: {
        summary: `${plan.cluster}: a certificate in ${plan.namespace} expires within ${settings.certificateExpiryDays} days`,
        description: 'cert-manager has not renewed the certificate {{ $labels.name }}; members whose certificates expire stop talking to each other. See the certificates part of the cluster\'s section.',
        runbook_url: report,
      },
      threshold: `a cert-manager Certificate in ${plan.namespace} expires within ${settings.certificateExpiryDays} days`,
      why: 'members refuse expired peers, which costs a site as surely as losing it',
    });
  }
  return rules;
}

/**
 * The alerts of members that publish more than `up`: one that stopped serving (its serving gauge
 * 0, e.g. a Galera node out of the Primary component), and the group size at or below which one
 * more site loss can halt the cluster (`groupSize`, from the engine's verdicts).
 */
function memberAlerts(plan: ClusterMonitoringPlan, settings: MonitoringModel, report: string): AlertRule[] {
  const rules: AlertRule[] = [];
  const labels = { ...settings.alertLabels, [CLUSTER_METRIC_LABEL]: plan.cluster, namespace: plan.namespace };
  for (const e of plan.endpoints.filter((x) => x.servingMetric)) {
    rules.push({
      alert: `${camel(plan.cluster)}${camel(e.component)}NotServing`,
      expr: `${e.servingMetric}{${componentSelector(plan, e.component)}} == 0`,
      for: settings.alertAfter,
      labels: { ...labels, severity: 'warning' },
      annotations: {
        summary: `${plan.cluster}: {{ $labels.pod }} in {{ $labels.site }} does not serve`,
        description: `${e.servingMetric} is 0 on {{ $labels.pod }}: the member is out of the cluster's primary group or not synced, so its site counts as degraded.`,
        runbook_url: report,
      },
      threshold: `${e.servingMetric} = 0 on a member`,
      why: 'a member that does not serve is lost to the cluster though its pod runs',
    });
  }
  for (const e of plan.endpoints.filter((x) => x.flowControlPausedNanosMetric)) {
    rules.push({
      alert: `${camel(plan.cluster)}FlowControlPaused`,
      expr: `rate(${e.flowControlPausedNanosMetric}{${componentSelector(plan, e.component)}}[5m]) / 1e9 > ${settings.flowControlPausedRatio}`,
      for: settings.alertAfter,
      labels: { ...labels, severity: 'warning' },
      annotations: {
        summary: `${plan.cluster}: flow control paused replication on {{ $labels.pod }} in {{ $labels.site }}`,
        description: `Replication on {{ $labels.pod }} was paused by flow control more than ${settings.flowControlPausedRatio} of the last 5 minutes: a slow member stalls the commits of every site. Find the member that sends flow control (wsrep_flow_control_sent).`,
        runbook_url: report,
      },
      threshold: `${e.flowControlPausedNanosMetric} over 5 minutes above ${settings.flowControlPausedRatio} of the time`,
      why: 'every member certifies every write, so flow control from one slow member pauses the whole cluster (Monitoring flowControlPausedRatio)',
    });
  }
  const sizeMetric = plan.endpoints.find((x) => x.groupSizeMetric);
  if (sizeMetric && plan.groupSize) {
    const { atMost, exact } = plan.groupSize;
    rules.push({
      alert: `${camel(plan.cluster)}GroupAtLastMargin`,
      expr: `max(${sizeMetric.groupSizeMetric}{${componentSelector(plan, sizeMetric.component)}}) <= ${atMost}`,
      for: settings.alertAfter,
      labels: { ...labels, severity: settings.marginSeverity },
      annotations: {
        summary: `${plan.cluster}: {{ $value }} members left; one more site loss may halt the cluster`,
        description: `The largest group a member sees has ${atMost} members or fewer (arbitrators included): ${plan.engineLabel}'s survival rule says some site loss from here halts ${plan.cluster}.`,
        runbook_url: report,
      },
      threshold: `${sizeMetric.groupSizeMetric} ≤ ${atMost}`,
      why: `the largest group left after a loss ${plan.cluster} survives but after which one more site loss halts it has ${atMost} members`
        + (exact ? '' : '; some groups this small still have a margin, so it may fire early, never late'),
    });
  }
  return rules;
}
