import { CockroachCluster } from './model';
import { COCKROACH_PORTS } from './ports';
import { NetworkFlow } from '../../analysis/network-flow';
import { WriteHealthProbe, writeHealthFlows } from '../../analysis/write-health';
import { SITE_LABEL, workloadLabels, writeHealthPodLabels } from '../../k8s/labels';
import { NON_ROOT_ID } from '../../k8s/restricted-security';
import { DesignModel } from '../../model/design';

/**
 * How long a node's liveness record stays live after its last heartbeat (s): the node liveness
 * duration, equal to the range lease duration, 6 s by default since v23.1 (9 s before)
 * (cockroachdb/cockroach pkg/base/config.go `defaultRangeLeaseDuration`, `COCKROACH_RANGE_LEASE_DURATION`,
 * 6 s, and `RaftConfig.NodeLivenessDurations`, "livenessActive = cfg.RangeLeaseActiveDuration()";
 * pkg/base/testdata/raft_config, TestDefaultRaftConfig: "NodeLivenessDurations: active=6s renewal=3s").
 * A node cut off in a minority keeps its last record, so it says it is live, and `/health?ready=1`
 * passes, until the record expires: at most this long after the cut.
 */
export const NODE_LIVENESS_SECONDS = 6;

/**
 * The write-path probe of a CockroachDB site: `GET /health?ready=1` of a node of the site,
 * through the site's client Service (`<cluster>-public`, in one Kubernetes cluster per site only
 * that site's nodes). It answers 503 while the node is not live or is draining
 * (https://www.cockroachlabs.com/docs/stable/monitoring-and-alerting#health-ready-1); a node cut
 * off in a minority cannot renew its liveness record, which lives in a range of its own that
 * needs a majority (https://www.cockroachlabs.com/docs/stable/architecture/replication-layer#epoch-based-leases-table-data),
 * so the site's nodes turn not live and the probe fails, once the last record expires
 * ({@link NODE_LIVENESS_SECONDS}, the probe's detection term).
 *
 * The client is `curl` of the image's base, `ubi-minimal` (cockroachdb/cockroach
 * build/deploy/Dockerfile at 0116efa235b0: `FROM registry.access.redhat.com/ubi8/ubi-minimal`).
 * The endpoint needs no login, so the pod carries no credentials; with TLS on it is HTTPS and the
 * probe does not verify the node's certificate (`--insecure`): it sends nothing secret and reads
 * one status code, and the CA stays in the database's namespace.
 */
export function cockroachWriteHealthProbe(design: DesignModel, cluster: CockroachCluster, site: string): WriteHealthProbe | undefined {
  const member = cluster.members.find((m) => m.site === site && m.voters > 0);
  if (!member) return undefined;
  const domain = design.sites.find((s) => s.name === site)!.clusterDomain;
  const scheme = cluster.engine.insecure ? 'http' : 'https';
  const url = `${scheme}://${cluster.name}-public.${cluster.namespace}.svc.${domain}:${COCKROACH_PORTS.http}/health?ready=1`;
  return {
    checks: 'a node of the site answers /health?ready=1 (live, not draining)',
    image: cluster.engine.image,
    uid: NON_ROOT_ID,
    command: ['curl', '--fail', '--silent', '--show-error', '--insecure', '--max-time', '3', url],
    secretEnv: [],
    detectionSeconds: NODE_LIVENESS_SECONDS,
    periodSeconds: 5,
    timeoutSeconds: 5,
    failureThreshold: 2,
    target: {
      role: 'node',
      namespace: cluster.namespace,
      podLabels: { ...workloadLabels('cockroachdb', cluster.name, 'database'), [SITE_LABEL]: site },
      pods: member.voters,
      port: COCKROACH_PORTS.http,
    },
  };
}

/** The flows of the write-health pods of hosts that write to `cluster` (checked by `MS-NETWORK-FLOW-BLOCKED`). */
export function cockroachWriteHealthFlows(design: DesignModel, cluster: CockroachCluster): NetworkFlow[] {
  return writeHealthFlows(design, cluster, (site) => cockroachWriteHealthProbe(design, cluster, site),
    (site) => writeHealthPodLabels(cluster.name, site));
}
