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
import { execFileSync, execSync, spawnSync } from 'child_process';
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

/** Size of a folder in MB, as `du` counts it. */
function megabytes(dir: string): number {
  return Number(execFileSync('du', ['-sm', dir], { encoding: 'utf-8' }).split('\t')[0]);
}

/** A design with a GSLB zone delegated by Terraform: it needs cdktf and the AWS provider bindings. */
const GSLB_APP = `import { ActiveActiveSite, DeploymentShape, GslbZone, Latency, MultiSiteApp, WitnessSite } from 'cdk-multisite';

const app = new MultiSiteApp({ shape: DeploymentShape.clusterPerSite() });
const dcA = new ActiveActiveSite(app, 'dc-a', { clusterDomain: 'dc-a.example', podCidrs: ['10.10.0.0/16'], dnsAddress: '198.51.100.53', controlPlaneNodes: 3 });
const dcB = new ActiveActiveSite(app, 'dc-b', { clusterDomain: 'dc-b.example', podCidrs: ['10.20.0.0/16'], dnsAddress: '203.0.113.53', controlPlaneNodes: 3 });
const witness = new WitnessSite(app, 'dc-witness', { clusterDomain: 'dc-witness.example', podCidrs: ['10.30.0.0/16'], controlPlaneNodes: 3 });
app.addLink(dcA, dcB, Latency.ofRttMillis(2));
app.addLink(dcA, witness, Latency.ofRttMillis(4));
app.addLink(dcB, witness, Latency.ofRttMillis(4));
new GslbZone(app, 'app-global', { zone: 'app.global.example.com', parentZone: 'example.com', edgeDnsServers: ['192.0.2.53'] });
app.synth();
`;

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

test('README "Use it in your repository": pack, new app, install, synth the README\'s main.ts; dist/ is the lab\'s output; Terraform only when needed', () => {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-multisite-use-it-'));
  try {
    // The pack step: the README packs into the clone's parent folder; here into `work`, beside the new app.
    const pack = readmeBlock('pack');
    const tarball = pack.match(/\.\.\/(cdk-multisite-[\w.-]+\.tgz)/)?.[1];
    const version = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf-8')).version;
    expect(tarball).toBe(`cdk-multisite-${version}.tgz`);
    expect(pack).toContain('npx projen compile && npm pack --pack-destination ..');
    if (!fs.existsSync(path.join(ROOT, '.jsii')) || !fs.existsSync(path.join(ROOT, 'lib', 'index.js')) || fs.statSync(path.join(ROOT, '.jsii')).mtimeMs < newestSource(path.join(ROOT, 'lib'))) {
      run('npx projen compile', ROOT);
    }
    execFileSync('npm', ['pack', '--pack-destination', work], { cwd: ROOT, stdio: 'ignore' });
    expect(fs.existsSync(path.join(work, tarball!))).toBe(true);
    // The package's allowlist (`files` in package.json): the compiled library and what an app reads, none of
    // the repository's own files (tests, examples, CI and lab scripts, the bench, TypeScript sources).
    const entries = execFileSync('tar', ['tzf', path.join(work, tarball!)], { encoding: 'utf-8' }).trim().split('\n').map((e) => e.replace(/^package\//, ''));
    expect(entries.filter((e) => !/^lib\/.*(\.js|\.d\.ts)$/.test(e)).sort()).toEqual(['.jsii', 'API.md', 'LICENSE', 'README.md', 'lib/report/report.schema.json', 'package.json']);

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

    // The lab writes no Terraform: it ran without the optional peers.
    for (const optional of ['cdktf', '@cdktf/provider-aws']) expect(fs.existsSync(path.join(app, 'node_modules', optional))).toBe(false);
    const withoutTerraform = megabytes(path.join(app, 'node_modules'));

    // A design that writes Terraform is refused there, with the README's install command.
    fs.writeFileSync(path.join(app, 'gslb.ts'), GSLB_APP);
    const refused = spawnSync('npx', ['ts-node', 'gslb.ts'], { cwd: app, encoding: 'utf-8', env: { ...process.env, CDK8S_OUTDIR: 'dist-gslb' } });
    expect(refused.status).not.toBe(0);
    const install = readmeBlock('terraform').trim();
    expect(refused.stderr).toContain('[ERROR] MS-TERRAFORM-PACKAGES at app-global: GSLB zone app.global.example.com is delegated by the Terraform stack terraform/app-global/, which needs cdktf@0.21.0 and @cdktf/provider-aws@20.1.0');
    expect(refused.stderr).toContain(`fix: Install the Terraform packages in the app: ${install}`);
    expect(fs.existsSync(path.join(app, 'dist-gslb'))).toBe(false);

    // That command, as the README gives it, makes the same design synthesize with its stack.
    run(install, app);
    run('CDK8S_OUTDIR=dist-gslb npx ts-node gslb.ts', app);
    expect(fs.existsSync(path.join(app, 'dist-gslb', 'terraform', 'app-global', 'cdk.tf.json'))).toBe(true);
    process.stderr.write(`use-it: node_modules ${withoutTerraform} MB without the Terraform packages, ${megabytes(path.join(app, 'node_modules'))} MB with them\n`);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});
