import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { destroyLabNetwork } from './netns';

/** Whether this is a CI run (CI set to anything but empty, 0 or false). */
export function isCi(): boolean {
  const ci = (process.env.CI ?? '').trim().toLowerCase();
  return ci !== '' && ci !== '0' && ci !== 'false';
}

/**
 * Whether this run asked for a lab: the jest command line names test/failure-lab (jest then
 * runs the files in band, in this process) or MSL_FAILURE_LAB=1. A run of the whole test
 * folder (`npx projen test`, several files in worker processes) skips the labs: they take
 * minutes, need root, and must not run twice at once on one machine.
 */
export function labRequested(): boolean {
  const env = (process.env.MSL_FAILURE_LAB ?? '').trim().toLowerCase();
  return env === '1' || env === 'true' || process.argv.some((a) => a.includes('failure-lab'));
}

/**
 * Runs `fn` when the lab was asked for and can run; otherwise it fails under CI (saying why) and
 * is skipped elsewhere, saying so.
 */
export function describeLab(name: string, lab: string, unavailableReason: () => string | undefined, fn: () => void): void {
  if (!labRequested()) {
    describe.skip(name, fn);
    return;
  }
  const reason = unavailableReason();
  if (!reason) {
    describe(name, fn);
  } else if (isCi()) {
    describe(name, () => {
      test('root and the lab packages are available', () => {
        throw new Error(`The ${lab} cannot run under CI: ${reason}`);
      });
    });
  } else {
    // eslint-disable-next-line no-console
    console.warn(`The ${lab} was NOT run: ${reason} (Under CI=true this is a failure.)`);
    describe.skip(name, fn);
  }
}

/** Removes what an earlier, crashed run left: processes, namespaces, links, and temp dirs named `tmpPrefix…`. */
export function cleanLeftovers(tmpPrefix: string): string[] {
  const removed = destroyLabNetwork();
  for (const e of fs.readdirSync(os.tmpdir())) {
    if (e.startsWith(tmpPrefix)) {
      fs.rmSync(path.join(os.tmpdir(), e), { recursive: true, force: true });
      removed.push(`dir ${e}`);
    }
  }
  return removed;
}
