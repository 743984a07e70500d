import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { lockOutput } from './output-lock';
import { isTerraformWorkingFile, isTerraformState } from '../terraform/working-files';

/** Writes one file, `relativePath` under the output folder. */
export type WriteFile = (relativePath: string, content: string) => void;

/**
 * The record of what synth wrote, inside the output folder, written last: every file with the
 * SHA-256 of its content. The next synth replaces exactly these files and nothing else.
 */
export const OUTPUT_RECORD = '.cdk-multisite-output.json';
const RECORD_KIND = 'cdk-multisite output';
const STAGING_PREFIX = '.cdk-multisite-staging-';
const REPLACED_PREFIX = '.cdk-multisite-replaced-';
/** How many files a refusal names before it says "and N more". */
const LISTED = 20;

/** The record's content. */
interface OutputRecord {
  readonly kind: string;
  readonly version: 1;
  /** Path under the output folder → SHA-256 (hex) of the content synth wrote. */
  readonly files: Record<string, string>;
  /** The analyzed design synth wrote (`DesignRecord`), which the next synth compares with (`lib/check/change/`). */
  readonly design?: unknown;
}

/** What the inspection of the output folder found; nothing has been written yet. */
interface Inspection {
  /** The folder the files go to: the outdir, or the folder its link points at. */
  readonly root: string;
  readonly exists: boolean;
  /** Files of the previous output (from the record) that are still there. */
  readonly owned: readonly string[];
  /** Leftovers of an interrupted synth (staging and replaced folders), removed after success. */
  readonly leftovers: readonly string[];
  readonly hasRecord: boolean;
  /**
   * Folders of the previous output that hold something besides synth's files (Terraform's
   * working files, a folder of someone else's), so they never move whole.
   */
  readonly pinned: ReadonlySet<string>;
}

/**
 * Replaces the files synth wrote last time in `outdir` with exactly the files `produce` writes,
 * or leaves `outdir` as it was.
 *
 * Before anything is written, `outdir` is refused when it is the program's folder or one of its
 * ancestors, a file, a link to a file or to nothing, or when it holds a file synth did not write
 * (not in {@link OUTPUT_RECORD}), or one synth wrote and someone changed since. Terraform's own
 * working files beside a stack (`.terraform/`, the lock file, override and tfvars files) are
 * neither refused nor touched. An empty folder is fine; a folder written by a version of the
 * library without the record is refused, with the advice to delete it once.
 *
 * The files are written through: staged inside the output folder as they are produced (so no
 * file waits in memory for the others, and a symlinked outdir stays a link whose target gets the
 * files), then moved into place by renames within that one folder: the previous files out of
 * the way first, the new ones in, the record last. Any failure, in `produce` or while moving,
 * undoes every rename done so far, so the previous output stays complete and every other file is
 * untouched. Missing parent folders are created (and removed again on failure).
 * One synth at a time writes to a folder: a second one, while the first runs, is refused
 * (see {@link lockOutput}).
 * `design`, when given, is called once every file is produced, and what it returns is kept in the
 * record beside the files, for the next synth to compare.
 * Returns the paths written, sorted.
 */
export function writeAtomically(outdir: string, produce: (write: WriteFile) => void, design?: () => unknown): string[] {
  const label = labelOf(outdir);
  const release = lockOutput(outdir, label);
  try {
    return replaceOutput(outdir, label, produce, design);
  } finally {
    release();
  }
}

