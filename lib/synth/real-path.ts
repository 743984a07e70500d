import * as fs from 'fs';
import * as path from 'path';

/**
 * The real path of `file` (links resolved), or, when it does not exist yet, the real path of its
 * nearest existing ancestor joined with the rest: where a file written at `file` would land.
 */
export function realPathOf(file: string): string {
  const absolute = path.resolve(file);
  try {
    return fs.realpathSync(absolute);
  } catch {
    const parent = path.dirname(absolute);
    return parent === absolute ? absolute : path.join(realPathOf(parent), path.basename(absolute));
  }
}

/** Whether `inner` is `outer` or lies under it (both real or both plain absolute paths). */
export function isWithin(inner: string, outer: string): boolean {
  const relative = path.relative(outer, inner);
  return relative === '' || (relative !== '..' && !relative.startsWith(`..${path.sep}`) && !path.isAbsolute(relative));
}
