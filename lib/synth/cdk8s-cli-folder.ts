import * as fs from 'fs';
import * as path from 'path';
import { isWithin, realPathOf } from './real-path';

/**
 * The output folder of `cdk8s synth` when the cdk8s CLI runs this app, else undefined.
 *
 * The CLI deletes that folder before it starts the app: cdk8s-cli 2.207.60
 * `lib/cli/cmds/synth.js` runs `fs.rmSync(outdir, { recursive: true, force: true })` on `-o`,
 * `output:` of cdk8s.yaml or `dist`, unconditionally; with `--stdout` it hands the app a temporary
 * folder it removes afterwards (`mkdtemp` in `lib/util.js`). It then starts the app with
 * `CDK8S_OUTDIR` set to that folder and `CDK8S_RECORD_CONSTRUCT_METADATA` set to "true" or "false"
 * (`synthApp` in `lib/util.js`), the pair by which the app knows the CLI runs it, and exits 1 when
 * the app has not created the folder ("synthesis failed, app expected to create").
 */
export function cdk8sCliFolder(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const outdir = env.CDK8S_OUTDIR;
  return outdir !== undefined && outdir !== '' && env.CDK8S_RECORD_CONSTRUCT_METADATA !== undefined ? outdir : undefined;
}

/** The change to make, in words: the same for every way the CLI's folder and the outdir meet. */
const FIX = 'Give synth a folder the CLI does not delete, and the CLI a folder of its own: in the app, '
  + 'new MultiSiteApp({ outdir: \'dist\' }); in cdk8s.yaml, output: cdk8s.out (the CLI\'s folder then gets a copy of the '
  + 'Kubernetes manifests, for its listing and validation plugins).';

/**
 * Refuses, before anything is written, an outdir that the cdk8s CLI deletes before every run (its
 * own output folder, a folder inside it, or one that holds it): whatever must persist between
 * synths (Terraform's `.terraform/`, `.terraform.lock.hcl`, override files, the last good output
 * when a design is refused) would be gone. Says what to change in the app and in cdk8s.yaml.
 * Refuses too a CLI folder that holds anything: the CLI empties it, so what is there is not the CLI's.
 */
export function checkCliFolder(outdir: string, cliFolder: string): void {
  const out = realPathOf(outdir);
  const cli = realPathOf(cliFolder);
  const where = `synth refused outdir "${outdir}" (${path.resolve(outdir)})`;
  const deletes = `cdk8s synth deletes its output folder "${cliFolder}" before it runs the app (cdk8s-cli lib/cli/cmds/synth.js: fs.rmSync(outdir, { recursive: true, force: true }))`;
  const loses = 'so Terraform\'s .terraform/, .terraform.lock.hcl and override files would be gone after every synth, and a refused design would leave no output at all';
  if (isWithin(out, cli)) {
    throw new Error(`${where}: ${out === cli ? 'it is' : 'it lies inside'} the folder of cdk8s synth: ${deletes}, ${loses}. ${FIX} Nothing was changed.`);
  }
  if (isWithin(cli, out)) {
    throw new Error(`${where}: it holds the folder of cdk8s synth ("${cliFolder}"), which the CLI deletes and refills with files synth did not write, so every later synth would refuse the outdir. ${FIX} Nothing was changed.`);
  }
  const present = fs.existsSync(cli) ? fs.readdirSync(cli).length : 0;
  if (present > 0) {
    throw new Error(`synth refused the folder of cdk8s synth "${cliFolder}" (${cli}): it holds ${present} file(s) or folder(s), though the CLI empties it before each run, so they are someone else's; synth writes its copy of the manifests only into an empty folder. Point output: in cdk8s.yaml at a folder of its own. Nothing was changed.`);
  }
}

/**
 * Writes the Kubernetes manifests into the cdk8s CLI's folder (checked empty by
 * {@link checkCliFolder}), which the CLI lists and validates afterwards: the CLI's copy, never
 * read by the library. A file already there stops the copy (`wx`), never gets overwritten.
 */
export function writeCliCopy(cliFolder: string, files: ReadonlyMap<string, string>): void {
  const folder = path.resolve(cliFolder);
  fs.mkdirSync(folder, { recursive: true });
  for (const [relative, content] of files) {
    const file = path.join(folder, relative);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, content, { flag: 'wx' });
  }
}
