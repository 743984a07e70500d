import { ClusterPlan } from './cluster-plans';
import { apiGroupOf, isCrdBacked } from '../k8s/api-groups';

/** The id of the apply check's findings. */
export const APPLY_INSTALLS_RULE = 'MS-APPLY-INSTALLS';

/**
 * What the apply check found wrong with one cluster: a custom resource (written, or created there
 * by an operator) whose CRD no prerequisite of that cluster installs, or whose operator does not
 * watch its namespace, so it would never apply or never be reconciled.
 */
export interface ApplyInstallsFinding {
  readonly cluster: string;
  readonly message: string;
  readonly fix: string;
}

/**
 * Checks each cluster's plan against the install facts of its prerequisites (`PREREQUISITES`, `./prerequisites.ts`,
 * proven against the upstream installs by `test/apply-check.test.ts`). Groups no known
 * prerequisite installs are listed as preconditions and are not judged here.
 */
export function checkApplyInstalls(plans: readonly ClusterPlan[]): ApplyInstallsFinding[] {
  const out: ApplyInstallsFinding[] = [];
  for (const plan of plans) {
    const known = plan.prerequisites.filter((p) => p.kinds.length > 0);
    const objects = [
      ...plan.objects.map((o) => ({ ...o, what: `${o.kind} in ${o.folder}/${o.file}` })),
      ...plan.operatorCreates.map((o) => ({ ...o, what: `${o.kind} ${o.namespace}/${o.name} (created by ${o.createdBy})` })),
    ];
    for (const o of objects.filter((x) => isCrdBacked(x.apiVersion))) {
      const group = apiGroupOf(o.apiVersion);
      if (!known.some((p) => p.groups.includes(group))) continue;
      const installer = known.find((p) => p.kinds.includes(`${group}/${o.kind}`));
      if (!installer) {
        out.push({
          cluster: plan.label,
          message: `${o.what}: no prerequisite installed in ${plan.label} defines ${group}/${o.kind} (installed: ${plan.prerequisites.map((p) => p.id).join(', ') || 'none'}).`,
          fix: `Install the operator whose CRDs define ${o.kind} in ${plan.label}, or write the object to the cluster that has it.`,
        });
        continue;
      }
      if (o.namespace && installer.watchedNamespaces && !installer.watchedNamespaces.includes(o.namespace)) {
        out.push({
          cluster: plan.label,
          message: `${o.what}: ${installer.id} ${installer.version} watches only ${installer.watchedNamespaces.join(', ') || 'no namespace'}, not ${o.namespace}, so nothing reconciles it.`,
          fix: `Install ${installer.id} to watch ${o.namespace} (its cluster-scoped install), or put the object in ${installer.watchedNamespaces.join(' or ')}.`,
        });
      }
    }
  }
  return out;
}

/** The error synth throws when the apply check finds anything. */
export function applyInstallsRefusal(findings: readonly ApplyInstallsFinding[]): string {
  return [
    `cdk-multisite refused this design: ${findings.length} error(s). Nothing was written.`,
    ...findings.map((f) => `[ERROR] ${APPLY_INSTALLS_RULE} at cluster ${f.cluster}: ${f.message}\n    why: an object whose CRD is not installed fails to apply, and a custom resource in a namespace its operator does not watch is never reconciled, so APPLY.md would not bring the cluster up.\n    fix: ${f.fix}`),
  ].join('\n\n');
}
