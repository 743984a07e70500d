import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { ENGINES } from '../lib/engines/registry';

/**
 * Adding an engine touches its folder, its line in the registry and the public factory on
 * `SqlEngine` only (lib/engines/README.md). Checked by counting, for each registered engine, the
 * files of lib/ outside lib/engines/<engine>/ that name it, where a file NAMES an engine when its
 * code (not its comments)
 * - imports a module inside lib/engines/<engine>/ (a relative import that resolves there), or
 * - holds a string literal or template text equal to the engine's kind (`'galera'`, the key
 *   the registry looks engines up by), or to the id or an API group of one of its operators
 *   (`'k8ssandra-operator-data-plane'`, `'k8ssandra.io'`: `SqlEngineDefinition.operators`).
 * lib/imports/ is left out: bindings `cdk8s import` makes from the engine's own list
 * (lib/engines/<engine>/crd-bindings.json, `npx projen import:crds`).
 */
const LIB = path.join(__dirname, '..', 'lib');
const ENGINE_FOLDERS = fs.readdirSync(path.join(LIB, 'engines'), { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name);

/** The files allowed to name every engine: the registry line and the public factory. */
const ALLOWED = ['engines/registry.ts', 'sql-engine.ts'];

/** Every .ts source under `dir`, but lib/imports/. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return full === path.join(LIB, 'imports') ? [] : sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The engine folders `text` (the source of `file`) names, by the definition above. */
function enginesNamed(file: string, text: string, kinds: ReadonlyMap<string, string>): Set<string> {
  const named = new Set<string>();
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, false);
  const visit = (node: ts.Node) => {
    if ((ts.isImportDeclaration(node) || ts.isExportDeclaration(node)) && node.moduleSpecifier && ts.isStringLiteral(node.moduleSpecifier)) {
      const spec = node.moduleSpecifier.text;
      if (spec.startsWith('.')) {
        const target = path.relative(path.join(LIB, 'engines'), path.resolve(path.dirname(file), spec)).split(path.sep);
        if (target.length > 1 && ENGINE_FOLDERS.includes(target[0])) named.add(target[0]);
      }
    } else if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)
      || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      const folder = kinds.get(node.text);
      if (folder !== undefined) named.add(folder);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return named;
}

/** Engine kind → its folder, from the registry and each folder's model.ts. */
const folderOfKind = new Map(ENGINES.map((engine) => {
  const folder = ENGINE_FOLDERS.find((f) => fs.readFileSync(path.join(LIB, 'engines', f, 'model.ts'), 'utf-8').includes(`'${engine.kind}'`));
  return [engine.kind, folder!] as const;
}));
/** Every name of an engine (kind, operator ids and API groups) → its folder. */
const kinds = new Map(ENGINES.flatMap((engine) => {
  const folder = folderOfKind.get(engine.kind)!;
  const operators = engine.operators ?? [];
  return [engine.kind, ...operators.map((o) => o.id), ...operators.flatMap((o) => o.groups)].map((name) => [name, folder] as const);
}));

test('every registered engine has its folder; Cassandra and Data Guard name their operators', () => {
  expect([...folderOfKind.values()].sort()).toEqual([...ENGINE_FOLDERS].sort());
  expect(kinds.get('k8ssandra.io')).toBe('cassandra');
  expect(kinds.get('oracle-database-operator')).toBe('oracle-data-guard');
});

test('outside its folder, an engine is named only by the registry and the SqlEngine factory', () => {
  const outside = new Map<string, string[]>(ENGINE_FOLDERS.map((folder) => [folder, []]));
  for (const file of sources(LIB)) {
    const relative = path.relative(LIB, file);
    for (const folder of enginesNamed(file, fs.readFileSync(file, 'utf-8'), kinds)) {
      if (!relative.startsWith(`engines${path.sep}${folder}${path.sep}`)) outside.get(folder)!.push(relative);
    }
  }
  for (const folder of ENGINE_FOLDERS) expect({ folder, files: outside.get(folder)!.sort() }).toEqual({ folder, files: ALLOWED });
});

test('the count sees what it counts: an import into a folder or the kind in code names it; a comment does not', () => {
  const file = path.join(LIB, 'synth', 'example.ts');
  const named = (text: string) => [...enginesNamed(file, text, kinds)];
  expect(named("import { GALERA } from '../engines/galera/engine';")).toEqual(['galera']);
  expect(named("export * from '../engines/cassandra/options';")).toEqual(['cassandra']);
  expect(named("if (cluster.engine.kind === 'yugabytedb') skip();")).toEqual(['yugabytedb']);
  expect(named('const key = `cockroachdb`;')).toEqual(['cockroachdb']);
  // What lib/k8s/prerequisites.ts held before the operators moved into their engines' folders:
  expect(named("const kinds = kindsOf('k8ssandra.io', ['K8ssandraCluster']);")).toEqual(['cassandra']);
  expect(named("const after = 'oracle-database-operator';")).toEqual(['oracle-data-guard']);
  expect(named("// galera's settings, 'galera'\nimport { ENGINES } from '../engines/registry';")).toEqual([]);
});
