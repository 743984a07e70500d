import { ClusterRecord, DesignChange, StatefulSetRecord } from '../../model/design-record';

/** A cluster of the previous design and the same cluster now. */
export interface ClusterPair {
  readonly previous: ClusterRecord;
  readonly current: ClusterRecord;
  /**
   * Whether the construct path changed: a cluster of the same engine on the same sites took the
   * place of one that is gone, which is how a renamed `DistributedSqlCluster` looks.
   */
  readonly renamed: boolean;
}

/** What the previous design's clusters became. */
export interface ClusterPairs {
  readonly pairs: readonly ClusterPair[];
  /** Previous clusters with no counterpart now: removed. */
  readonly gone: readonly ClusterRecord[];
}

/**
 * Pairs each previous cluster with the current one at the same construct path, then each left
 * over with a new cluster of the same engine kind on the same sites (a rename), in order.
 * Nothing when the previous design was not read.
 */
export function pairClusters(change: DesignChange | undefined): ClusterPairs {
  const previous = change?.previous.status === 'read' ? change.previous.record!.clusters : [];
  const current = change?.current.clusters ?? [];
  const pairs: ClusterPair[] = [];
  const unmatched: ClusterRecord[] = [];
  const taken = new Set<string>();
  for (const p of previous) {
    const c = current.find((x) => x.path === p.path);
    if (c) {
      pairs.push({ previous: p, current: c, renamed: false });
      taken.add(c.path);
    } else {
      unmatched.push(p);
    }
  }
  const gone: ClusterRecord[] = [];
  const sitesOf = (r: ClusterRecord) => r.members.map((m) => m.site).sort().join(',');
  for (const p of unmatched) {
    const c = current.find((x) => !taken.has(x.path) && !previous.some((q) => q.path === x.path)
      && x.engine.kind === p.engine.kind && sitesOf(x) === sitesOf(p));
    if (c) {
      pairs.push({ previous: p, current: c, renamed: true });
      taken.add(c.path);
    } else {
      gone.push(p);
    }
  }
  return { pairs, gone };
}

/** A StatefulSet's identity across designs: where it is applied, its namespace and name. */
export function statefulSetKey(s: StatefulSetRecord): string {
  return `${s.kubernetesCluster}/${s.namespace}/${s.name}`;
}
