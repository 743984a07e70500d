import { NO_PLACEMENT_REMEDY, Rule, Violation } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { Severity } from '../core/types';
import { terraformStackList, terraformStacksOf } from '../model/terraform-stacks';

/** One folder, one Terraform stack: `terraform/<name>/` is named after the construct it is written for. */
export const terraformStackUnique: Rule = {
  id: 'MS-TERRAFORM-STACK-UNIQUE',
  summary: 'two Terraform stacks with one name (zone delegation, anycast edge, backup bucket)',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'Stacks are written to terraform/<name>/ with their state under that name: two stacks of one name cannot both be written, and with a shared backend one apply would destroy what the other created.',
  check(design: AnalyzedDesign): Violation[] {
    const first = new Map<string, { path: string; what: string }>();
    const out: Violation[] = [];
    for (const stack of terraformStackList(terraformStacksOf(design))) {
      const earlier = first.get(stack.name);
      if (earlier === undefined) {
        first.set(stack.name, stack);
        continue;
      }
      out.push({
        path: stack.path,
        message: `two Terraform stacks are named ${stack.name}: ${stack.what}; and ${earlier.path}: ${earlier.what}.`,
        placement: NO_PLACEMENT_REMEDY,
        fix: 'Rename one of the two constructs (the GslbZone\'s or AnycastVip\'s id, or the cluster, which name the stacks) so that their stacks differ.',
      });
    }
    return out;
  },
};
