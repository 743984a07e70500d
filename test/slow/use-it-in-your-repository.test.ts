/**
 * README "Use it in your repository", done as written: pack the library, make a new app in a
 * temporary folder, run the README's install commands there, write the README's cdk8s.yaml,
 * tsconfig.json and main.ts, run its synth command, and compare `dist/` with what the
 * reference lab (examples/lab) writes. Everything is taken from README.md, so the two cannot drift.
 *
 * npm installs from its cache: `npm ci` in this repository has put every tarball there, but not
 * the registry's package metadata, so `--offline` cannot resolve the README's version ranges on a
 * fresh machine; `npm_config_prefer_offline` takes tarballs from the cache and asks the registry
 * only for what the cache lacks.
 */
import { execFileSync, execSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { labDesign } from '../../examples/lab/design';
import { readTree, tempOutdir } from '../support/designs';

jest.setTimeout(15 * 60_000);

const ROOT = path.resolve(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');

/** The fenced block right after `<!-- use-it:<marker> -->` in README.md. */
function readmeBlock(marker: string): string {
  const at = README.indexOf(`<!-- use-it:${marker} -->`);
  if (at < 0) throw new Error(`README.md has no <!-- use-it:${marker} --> block`);
  const m = README.slice(at).match(/```[a-z]*\n([\s\S]*?)```/);
  if (!m) throw new Error(`README.md: no fenced block after <!-- use-it:${marker} -->`);
  return m[1];
}

/** Newest modification time of the library's TypeScript sources. */
function newestSource(dir: string): number {
  let newest = 0;
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) newest = Math.max(newest, fs.statSync(p).mtimeMs);
  }
  return newest;
}

function run(command: string, cwd: string): void {
  const started = Date.now();
  execSync(command, {
    cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, npm_config_prefer_offline: 'true', npm_config_audit: 'false', npm_config_fund: 'false', npm_config_update_notifier: 'false' },
    maxBuffer: 64 * 1024 * 1024,
  });
  process.stderr.write(`use-it: ${command.split('\n')[0]} (${((Date.now() - started) / 1000).toFixed(1)} s)\n`);
}

test('README "Use it in your repository": pack, new app, install, synth the README\'s main.ts; dist/ is the lab\'s output', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-multisite-use-it-'));
  try {
    // The pack step: the README packs into the clone's parent folder; here into `work`, beside the new app.
    const pack = readmeBlock('pack');
    const tarball = pack.match(/\.\.\/(cdk-multisite-[\w.-]+\.tgz)/)?.[1];
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8')).version;
    expect(tarball).toBe(`cdk-multisite-${version}.tgz`);
    expect(pack).toContain('npx projen compile && npm pack --pack-destination ..');
    if (!fs.existsSync(path.join(ROOT, '.jsii')) || fs.statSync(path.join(ROOT, '.jsii')).mtimeMs < newestSource(path.join(ROOT, 'lib'))) {
      run('npx projen compile', ROOT);
    }
    execFileSync('npm', ['pack', '--pack-destination', work], { cwd: ROOT, stdio: 'ignore' });
    expect(fs.existsSync(path.join(work, tarball!))).toBe(true);

    // The install block, verbatim, from `work` (its first line makes my-sites and enters it).
    run(readmeBlock('install'), work);
    const app = path.join(work, 'my-sites');
    for (const file of ['cdk8s.yaml', 'tsconfig.json', 'main.ts']) fs.writeFileSync(path.join(app, file), readmeBlock(`file ${file}`));
    run(readmeBlock('synth'), app);

    const lab = tempOutdir();
    labDesign(lab).synth();
    const written = readTree(path.join(app, 'dist'));
    expect(written.size).toBeGreaterThan(10);
    expect(Object.fromEntries(written)).toEqual(Object.fromEntries(readTree(lab)));
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});