/** {@link writeAtomically} once this process holds the output folder. */
function replaceOutput(outdir: string, label: string, produce: (write: WriteFile) => void, design: (() => unknown) | undefined): string[] {
  let inspection: Inspection;
  try {
    inspection = inspect(outdir, label);
  } catch (e) {
    throw withOutdir(e, label);
  }
  const { root } = inspection;

  const createdDirs: string[] = []; // deepest last
  const undoCreatedDirs = () => {
    for (const dir of [...createdDirs].reverse()) {
      try {
        fs.rmdirSync(dir);
      } catch {
        // not empty (someone else wrote there) or already gone: leave it
      }
    }
  };
  const staging = path.join(root, `${STAGING_PREFIX}${process.pid}`);
  const replaced = path.join(root, `${REPLACED_PREFIX}${process.pid}`);
  try {
    if (!inspection.exists) {
      for (const dir of missingFolders(root)) {
        fs.mkdirSync(dir);
        createdDirs.push(dir);
      }
    }
    fs.mkdirSync(staging);
  } catch (e) {
    undoCreatedDirs();
    throw new Error(`synth could not write to ${label}: ${(e as Error).message}. Nothing was changed.`);
  }

  const hashes = new Map<string, string>();
  const made = new Set<string>([staging]);
  const makeDir = (dir: string): void => {
    if (made.has(dir)) return;
    makeDir(path.dirname(dir));
    fs.mkdirSync(dir);
    made.add(dir);
  };
  let designRecord: unknown;
  try {
    produce((relativePath, content) => {
      checkRelative(relativePath);
      if (hashes.has(relativePath)) throw new Error(`${relativePath} would be written twice: give the two outputs different names.`);
      hashes.set(relativePath, sha256(content));
      const file = path.join(staging, relativePath);
      makeDir(path.dirname(file));
      fs.writeFileSync(file, content);
    });
    designRecord = design?.();
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    undoCreatedDirs();
    throw withOutdir(e, label);
  }

  const written = [...hashes.keys()].sort();
  const record: OutputRecord = {
    kind: RECORD_KIND,
    version: 1,
    files: Object.fromEntries(written.map((f) => [f, hashes.get(f)!])),
    ...(designRecord !== undefined ? { design: designRecord } : {}),
  };
  try {
    commit(inspection, staging, replaced, record);
  } catch (e) {
    fs.rmSync(staging, { recursive: true, force: true });
    undoCreatedDirs();
    throw new Error(`synth could not replace the output in ${label}: ${(e as Error).message}. ${(e as CommitError).restored === false
      ? `Some previous files could not be put back: they are in ${replaced}.`
      : 'The previous output is unchanged.'}`);
  }

  // Done: the previous files, the staging folder, leftovers of interrupted runs, and the folders
  // the previous output emptied go.
  fs.rmSync(replaced, { recursive: true, force: true });
  fs.rmSync(staging, { recursive: true, force: true });
  for (const leftover of inspection.leftovers) fs.rmSync(path.join(root, leftover), { recursive: true, force: true });
  removeEmptiedFolders(root, inspection.owned);
  return written;
}

interface CommitError extends Error {
  restored?: boolean;
}

/**
 * Moves the previous files aside, the new ones in, the record last; undoes every move on failure.
 * A folder moves whole when nothing but synth's files lives in it (the previous output's side)
 * or when its place is free (the new side), so a fresh output takes a rename per top-level entry
 * instead of one per file.
 */
