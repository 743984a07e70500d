import { MarginFloor, NextLossMargin } from './margin';
import { ARBITRATOR_COMPONENT } from './margin-floors';
import { MetricsEndpoint } from './metrics-endpoint';
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
 * components has fewer targets up there than it has pods, or (a site with arbitrators, when
 * `seesArbitrators`) an arbitrator is missing (`arbitratorsMissingExpr`). A site with any member
 * down counts as lost: the margin alert then fires early rather than late, since losing more never
 * helps (survival is monotone). `or vector(0)` counts a site whose targets are all gone as 0 up.
 */
export function siteDegradedExpr(plan: ClusterMonitoringPlan, site: string, seesArbitrators = true): string {
  const parts = plan.endpoints
    .filter((e) => (e.podsPerSite.get(site) ?? 0) > 0)
    .map((e) => `${upInSiteExpr(plan, e, site)} < ${degradedBelow(plan, e, site)}`);
  const arbitrators = plan.arbitratorsPerSite.get(site) ?? 0;
  const missing = arbitrators > 0 && seesArbitrators ? arbitratorsMissingExpr(plan) : undefined;
  if (missing) parts.push(missing);
  return parts.length === 1 ? parts[0] : parts.map((p) => `(${p})`).join(' or ');
}

/**
 * The members of a component up in `site` below which the site counts as degraded: all it holds,
 * or, where every floor of the site's component says it serves as if whole above it
 * (`SiteFloor.servesAsWholeAbove`), the highest of those floors.
 */
function degradedBelow(plan: ClusterMonitoringPlan, e: MetricsEndpoint, site: string): number {
  const floors = plan.siteFloors.filter((f) => f.site === site && f.component === e.component);
  if (floors.length === 0 || !floors.every((f) => f.servesAsWholeAbove)) return e.podsPerSite.get(site) ?? 0;
  return Math.max(...floors.map((f) => f.minUp));
}

/** Whether `site` counts as degraded below a floor rather than at its first member down. */
function atFloor(plan: ClusterMonitoringPlan, site: string): boolean {
  return plan.endpoints.some((e) => (e.podsPerSite.get(site) ?? 0) > 0 && degradedBelow(plan, e, site) !== e.podsPerSite.get(site));
}

/** For REPORT.md: when `site` counts as degraded. */
function degradedText(plan: ClusterMonitoringPlan, site: string): string {
  const parts = plan.endpoints.filter((e) => (e.podsPerSite.get(site) ?? 0) > 0).map((e) => {
    const below = degradedBelow(plan, e, site);
    const pods = e.podsPerSite.get(site)!;
    return below === pods ? `fewer ${e.component} members up than placed in ${site}` : `fewer than ${below} of ${pods} ${e.component} members up in ${site} (its floor)`;
  });
  return parts.length > 0 ? parts.join(' or ') : `${site} degraded`;
}

/**
 * PromQL that is true when every part of `state` (one of a margin's smallest fatal states of members
 * down, `NextLossMargin.fatalDowns`) holds: fewer members of a component up in a site than its
 * `below`, or an arbitrator missing. Undefined when this Prometheus cannot see some part: a site
 * outside `view`, or arbitrators without every site's series.
 */
function fatalStateExpr(plan: ClusterMonitoringPlan, state: readonly MarginFloor[], view: View): string | undefined {
  const parts = state.map((f) => {
    if (view.site !== undefined && f.site !== view.site) return undefined;
    if (f.component === ARBITRATOR_COMPONENT) return view.site === undefined ? arbitratorsMissingExpr(plan) : undefined;
    return `${upInSiteExpr(plan, plan.endpoints.find((e) => e.component === f.component)!, f.site)} < ${f.below}`;
  });
  if (parts.some((p) => p === undefined)) return undefined;
  return parts.length === 1 ? parts[0] : parts.map((p) => `(${p})`).join(' and ');
}

