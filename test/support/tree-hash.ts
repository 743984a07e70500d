import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';

/**
 * Every file, link and folder under `root`: relative path → SHA-256 of a file's bytes, a link's
 * target (links are not followed), or `folder`. Equal before and after means nothing under `root`
 * was added, removed or changed.
 */
export function treeHashes(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string, prefix: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isSymbolicLink()) {
        out[prefix + e.name] = `link:${fs.readlinkSync(p)}`;
      } else if (e.isDirectory()) {
        out[prefix + e.name] = 'folder';
        walk(p, `${prefix}${e.name}/`);
      } else {
        out[prefix + e.name] = createHash('sha256').update(fs.readFileSync(p)).digest('hex');
      }
    }
  };
  if (fs.existsSync(root)) walk(root, '');
  return out;
}