function commit(inspection: Inspection, staging: string, replaced: string, record: OutputRecord): void {
  const { root } = inspection;
  const moves: Array<{ from: string; to: string }> = [];
  const dirs: string[] = [];
  const ensureDir = (dir: string): void => {
    if (fs.existsSync(dir)) return;
    ensureDir(path.dirname(dir));
    fs.mkdirSync(dir);
    dirs.push(dir);
  };
  const move = (from: string, to: string): void => {
    ensureDir(path.dirname(to));
    fs.renameSync(from, to);
    moves.push({ from, to });
  };
  /** Every entry of the staged folder `relative` into place: whole where the place is free. */
  const moveIn = (relative: string): void => {
    for (const entry of fs.readdirSync(path.join(staging, relative), { withFileTypes: true })) {
      const name = path.join(relative, entry.name);
      const to = path.join(root, name);
      const existing = fs.lstatSync(to, { throwIfNoEntry: false });
      if (existing === undefined) move(path.join(staging, name), to);
      else if (entry.isDirectory() && existing.isDirectory()) moveIn(name);
      else throw new Error(`${name} is in the way of the new output`);
    }
  };
  try {
    for (const entry of wholeEntries(inspection.owned, inspection.pinned)) move(path.join(root, entry), path.join(replaced, entry));
    if (inspection.hasRecord) move(path.join(root, OUTPUT_RECORD), path.join(replaced, OUTPUT_RECORD));
    moveIn('');
    fs.writeFileSync(path.join(staging, OUTPUT_RECORD), `${JSON.stringify(record, null, 2)}\n`);
    move(path.join(staging, OUTPUT_RECORD), path.join(root, OUTPUT_RECORD));
  } catch (e) {
    let restored = true;
    for (const { from, to } of moves.reverse()) {
      try {
        fs.renameSync(to, from);
      } catch {
        restored = false;
      }
    }
    for (const dir of dirs.reverse()) {
      try {
        fs.rmdirSync(dir);
      } catch {
        // not empty: a file could not be moved back; keep the folder
      }
    }
    (e as CommitError).restored = restored;
    throw e;
  }
}

/**
 * The files of `owned` as few entries as possible: each file's outermost folder that is not
 * pinned (holds nothing but synth's files), or the file itself.
 */
function wholeEntries(owned: readonly string[], pinned: ReadonlySet<string>): string[] {
  const entries = new Set<string>();
  for (const f of owned) {
    const parts = f.split('/');
    let i = 1;
    while (i < parts.length && pinned.has(parts.slice(0, i).join('/'))) i++;
    entries.add(parts.slice(0, i).join('/'));
  }
  return [...entries];
}

/** Refusals, in the order a person would fix them; reads only. */
function inspect(outdir: string, label: string): Inspection {
  const absolute = path.resolve(outdir);
  const cwd = process.cwd();
  refuseIfHoldsCwd(label, absolute, cwd, '');

  let stat: fs.Stats | undefined;
  try {
    stat = fs.lstatSync(absolute);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT' && code !== 'ENOTDIR') throw e;
  }
  if (stat === undefined) {
    for (let dir = path.dirname(absolute); dir !== path.dirname(dir); dir = path.dirname(dir)) {
      if (!fs.existsSync(dir)) continue;
      if (!fs.statSync(dir).isDirectory()) {
        throw new Error(`synth refused ${label}: its parent ${dir} is a file, so the folder cannot be created; move the file or choose another outdir. Nothing was changed.`);
      }
      break;
    }
    return { root: absolute, exists: false, owned: [], leftovers: [], hasRecord: false, pinned: new Set() };
  }

  let root = absolute;
  if (stat.isSymbolicLink()) {
    const target = path.resolve(path.dirname(absolute), fs.readlinkSync(absolute));
    if (!fs.existsSync(absolute)) {
      throw new Error(`synth refused ${label}: it is a link to ${target}, which does not exist; create that folder or remove the link. Nothing was changed.`);
    }
    if (!fs.statSync(absolute).isDirectory()) {
      throw new Error(`synth refused ${label}: it is a link to the file ${target}, not to a folder; point the link at a folder or choose another outdir. Nothing was changed.`);
    }
    root = fs.realpathSync(absolute);
  } else if (!stat.isDirectory()) {
    throw new Error(`synth refused ${label}: it is a file, not a folder; move the file or choose another outdir. Nothing was changed.`);
  }
  refuseIfHoldsCwd(label, fs.realpathSync(absolute), fs.realpathSync(cwd), ', through links,');

  const { files, folders, skipped, leftovers } = listFiles(root);
  const recordPath = path.join(root, OUTPUT_RECORD);
  const hasRecord = files.includes(OUTPUT_RECORD);
  const record = hasRecord ? readRecord(recordPath, label) : undefined;
  const owned: string[] = [];
  const problems: string[] = [];
  for (const f of files) {
    if (f === OUTPUT_RECORD || isTerraformWorkingFile(f)) continue;
    const hash = record?.files[f];
    if (hash === undefined) {
      problems.push(isTerraformState(f)
        ? `${f} (Terraform state: move it out of the output folder, to where the stack's backend keeps its state, see the README, before synth)`
        : f);
    } else if (!fs.lstatSync(path.join(root, f)).isFile() || sha256(fs.readFileSync(path.join(root, f))) !== hash) {
      problems.push(`${f} (changed since synth wrote it)`);
    } else {
      owned.push(f);
    }
  }
  if (problems.length > 0) {
    const listed = problems.slice(0, LISTED).map((p) => `\n  - ${p}`).join('');
    const more = problems.length > LISTED ? `\n  ... and ${problems.length - LISTED} more` : '';
    const advice = record
      ? `synth replaces only the files it wrote (listed in ${OUTPUT_RECORD}); move these files out of the folder, or choose another outdir.`
      : `The folder has no ${OUTPUT_RECORD}, the record synth keeps of what it wrote, so every file in it is someone else's; move them out, or choose another outdir. If it is the output of a cdk-multisite version that kept no record, delete the folder once (rm -r ${JSON.stringify(root)}), after moving out any Terraform state.`;
    const interrupted = leftovers.length > 0
      ? ` A synth was interrupted here (it left ${leftovers.join(', ')}): files it had already moved in are listed above as not synth's; if that is all they are, delete the folder and synth again.`
      : '';
    throw new Error(`synth refused ${label}: it holds ${problems.length} file(s) synth did not write:${listed}${more}\n${advice}${interrupted} Nothing was changed.`);
  }
  // What is not synth's and stays: Terraform's working files and folders, and folders that hold
  // none of synth's files (an empty folder someone made). Their folders are pinned.
  const holding = new Set(owned.flatMap(foldersOf));
  const stays = [...skipped, ...files.filter(isTerraformWorkingFile), ...folders.filter((d) => !holding.has(d))];
  return { root, exists: true, owned, leftovers, hasRecord, pinned: new Set(stays.flatMap(foldersOf)) };
}

