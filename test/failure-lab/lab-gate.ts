import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { acquireLabLock, destroyLabNetwork, releaseLabLock } from './netns';

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

/**
 * What every lab needs of the host: root (for `ip netns`) and `binaries` on the PATH (or in the
 * sbin folders). `packages` names what provides them, for the message. Empty when all is there.
 */
export function labHostProblems(binaries: readonly string[], packages?: string): string[] {
  const problems: string[] = [];
  if (typeof process.getuid === 'function' && process.getuid() !== 0) problems.push('not running as root (ip netns needs root)');
  const missing = binaries.filter((b) => !which(b));
  if (missing.length) problems.push(`missing ${missing.join(', ')}${packages ? ` (${packages})` : ''}`);
  return problems;
}

/** A lab's reason not to run, from its problems: undefined when there are none. */
export function labUnavailableBecause(problems: readonly string[]): string | undefined {
  if (!problems.length) return undefined;
  return `${problems.join('; ')}. Run 'sudo bash scripts/failure-lab-setup.sh' (Debian bookworm) and run the lab as root.`;
}

/** The path of an executable `bin` on the PATH or in the sbin and bin folders, undefined when there is none. */
export function which(bin: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(':').concat(['/usr/sbin', '/sbin', '/usr/bin', '/bin'])) {
    const p = path.join(dir, bin);
    try {
      fs.accessSync(p, fs.constants.X_OK);
      return p;
    } catch {
      // next
    }
  }
  return undefined;
}

/** What a lab's afterAll stops, removes and reports. */
export interface LabFinish {
  /** The lab's name in log lines: `etcd lab`. */
  readonly name: string;
  /** Stops the lab's processes. */
  readonly stop: () => Promise<void>;
  /** The lab's temp folder: removed, or kept with its logs when a test failed. */
  readonly root: string | undefined;
  /** The report's lines, given what the network cleanup removed. */
  readonly report: (removed: readonly string[]) => string[];
  /** The file under test-reports/ the report is written to. */
  readonly reportFile: string;
}

/**
 * One run of a lab: the machine-wide lab lock it holds, the SIGINT/SIGTERM handlers that give
 * the names back if the run is killed, and whether a test failed (then its logs are kept).
 */
export class LabRun {
  private failedTest = false;
  private locked = false;
  private readonly onSignal = (signal: NodeJS.Signals): void => {
    if (this.locked) {
      destroyLabNetwork();
      releaseLabLock();
    }
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };

  /** Whether a guarded body threw, or the lab never came up. */
  public get failed(): boolean {
    return this.failedTest;
  }

  /**
   * The start of beforeAll: installs the signal handlers and waits up to `waitMs` for the lab
   * lock (one lab per machine owns the msl- names). The run counts as failed until {@link started}.
   */
  public async begin(waitMs: number): Promise<void> {
    process.once('SIGINT', this.onSignal);
    process.once('SIGTERM', this.onSignal);
    await acquireLabLock(waitMs);
    this.locked = true;
    this.failedTest = true;
  }

  /** The lab is up: from here only a failing test keeps the logs. */
  public started(): void {
    this.failedTest = false;
  }

  /** A test body that marks the run failed when it throws. */
  public guarded(body: () => Promise<void>): () => Promise<void> {
    return async () => {
      try {
        await body();
      } catch (e) {
        this.failedTest = true;
        throw e;
      }
    };
  }

  /**
   * The lab's afterAll: removes the signal handlers; when this run holds the lock, stops the
   * processes, removes the namespaces (even when stopping failed) and releases the lock, keeps
   * the logs of a failed run, then prints the report and writes it under test-reports/.
   */
  public async finish(f: LabFinish): Promise<void> {
    process.removeListener('SIGINT', this.onSignal);
    process.removeListener('SIGTERM', this.onSignal);
    if (!this.locked) return; // another lab owns the names: touch nothing
    let removed: string[] = [];
    try {
      await f.stop();
    } finally {
      removed = destroyLabNetwork();
      releaseLabLock();
      this.locked = false;
    }
    if (f.root) {
      if (this.failedTest) process.stdout.write(`${f.name}: a test failed; logs kept in ${f.root} (removed by the next run)\n`);
      else fs.rmSync(f.root, { recursive: true, force: true });
    }
    const out = f.report(removed).join('\n');
    process.stdout.write(out);
    fs.mkdirSync('test-reports', { recursive: true });
    fs.writeFileSync(path.join('test-reports', f.reportFile), out);
  }
}
