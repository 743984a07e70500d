// Regenerates lib/imports/ from ../shared/schemas with `cdk8s import` (npx projen import:crds), or,
// with --check, fails when the committed bindings differ from what it generates (npx projen check:crds).
// The lists: lib/k8s/crd-bindings.json (the library's own writers) and lib/engines/<engine>/crd-bindings.json.
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..');
const IMPORTS = path.join(ROOT, 'lib', 'imports');
const SCHEMAS = path.join(ROOT, '..', 'shared', 'schemas');

/** One file of lib/imports/: the CRDs (paths under ../shared/schemas) `cdk8s import` makes it from, as one input. */
export interface CrdBinding {
  readonly file: string;
  readonly release: string;
  readonly crds: readonly string[];
  /** The list that names it, relative to the repository. */
  readonly list: string;
}

/** Every binding list: the library's own, then one per engine folder that has one. */
export function bindingLists(): string[] {
  const engines = path.join(ROOT, 'lib', 'engines');
  const engineLists = fs.readdirSync(engines, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => path.join(engines, entry.name, 'crd-bindings.json'))
    .filter((list) => fs.existsSync(list));
  return [path.join(ROOT, 'lib', 'k8s', 'crd-bindings.json'), ...engineLists.sort()];
}

/** The bindings of every list; throws when two lists make the same file. */
export function crdBindings(): CrdBinding[] {
  const bindings = bindingLists().flatMap((list) => (JSON.parse(fs.readFileSync(list, 'utf-8')).bindings as Omit<CrdBinding, 'list'>[])
    .map((binding) => ({ ...binding, list: path.relative(ROOT, list) })));
  for (const binding of bindings) {
    const other = bindings.find((b) => b !== binding && b.file === binding.file);
    if (other) throw new Error(`lib/imports/${binding.file} is listed twice: in ${binding.list} and ${other.list}; one list owns each file.`);
  }
  return bindings;
}

/** Runs `cdk8s import` for each binding into a scratch folder; returns file name → generated content. */
function generate(bindings: readonly CrdBinding[]): Map<string, string> {
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'import-crds-'));
  const cdk8s = path.join(ROOT, 'node_modules', '.bin', 'cdk8s');
  try {
    const generated = new Map<string, string>();
    for (const binding of bindings) {
      const out = path.join(scratch, binding.file.replace(/\.ts$/, ''));
      fs.mkdirSync(out);
      const input = path.join(out, 'crds.yaml');
      fs.writeFileSync(input, binding.crds.map((crd) => `---\n${fs.readFileSync(path.join(SCHEMAS, crd), 'utf-8')}`).join(''));
      execFileSync(cdk8s, ['import', input, '--language', 'typescript', '--output', out, '--no-check-upgrade'], { stdio: 'pipe' });
      const made = path.join(out, binding.file);
      if (!fs.existsSync(made)) {
        const names = fs.readdirSync(out).filter((f) => f.endsWith('.ts'));
        throw new Error(`cdk8s import of ${binding.crds.join(', ')} (${binding.list}) made ${names.join(', ')}, not ${binding.file}: name the file after the CRDs' API group.`);
      }
      generated.set(binding.file, fs.readFileSync(made, 'utf-8'));
    }
    return generated;
  } finally {
    fs.rmSync(scratch, { recursive: true, force: true });
  }
}

function main(check: boolean): void {
  if (!fs.existsSync(SCHEMAS)) throw new Error(`${SCHEMAS} is missing: the CRDs the bindings are made from live there.`);
  const started = Date.now();
  const generated = generate(crdBindings());
  const committed = fs.readdirSync(IMPORTS).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'));
  const stale = committed.filter((f) => !generated.has(f));
  const differ = [...generated].filter(([file, content]) => !fs.existsSync(path.join(IMPORTS, file)) || fs.readFileSync(path.join(IMPORTS, file), 'utf-8') !== content).map(([file]) => file);
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  if (check) {
    const problems = [
      ...differ.map((f) => `lib/imports/${f} differs from what cdk8s import makes of its CRDs`),
      ...stale.map((f) => `lib/imports/${f} is in no crd-bindings.json list`),
    ];
    if (problems.length > 0) {
      throw new Error(`The committed bindings are not those the CRDs make:\n- ${problems.join('\n- ')}\nRun 'npx projen import:crds' and commit lib/imports/ (or add the file to its list).`);
    }
    console.log(`lib/imports/: ${generated.size} bindings match cdk8s import of their CRDs (${seconds} s)`);
    return;
  }
  for (const [file, content] of generated) fs.writeFileSync(path.join(IMPORTS, file), content);
  for (const file of stale) fs.rmSync(path.join(IMPORTS, file));
  console.log(`lib/imports/: ${generated.size} bindings written (${differ.length} changed, ${stale.length} removed) in ${seconds} s`);
}

if (require.main === module) {
  try {
    main(process.argv.includes('--check'));
  } catch (e) {
    console.error((e as Error).message);
    process.exit(1);
  }
}