/** Refuses an outdir that is, or holds, the folder the program runs in. */
function refuseIfHoldsCwd(label: string, outdir: string, cwd: string, via: string): void {
  const relative = path.relative(outdir, cwd);
  const why = 'synth replaces what is in its outdir, so give it a folder of its own, such as "dist". Nothing was changed.';
  if (relative === '') throw new Error(`synth refused ${label}: it is${via} the program's folder; ${why}`);
  if (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative)) {
    throw new Error(`synth refused ${label}: it holds${via} the program's folder (${cwd}); ${why}`);
  }
}

/** The folders `relative` lies in, innermost first (`a/b/c` → `a/b`, `a`). */
function foldersOf(relative: string): string[] {
  const out: string[] = [];
  for (let d = path.posix.dirname(relative); d !== '.'; d = path.posix.dirname(d)) out.push(d);
  return out;
}

/**
 * Every file (and link) under `root`, relative and sorted, without descending into links, and
 * every folder; Terraform's working folders (not descended into) and leftovers of interrupted
 * runs apart.
 */
function listFiles(root: string): { files: string[]; folders: string[]; skipped: string[]; leftovers: string[] } {
  const files: string[] = [];
  const folders: string[] = [];
  const skipped: string[] = [];
  const leftovers: string[] = [];
  const walk = (dir: string, prefix: string): void => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const relative = prefix + entry.name;
      if (prefix === '' && (entry.name.startsWith(STAGING_PREFIX) || entry.name.startsWith(REPLACED_PREFIX))) {
        leftovers.push(relative);
      } else if (entry.isDirectory()) {
        if (isTerraformWorkingFile(`${relative}/`)) {
          skipped.push(relative);
          continue;
        }
        folders.push(relative);
        walk(path.join(dir, entry.name), `${relative}/`);
      } else {
        files.push(relative);
      }
    }
  };
  walk(root, '');
  return { files: files.sort(), folders, skipped, leftovers };
}

