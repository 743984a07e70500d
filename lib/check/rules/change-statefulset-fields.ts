import { AnalyzedDesign } from '../../analysis/analyzed-design';
import { Severity } from '../../core/types';
import { StatefulSetRecord } from '../../model/design-record';
import { Rule, Violation } from '../../rules/rule';
import { pairClusters, statefulSetKey } from '../change/cluster-pairs';
import { storageBytes } from '../change/storage-quantity';

/**
 * A StatefulSet whose fields other than `replicas`, `ordinals`, `template`, `updateStrategy`,
 * `persistentVolumeClaimRetentionPolicy` and `minReadySeconds` changed: the API server refuses
 * the update ("updates to statefulset spec for fields other than ... are forbidden",
 * `ValidateStatefulSetUpdate`, kubernetes/pkg/apis/apps/validation/validation.go). Shrinking a
 * volume or changing its class is `MS-CHANGE-STORAGE`.
 */
export const changeStatefulsetFields: Rule = {
  id: 'MS-CHANGE-STATEFULSET-FIELDS',
  summary: 'a written StatefulSet changes selector, serviceName, podManagementPolicy or its volume claim templates',
  severity: Severity.ERROR,
  acknowledgeable: true,
  why: 'The API server rejects the update of these StatefulSet fields, so the apply fails halfway through a site with the old StatefulSet still running.',
  check(design: AnalyzedDesign): Violation[] {
    const violations: Violation[] = [];
    for (const { previous, current } of pairClusters(design.change).pairs) {
      for (const now of current.statefulSets) {
        const before = previous.statefulSets.find((s) => statefulSetKey(s) === statefulSetKey(now));
        if (!before) continue;
        const changed = changedFields(before, now);
        if (changed.length === 0) continue;
        violations.push({
          path: current.path,
          message: `StatefulSet ${now.name} (namespace ${now.namespace}, Kubernetes cluster ${now.kubernetesCluster}) changes ${changed.join('; ')}: the API server forbids updating these fields.`,
          fix: changed.some((c) => c.startsWith('volume claim template'))
            ? `Keep the previous value; to grow the volumes, expand each PersistentVolumeClaim (kubectl -n ${now.namespace} patch pvc ... with a storage class that allows expansion), then kubectl -n ${now.namespace} delete statefulset ${now.name} --cascade=orphan and apply: the new StatefulSet adopts the running pods and their claims.`
            : `Keep the previous value; when it must change, kubectl -n ${now.namespace} delete statefulset ${now.name} --cascade=orphan and apply the new one (the pods keep running and their claims stay), only if the new selector still matches the pods; otherwise build the members anew beside the old ones and move the data.`,
        });
      }
    }
    return violations;
  },
};

/** The forbidden fields that differ, for people; size shrink and class change are left to MS-CHANGE-STORAGE. */
function changedFields(before: StatefulSetRecord, now: StatefulSetRecord): string[] {
  const out: string[] = [];
  if (before.selector !== now.selector) out.push(`selector ${before.selector} → ${now.selector}`);
  if (before.serviceName !== now.serviceName) out.push(`serviceName ${before.serviceName} → ${now.serviceName}`);
  if (before.podManagementPolicy !== now.podManagementPolicy) out.push(`podManagementPolicy ${before.podManagementPolicy} → ${now.podManagementPolicy}`);
  const names = (s: StatefulSetRecord) => s.volumeClaimTemplates.map((v) => v.name).sort().join(', ');
  if (names(before) !== names(now)) out.push(`volume claim templates [${names(before)}] → [${names(now)}]`);
  for (const v of now.volumeClaimTemplates) {
    const old = before.volumeClaimTemplates.find((o) => o.name === v.name);
    if (old && (storageBytes(v.size) ?? 0) > (storageBytes(old.size) ?? 0)) out.push(`volume claim template ${v.name} size ${old.size} → ${v.size}`);
  }
  return out;
}
