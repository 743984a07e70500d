import { AlertRule, clusterAlertRules, marginsNeedingGlobalView, monitoringAnchor, siteAlertRules, sitesWithMembers } from '../analysis/alert-rules';
import { ETCD_MONITORING_ANCHOR, etcdAlertRules, kubeNodeLabel } from '../analysis/etcd-alert-rules';
import { gslbAlertRules, gslbMonitoringAnchor, K8GB_NAMESPACE } from '../analysis/gslb-alert-rules';
import { ClusterMonitoringPlan, ControlPlaneMonitoringPlan, MonitoringPlan } from '../analysis/monitoring-plan';

/**
 * The monitoring part of REPORT.md: per monitored cluster, where its metrics are scraped and each
 * alert with its threshold and why (the rules the PrometheusRules carry, from the same plan); with
 * one cluster per site, per site, and the margins no site's Prometheus can decide alone.
 */
export function monitoringSection(plan: MonitoringPlan | undefined): string[] {
  if (plan === undefined) return [];
  const out = ['## Monitoring', ''];
  out.push(plan.perSite
    ? `prometheus-operator objects in each site's folder, for that site's Prometheus: a PodMonitor per cluster component with members there (scraped every ${plan.settings.scrapeInterval}; each series labelled \`cdk_multisite_cluster\`, \`component\` and the \`site\`) unless the operator writes its own scrape object, and a PrometheusRule per cluster with the alerts that site's own series decide. `
    : `prometheus-operator objects in \`cluster-wide/\`: a PodMonitor per cluster component (scraped every ${plan.settings.scrapeInterval}; each series labelled \`cdk_multisite_cluster\`, \`component\` and the pod's \`site\`) and a PrometheusRule per cluster. `);
  const floorsCount = plan.clusters.some((c) => c.siteFloors.some((f) => f.servesAsWholeAbove));
  out[out.length - 1] += 'A site counts as degraded when fewer of its members are up than it holds'
    + (floorsCount ? ' (where every level the application uses is local to a site, when fewer are up than its floor: below it the site may stop serving)' : '')
    + ': the "next loss halts" alerts fire early rather than late. '
    + 'Certificate alerts read cert-manager\'s metrics: where cert-manager issues a monitored cluster\'s certificates, a PodMonitor scrapes its controller (namespace cert-manager), '
    + 'and an alert says when its expiry series are missing. '
    + `A NetworkPolicy per component admits the pods of namespace \`${plan.settings.scraperNamespace}\` (Monitoring scraperNamespace) to its metrics port.`;
  out.push('');
  for (const cluster of plan.clusters) {
    out.push(`### ${cluster.cluster} <a id="${monitoringAnchor(cluster.cluster)}"></a>`, '');
    out.push(...cluster.endpoints.map((e) => `- ${e.component}: \`${e.scheme}\` port \`${e.port}\` path \`${e.path}\``
      + `${e.scrapedByOperator ? `, scraped by the object ${e.scrapedByOperator} writes` : ''} (${e.source})`), '');
    const noMargin = cluster.margins.filter((m) => m.afterLosing.some((set) => set.length === 0)).map((m) => m.next);
    if (noMargin.length > 0) out.push(`Losing ${noMargin.join(' or ')} alone halts ${cluster.cluster}: no alert can warn before it (see the cluster's section).`, '');
    if (!plan.perSite) {
      out.push(...alertTable(clusterAlertRules(cluster, plan.settings)));
      continue;
    }
    for (const site of sitesWithMembers(cluster)) out.push(`In ${site}'s Prometheus:`, '', ...alertTable(siteAlertRules(cluster, plan.settings, site)));
    out.push(...globalViewNote(cluster));
  }
  for (const gslb of plan.gslbSites) {
    out.push(`### k8gb in ${gslb.site} <a id="${gslbMonitoringAnchor(gslb.site)}"></a>`, '');
    out.push(`A PodMonitor on k8gb's \`metrics\` port in namespace ${K8GB_NAMESPACE}, and these alerts in ${gslb.site}'s Prometheus:`, '');
    out.push(...alertTable(gslbAlertRules(gslb, plan.settings)));
  }
  if (plan.controlPlane) out.push(...controlPlaneMonitoring(plan.controlPlane, plan));
  for (const u of plan.unmonitored) out.push(`${u.cluster} (${u.engineLabel}): no metrics written yet; the library does not yet know where this engine publishes them.`, '');
  return out;
}

function alertTable(rules: readonly AlertRule[]): string[] {
  return [
    '| alert | severity | fires when | why |', '| --- | --- | --- | --- |',
    ...rules.map((rule) => `| ${rule.alert} | ${rule.labels.severity} | ${rule.threshold} for ${rule.for} | ${rule.why} |`),
    '',
  ];
}

/** With one Prometheus per site: what none of them can see or decide, and what would. */
function globalViewNote(cluster: ClusterMonitoringPlan): string[] {
  const global = marginsNeedingGlobalView(cluster);
  const groupSize = cluster.groupSize ? cluster.endpoints.find((e) => e.groupSizeMetric)?.groupSizeMetric : undefined;
  return [
    'Limits of a Prometheus per site: a site lost whole takes its Prometheus with it, and a site cut off still sees its own members up, '
    + 'so these alerts see members down in a site whose Prometheus still runs, never the loss of another site'
    + (groupSize ? ` except through ${groupSize}, which each member publishes for its whole group (the group-size alert).` : '.')
    + (global.length > 0 ? ` Not alerted at all, since no site sees several sites degraded at once: ${cluster.cluster} halts after ${global.join('; ')}.` : '')
    + ' A ruler over every site\'s series (Thanos Ruler, or a Prometheus that federates every site\'s) would see both.',
    '',
  ];
}

/** The stretched cluster's etcd: how its members are counted per site, what the user must enable, and its alerts. */
function controlPlaneMonitoring(cp: ControlPlaneMonitoringPlan, plan: MonitoringPlan): string[] {
  const label = kubeNodeLabel(cp.siteLabel);
  return [
    `### Control plane (etcd) <a id="${ETCD_MONITORING_ANCHOR}"></a>`, '',
    'A PodMonitor `kube-system/cdk-multisite-etcd` scrapes kubeadm\'s static etcd pods (`component: etcd`, `tier: control-plane`) on port 2381 and labels each series with its `node`; '
    + `the alerts join it with kube-state-metrics' \`kube_node_labels\` on \`node\`, whose \`${label}\` is the node's site, to count the members up per site. Two things must be enabled for the join to work:`, '',
    '- etcd\'s metrics on the node\'s address: kubeadm binds them to 127.0.0.1:2381; set `listen-metrics-urls: http://0.0.0.0:2381` in `etcd.local.extraArgs` of the ClusterConfiguration (kube-prometheus-stack\'s own kube-etcd job needs the same);',
    `- the node label in kube-state-metrics: \`--metric-labels-allowlist=nodes=[${cp.siteLabel}]\` (kube-prometheus-stack: \`kube-state-metrics.metricLabelsAllowlist: ["nodes=[${cp.siteLabel}]"]\`).`, '',
    'A member on a node without the site label counts in no site, so the alerts fire early, never late. While either side of the join is missing altogether (no etcd series, or no node with the label) they cannot count and keep quiet, and ControlPlaneEtcdSitesUnseen says so.', '',
    ...alertTable(etcdAlertRules(cp, plan.settings)),
  ];
}
