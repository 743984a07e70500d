import { MonitoringModel } from './model/design';
import { invalidValue, isDns1123Label, isLabelKey, isLabelValue } from './model/validation';

/**
 * A Prometheus duration, as prometheus-operator's CRDs check it (`Duration` in
 * monitoring.coreos.com_prometheusrules.yaml v0.93.0: `for`, `keep_firing_for`).
 */
const PROMETHEUS_DURATION = /^(0|(([0-9]+)y)?(([0-9]+)w)?(([0-9]+)d)?(([0-9]+)h)?(([0-9]+)m)?(([0-9]+)s)?(([0-9]+)ms)?)$/;

/**
 * A Prometheus label name (https://prometheus.io/docs/concepts/data_model/#metric-names-and-labels:
 * `[a-zA-Z_][a-zA-Z0-9_]*`; names starting with `__` are reserved for internal use).
 */
const PROMETHEUS_LABEL_NAME = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/**
 * The severities the alerts may carry: kube-prometheus-stack's Alertmanager routes and inhibits
 * by these (`severity` label values of its default rules and its `InfoInhibitor`).
 * @see https://runbooks.prometheus-operator.dev/
 */
const SEVERITIES = ['critical', 'warning', 'info'];

/** Labels the library's alerts set themselves; an `alertLabels` entry may not replace them. */
const OWN_ALERT_LABELS = ['severity', 'cdk_multisite_cluster', 'site', 'namespace'];

/** Settings of monitoring by prometheus-operator. */
export interface PrometheusOperatorMonitoringOptions {
  /**
   * Kubernetes labels on every PodMonitor and PrometheusRule the library writes, so that your
   * Prometheus selects them (kube-prometheus-stack selects `release: <its release name>` unless its
   * `*SelectorNilUsesHelmValues` values are false).
   * @default - no extra labels
   * @see https://prometheus-operator.dev/docs/developer/troubleshooting/
   */
  readonly resourceLabels?: Record<string, string>;
  /**
   * The namespace your Prometheus runs in: the library's NetworkPolicies deny ingress to the
   * cluster's pods, so it writes one that admits that namespace's pods to the metrics ports.
   * @default 'monitoring'
   */
  readonly scraperNamespace?: string;
  /**
   * Prometheus labels added to every alert, e.g. `{ team: 'db' }` for Alertmanager routing.
   * Names follow Prometheus' label syntax; `severity`, `cdk_multisite_cluster`, `site` and
   * `namespace` are the library's own.
   * @default - none
   */
  readonly alertLabels?: Record<string, string>;
  /**
   * How often Prometheus scrapes the members' metrics (a Prometheus duration, e.g. `30s`).
   * @default '30s'
   */
  readonly scrapeInterval?: string;
  /**
   * How long a "one more site loss halts" condition must hold before its alert fires (a
   * Prometheus duration; `0` fires at the first evaluation).
   * @default '1m'
   */
  readonly alertAfter?: string;
  /**
   * Severity of the "one more site loss halts" alerts: `critical`, `warning` or `info`.
   * @default 'critical'
   */
  readonly marginSeverity?: string;
  /**
   * The fraction of the last 5 minutes a member may spend with replication paused by flow control
   * before its alert fires (engines with flow control: Galera, where a paused member stalls every
   * site's commits), from 0 to 1.
   * @default 0.1
   * @see https://mariadb.com/docs/galera-cluster/galera-management/performance-tuning/flow-control-in-galera-cluster
   */
  readonly flowControlPausedRatio?: number;
  /**
   * Days before a certificate expires at which the certificate alert fires.
   * @default 14
   */
  readonly certificateExpiryDays?: number;
}

/**
 * How the design's clusters are monitored. Off unless the app is given one: the objects it writes
 * need prometheus-operator's CRDs in the cluster.
 */
