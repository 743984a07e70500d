/**
 * The README's `cdk8s.yaml` flow with Terraform, run with the real cdk8s CLI: `npx cdk8s synth`
 * (which deletes its `output:` folder before every run, cdk8s-cli lib/cli/cmds/synth.js) writes a
 * design with a GSLB zone; its stack is initialized and applied against moto; `npx cdk8s synth`
 * again; `terraform plan` shows no changes without a new `init` (Terraform's `.terraform/`,
 * `.terraform.lock.hcl` and the override survived); then a refused design leaves the last good
 * output byte-identical. The app folder takes cdk8s.yaml verbatim from the README; main.ts is the
 * README's pattern (`outdir: 'dist'`) with a GSLB zone.
 *
 * The app resolves `cdk-multisite` to this checkout's TypeScript sources through a shim package
 * (ts-node in transpile-only mode compiles them, with a rootDir that holds both folders), so no
 * `projen compile` or `npm pack` is needed;
 * the CLI, ts-node and the peers are this checkout's node_modules.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { readTree, tempOutdir } from '../support/designs';
import {
  apply, describeTerraform, destroy, init, MotoServer, planIsEmpty, route53, startMoto, writeMotoOverride,
} from '../support/terraform';
import { treeHashes } from '../support/tree-hash';

jest.setTimeout(15 * 60_000);

const ROOT = path.resolve(__dirname, '..', '..');
const README = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf-8');

/** The fenced block right after `<!-- use-it:<marker> -->` in README.md. */
function readmeBlock(marker: string): string {
  const m = README.slice(README.indexOf(`<!-- use-it:${marker} -->`)).match(/```[a-z]*\n([\s\S]*?)```/);
  if (!m) throw new Error(`README.md: no fenced block after <!-- use-it:${marker} -->`);
  return m[1];
}

/** A per-cluster design with a GSLB zone delegated by Terraform (a k8gb Gslb per active site); with a CockroachDB cluster 2+1 over two sites, refused. */
function mainTs(refused: boolean): string {
  return `import { ActiveActiveSite, DeploymentShape, DistributedSqlCluster, GslbTarget, GslbZone, Latency, MultiSiteApp, SqlEngine, WitnessSite } from 'cdk-multisite';

const app = new MultiSiteApp({ outdir: 'dist', shape: DeploymentShape.clusterPerSite() });
const dcA = new ActiveActiveSite(app, 'dc-a', { clusterDomain: 'dc-a.example', podCidrs: ['10.10.0.0/16'], dnsAddress: '198.51.100.53', controlPlaneNodes: 3 });
const dcB = new ActiveActiveSite(app, 'dc-b', { clusterDomain: 'dc-b.example', podCidrs: ['10.20.0.0/16'], dnsAddress: '203.0.113.53', controlPlaneNodes: 3 });
const witness = new WitnessSite(app, 'dc-witness', { clusterDomain: 'dc-witness.example', podCidrs: ['10.30.0.0/16'], controlPlaneNodes: 3 });
app.addLink(dcA, dcB, Latency.ofRttMillis(2));
app.addLink(dcA, witness, Latency.ofRttMillis(4));
app.addLink(dcB, witness, Latency.ofRttMillis(4));
const zone = new GslbZone(app, 'app-global', { zone: 'app.global.example.com', parentZone: 'example.com', edgeDnsServers: ['192.0.2.53'] });
zone.addHost({ hostname: 'shop', namespace: 'shop', target: GslbTarget.ingress('shop') });
${refused ? "new DistributedSqlCluster(app, 'crdb', { engine: SqlEngine.cockroachDb({ replicationFactor: 3 }), placement: [{ site: dcA, voters: 2 }, { site: dcB, voters: 1 }] });\n" : ''}app.synth();
console.error(app.summary());
`;
}

/** An app folder whose node_modules are this checkout's, `cdk-multisite` a shim onto lib/index.ts. */
function appFolder(): string {
  const app = path.join(tempOutdir(), 'my-sites');
  fs.mkdirSync(path.join(app, 'node_modules', 'cdk-multisite'), { recursive: true });
  fs.symlinkSync(path.join(ROOT, 'node_modules', '.bin'), path.join(app, 'node_modules', '.bin'));
  fs.writeFileSync(path.join(app, 'node_modules', 'cdk-multisite', 'package.json'), '{ "name": "cdk-multisite", "main": "index.js", "types": "index.d.ts" }\n');
  fs.writeFileSync(path.join(app, 'node_modules', 'cdk-multisite', 'index.js'), `module.exports = require(${JSON.stringify(path.join(ROOT, 'lib', 'index.ts'))});\n`);
  fs.writeFileSync(path.join(app, 'node_modules', 'cdk-multisite', 'index.d.ts'), `export * from ${JSON.stringify(path.join(ROOT, 'lib', 'index'))};\n`);
  fs.writeFileSync(path.join(app, 'package.json'), '{ "name": "my-sites", "private": true }\n');
  for (const file of ['cdk8s.yaml', 'tsconfig.json']) fs.writeFileSync(path.join(app, file), readmeBlock(`file ${file}`));
  return app;
}

