import { AlertRule, SITE_METRIC_LABEL } from './alert-rules';
import { GslbSiteMonitoringPlan, MonitoredGslb } from './monitoring-plan';
import { MonitoringModel } from '../model/design';

/** The namespace k8gb runs in: APPLY.md installs `helm upgrade --install k8gb ... -n k8gb` (lib/k8s/prerequisites.ts). */
export const K8GB_NAMESPACE = 'k8gb';
/** The Helm release APPLY.md installs k8gb as (the same command): its pods' `app.kubernetes.io/instance`. */
export const K8GB_RELEASE = 'k8gb';

/**
 * How often k8gb reconciles each Gslb when nothing changes: `reconcileRequeueSeconds` of the
 * chart's values, 30 by default (k8gb-io/k8gb v0.20.0 chart/k8gb/values.yaml;
 * controllers/resolver/config.go RECONCILE_REQUEUE_SECONDS), which the written values keep.
 */
const K8GB_REQUEUE_SECONDS = 30;

/** Requeue periods without one finished reconciliation before the alert counts k8gb as stuck. */
const MISSED_RECONCILIATIONS = 10;

/** CamelCase of a DNS name, for alert names: `app-global` → `AppGlobal`. */
const camel = (s: string) => s.split(/[^a-zA-Z0-9]+/).filter((w) => w).map((w) => w[0].toUpperCase() + w.slice(1)).join('');

/**
 * The series selector of one Gslb in k8gb's metrics. k8gb labels them `namespace` and `name` of the
 * Gslb (k8gb-io/k8gb v0.20.0 controllers/providers/metrics/prometheus.go); the scrape's own
 * `namespace` target label (k8gb's) wins and Prometheus renames the scraped one
 * `exported_namespace`, since a PodMonitor leaves `honorLabels` false
 * (https://prometheus.io/docs/prometheus/latest/configuration/configuration/#scrape_config, honor_labels).
 */
function gslbSelector(g: MonitoredGslb): string {
  return `namespace="${K8GB_NAMESPACE}",exported_namespace="${g.namespace}",name="${g.name}"`;
}

/**
 * The alerts of one site's k8gb, per Gslb the design has it serve: k8gb finished no reconciliation
 * of it for ten requeue periods (it counts one only when the DNS endpoint and the status were
 * saved: k8gb v0.20.0 controllers/gslb_controller_reconciliation.go, IncrementReconciliation),
 * so the site's answers no longer follow health; and none of the site's own addresses is among
 * the healthy records (`k8gb_gslb_healthy_local_records` 0: controllers/status.go), so DNS no
 * longer sends clients to this site.
 */
export function gslbAlertRules(plan: GslbSiteMonitoringPlan, settings: MonitoringModel): AlertRule[] {
  const window = `${(K8GB_REQUEUE_SECONDS * MISSED_RECONCILIATIONS) / 60}m`;
  const labels = { ...settings.alertLabels, [SITE_METRIC_LABEL]: plan.site, namespace: K8GB_NAMESPACE };
  const report = `REPORT.md#${gslbMonitoringAnchor(plan.site)}`;
  return plan.gslbs.flatMap((g) => [
    {
      alert: `K8gb${camel(g.name)}NotReconciledIn${camel(plan.site)}`,
      expr: `(sum(increase(k8gb_gslb_reconciliation_loops_total{${gslbSelector(g)}}[${window}])) or vector(0)) == 0`,
      for: settings.alertAfter,
      labels: { ...labels, severity: 'warning', gslb: g.name },
      annotations: {
        summary: `k8gb in ${plan.site} has not reconciled ${g.fqdn} for ${window}`,
        description: `k8gb in ${plan.site} finished no reconciliation of the Gslb ${g.namespace}/${g.name} in ${window} (it requeues every ${K8GB_REQUEUE_SECONDS}s): `
          + `its DNS answers for ${g.fqdn} no longer follow the sites' health. Check the k8gb pod and its errors (k8gb_gslb_errors_total).`,
        runbook_url: report,
      },
      threshold: `no finished reconciliation of ${g.namespace}/${g.name} in ${window}`,
      why: `k8gb requeues every Gslb every ${K8GB_REQUEUE_SECONDS}s; ${MISSED_RECONCILIATIONS} periods without one mean it is down or failing, and failover by DNS stops`,
    },
    {
      alert: `K8gb${camel(g.name)}WithdrawnIn${camel(plan.site)}`,
      expr: `(sum(k8gb_gslb_healthy_local_records{${gslbSelector(g)}}) or vector(0)) == 0`,
      for: settings.alertAfter,
      labels: { ...labels, severity: 'warning', gslb: g.name },
      annotations: {
        summary: `DNS no longer answers ${g.fqdn} with ${plan.site}`,
        description: `None of ${plan.site}'s addresses is a healthy record of ${g.fqdn}: k8gb counts the site unhealthy`
          + (g.dependsOn ? ` (its write-health probe says ${g.dependsOn} cannot take writes there, or the application has no ready endpoint)` : ' (the application has no ready endpoint there)')
          + ', and clients go to the other sites.',
        runbook_url: report,
      },
      threshold: `k8gb_gslb_healthy_local_records of ${g.namespace}/${g.name} = 0`,
      why: `${plan.site} serves ${g.fqdn} in the design; while it is withdrawn, the other sites carry its clients`,
    },
  ]);
}

/** The heading anchor of a site's k8gb monitoring in REPORT.md. */
export function gslbMonitoringAnchor(site: string): string {
  return `monitoring-k8gb-${site}`;
}
