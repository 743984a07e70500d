import { AnalyzedDesign } from '../../analysis/analyzed-design';
import { Severity } from '../../core/types';
import { StatefulSetRecord } from '../../model/design-record';
import { Rule, Violation } from '../../rules/rule';
import { ClusterPair, pairClusters, statefulSetKey } from '../change/cluster-pairs';

/**
 * A StatefulSet with volumes that the new output no longer writes (a renamed cluster, site or
 * namespace, a removed cluster): its PersistentVolumeClaims `<template>-<statefulset>-<ordinal>`
 * are not deleted with it (StatefulSet volumes outlive the set unless
 * `persistentVolumeClaimRetentionPolicy` says otherwise, https://kubernetes.io/docs/concepts/workloads/controllers/statefulset/#persistentvolumeclaim-retention),
 * and the renamed set starts on new, empty claims. The set of a site whose members all leave the
 * cluster is not one: the rollout plan drains that site first.
 */
export const changeOrphanedVolumes: Rule = {
  id: 'MS-CHANGE-ORPHANED-VOLUMES',
  summary: 'a StatefulSet with volumes is renamed or removed, leaving its data on claims nothing uses',
  severity: Severity.ERROR,
  acknowledgeable: true,
  why: 'A renamed StatefulSet starts on new, empty volumes while the old claims stay behind unused: the cluster comes up without its data.',
  check(design: AnalyzedDesign): Violation[] {
    const { pairs, gone } = pairClusters(design.change);
    const written = new Set((design.change?.current.clusters ?? []).flatMap((c) => c.statefulSets.map(statefulSetKey)));
    // A site whose members all leave the cluster (not a rename) is drained by the rollout plan first: its set may go.
    const drained = (p: ClusterPair, s: StatefulSetRecord) => !p.renamed && s.site !== undefined && !p.current.members.some((m) => m.site === s.site);
    const orphaned = [
      ...pairs.map((p) => ({
        path: p.current.path,
        renamedFrom: p.renamed ? p.previous.path : undefined,
        sets: p.previous.statefulSets.filter((s) => !drained(p, s)),
      })),
      ...gone.map((g) => ({ path: '/', renamedFrom: undefined, removed: g.path, sets: g.statefulSets })),
    ];
    const violations: Violation[] = [];
    for (const o of orphaned) {
      for (const s of o.sets) {
        if (written.has(statefulSetKey(s)) || s.volumeClaimTemplates.length === 0) continue;
        const claims = s.volumeClaimTemplates.map((v) => `${v.name}-${s.name}-<ordinal>`).join(', ');
        const how = 'removed' in o ? `cluster ${o.removed} is gone from the design` : o.renamedFrom ? `the cluster was renamed from ${o.renamedFrom}` : 'the new output names it differently';
        violations.push({
          path: o.path,
          message: `StatefulSet ${s.name} (namespace ${s.namespace}, Kubernetes cluster ${s.kubernetesCluster}) is no longer written (${how}): its claims ${claims} would stay behind with the data, and no member would use them.`,
          fix: 'Keep the previous names (the DistributedSqlCluster\'s id, its namespace and its sites). To rename, build the renamed cluster beside the old one, migrate the data (backup and restore, or replication), switch the clients, then delete the old StatefulSet and its claims deliberately; acknowledge only when the data is not needed.',
        });
      }
    }
    return violations;
  },
};
