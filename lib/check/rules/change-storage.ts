import { AnalyzedDesign } from '../../analysis/analyzed-design';
import { Severity } from '../../core/types';
import { Rule, Violation } from '../../rules/rule';
import { pairClusters, statefulSetKey } from '../change/cluster-pairs';
import { storageBytes } from '../change/storage-quantity';

/** The class name shown for a claim that names none. */
const DEFAULT_CLASS = '(the default class)';

/**
 * A volume that shrinks or changes storage class. A bound PersistentVolumeClaim can only grow
 * ("shrinking persistent volumes is not supported", https://kubernetes.io/docs/concepts/storage/persistent-volumes/#expanding-persistent-volumes-claims)
 * and its storage class is fixed once bound, so the new size or class reaches only new members,
 * and a member recreated on the new class starts empty.
 */
export const changeStorage: Rule = {
  id: 'MS-CHANGE-STORAGE',
  summary: 'a member volume shrinks or changes storage class',
  severity: Severity.ERROR,
  acknowledgeable: true,
  why: 'A bound volume cannot shrink or change class: members keep the old volumes and new ones differ, and moving the data onto new volumes means rebuilding each member from the others.',
  check(design: AnalyzedDesign): Violation[] {
    const violations: Violation[] = [];
    for (const { previous, current } of pairClusters(design.change).pairs) {
      for (const now of current.statefulSets) {
        const before = previous.statefulSets.find((s) => statefulSetKey(s) === statefulSetKey(now));
        for (const v of now.volumeClaimTemplates) {
          const old = before?.volumeClaimTemplates.find((o) => o.name === v.name);
          if (!old) continue;
          const changes: string[] = [];
          const [was, is] = [storageBytes(old.size), storageBytes(v.size)];
          if (was !== undefined && is !== undefined && is < was) changes.push(`shrinks from ${old.size} to ${v.size}`);
          if ((old.storageClass ?? DEFAULT_CLASS) !== (v.storageClass ?? DEFAULT_CLASS)) changes.push(`changes storage class from ${old.storageClass ?? DEFAULT_CLASS} to ${v.storageClass ?? DEFAULT_CLASS}`);
          if (changes.length === 0) continue;
          violations.push({
            path: current.path,
            message: `volume ${v.name} of StatefulSet ${now.name} (namespace ${now.namespace}, Kubernetes cluster ${now.kubernetesCluster}) ${changes.join(' and ')}.`,
            fix: `Keep ${old.size}${old.storageClass ? ` on ${old.storageClass}` : ''}. To move to smaller volumes or another class, add members on the new volumes beside the old ones (a new StatefulSet or site), let the engine copy the data to them, then remove the old members one at a time.`,
          });
        }
      }
    }
    return violations;
  },
};
