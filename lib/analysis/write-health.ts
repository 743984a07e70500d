import { NetworkFlow } from './network-flow';
import { DesignModel, GslbHostModel, GslbZoneModel, SqlClusterModel } from '../model/design';

/**
 * The write-path health signal of one site of a SQL cluster: a probe, given by the engine
 * (`SqlEngineDefinition.writeHealthProbe`), that passes only while the cluster's members in that
 * site can serve writes. The library runs it as the readiness probe of a small Deployment beside
 * each GSLB host that depends on the cluster, and k8gb withdraws the site's answer while it fails
 * (`lib/k8s/write-health.ts`).
 */

/** An environment variable of the probe read from a Secret the engine already uses. */
export interface WriteHealthSecretEnv {
  /** The variable, e.g. `MARIADB_ROOT_PASSWORD`. */
  readonly name: string;
  /** The Secret's name; the same Secret must exist in the host's namespace (APPLY.md says so). */
  readonly secretName: string;
  /** The key inside the Secret. */
  readonly key: string;
}

/** How to check, from a pod in the site, that the site's members can serve writes. */
export interface WriteHealthProbe {
  /** What the probe checks, for people: `a local node answers /health?ready=1`. */
  readonly checks: string;
  /** The image whose client the command uses (the engine's own image). */
  readonly image: string;
  /** The uid the image's client runs as under Pod Security `restricted`. */
  readonly uid: number;
  /** The readiness exec command: exit 0 only while the site can write. */
  readonly command: readonly string[];
  /** Variables from the engine's Secrets (passwords). */
  readonly secretEnv: readonly WriteHealthSecretEnv[];
  /** Pull Secret the image needs (Oracle's registry), in the host's namespace too. */
  readonly imagePullSecret?: string;
  /**
   * How long after the site is cut off its members themselves stop saying they can write, at the
   * latest (s): until then the probe still passes. 0 when they say so at once.
   */
  readonly detectionSeconds?: number;
  /** Readiness probe period (s). */
  readonly periodSeconds: number;
  /** Readiness probe timeout (s). */
  readonly timeoutSeconds: number;
  /** Failed probes in a row before the pod is not ready. */
  readonly failureThreshold: number;
  /** The members the probe connects to, in the site's own cluster, for the NetworkPolicy flows. */
  readonly target: {
    readonly role: string;
    readonly namespace: string;
    readonly podLabels: Readonly<Record<string, string>>;
    readonly pods: number;
    readonly port: number;
  };
}


/** The GSLB hosts that write to `clusterName`, with each serving site of their zone. */
export function hostsWritingTo(
  design: DesignModel, clusterName: string,
): { zone: GslbZoneModel; host: GslbHostModel; site: string }[] {
  return design.gslbZones.flatMap((zone) => zone.hosts.filter((h) => h.dependsOn === clusterName)
    .flatMap((host) => zone.sites.map((site) => ({ zone, host, site }))));
}

/** The namespaces of the write-health pods of hosts that write to `clusterName` (each once), which its NetworkPolicy admits. */
export function writeHealthNamespaces(design: DesignModel, clusterName: string): string[] {
  return [...new Set(hostsWritingTo(design, clusterName).map((h) => h.host.namespace))];
}

/**
 * The flows of the write-health pods of `cluster`: from the pod beside each host that writes to
 * it, in the host's namespace, to the members its probe asks in the same site.
 */
export function writeHealthFlows(
  design: DesignModel,
  cluster: SqlClusterModel,
  probeOf: (site: string) => WriteHealthProbe | undefined,
  podLabels: (site: string) => Readonly<Record<string, string>>,
): NetworkFlow[] {
  return hostsWritingTo(design, cluster.name).flatMap(({ host, site }) => {
    const probe = probeOf(site);
    if (!probe) return [];
    const { port, ...to } = probe.target;
    return [{
      purpose: 'write-path health probe',
      from: { role: 'write-health probe', site, namespace: host.namespace, podLabels: podLabels(site), pods: 1 },
      to: { ...to, site },
      port,
    }];
  });
}
