import * as fs from 'fs';
import * as path from 'path';
import { readTree, tempOutdir } from './support/designs';
import { labDesign } from '../examples/lab/design';

/** Runs `body` with the environment `cdk8s synth` gives the app (cdk8s-cli lib/util.js synthApp). */
function underCli<T>(cliFolder: string, body: () => T): T {
  const saved = { outdir: process.env.CDK8S_OUTDIR, metadata: process.env.CDK8S_RECORD_CONSTRUCT_METADATA };
  process.env.CDK8S_OUTDIR = cliFolder;
  process.env.CDK8S_RECORD_CONSTRUCT_METADATA = 'false';
  try {
    return body();
  } finally {
    for (const [name, value] of [['CDK8S_OUTDIR', saved.outdir], ['CDK8S_RECORD_CONSTRUCT_METADATA', saved.metadata]] as const) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

const FIX = 'Give synth a folder the CLI does not delete, and the CLI a folder of its own: in the app, new MultiSiteApp({ outdir: \'dist\' }); in cdk8s.yaml, output: cdk8s.out';

describe('cdk8s synth deletes its output folder: synth never uses it as its own', () => {
  test('the default outdir under the CLI is refused, naming the CLI\'s deletion and what to change in cdk8s.yaml', () => {
    const root = tempOutdir();
    const cli = path.join(root, 'dist');
    underCli(cli, () => {
      expect(() => labDesign().synth()).toThrow(`synth refused outdir "${cli}" (${cli}): it is the folder of cdk8s synth: cdk8s synth deletes its output folder "${cli}" before it runs the app (cdk8s-cli lib/cli/cmds/synth.js: fs.rmSync(outdir, { recursive: true, force: true })), so Terraform's .terraform/, .terraform.lock.hcl and override files would be gone after every synth, and a refused design would leave no output at all. ${FIX}`);
    });
    expect(fs.readdirSync(root)).toEqual([]);
  });

  test('an outdir inside the CLI\'s folder, or one holding it, is refused', () => {
    const root = tempOutdir();
    underCli(path.join(root, 'build'), () => {
      expect(() => labDesign(path.join(root, 'build', 'dist')).synth()).toThrow(`it lies inside the folder of cdk8s synth: cdk8s synth deletes its output folder "${path.join(root, 'build')}"`);
    });
    underCli(path.join(root, 'dist', 'k8s'), () => {
      expect(() => labDesign(path.join(root, 'dist')).synth()).toThrow(`it holds the folder of cdk8s synth ("${path.join(root, 'dist', 'k8s')}")`);
    });
    expect(fs.readdirSync(root)).toEqual([]);
  });

  test('with its own outdir, synth writes there and copies the manifests, and only them, into the CLI\'s folder', () => {
    const root = tempOutdir();
    const cli = path.join(root, 'cdk8s.out');
    const outdir = path.join(root, 'dist');
    underCli(cli, () => labDesign(outdir).synth());
    const all = readTree(outdir);
    const copy = readTree(cli);
    expect(copy.size).toBeGreaterThan(5);
    for (const [file, content] of copy) {
      expect(file).toMatch(/\.yaml$/);
      expect(all.get(file)).toBe(content);
    }
    expect(all.has('REPORT.md')).toBe(true);
    expect(copy.has('REPORT.md')).toBe(false);
    // The next run, as the CLI does it: the CLI's folder deleted, the outdir replaced in place.
    fs.rmSync(cli, { recursive: true });
    underCli(cli, () => labDesign(outdir).synth());
    expect(readTree(outdir)).toEqual(all);
    expect(readTree(cli)).toEqual(copy);
  });

  test('a CLI folder that holds files (not emptied by the CLI) is refused before anything is written', () => {
    const root = tempOutdir();
    const cli = path.join(root, 'cdk8s.out');
    fs.mkdirSync(cli);
    fs.writeFileSync(path.join(cli, 'mine.txt'), 'mine\n');
    underCli(cli, () => {
      expect(() => labDesign(path.join(root, 'dist')).synth()).toThrow(`synth refused the folder of cdk8s synth "${cli}" (${cli}): it holds 1 file(s) or folder(s)`);
    });
    expect(fs.readdirSync(root)).toEqual(['cdk8s.out']);
    expect(fs.readFileSync(path.join(cli, 'mine.txt'), 'utf-8')).toBe('mine\n');
  });
});
