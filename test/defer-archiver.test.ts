import { spawnSync } from 'child_process';
import * as path from 'path';

/**
 * cdktf's `archiver` stays unloaded while the Terraform is written, the files are the same as
 * with cdktf loaded as it is, and the stand-in forwards to the real package when called. Each
 * case runs in a plain Node process: jest has a module registry of its own, which does not read
 * `require.cache`.
 */
const ROOT = path.resolve(__dirname, '..');

function run(script: string): any {
  // The sources, not a compiled lib/*.js that may be older than them.
  const env = { ...process.env, TS_NODE_PREFER_TS_EXTS: 'true' };
  const r = spawnSync(process.execPath, ['-r', 'ts-node/register/transpile-only', '-e', script], { cwd: ROOT, encoding: 'utf-8', env });
  if (r.status !== 0) throw new Error(`child failed (status ${r.status}):\n${r.stderr}`);
  return JSON.parse(r.stdout.trim().split('\n').pop()!);
}

const DELEGATION = JSON.stringify({
  stackName: 'shop',
  zone: 'shop.example.com',
  parentZone: 'example.com',
  ttlSeconds: 30,
  nameservers: [{ site: 'dc-a', name: 'gslb-ns-dc-a.shop.example.com', address: '192.0.2.1' }],
  backend: { type: 'local', config: { path: '../../../.terraform-state/shop.tfstate' } },
});
const archiverLoaded = 'Object.keys(require.cache).some((f) => f.includes(`${require("path").sep}archiver-utils${require("path").sep}`))';

describe('cdktf without loading archiver', () => {
  const deferred = run(`
    const { createTerraformWriter } = require('./lib/terraform/create-terraform-writer');
    const w = createTerraformWriter();
    w.addDnsDelegation(${DELEGATION});
    const files = Object.fromEntries(w.render());
    const loadedAfterRender = ${archiverLoaded};
    const archiver = require(require.resolve('archiver', { paths: [require('path').dirname(require.resolve('cdktf')) + '/private'] }));
    const zip = archiver('zip');
    console.log(JSON.stringify({ files, loadedAfterRender, loadedAfterCall: ${archiverLoaded}, isArchiver: typeof zip.finalize === 'function', registered: archiver.isRegisteredFormat('zip') }));
  `);
  const eager = run(`
    const { CdktfWriter } = require('./lib/terraform/cdktf-writer');
    const w = new CdktfWriter();
    w.addDnsDelegation(${DELEGATION});
    console.log(JSON.stringify({ files: Object.fromEntries(w.render()), loaded: ${archiverLoaded} }));
  `);

  test('writing the Terraform leaves archiver unloaded (loading cdktf as it is loads it)', () => {
    expect(deferred.loadedAfterRender).toBe(false);
    expect(eager.loaded).toBe(true);
  });

  test('the files are the same bytes', () => {
    expect(Object.keys(deferred.files)).toEqual(['shop/cdk.tf.json']);
    expect(deferred.files).toEqual(eager.files);
  });

  test('a call loads the real archiver and forwards to it', () => {
    expect(deferred.loadedAfterCall).toBe(true);
    expect(deferred.isArchiver).toBe(true);
    expect(deferred.registered).toBe(true);
  });
});
