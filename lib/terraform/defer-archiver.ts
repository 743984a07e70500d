import { Module } from 'module';
import * as path from 'path';

/**
 * Lets cdktf load without loading `archiver`, about half of what loading cdktf costs.
 *
 * cdktf 0.21.0 requires `archiver` at the top of lib/private/fs.js but calls it only in
 * `runArchive`, which runs when that file is started as a process of its own: `archiveSync`
 * zips a `TerraformAsset` by `execSync('node fs.js src dest')`, so even a design with assets
 * never calls it in this process (hashicorp/terraform-cdk, packages/cdktf/lib/private/fs.ts at
 * e9b4206605eaf00c57fe56b77f5655d20cd47057; node_modules/cdktf/lib/private/fs.js in 0.21.0). This puts a stand-in in `require.cache` under archiver's resolved file name (Node
 * documents adding entries to the cache: https://nodejs.org/docs/latest-v20.x/api/modules.html#requirecache);
 * the first call or property read loads the real package and forwards to it, so a cdktf that
 * did call it in this process would get the same behaviour, only later.
 *
 * Does nothing when cdktf or archiver is loaded already, or when they cannot be resolved as
 * files (a bundled app): cdktf then loads as it always did.
 */
export function deferCdktfArchiver(): void {
  let archiverFile: string;
  try {
    const cdktfFile = require.resolve('cdktf');
    if (require.cache[cdktfFile]) return;
    // Resolved from where cdktf's own `require("archiver")` resolves it: cdktf bundles it.
    archiverFile = require.resolve('archiver', { paths: [path.join(path.dirname(cdktfFile), 'private')] });
  } catch {
    return;
  }
  if (require.cache[archiverFile]) return;
  let real: any;
  const load = () => {
    if (real === undefined) {
      delete require.cache[archiverFile];
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      real = require(archiverFile);
    }
    return real;
  };
  const standIn = new Proxy(function archiver() {}, {
    apply: (_target, self, args) => Reflect.apply(load(), self, args),
    construct: (_target, args) => Reflect.construct(load(), args),
    get: (_target, key) => Reflect.get(load(), key),
    has: (_target, key) => Reflect.has(load(), key),
  });
  const entry = new Module(archiverFile, module);
  entry.filename = archiverFile;
  entry.loaded = true;
  entry.exports = standIn;
  require.cache[archiverFile] = entry;
}
