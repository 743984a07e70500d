import { Size } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { YugabyteAnalysis } from './analysis';
import { certificateVolume, CERTS_DIR, YUGABYTE_UID } from './image';
import { YugabyteCluster } from './model';
import { workloadLabels } from '../../k8s/labels';
import { restrictedContainerSecurity, restrictedPodSecurity } from '../../k8s/restricted-security';
import { useStableSelectors } from '../../k8s/stable-selectors';

/** What the placement Job needs. */
export interface PlacementJobProps {
  readonly cluster: YugabyteCluster;
  readonly details: YugabyteAnalysis;
  readonly masters: string;
}

/**
 * Makes the placement region-aware once the masters are up: `yb-admin modify_placement_info`
 * with every site's `cloud.region.zone` and the replication factor, then `set_preferred_zones`
 * when leader sites are preferred. "The default replica placement policy treats every
 * YB-TServer as equal, irrespective of its placement_* flags" until it runs
 * (https://docs.yugabyte.com/stable/deploy/kubernetes/multi-cluster/gke/helm-chart/); syntax
 * from https://docs.yugabyte.com/stable/admin/yb-admin/ (preferences: contiguous integers from
 * 1). Both commands set the cluster's configuration, so running the Job again is harmless.
 */
export class YugabytePlacementJob extends Construct {
  constructor(scope: Construct, id: string, props: PlacementJobProps) {
    super(scope, id);
    const cluster = props.cluster;
    const engine = cluster.engine;
    const args = placementCommands(props).map((c) => c.map(shellQuote).join(' '));
    const script = [
      'set -u',
      ...args.flatMap((command) => [
        'ok=0',
        'for attempt in $(seq 1 60); do',
        `  if ${command}; then ok=1; break; fi`,
        '  echo "attempt $attempt failed; the masters may not be up yet"; sleep 10',
        'done',
        '[ "$ok" = 1 ] || exit 1',
      ]),
    ].join('\n');
    const labels = workloadLabels('yugabytedb', cluster.name, 'placement');
    const job = new kplus.Job(this, 'job', {
      metadata: { name: `${cluster.name}-placement`, namespace: cluster.namespace, labels },
      podMetadata: { labels },
      backoffLimit: 10,
      securityContext: restrictedPodSecurity(YUGABYTE_UID),
      containers: [{
        name: 'yb-admin',
        image: engine.image,
        imagePullPolicy: kplus.ImagePullPolicy.IF_NOT_PRESENT,
        command: ['/bin/bash', '-c', script],
        envVariables: { HOME: kplus.EnvValue.fromValue('/tmp') },
        resources: {
          cpu: { request: kplus.Cpu.millis(100), limit: kplus.Cpu.millis(500) },
          memory: { request: Size.mebibytes(128), limit: Size.mebibytes(256) },
        },
        securityContext: restrictedContainerSecurity(YUGABYTE_UID),
      }],
    });
    useStableSelectors(job);
    const container = job.containers[0];
    container.mount('/tmp', kplus.Volume.fromEmptyDir(this, 'tmp', 'tmp'));
    if (!engine.insecure) container.mount(CERTS_DIR, certificateVolume(this, engine.certificatesSecret, true), { readOnly: true });
  }
}

/** yb-admin in the image: the chart's path (controller-gflags-secret.yaml L24). */
export const YB_ADMIN = '/home/yugabyte/tserver/bin/yb-admin';

/** `-certs_dir_name`, the directory with the root certificate, under TLS (https://docs.yugabyte.com/stable/secure/tls-encryption/connect-to-cluster/). */
export function ybAdminTlsFlags(cluster: YugabyteCluster): string[] {
  return cluster.engine.insecure ? [] : ['-certs_dir_name', CERTS_DIR];
}

/** The yb-admin command lines the placement Job runs, in order. */
export function placementCommands(props: PlacementJobProps): string[][] {
  const { cluster, details } = props;
  // The chart's yb-admin (controller-gflags-secret.yaml L24); `-certs_dir_name` names the
  // directory with the root certificate (https://docs.yugabyte.com/stable/secure/tls-encryption/connect-to-cluster/).
  const base = [YB_ADMIN, '-master_addresses', props.masters, ...ybAdminTlsFlags(cluster)];
  const out = [[...base, 'modify_placement_info', details.placementBlocks.join(','), `${cluster.engine.replicationFactor}`]];
  if (details.preferredZones.length > 0) out.push([...base, 'set_preferred_zones', ...details.preferredZones]);
  return out;
}

/** A word for bash: as is when it is plain, else single-quoted. */
function shellQuote(word: string): string {
  return /^[A-Za-z0-9_.,:/=@+-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}
