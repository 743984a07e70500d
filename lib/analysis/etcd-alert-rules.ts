import { AlertRule, CLUSTER_METRIC_LABEL, COMPONENT_METRIC_LABEL, SITE_METRIC_LABEL } from './alert-rules';
import { controlPlaneLossOf } from './control-plane';
import { ControlPlaneMonitoringPlan } from './monitoring-plan';
import { MonitoringModel } from '../model/design';

/** The `cdk_multisite_cluster` value of the etcd members' series (the library's etcd PodMonitor sets it). */
export const ETCD_CLUSTER_LABEL_VALUE = 'control-plane';
/** The `component` value of the etcd members' series. */
export const ETCD_COMPONENT = 'etcd';
/** The label the etcd PodMonitor gives each series: the node its member runs on (`__meta_kubernetes_pod_node_name`), as kube-state-metrics' `node`. */
export const NODE_METRIC_LABEL = 'node';
/** The heading anchor of the control plane's monitoring part of REPORT.md. */
export const ETCD_MONITORING_ANCHOR = 'monitoring-control-plane';

/**
 * The label of `kube_node_labels` that carries the node label `key`: kube-state-metrics writes
 * `label_` and the key with every character outside `[a-zA-Z0-9_]` as `_`, and publishes it only
 * for keys in `--metric-labels-allowlist=nodes=[<key>]`
 * (https://github.com/kubernetes/kube-state-metrics/blob/main/docs/metrics/cluster/node-metrics.md).
 */
export function kubeNodeLabel(key: string): string {
  return `label_${key.replace(/[^a-zA-Z0-9_]/g, '_')}`;
}

/** CamelCase of a DNS label, for alert names: `dc-a` → `DcA`. */
const camel = (s: string) => s.split(/[^a-zA-Z0-9]+/).filter((w) => w).map((w) => w[0].toUpperCase() + w.slice(1)).join('');

/** The selector of the etcd members' series (the library's PodMonitor). */
const ETCD_SERIES = `${CLUSTER_METRIC_LABEL}="${ETCD_CLUSTER_LABEL_VALUE}",${COMPONENT_METRIC_LABEL}="${ETCD_COMPONENT}"`;

/**
 * PromQL: the etcd members up on nodes of `sites`: each member's `up` joined on `node` with
 * kube-state-metrics' `kube_node_labels`, whose site label says where the node is (`max by
 * (node)` so that two kube-state-metrics replicas do not double a node). A member on a node
 * without the label counts in no site, so it is never counted up where it might not be.
 */
export function etcdUpInSitesExpr(plan: ControlPlaneMonitoringPlan, sites: readonly string[]): string {
  const label = kubeNodeLabel(plan.siteLabel);
  const matcher = sites.length === 1 ? `${label}="${sites[0]}"` : `${label}=~"${sites.join('|')}"`;
  return `(count((up{${ETCD_SERIES}} == 1) * on(${NODE_METRIC_LABEL}) group_left() max by (${NODE_METRIC_LABEL}) (kube_node_labels{${matcher}})) or vector(0))`;
}

/**
 * The alerts of a stretched cluster's etcd, from the control plane's majority arithmetic
 * (control-plane.ts): per site X whose loss the whole placement survives, "the next loss of X
 * halts the control plane" while the members up in the other sites are fewer than the quorum
 * (⌊n/2⌋ + 1 of the n configured members, which members down do not shrink): losing X then
 * leaves too few to commit. Exact, not early: it counts the members up where they are. And an
 * alert when the join's inputs are missing, while which the others keep quiet (they cannot count
 * per site: without the guard they would count 0 members up and fire in every site).
 */
export function etcdAlertRules(plan: ControlPlaneMonitoringPlan, settings: MonitoringModel): AlertRule[] {
  const cp = plan.analysis;
  const report = `REPORT.md#${ETCD_MONITORING_ANCHOR}`;
  const labels = { ...settings.alertLabels, [CLUSTER_METRIC_LABEL]: ETCD_CLUSTER_LABEL_VALUE, namespace: 'kube-system' };
  const held = cp.placement.filter((p) => p.members > 0);
  const label = kubeNodeLabel(plan.siteLabel);
  // Either side of the node → site join missing: the members cannot be counted per site, which
  // ControlPlaneEtcdSitesUnseen says; the margin alerts keep quiet rather than count 0 members up.
  const unseen = `absent(up{${ETCD_SERIES}}) or absent(kube_node_labels{${label}!=""})`;
  const rules: AlertRule[] = [];
  for (const { site, members } of held) {
    // Losing the site alone already loses quorum: nothing to warn of (MS-CONTROL-PLANE-SITE-LOSS says so).
    if (!controlPlaneLossOf(cp, [site]).keepsQuorum) continue;
    const others = held.map((p) => p.site).filter((s) => s !== site);
    const placedElsewhere = cp.members - members;
    rules.push({
      alert: `ControlPlaneNextLossOf${camel(site)}Halts`,
      expr: `(${etcdUpInSitesExpr(plan, others)} < ${cp.quorum}) unless on() (${unseen})`,
      for: settings.alertAfter,
      labels: { ...labels, severity: settings.marginSeverity, [SITE_METRIC_LABEL]: site },
      annotations: {
        summary: `control plane: losing ${site} now would halt etcd and the API server`,
        description: `Fewer than ${cp.quorum} of the ${placedElsewhere} etcd members outside ${site} are up ({{ $value }}): etcd commits with ${cp.quorum} of its ${cp.members} members, and ${site}'s ${members} would be lost with it. Restore the members down before any maintenance in ${site}.`,
        runbook_url: report,
      },
      threshold: `fewer than ${cp.quorum} etcd members up in ${others.join(', ')} (of ${placedElsewhere} placed there)`,
      why: `etcd's majority: ${cp.quorum} of ${cp.members} members must commit, members down still count in the ${cp.members}; losing ${site} removes its ${members}, so the members up elsewhere must be a quorum on their own`,
    });
  }
  rules.push({
    alert: 'ControlPlaneEtcdSitesUnseen',
    expr: unseen,
    for: '15m',
    labels: { ...labels, severity: 'warning' },
    annotations: {
      summary: 'control plane: the etcd members cannot be counted per site',
      description: `This Prometheus has no etcd series from the library's PodMonitor, or no kube_node_labels with ${label}: the control plane's "next loss halts" alerts cannot fire. `
        + `See ${report} for what to enable (etcd's metrics on the node address, kube-state-metrics' node label allowlist).`,
      runbook_url: report,
    },
    threshold: `no up{${ETCD_SERIES}} or no kube_node_labels with ${label}`,
    why: 'without either side of the node → site join the etcd alerts are silent, not green',
  });
  return rules;
}
