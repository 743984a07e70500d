import { MANAGED_BY_LABEL_VALUE } from './labels';

/** Pod spec fields cdk8s-plus writes at the value the API server defaults them to anyway. */
const POD_SPEC_DEFAULTS: Record<string, unknown> = {
  dnsPolicy: 'ClusterFirst',
  hostNetwork: false,
  setHostnameAsFQDN: false,
  terminationGracePeriodSeconds: 30,
};

/** Kinds whose pods may only restart `Always`, so stating it says nothing. */
const ALWAYS_RESTARTING = new Set(['Deployment', 'StatefulSet', 'DaemonSet', 'ReplicaSet']);

/**
 * The object without the fields cdk8s-plus states at their API default (`minReadySeconds: 0`,
 * `hostNetwork: false`, `externalIPs: []`, `immutable: false`, ...), as a person writing the
 * manifest by hand would leave them out. Only objects the library manages are touched; a
 * field set to anything but its default stays.
 */
export function omitApiDefaults(obj: any): any {
  if (obj?.metadata?.labels?.['app.kubernetes.io/managed-by'] !== MANAGED_BY_LABEL_VALUE) return obj;
  const spec = obj.spec;
  if ((obj.kind === 'ConfigMap' || obj.kind === 'Secret') && obj.immutable === false) delete obj.immutable;
  if (obj.kind === 'Service' && Array.isArray(spec?.externalIPs) && spec.externalIPs.length === 0) delete spec.externalIPs;
  if (ALWAYS_RESTARTING.has(obj.kind) && spec?.minReadySeconds === 0) delete spec.minReadySeconds;
  const podSpec = spec?.template?.spec;
  if (podSpec) {
    for (const [field, value] of Object.entries(POD_SPEC_DEFAULTS)) {
      if (podSpec[field] === value) delete podSpec[field];
    }
    if (ALWAYS_RESTARTING.has(obj.kind) && podSpec.restartPolicy === 'Always') delete podSpec.restartPolicy;
  }
  return obj;
}