export class Monitoring {
  /**
   * Monitoring by prometheus-operator (`monitoring.coreos.com/v1`): a PodMonitor per cluster
   * component where its members publish metrics, and a PrometheusRule per cluster whose alerts
   * fire when the next site loss would halt it (thresholds from the engine's survival rule), and
   * before its certificates expire. APPLY.md lists prometheus-operator as a prerequisite.
   * @see https://prometheus-operator.dev/docs/api-reference/api/
   */
  public static prometheusOperator(options: PrometheusOperatorMonitoringOptions = {}): Monitoring {
    return new Monitoring(checkedModel(options ?? {}));
  }

  /** @internal */
  public readonly _model: MonitoringModel;

  private constructor(model: MonitoringModel) {
    this._model = model;
  }
}

/** The options with their defaults, refused with the prop named when one is wrong. */
function checkedModel(options: PrometheusOperatorMonitoringOptions): MonitoringModel {
  const where = 'Monitoring.prometheusOperator()';
  for (const [key, value] of Object.entries(options.resourceLabels ?? {})) {
    if (!isLabelKey(key)) throw invalidValue(where, 'resourceLabels key', key, 'is not a Kubernetes label key (an optional DNS subdomain prefix and "/", then a name of at most 63 characters: alphanumerics, "-", "_", "." )');
    if (typeof value !== 'string' || !isLabelValue(value)) throw invalidValue(where, `resourceLabels["${key}"]`, value, 'is not a Kubernetes label value (at most 63 characters: alphanumerics, "-", "_", ".", starting and ending with an alphanumeric)');
  }
  for (const [key, value] of Object.entries(options.alertLabels ?? {})) {
    if (!PROMETHEUS_LABEL_NAME.test(key) || key.startsWith('__')) throw invalidValue(where, 'alertLabels key', key, 'is not a Prometheus label name ([a-zA-Z_][a-zA-Z0-9_]*, not starting with "__")');
    if (OWN_ALERT_LABELS.includes(key)) throw invalidValue(where, 'alertLabels key', key, `is set by the library itself (${OWN_ALERT_LABELS.join(', ')}); use marginSeverity for the severity`);
    if (typeof value !== 'string') throw invalidValue(where, `alertLabels["${key}"]`, value, 'is not a string');
  }
  const duration = (prop: string, value: string | undefined, fallback: string) => {
    const d = value ?? fallback;
    if (typeof d !== 'string' || !PROMETHEUS_DURATION.test(d) || d === '') throw invalidValue(where, prop, d, 'is not a Prometheus duration (e.g. 30s, 1m, 1h30m; units y, w, d, h, m, s, ms)');
    return d;
  };
  const scrapeInterval = duration('scrapeInterval', options.scrapeInterval, '30s');
  if (scrapeInterval === '0') throw invalidValue(where, 'scrapeInterval', scrapeInterval, 'must be longer than 0');
  const alertAfter = duration('alertAfter', options.alertAfter, '1m');
  const severity = options.marginSeverity ?? 'critical';
  if (!SEVERITIES.includes(severity)) throw invalidValue(where, 'marginSeverity', severity, `is not one of ${SEVERITIES.join(', ')}`);
  const scraperNamespace = options.scraperNamespace ?? 'monitoring';
  if (typeof scraperNamespace !== 'string' || !isDns1123Label(scraperNamespace)) throw invalidValue(where, 'scraperNamespace', scraperNamespace, 'is not a namespace name (a DNS label: at most 63 lowercase alphanumerics or "-")');
  const paused = options.flowControlPausedRatio ?? 0.1;
  if (typeof paused !== 'number' || !(paused > 0 && paused < 1)) throw invalidValue(where, 'flowControlPausedRatio', paused, 'must be a fraction of time above 0 and below 1');
  const days = options.certificateExpiryDays ?? 14;
  if (typeof days !== 'number' || !Number.isInteger(days) || days < 1 || days > 365) throw invalidValue(where, 'certificateExpiryDays', days, 'must be a whole number of days from 1 to 365');
  return {
    kind: 'prometheus-operator',
    resourceLabels: { ...options.resourceLabels },
    alertLabels: { ...options.alertLabels },
    scrapeInterval,
    scraperNamespace,
    alertAfter,
    marginSeverity: severity,
    flowControlPausedRatio: paused,
    certificateExpiryDays: days,
  };
}
