import { Duration, Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { writeHealthPodLabels } from './labels';
import { restrictedContainerSecurity, restrictedPodSecurity } from './restricted-security';
import { useStableSelectors } from './stable-selectors';
import { WriteHealthProbe } from '../analysis/write-health';
import { GslbHostModel, GslbZoneModel } from '../model/design';
import { writeHealthObjectName } from '../model/gslb-names';

/** The path of the write-health Ingress; k8gb reads its backend, clients never need it. */
export const WRITE_HEALTH_PATH = '/.well-known/cdk-multisite/write-health';

/**
 * The path prefix under which the write-health Ingress routes one Exact path to each of the host's
 * backend Services, so that k8gb counts them too; clients never ask for it.
 */
export const APP_HEALTH_PATH = '/.well-known/cdk-multisite/app-health';

/** Port of the write-health Service (nothing listens: k8gb reads only whether it has ready endpoints). */
const WRITE_HEALTH_PORT = 8080;

/**
 * Writes, in the host's namespace of one site, the write-path health signal of the SQL cluster
 * `cluster` the host writes to:
 * - a Deployment of one pod whose readiness probe is the engine's write-path probe (it runs the
 *   engine's own image, for its client, idle under `sleep`; Pod Security `restricted`);
 * - a Service selecting it, which has a ready endpoint only while the probe passes;
 * - an Ingress for the host's FQDN with one path whose backend is that Service and one path to each
 *   of the host's backend Services (the application), which the host's `Gslb` references with
 *   `serviceHealthPolicy: All` (`lib/k8s/k8gb.ts`): a site is healthy only while all of them are.
 *
 * A Deployment and not a sidecar in the app: the library does not write the app's pods, and one
 * probe per site is enough; a sidecar would multiply the load on the database by the app's replicas.
 * The Service must be in the Ingress's namespace: k8gb resolves an Ingress backend in the
 * Ingress's own namespace (k8gb-io/k8gb v0.20.0, controllers/refresolver/ingress/ingress.go:162-165).
 */
export function writeWriteHealth(
  scope: Construct, zone: GslbZoneModel, host: GslbHostModel, cluster: string, site: string, probe: WriteHealthProbe,
): void {
  const name = writeHealthObjectName(zone, host);
  const labels = writeHealthPodLabels(cluster, site);
  const deployment = new kplus.Deployment(scope, 'deployment', {
    metadata: { name, namespace: host.namespace, labels },
    select: false,
    podMetadata: { labels },
    replicas: 1,
    securityContext: restrictedPodSecurity(probe.uid),
    automountServiceAccountToken: false,
    ...(probe.imagePullSecret ? { dockerRegistryAuth: kplus.Secret.fromSecretName(scope, 'pull-secret', probe.imagePullSecret) } : {}),
    containers: [{
      name: 'write-health',
      image: probe.image,
      imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
      command: ['sleep', 'infinity'],
      envVariables: Object.fromEntries(probe.secretEnv.map((e) => [e.name, kplus.EnvValue.fromSecretValue({
        secret: kplus.Secret.fromSecretName(scope, `secret-${e.name}`, e.secretName), key: e.key,
      })])),
      resources: {
        cpu: { request: kplus.Cpu.millis(10), limit: kplus.Cpu.millis(200) },
        memory: { request: Size.mebibytes(32), limit: Size.mebibytes(256) },
      },
      securityContext: restrictedContainerSecurity(probe.uid),
      readiness: kplus.Probe.fromCommand([...probe.command], {
        periodSeconds: Duration.seconds(probe.periodSeconds),
        timeoutSeconds: Duration.seconds(probe.timeoutSeconds),
        failureThreshold: probe.failureThreshold,
      }),
    }],
  });
  deployment.select(kplus.LabelSelector.of({ labels }));
  useStableSelectors(deployment);
  // Clients (sqlplus, mariadb) may write temporary files; the root filesystem is read-only.
  deployment.containers[0].mount('/tmp', kplus.Volume.fromEmptyDir(scope, 'tmp', 'tmp'));
  const service = new kplus.k8s.KubeService(scope, 'service', {
    metadata: { name, namespace: host.namespace, labels },
    spec: { selector: labels, ports: [{ name: 'health', port: WRITE_HEALTH_PORT, targetPort: kplus.k8s.IntOrString.fromNumber(WRITE_HEALTH_PORT) }] },
  });
  new kplus.k8s.KubeIngress(scope, 'ingress', {
    metadata: { name, namespace: host.namespace, labels },
    spec: {
      rules: [{
        host: host.fqdn,
        http: {
          paths: [
            { path: WRITE_HEALTH_PATH, pathType: 'Exact', backend: { service: { name: service.name, port: { number: WRITE_HEALTH_PORT } } } },
            ...host.backendServices.map((s) => ({
              path: `${APP_HEALTH_PATH}/${s.name}`, pathType: 'Exact', backend: { service: { name: s.name, port: { number: s.port } } },
            })),
          ],
        },
      }],
    },
  });
}
