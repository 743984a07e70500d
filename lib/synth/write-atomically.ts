import * as fs from 'fs';
import * as path from 'path';

/** Writes one file, `relativePath` under the output folder. */
export type WriteFile = (relativePath: string, content: string) => void;

/**
 * Replaces `outdir` with exactly the files `produce` writes, or leaves it as it was: the files
 * go to a staging folder beside it as they are produced (so no file waits in memory for the
 * others) and the folder is swapped in once `produce` returns. When `produce` throws, the
 * staging folder is removed and `outdir` is untouched. Returns the paths written, sorted.
 */
export function writeAtomically(outdir: string, produce: (write: WriteFile) => void): string[] {
  const target = path.resolve(outdir);
  const staging = `${target}.staging-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  const written = new Set<string>();
  const made = new Set<string>();
  const makeDir = (dir: string): void => {
    if (made.has(dir)) return;
    if (dir !== staging) makeDir(path.dirname(dir));
    fs.mkdirSync(dir);
    made.add(dir);
  };
  try {
    makeDir(staging);
    produce((relativePath, content) => {
      if (written.has(relativePath)) throw new Error(`${relativePath} would be written twice: give the two outputs different names.`);
      written.add(relativePath);
      const file = path.join(staging, relativePath);
      makeDir(path.dirname(file));
      fs.writeFileSync(file, content);
    });
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(staging, target);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
  return [...written].sort();
}
