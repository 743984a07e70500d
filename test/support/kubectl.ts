import { execFileSync } from 'child_process';

/** Whether `kubectl` (with its built-in kustomize) is on the PATH. */
export function hasKubectl(): boolean {
  try {
    execFileSync('kubectl', ['version', '--client'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/**
 * `test` when kubectl is there; otherwise a skipped test that says so, or, under `CI=true`, a
 * failing one (`.ci/run` requires kubectl 1.27+, whose kustomize v5 honours the entry points' `sortOptions`).
 */
export function kubectlTest(name: string, fn: () => void): void {
  if (hasKubectl()) test(name, fn);
  else if (process.env.CI === 'true') test(name, () => { throw new Error('kubectl is not installed: install kubectl 1.27 or later (kustomize v5)'); });
  else test.skip(`${name} (NOT RUN: kubectl is not installed)`, fn);
}

/** The objects `kubectl kustomize <dir>` builds, as one YAML stream. */
export function kustomize(dir: string): string {
  return execFileSync('kubectl', ['kustomize', dir], { encoding: 'utf-8', maxBuffer: 64 * 1024 * 1024 });
}
