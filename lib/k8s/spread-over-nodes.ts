import * as kplus from 'cdk8s-plus-28';
import { Construct } from 'constructs';
import { NodeSpreadModel } from '../model/design';

/**
 * Weight of the preferred anti-affinity term: the highest (1–100), so the scheduler ranks
 * spreading above its other soft preferences
 * (https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#affinity-and-anti-affinity).
 */
const PREFERRED_WEIGHT = 100;

/**
 * Keeps the pods `workload` makes apart from the other pods with `siteMemberLabels` (a site's
 * members of one kind) by `kubernetes.io/hostname`: required, or preferred with the highest
 * weight. The labels include the site, so the term spreads within the site and says nothing
 * across sites, which node affinity already separates. CockroachDB's Helm chart renders the
 * preferred form by default (weight 100 by `kubernetes.io/hostname`, `statefulset.podAntiAffinity`
 * in cockroachdb/helm-charts `cockroachdb/values.yaml`).
 */
export function spreadOverNodes(workload: kplus.Workload, siteMemberLabels: Record<string, string>, spread: NodeSpreadModel | undefined): void {
  const scope = workload as unknown as Construct;
  workload.scheduling.separate(kplus.Pods.select(scope, 'site-members', { labels: siteMemberLabels }), {
    topology: kplus.Topology.HOSTNAME,
    ...(spread === 'required' ? {} : { weight: PREFERRED_WEIGHT }),
  });
}
