import { Rule, Violation } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { missingTerraformPackages, TERRAFORM_PACKAGES_INSTALL } from '../core/terraform-packages';
import { Severity } from '../core/types';
import { terraformStackList, terraformStacksOf } from '../model/terraform-stacks';

/** cdktf and its AWS provider are optional peers: a design that writes Terraform needs them installed. */
export const terraformPackages: Rule = {
  id: 'MS-TERRAFORM-PACKAGES',
  summary: 'a Terraform stack to write, and cdktf or @cdktf/provider-aws not installed',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'The Terraform stacks are written with cdktf and its AWS provider bindings; without them synth could write the Kubernetes side of a design and not the DNS delegation, edge or backup bucket it depends on.',
  check(design: AnalyzedDesign): Violation[] {
    const writers = terraformStackList(terraformStacksOf(design));
    if (writers.length === 0) return [];
    const missing = missingTerraformPackages();
    if (missing.length === 0) return [];
    return writers.map(({ path, what }) => ({
      path,
      message: `${what}, which needs ${missing.join(' and ')}: not installed beside cdk-multisite.`,
      fix: `Install the Terraform packages in the app: ${TERRAFORM_PACKAGES_INSTALL}`,
    }));
  },
};
