/**
 * The packages the Terraform writer loads, at the versions `package.json` pins as optional peer
 * dependencies. A design that writes no Terraform runs without them.
 */
export const TERRAFORM_PACKAGES: readonly string[] = ['cdktf@0.21.0', '@cdktf/provider-aws@20.1.0'];

/** The npm command that installs every Terraform package, to print where they are missing. */
export const TERRAFORM_PACKAGES_INSTALL = `npm install ${TERRAFORM_PACKAGES.join(' ')}`;

let missing: readonly string[] | undefined;

/**
 * Which of `TERRAFORM_PACKAGES` this process cannot load (`name@version`), resolved from the
 * library's own location as its `require` would. Resolving reads no module; the answer is kept
 * for the life of the process.
 */
export function missingTerraformPackages(): readonly string[] {
  missing ??= TERRAFORM_PACKAGES.filter((spec) => !resolvable(spec.slice(0, spec.lastIndexOf('@'))));
  return missing;
}

function resolvable(name: string): boolean {
  try {
    require.resolve(name);
    return true;
  } catch {
    return false;
  }
}
