import * as fs from 'fs';
import * as path from 'path';

/**
 * Replaces `outdir` with exactly `files` (relative path → content), or leaves it as it
 * was: everything is written to a staging folder beside it first and swapped in at the end.
 */
export function writeAtomically(outdir: string, files: ReadonlyMap<string, string>): void {
  const target = path.resolve(outdir);
  const staging = `${target}.staging-${process.pid}`;
  fs.rmSync(staging, { recursive: true, force: true });
  try {
    const made = new Set<string>();
    for (const rel of [...files.keys()].sort()) {
      const file = path.join(staging, rel);
      const dir = path.dirname(file);
      if (!made.has(dir)) {
        fs.mkdirSync(dir, { recursive: true });
        made.add(dir);
      }
      fs.writeFileSync(file, files.get(rel)!);
    }
    if (files.size === 0) fs.mkdirSync(staging, { recursive: true });
    fs.rmSync(target, { recursive: true, force: true });
    fs.renameSync(staging, target);
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}
