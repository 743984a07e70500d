import { TerraformBackendModel } from '../model/design';

/** The placeholder for the stack's name in backend settings. */
const STACK = '{stack}';

/**
 * The local state of a stack when the user configured no backend, relative to the stack's folder
 * `<outdir>/terraform/<stack>/`, where Terraform runs: `.terraform-state/<stack>.tfstate` beside
 * the output folder, so no synth ever replaces it and the stack stays portable (no absolute path).
 * The operating system resolves the `..`, so beside a symlinked outdir's target, not the link.
 */
export const DEFAULT_STATE_PATH = `../../../.terraform-state/${STACK}.tfstate`;

/** One stack's backend block: `terraform { backend "<type>" { ...config } }`. */
export interface StackBackend {
  readonly type: string;
  readonly config: Readonly<Record<string, unknown>>;
}

/**
 * The backend of each stack: the user's, with `{stack}` replaced by the stack's name, or the
 * default local state. Throws when several stacks would share one state.
 */
export function stackBackends(backend: TerraformBackendModel | undefined, stacks: readonly string[]): Map<string, StackBackend> {
  const chosen: TerraformBackendModel = backend ?? { type: 'local', config: { path: DEFAULT_STATE_PATH } };
  if (stacks.length > 1 && !mentionsStack(chosen.config)) {
    throw new Error(`MultiSiteAppProps.terraformBackend: the ${chosen.type} backend's settings hold no ${STACK}, so the stacks ${stacks.join(', ')} would share one state `
      + `(each apply would delete what the others created); put ${STACK} in the state's key or path, e.g. "cdk-multisite/${STACK}.tfstate".`);
  }
  return new Map(stacks.map((stack) => [stack, { type: chosen.type, config: replaceStack(chosen.config, stack) as Record<string, unknown> }]));
}

function mentionsStack(value: unknown): boolean {
  if (typeof value === 'string') return value.includes(STACK);
  if (Array.isArray(value)) return value.some(mentionsStack);
  if (value !== null && typeof value === 'object') return Object.values(value).some(mentionsStack);
  return false;
}

function replaceStack(value: unknown, stack: string): unknown {
  if (typeof value === 'string') return value.split(STACK).join(stack);
  if (Array.isArray(value)) return value.map((v) => replaceStack(v, stack));
  if (value !== null && typeof value === 'object') return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceStack(v, stack)]));
  return value;
}