/** For REPORT.md: one fatal state of members down, `2 of 3 database members down in dc-a and 1 of 3 in dc-w`. */
function fatalStateText(plan: ClusterMonitoringPlan, state: readonly MarginFloor[]): string {
  return state.map((f) => {
    if (f.component === ARBITRATOR_COMPONENT) return `an arbitrator missing from ${f.site}`;
    const pods = plan.endpoints.find((e) => e.component === f.component)!.podsPerSite.get(f.site)!;
    return `${pods - f.below + 1} of ${pods} ${f.component} members down in ${f.site}`;
  }).join(' and ');
}

/** The fatal states of `margin` that span several sites: no Prometheus of one site can decide them. */
function statesNeedingGlobalView(margin: NextLossMargin): (readonly MarginFloor[])[] {
  return (margin.fatalDowns ?? []).filter((state) => new Set(state.map((f) => f.site)).size > 1);
}

/** PromQL: the targets of a component up in `site` (0 when it has none left). */
function upInSiteExpr(plan: ClusterMonitoringPlan, e: MetricsEndpoint, site: string): string {
  return `(sum(${e.servingMetric ?? 'up'}{${seriesSelector(plan, e)},${e.series?.siteLabel ?? SITE_METRIC_LABEL}="${site}"}) or vector(0))`;
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
 * It counts every site's data members up, so only a Prometheus that scrapes every site can use it.
 */
export function arbitratorsMissingExpr(plan: ClusterMonitoringPlan): string | undefined {
  const size = plan.endpoints.find((e) => e.groupSizeMetric);
  const placed = [...plan.arbitratorsPerSite.values()].reduce((a, b) => a + b, 0);
  if (!size || placed === 0) return undefined;
  const selector = seriesSelector(plan, size);
  return `(max(${size.groupSizeMetric}{${selector}}) or vector(0)) - (sum(up{${selector}}) or vector(0)) < ${placed}`;
}

/** The selector of one component's series of the cluster: the PodMonitor's labels, or those of the operator's scrape object. */
function seriesSelector(plan: ClusterMonitoringPlan, e: MetricsEndpoint): string {
  if (e.series) return [`namespace="${plan.namespace}"`, ...Object.entries(e.series.selector).map(([k, v]) => `${k}="${v}"`)].join(',');
  return `namespace="${plan.namespace}",${CLUSTER_METRIC_LABEL}="${plan.cluster}",${COMPONENT_METRIC_LABEL}="${e.component}"`;
}

/**
 * What one Prometheus sees of the cluster: every site (one stretched Kubernetes cluster), or
 * one site's own members (one Kubernetes cluster per site, each with its Prometheus).
 */
interface View {
  /** The only site whose series this Prometheus has; undefined when it scrapes every site. */
  readonly site?: string;
}

/**
 * Every site whose degradation the alerts can see: with pods of some component, or with
 * arbitrators a group-size metric counts (only with every site's series: the count subtracts
 * the data members up everywhere). In site order of the margins.
 */
function monitoredSites(plan: ClusterMonitoringPlan, view: View): string[] {
  const arbitratorsSeen = view.site === undefined && arbitratorsMissingExpr(plan) !== undefined;
  return plan.margins.map((m) => m.next)
    .filter((s) => view.site === undefined || s === view.site)
    .filter((s) => plan.endpoints.some((e) => (e.podsPerSite.get(s) ?? 0) > 0) || (arbitratorsSeen && plan.arbitratorsPerSite.has(s)));
}

/** The sites where some component of the cluster has pods, in site order. */
export function sitesWithMembers(plan: ClusterMonitoringPlan): string[] {
  return plan.margins.map((m) => m.next).filter((s) => plan.endpoints.some((e) => (e.podsPerSite.get(s) ?? 0) > 0));
}

/**
 * The sets of degraded sites after which one more site loss halts the cluster that span more
 * than one site: a Prometheus per site cannot decide them, since each sees its own members only;
 * a global ruler (Thanos Ruler, or a Prometheus federating every site's) would have to. For
 * REPORT.md, as `A + B, then C`.
 */
export function marginsNeedingGlobalView(plan: ClusterMonitoringPlan): string[] {
  return plan.margins.flatMap((m) => (m.fatalDowns
    ? statesNeedingGlobalView(m).map((state) => `${fatalStateText(plan, state)}, then ${m.next}`)
    : m.afterLosing.filter((set) => set.length > 1).map((set) => `${set.join(' + ')}, then ${m.next}`)));
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
 * The alerts of one cluster, for a Prometheus that scrapes every site: per member site, "one
 * more loss halts" when every site of one of the smallest sets that make that site's loss fatal
 * (by the engine's verdict) is degraded; the members' own alerts; each site's floors; and
 * certificate expiry in the cluster's namespace (cert-manager's
 * `certmanager_certificate_expiration_timestamp_seconds`, https://cert-manager.io/docs/devops-tips/prometheus-metrics/).
 */
export function clusterAlertRules(plan: ClusterMonitoringPlan, settings: MonitoringModel): AlertRule[] {
  return alertRules(plan, settings, {});
}

/**
 * The alerts of one cluster that the Prometheus of `site` (one Kubernetes cluster per site) can
 * decide from its own members' series: "one more loss halts" where the site's own degradation
 * is enough, the members' own alerts, the site's floors and certificate expiry. Margins that
 * need several sites degraded are left to a global ruler (`marginsNeedingGlobalView`).
 */
export function siteAlertRules(plan: ClusterMonitoringPlan, settings: MonitoringModel, site: string): AlertRule[] {
  return alertRules(plan, settings, { site });
}

function alertRules(plan: ClusterMonitoringPlan, settings: MonitoringModel, view: View): AlertRule[] {
  const report = `REPORT.md#${monitoringAnchor(plan.cluster)}`;
  const sites = monitoredSites(plan, view);
  const seesArbitrators = view.site === undefined;
  const rules: AlertRule[] = [];
  for (const margin of plan.margins) {
    // No set at all: losing this site never halts the cluster. `[[]]`: losing it alone halts, the design has no margin to warn of.
    if (margin.afterLosing.length === 0 || margin.afterLosing.some((set) => set.length === 0)) continue;
    if (margin.fatalDowns) {
      const rule = fatalDownsRule(plan, settings, margin, margin.fatalDowns, view, report);
      if (rule) rules.push(rule);
      continue;
    }
    const usable = margin.afterLosing.filter((set) => set.every((s) => sites.includes(s)));
    if (usable.length === 0) continue;
    const degraded = (s: string) => siteDegradedExpr(plan, s, seesArbitrators);
    const sets = usable.map((set) => (set.length === 1 ? degraded(set[0]) : set.map((s) => `(${degraded(s)})`).join(' and ')));
    const expr = sets.length === 1 ? sets[0] : sets.map((s) => `(${s})`).join(' or ');
    const setsText = usable.map((set) => set.join(' + ')).join(', or ');
    rules.push(nextLossAlert(plan, settings, margin, report, {
      expr,
      description: `Members are down in ${setsText}; with those sites degraded, ${plan.engineLabel}'s survival rule says losing ${margin.next} as well halts ${plan.cluster}. Restore the degraded site before any maintenance in ${margin.next}.`,
      threshold: (usable.flat().some((x) => atFloor(plan, x))
        ? usable.map((set) => set.map((x) => degradedText(plan, x)).join(' and ')).join(', or ')
        : `fewer members up than placed in ${setsText}`) + (seesArbitrators ? arbitratorNote(plan, usable.flat()) : ''),
      why: `${plan.engineLabel}'s verdict on losing ${usable.map((set) => [...set, margin.next].join(' + ')).join(', or ')}: the cluster halts`,
    }));
  }
  rules.push(...floorAlerts(plan, settings, report, view));
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
    rules.push({
      alert: `${camel(plan.cluster)}CertificatesUnwatched`,
      expr: `absent(certmanager_certificate_expiration_timestamp_seconds{namespace="${plan.namespace}"})`,
      for: '15m',
      labels: { ...settings.alertLabels, severity: 'warning', [CLUSTER_METRIC_LABEL]: plan.cluster, namespace: plan.namespace },
      annotations: {
        summary: `${plan.cluster}: no certificate expiry is seen for ${plan.namespace}`,
        description: `cert-manager issues ${plan.cluster}'s certificates, but this Prometheus has no certmanager_certificate_expiration_timestamp_seconds for ${plan.namespace}: `
          + 'the expiry alert cannot fire. Check that the cert-manager PodMonitor is selected and cert-manager runs.',
        runbook_url: report,
      },
      threshold: `no cert-manager expiry series for ${plan.namespace}`,
      why: 'without cert-manager\'s metrics the certificate expiry alert is silent, not green',
    });
  }
  return rules;
}

/**
 * "Next loss of X halts" from the engine's own verdict with members down: fires in each smallest
 * state of members down (`NextLossMargin.fatalDowns`) this Prometheus can see, so one member down
 * in a site that leaves the next loss survivable does not fire it. Undefined when it sees none.
 */
function fatalDownsRule(
  plan: ClusterMonitoringPlan, settings: MonitoringModel, margin: NextLossMargin,
  states: readonly (readonly MarginFloor[])[], view: View, report: string,
): AlertRule | undefined {
  const usable = states.map((state) => ({ state, expr: fatalStateExpr(plan, state, view) })).filter((s) => s.expr !== undefined);
  if (usable.length === 0) return undefined;
  const expr = usable.length === 1 ? usable[0].expr! : usable.map((s) => `(${s.expr})`).join(' or ');
  const texts = usable.map((s) => fatalStateText(plan, s.state));
  const sites = plan.margins.map((m) => m.next).filter((s) => usable.some((u) => u.state.some((f) => f.site === s)));
  return nextLossAlert(plan, settings, margin, report, {
    expr,
    description: `Now ${texts.join(', or ')}; with those members down, ${plan.engineLabel}'s survival rule says losing ${margin.next} as well halts ${plan.cluster}. Restore them before any maintenance in ${margin.next}.`,
    threshold: texts.join(', or ') + (usable.some((s) => s.state.some((f) => f.component === ARBITRATOR_COMPONENT)) ? arbitratorNote(plan, sites) : ''),
    why: `${plan.engineLabel}'s verdict with those members down (worst case over which members held the votes) and ${margin.next} lost: the cluster halts; with fewer down it survives`,
  });
}

/** What differs between the two ways a "next loss of X halts" alert is derived. */
interface NextLossAlertParts {
  readonly expr: string;
  readonly description: string;
  readonly threshold: string;
  readonly why: string;
}

/** The "next loss of `margin.next` halts" alert of a cluster, its labels and summary the same however it is derived. */
function nextLossAlert(
  plan: ClusterMonitoringPlan, settings: MonitoringModel, margin: NextLossMargin, report: string, parts: NextLossAlertParts,
): AlertRule {
  return {
    alert: `${camel(plan.cluster)}NextLossOf${camel(margin.next)}Halts`,
    expr: parts.expr,
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
      description: parts.description,
      runbook_url: report,
    },
    threshold: parts.threshold,
    why: parts.why,
  };
}

/**
 * Per site, an alert when fewer of a component's members are up there than requests coordinated
 * there need (`SiteFloor`, from the engine's own rule). Only the site's own series: any
 * Prometheus that scrapes the site can evaluate it.
 */
function floorAlerts(plan: ClusterMonitoringPlan, settings: MonitoringModel, report: string, view: View): AlertRule[] {
  return plan.siteFloors.filter((f) => view.site === undefined || f.site === view.site).map((f) => {
    const e = plan.endpoints.find((x) => x.component === f.component)!;
    const pods = e.podsPerSite.get(f.site) ?? 0;
    return {
      alert: `${camel(plan.cluster)}${camel(f.what.toLowerCase())}AtRiskIn${camel(f.site)}`,
      expr: `${upInSiteExpr(plan, e, f.site)} < ${f.minUp}`,
      for: settings.alertAfter,
      labels: {
        ...settings.alertLabels,
        severity: settings.marginSeverity,
        [CLUSTER_METRIC_LABEL]: plan.cluster,
        [SITE_METRIC_LABEL]: f.site,
        namespace: plan.namespace,
      },
      annotations: {
        summary: `${plan.cluster}: ${f.what} from ${f.site} may fail`,
        description: `Fewer than ${f.minUp} of the ${pods} ${f.component} members in ${f.site} are up: ${f.why}. Restore them before any maintenance in ${f.site}.`,
        runbook_url: report,
      },
      threshold: `fewer than ${f.minUp} of ${pods} ${f.component} members up in ${f.site}`,
      why: f.why,
    };
  });
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
      expr: `${e.servingMetric}{${seriesSelector(plan, e)}} == 0`,
      for: settings.alertAfter,
      labels: { ...labels, severity: 'warning' },
      annotations: {
        summary: `${plan.cluster}: {{ $labels.pod }} in {{ $labels.site }} does not serve`,
        description: `${e.servingMetric} is 0 on {{ $labels.pod }}: ${e.notServingMeans ?? 'the member is out of the cluster\'s primary group or not synced'}, so its site counts as degraded.`,
        runbook_url: report,
      },
      threshold: `${e.servingMetric} = 0 on a member`,
      why: 'a member that does not serve is lost to the cluster though its pod runs',
    });
  }
  for (const e of plan.endpoints.filter((x) => x.flowControlPausedNanosMetric)) {
    rules.push({
      alert: `${camel(plan.cluster)}FlowControlPaused`,
      expr: `rate(${e.flowControlPausedNanosMetric}{${seriesSelector(plan, e)}}[5m]) / 1e9 > ${settings.flowControlPausedRatio}`,
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
  for (const e of plan.endpoints) {
    for (const c of e.ceilings ?? []) {
      const selector = seriesSelector(plan, e);
      // The datum's age beyond its refresh period: how much older than it says a value no longer refreshed is.
      const staleness = c.datumAge ? ` + clamp_min(${c.datumAge.metric}{${selector}} - ${c.datumAge.refreshSeconds}, 0)` : '';
      rules.push({
        alert: `${camel(plan.cluster)}${c.alert}`,
        expr: `${c.metric}{${selector}}${staleness} > ${c.above}`,
        for: settings.alertAfter,
        labels: { ...labels, severity: settings.marginSeverity },
        annotations: {
          summary: `${plan.cluster}: ${c.what} on {{ $labels.pod }} in {{ $labels.site }}`,
          description: `${c.metric}${c.datumAge ? ' with the staleness of its datum' : ''} is {{ $value }} on {{ $labels.pod }}, above ${c.above}: ${c.why}.`,
          runbook_url: report,
        },
        threshold: `${c.metric}${c.datumAge ? ` + (${c.datumAge.metric} − ${c.datumAge.refreshSeconds} s, at least 0)` : ''} > ${c.above} on a member`,
        why: c.why,
      });
    }
  }
  const sizeMetric = plan.endpoints.find((x) => x.groupSizeMetric);
  if (sizeMetric && plan.groupSize) {
    const { atMost, exact } = plan.groupSize;
    rules.push({
      alert: `${camel(plan.cluster)}GroupAtLastMargin`,
      expr: `max(${sizeMetric.groupSizeMetric}{${seriesSelector(plan, sizeMetric)}}) <= ${atMost}`,
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
