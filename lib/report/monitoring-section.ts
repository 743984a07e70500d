import { clusterAlertRules, monitoringAnchor } from '../analysis/alert-rules';
import { MonitoringPlan } from '../analysis/monitoring-plan';

/**
 * The monitoring part of REPORT.md: per monitored cluster, where its metrics are scraped and each
 * alert with its threshold and why (the rules the PrometheusRule carries, from the same plan).
 */
export function monitoringSection(plan: MonitoringPlan | undefined): string[] {
  if (plan === undefined) return [];
  const out = ['## Monitoring', ''];
  out.push(`prometheus-operator objects in \`cluster-wide/\`: a PodMonitor per cluster component (scraped every ${plan.settings.scrapeInterval}; each series labelled \`cdk_multisite_cluster\`, \`component\` and the pod's \`site\`) and a PrometheusRule per cluster. `
    + 'A site counts as degraded when fewer of its members are up than it holds: the "next loss halts" alerts fire early rather than late. '
    + 'Certificate alerts read cert-manager\'s metrics: scrape cert-manager too (its Helm chart\'s `prometheus.servicemonitor.enabled`). '
    + `A NetworkPolicy per component admits the pods of namespace \`${plan.settings.scraperNamespace}\` (Monitoring scraperNamespace) to its metrics port.`, '');
  for (const cluster of plan.clusters) {
    out.push(`### ${cluster.cluster} <a id="${monitoringAnchor(cluster.cluster)}"></a>`, '');
    out.push(...cluster.endpoints.map((e) => `- ${e.component}: \`${e.scheme}\` port \`${e.port}\` path \`${e.path}\` (${e.source})`), '');
    const noMargin = cluster.margins.filter((m) => m.afterLosing.some((set) => set.length === 0)).map((m) => m.next);
    if (noMargin.length > 0) out.push(`Losing ${noMargin.join(' or ')} alone halts ${cluster.cluster}: no alert can warn before it (see the cluster's section).`, '');
    out.push('| alert | severity | fires when | why |', '| --- | --- | --- | --- |');
    for (const rule of clusterAlertRules(cluster, plan.settings)) {
      out.push(`| ${rule.alert} | ${rule.labels.severity} | ${rule.threshold} for ${rule.for} | ${rule.why} |`);
    }
    out.push('');
  }
  for (const u of plan.unmonitored) out.push(`${u.cluster} (${u.engineLabel}): no metrics written yet; the library does not yet know where this engine publishes them.`, '');
  return out;
}