function readRecord(file: string, label: string): OutputRecord {
  let record: Partial<OutputRecord> | undefined;
  try {
    record = JSON.parse(fs.readFileSync(file, 'utf-8'));
  } catch {
    record = undefined;
  }
  const valid = record !== undefined && record !== null && record.kind === RECORD_KIND && record.version === 1
    && typeof record.files === 'object' && record.files !== null && Object.values(record.files).every((h) => typeof h === 'string');
  if (!valid) {
    throw new Error(`synth refused ${label}: ${OUTPUT_RECORD} is not the record synth writes, so it cannot tell its files from yours; restore the record, or move your files out and delete the folder. Nothing was changed.`);
  }
  return record as OutputRecord;
}

/** The folders to create, outermost first, for `dir` to exist. */
function missingFolders(dir: string): string[] {
  const missing: string[] = [];
  for (let d = dir; !fs.existsSync(d); d = path.dirname(d)) missing.unshift(d);
  return missing;
}

/** Removes the folders of the previous files that are empty now, deepest first, never `root`. */
function removeEmptiedFolders(root: string, previous: readonly string[]): void {
  const folders = new Set<string>();
  for (const f of previous) {
    for (let d = path.dirname(f); d !== '.'; d = path.dirname(d)) folders.add(d);
  }
  for (const d of [...folders].sort((a, b) => b.length - a.length)) {
    try {
      fs.rmdirSync(path.join(root, d));
    } catch {
      // not empty, or gone
    }
  }
}

function checkRelative(relativePath: string): void {
  const normal = path.posix.normalize(relativePath);
  if (normal !== relativePath || path.isAbsolute(relativePath) || normal.startsWith('../') || normal === '..'
    || normal === OUTPUT_RECORD || normal.startsWith(STAGING_PREFIX) || normal.startsWith(REPLACED_PREFIX)) {
    throw new Error(`${JSON.stringify(relativePath)} is not a file name synth may write: use a normalized path inside the output folder.`);
  }
}

/** What a person does about a file-system error while synth reads or stages the output. */
const FS_ERROR_ADVICE: Record<string, string> = {
  ENOSPC: 'the disk is full; free space and synth again',
  EDQUOT: 'the disk quota is used up; free space and synth again',
  ELOOP: 'a link in the path leads back to itself; fix or remove the link',
  ENOTDIR: 'a part of the path is a file, not a folder; move the file or choose another outdir',
  EACCES: 'synth may not read or write there; fix the permissions or choose another outdir',
  EPERM: 'synth may not read or write there; fix the permissions or choose another outdir',
  EROFS: 'the file system is read-only; choose another outdir',
  ENAMETOOLONG: 'a path is too long for the file system; choose a shorter outdir',
};

/**
 * A file-system error (ENOSPC, ELOOP, ENOTDIR, ...) raised before the output is replaced, as an
 * error that names the output folder and what to do; any other error as it is.
 */
function withOutdir(e: unknown, label: string): unknown {
  const code = (e as NodeJS.ErrnoException)?.code;
  if (typeof code !== 'string' || !/^E[A-Z]+$/.test(code) || (e as Error).message.includes(label)) return e;
  const advice = FS_ERROR_ADVICE[code] ?? 'see the error above';
  return new Error(`synth could not write to ${label}: ${advice} (${(e as Error).message}). The previous output is unchanged.`);
}

function labelOf(outdir: string): string {
  const fromEnv = process.env.CDK8S_OUTDIR !== undefined && process.env.CDK8S_OUTDIR === outdir ? ', from CDK8S_OUTDIR' : '';
  return `outdir ${JSON.stringify(outdir)} (${path.resolve(outdir)}${fromEnv})`;
}

function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
