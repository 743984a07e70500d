import { createHash } from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { realPathOf } from './real-path';

/**
 * The lock file that holds the output folder `root` (its real path) for one synth at a time. It
 * lives in the system's temporary folder, not beside the output, so a lock never shows in the
 * user's folders; synths on one machine share it (`os.tmpdir()`).
 */
export function outputLockFile(root: string): string {
  return path.join(os.tmpdir(), `cdk-multisite-output-${createHash('sha256').update(realPathOf(root)).digest('hex').slice(0, 32)}.lock`);
}

/**
 * Takes the lock of the output folder `root` for this process, or throws, naming the process
 * that holds it, when another synth is writing there. A lock left by a process that no longer
 * runs is taken over; one whose holder cannot be read (being written this instant) is not. Returns the function that releases it.
 */
export function lockOutput(root: string, label: string): () => void {
  const file = outputLockFile(root);
  for (let attempt = 0; ; attempt++) {
    try {
      fs.writeFileSync(file, `${JSON.stringify({ pid: process.pid, root: realPathOf(root), since: new Date().toISOString() })}\n`, { flag: 'wx' });
      return () => fs.rmSync(file, { force: true });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST' || attempt > 0) throw lockError(e, file, label);
    }
    const holder = readHolder(file);
    if (holder === undefined || running(holder.pid)) {
      const who = holder === undefined ? 'another synth' : `another synth (process ${holder.pid}, since ${holder.since})`;
      throw new Error(`synth refused ${label}: ${who} is writing to it; run synth again when it has finished. If no synth runs, delete ${file}. Nothing was changed.`);
    }
    // Left by a process that ended without releasing it (killed): take it over.
    try {
      fs.rmSync(file, { force: true });
    } catch (e) {
      throw new Error(`synth could not lock ${label}: the lock ${file} was left by process ${holder.pid}, which no longer runs, and cannot be removed (${(e as Error).message}); delete it, then synth again. Nothing was changed.`);
    }
  }
}

interface Holder {
  readonly pid: number;
  readonly since: string;
}

function readHolder(file: string): Holder | undefined {
  try {
    const holder = JSON.parse(fs.readFileSync(file, 'utf-8'));
    return Number.isInteger(holder?.pid) ? holder : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a process with this id runs (signal 0 checks without sending anything). */
function running(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function lockError(e: unknown, file: string, label: string): Error {
  return new Error(`synth could not lock ${label} (${file}): ${(e as Error).message}. Nothing was changed.`);
}
