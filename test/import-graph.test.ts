import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';

/**
 * The import graph of lib/ (every relative import, `import type` included: a type is a
 * dependency too), drawn at two grains:
 * - files: no circle at all;
 * - parts: a part is a folder under lib/ (each engine folder its own part, subfolders belong
 *   to their folder), or one file directly in lib/ or lib/engines/ (the public constructs and
 *   the shared engine kit). No circle between parts, and no arrow from a layer of
 *   ../shared/DESIGN.md up to a higher one.
 * lib/imports/ (bindings made by `cdk8s import`) imports nothing of ours and is not read.
 */
const LIB = path.join(__dirname, '..', 'lib');

/** The layers of DESIGN.md, lowest first; a part may import from its own layer or lower ones. */
const LAYERS: readonly (readonly string[])[] = [
  ['core'],
  ['model'],
  ['analysis'],
  ['network-policy', 'findings', 'rules', 'imports'],
  ['k8s', 'terraform', 'report'],
  ['engines/*'],
  ['check'],
  ['placement'],
  ['synth'],
];

/** Every .ts source under `dir`, but lib/imports/. */
function sources(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return full === path.join(LIB, 'imports') ? [] : sources(full);
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.d.ts') ? [full] : [];
  });
}

/** The files of lib/ that `file` imports (relative imports, resolved as TypeScript does). */
function importsOf(file: string): string[] {
  const info = ts.preProcessFile(fs.readFileSync(file, 'utf8'), true, true);
  return info.importedFiles.filter((i) => i.fileName.startsWith('.')).map((i) => {
    const target = path.resolve(path.dirname(file), i.fileName);
    const found = [`${target}.ts`, path.join(target, 'index.ts')].find((candidate) => fs.existsSync(candidate));
    if (found) return found;
    if (fs.existsSync(target) || fs.existsSync(`${target}.js`)) return target;
    throw new Error(`${path.relative(LIB, file)} imports ${i.fileName}, which does not resolve`);
  });
}

/** The part a file belongs to: `engines/galera`, `synth`, or the file itself when it sits in lib/ or lib/engines/. */
function partOf(file: string): string {
  const segments = path.relative(LIB, file).split(path.sep);
  if (segments.length === 1 || (segments[0] === 'engines' && segments.length === 2)) return segments.join('/');
  if (segments[0] === 'engines' && segments.length > 2) return `engines/${segments[1]}`;
  return segments[0];
}

/** Rank of a part in {@link LAYERS}, undefined for a file in lib/ or lib/engines/ (kept in order by the circle check). */
function layerOf(part: string): number | undefined {
  if (part.endsWith('.ts')) return undefined;
  const index = LAYERS.findIndex((layer) => layer.includes(part) || (part.startsWith('engines/') && layer.includes('engines/*')));
  return index < 0 ? undefined : index;
}

/** The strongly connected components with more than one node (Tarjan), each a circle of imports. */
function circles(graph: ReadonlyMap<string, ReadonlySet<string>>): string[][] {
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter++);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string;
      do {
        member = stack.pop()!;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) found.push(component.sort());
    }
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

const files = sources(LIB);
const fileGraph = new Map(files.map((file) => [file, new Set(importsOf(file))]));
const partGraph = new Map<string, Set<string>>();
const arrows: { from: string; to: string; part: string; target: string }[] = [];
for (const [file, targets] of fileGraph) {
  for (const target of targets) {
    const [part, targetPart] = [partOf(file), partOf(target)];
    if (part === targetPart) continue;
    partGraph.set(part, (partGraph.get(part) ?? new Set()).add(targetPart));
    arrows.push({ from: path.relative(LIB, file), to: path.relative(LIB, target), part, target: targetPart });
  }
}

test('the graph is read: every layer has files, and the design check lives in lib/check/', () => {
  const parts = new Set(files.map(partOf));
  for (const layer of LAYERS) for (const part of layer) if (part !== 'imports' && part !== 'engines/*') expect(parts).toContain(part);
  for (const name of ['analyze-design.ts', 'rule-registry.ts', 'acknowledge.ts']) expect(fs.existsSync(path.join(LIB, 'check', name))).toBe(true);
  expect(arrows.length).toBeGreaterThan(500);
});

test('no file imports itself back through others (0 circles of files)', () => {
  expect(circles(fileGraph).map((circle) => circle.map((f) => path.relative(LIB, f)))).toEqual([]);
});

test('no part imports itself back through others (0 circles of folders and top-level files)', () => {
  expect(circles(partGraph)).toEqual([]);
});

test('no arrow runs up the layers of DESIGN.md', () => {
  const upward = arrows.filter(({ part, target }) => {
    const [from, to] = [layerOf(part), layerOf(target)];
    return from !== undefined && to !== undefined && to > from;
  });
  expect(upward.map(({ from, to }) => `${from} -> ${to}`)).toEqual([]);
});

test('the check finds what it looks for: a circle and an upward arrow put back are reported', () => {
  const withCircle = new Map<string, ReadonlySet<string>>([...partGraph, ['check', new Set([...partGraph.get('check')!, 'synth'])]]);
  expect(circles(withCircle).some((circle) => circle.includes('check') && circle.includes('synth'))).toBe(true);
  expect(layerOf('check')! < layerOf('synth')!).toBe(true);
  expect(layerOf('engines/galera')! < layerOf('check')!).toBe(true);
  expect(layerOf('multi-site-app.ts')).toBeUndefined();
});