/** The README's synth command in `app`; returns its exit status and output. */
function cdk8sSynth(app: string): { status: number | null; output: string } {
  const command = readmeBlock('synth').trim();
  const r = spawnSync(command, {
    cwd: app,
    shell: true,
    encoding: 'utf-8',
    // The sources live outside the app folder: TypeScript 6 wants a rootDir that holds both.
    env: { ...process.env, TS_NODE_TRANSPILE_ONLY: 'true', TS_NODE_COMPILER_OPTIONS: '{"rootDir":"/"}', npm_config_update_notifier: 'false' },
  });
  return { status: r.status, output: `${r.stdout}\n${r.stderr}` };
}

describeTerraform('the README\'s cdk8s.yaml flow: npx cdk8s synth, Terraform against moto, re-synth, plan without init', () => {
  let moto: MotoServer | undefined;
  let app: string;

  beforeAll(async () => {
    app = appFolder();
    moto = await startMoto();
  });

  afterAll(async () => {
    await moto?.stop();
    if (app) fs.rmSync(path.dirname(app), { recursive: true, force: true });
  });

  test('Terraform\'s working files survive the CLI; a refused design leaves the last good output', async () => {
    expect(readmeBlock('file cdk8s.yaml')).toContain('output: cdk8s.out');
    fs.writeFileSync(path.join(app, 'main.ts'), mainTs(false));
    const first = cdk8sSynth(app);
    if (first.status !== 0) throw new Error(`cdk8s synth failed:\n${first.output}`);
    const dist = path.join(app, 'dist');
    const stackDir = path.join(dist, 'terraform', 'app-global');
    expect(fs.existsSync(path.join(stackDir, 'cdk.tf.json'))).toBe(true);
    // The CLI's folder has the manifests, and only them; the CLI listed them.
    const copy = readTree(path.join(app, 'cdk8s.out'));
    expect([...copy.keys()].sort()).toEqual(['dc-a/kustomization.yaml', 'dc-a/shop/gslb-shop-app-global.yaml', 'dc-b/kustomization.yaml', 'dc-b/shop/gslb-shop-app-global.yaml']);
    for (const [file, content] of copy) expect(fs.readFileSync(path.join(dist, file), 'utf-8')).toBe(content);
    expect(first.output).toContain('cdk8s.out/dc-a/shop/gslb-shop-app-global.yaml');

    const r53 = route53(moto!.endpoint);
    const parent = await r53.createHostedZone('example.com');
    writeMotoOverride(stackDir, moto!.endpoint);
    init(stackDir, { stateRoot: app });
    apply(stackDir);
    expect(await r53.findRecordSets(parent.id, 'app.global.example.com', 'NS')).toHaveLength(1);
    const lockFile = fs.readFileSync(path.join(stackDir, '.terraform.lock.hcl'));

    // Synth again through the CLI: it deletes cdk8s.out/, not dist/.
    const second = cdk8sSynth(app);
    if (second.status !== 0) throw new Error(`the second cdk8s synth failed:\n${second.output}`);
    for (const kept of ['.terraform', 'provider_override.tf.json']) expect(fs.existsSync(path.join(stackDir, kept))).toBe(true);
    expect(fs.readFileSync(path.join(stackDir, '.terraform.lock.hcl'))).toEqual(lockFile);
    const plan = planIsEmpty(stackDir); // no init in between
    if (!plan.empty) throw new Error(`the plan after a re-synth is not empty:\n${plan.result.stdout}`);

    // A refused design: the CLI fails, dist/ (with Terraform's files) is byte-identical.
    const lastGood = treeHashes(dist);
    fs.writeFileSync(path.join(app, 'main.ts'), mainTs(true));
    const refused = cdk8sSynth(app);
    expect(refused.status).not.toBe(0);
    expect(refused.output).toContain('cdk-multisite refused this design');
    expect(treeHashes(dist)).toEqual(lastGood);
    expect(fs.readFileSync(path.join(stackDir, '.terraform.lock.hcl'))).toEqual(lockFile);

    destroy(stackDir);
    expect(await r53.findRecordSets(parent.id, 'app.global.example.com', 'NS')).toEqual([]);
  });

  test('the quick start as it was (output: dist, no outdir) is refused with what to change in cdk8s.yaml', () => {
    const old = path.join(path.dirname(app), 'old');
    fs.mkdirSync(old);
    fs.symlinkSync(path.join(app, 'node_modules'), path.join(old, 'node_modules'));
    fs.writeFileSync(path.join(old, 'package.json'), '{ "name": "old", "private": true }\n');
    fs.writeFileSync(path.join(old, 'tsconfig.json'), readmeBlock('file tsconfig.json'));
    fs.writeFileSync(path.join(old, 'cdk8s.yaml'), 'language: typescript\napp: npx ts-node main.ts\noutput: dist\n');
    fs.writeFileSync(path.join(old, 'main.ts'), mainTs(false).replace("outdir: 'dist', ", ''));
    const r = cdk8sSynth(old);
    expect(r.status).not.toBe(0);
    expect(r.output).toContain('it is the folder of cdk8s synth');
    expect(r.output).toContain('in cdk8s.yaml, output: cdk8s.out');
  });
});
