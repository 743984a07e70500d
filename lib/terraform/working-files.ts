/**
 * Files Terraform, or a person running it, puts beside a stack in `terraform/<stack>/`: synth
 * neither refuses nor touches them, so `terraform init` need not run again after each synth.
 * Names from Terraform's documentation: the working directory's `.terraform/` and
 * `.terraform.lock.hcl` (https://developer.hashicorp.com/terraform/cli/init), override files
 * (https://developer.hashicorp.com/terraform/language/files/override) and variable definition
 * files loaded automatically (https://developer.hashicorp.com/terraform/language/values/variables#variable-definitions-tfvars-files).
 * Paths are relative to the output folder, with `/`; a folder ends with `/`.
 */
export function isTerraformWorkingFile(relativePath: string): boolean {
  const parts = relativePath.split('/');
  if (parts[0] !== 'terraform' || parts.length < 3 || parts[1] === '') return false;
  const name = parts[2];
  if (name === '.terraform') return parts.length > 3; // the folder itself ('terraform/x/.terraform/') or anything in it
  if (parts.length !== 3) return false;
  return name === '.terraform.lock.hcl'
    || /^(.+_)?override\.tf(\.json)?$/.test(name)
    || /^(terraform|.+\.auto)\.tfvars(\.json)?$/.test(name);
}

/** A Terraform state file or its backup, which must not live in the output folder. */
export function isTerraformState(relativePath: string): boolean {
  return /\.tfstate(\.backup)?$/.test(relativePath);
}
