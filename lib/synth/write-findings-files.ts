import * as fs from 'fs';
import * as path from 'path';
import { FindingsOutput } from './outputs/findings-outputs';
import { isWithin, realPathOf } from './real-path';

/** A findings file as a `MultiSiteApp` option names it. */
export interface FindingsPath {
  readonly output: FindingsOutput;
  /** The path as given, relative to the working directory or absolute. */
  readonly given: string;
}

/** A findings file with the content to write. */
export interface FindingsFile extends FindingsPath {
  readonly content: string;
}

/**
 * Refuses findings-file options that cannot be right whatever the disk holds: a value that is no
 * path, an empty path, two options naming one file, a file inside the output folder (real paths,
 * so a link into it counts). Each message names the option and the path.
 */
export function checkFindingsPaths(options: ReadonlyArray<{ readonly output: FindingsOutput; readonly given: unknown }>, outdir: string, prefix = 'MultiSiteApp:'): FindingsPath[] {
  const paths: FindingsPath[] = [];
  for (const { output, given } of options) {
    if (given === undefined) continue;
    if (typeof given !== 'string') {
      throw new Error(`MultiSiteApp: ${output.option} must be a file path (a string), got ${JSON.stringify(given)} (${typeof given}).`);
    }
    if (given.trim() === '') {
      throw new Error(`MultiSiteApp: ${output.option} is empty (${JSON.stringify(given)}); give a file path such as "${output.example}" beside the output folder, or leave the option out.`);
    }
    refuseInsideOutdir(output, given, outdir, prefix);
    paths.push({ output, given });
  }
  const byRealPath = new Map<string, FindingsPath>();
  for (const p of paths) {
    const real = realPathOf(p.given);
    const first = byRealPath.get(real);
    if (first) {
      throw new Error(`${prefix} ${first.output.option} "${first.given}" and ${p.output.option} "${p.given}" are one file (${real}); one would overwrite the other: give each its own file.`);
    }
    byRealPath.set(real, p);
  }
  return paths;
}

/**
 * Writes each findings file under the output folder's ownership rule: only where no file is, or
 * over a file that carries the marker of the same output (one synth wrote); never through a link
 * (the library makes none), never over a folder, never inside `outdir`. Every file is checked
 * before any is written, so a refusal writes nothing; each file is written to a temporary file
 * beside it and renamed over it, so a failure (a full disk) leaves the previous file whole.
 * Missing parent folders are created. Each refusal names the option, the path and the fix.
 */
export function writeFindingsFiles(files: readonly FindingsFile[], outdir: string): void {
  checkFindingsPaths(files, outdir, 'synth refused');
  for (const file of files) inspectTarget(file);
  const written: string[] = [];
  for (const file of files) {
    try {
      put(path.resolve(file.given), file.content);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'ENOSPC' ? 'the disk is full (ENOSPC)' : (e as Error).message;
      const done = written.length > 0 ? ` ${written.join(' and ')} was written.` : '';
      throw new Error(`synth could not write ${label(file)}: ${why}; the file that was there, if any, is unchanged.${done}`);
    }
    written.push(file.output.option);
  }
}

/** Refuses what is at the file's place when it is not free and not synth's own file; reads only. */
function inspectTarget(file: FindingsFile): void {
  const absolute = path.resolve(file.given);
  const refuse = (why: string) => new Error(`synth refused ${label(file)}: ${why} Nothing was written.`);
  let stat: fs.Stats | undefined;
  try {
    stat = fs.lstatSync(absolute);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') throw refuse(`its parent ${fileAncestor(absolute)} is a file (ENOTDIR), so no file can be created there; choose another path.`);
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw refuse(`${(e as Error).message}.`);
  }
  if (stat === undefined) {
    const ancestor = fileAncestor(absolute);
    if (ancestor !== undefined) throw refuse(`its parent ${ancestor} is a file, not a folder (EEXIST), so no file can be created there; choose another path.`);
    return;
  }
  if (stat.isSymbolicLink()) {
    throw refuse(`it is a link to ${fs.readlinkSync(absolute)}; synth writes a findings file only where no file is or over one it wrote, never through a link it did not make: point ${file.output.option} at a plain file, or remove the link.`);
  }
  if (stat.isDirectory()) {
    throw refuse(`it is a folder (EISDIR); name a file, e.g. "${path.join(file.given, file.output.example)}".`);
  }
  if (!stat.isFile()) throw refuse('it is not a regular file (a FIFO, socket or device); choose another path.');
  let content: string;
  try {
    content = fs.readFileSync(absolute, 'utf-8');
  } catch (e) {
    throw refuse(`it cannot be read to check that synth wrote it: ${(e as Error).message}.`);
  }
  if (!file.output.isOwn(content)) {
    throw refuse(`it is a file synth did not write (not ${file.output.what}), and synth never replaces a file of yours; choose another path, or move the file away.`);
  }
}

function refuseInsideOutdir(output: FindingsOutput, given: string, outdir: string, prefix: string): void {
  const real = realPathOf(given);
  const realOutdir = realPathOf(outdir);
  if (isWithin(path.resolve(given), path.resolve(outdir)) || isWithin(real, realOutdir)) {
    const via = real === path.resolve(given) ? '' : ` (through links: ${real})`;
    throw new Error(`${prefix} ${output.option} "${given}" is inside outdir ${outdir}${via}, which synth replaces whole (and leaves untouched when it refuses); write findings outside it, e.g. "${output.example}" beside it.`);
  }
}

/** The nearest existing ancestor of `absolute` when it is not a folder, else undefined. */
function fileAncestor(absolute: string): string | undefined {
  for (let dir = path.dirname(absolute); dir !== path.dirname(dir); dir = path.dirname(dir)) {
    let stat: fs.Stats | undefined;
    try {
      stat = fs.statSync(dir, { throwIfNoEntry: false });
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOTDIR') continue; // an ancestor further up is the file
      throw e;
    }
    if (stat === undefined) continue;
    return stat.isDirectory() ? undefined : dir;
  }
  return undefined;
}

/** Writes `content` to a temporary file beside `file`, then renames it over `file`. */
function put(file: string, content: string): void {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.tmp`);
  fs.writeFileSync(temp, '', { flag: 'wx' }); // a file of that name that is not ours stops here, untouched
  try {
    fs.writeFileSync(temp, content);
    fs.renameSync(temp, file);
  } catch (e) {
    fs.rmSync(temp, { force: true });
    throw e;
  }
}

function label(file: FindingsPath): string {
  return `${file.output.option} "${file.given}" (${path.resolve(file.given)})`;
}
