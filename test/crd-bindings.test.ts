import * as fs from 'fs';
import * as path from 'path';
import { parse } from 'yaml';
import { crdBindings } from '../scripts/import-crds';

// The lists import:crds reads; that the committed files match what cdk8s import makes of them is
// checked by `npx projen check:crds` in CI (about 20 s: too slow for every test run).
const IMPORTS = path.join(__dirname, '..', 'lib', 'imports');
const SCHEMAS = path.join(__dirname, '..', '..', 'shared', 'schemas');
const bindings = crdBindings();

test('every file of lib/imports/ is in exactly one crd-bindings.json list, and every listed file exists', () => {
  const committed = fs.readdirSync(IMPORTS).filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts')).sort();
  expect(bindings.map((b) => b.file).sort()).toEqual(committed);
});

test('the engines list their own bindings (Cassandra and Data Guard), the library its writers\'', () => {
  const listOf = (file: string) => bindings.find((b) => b.file === file)?.list;
  expect(listOf('k8ssandra.io.ts')).toBe(path.join('lib', 'engines', 'cassandra', 'crd-bindings.json'));
  expect(listOf('database.oracle.com.ts')).toBe(path.join('lib', 'engines', 'oracle-data-guard', 'crd-bindings.json'));
  expect(listOf('cert-manager.io.ts')).toBe(path.join('lib', 'k8s', 'crd-bindings.json'));
});

const maybe = fs.existsSync(SCHEMAS) ? test : test.skip;
maybe.each(bindings.map((b) => [b.file, b] as const))('%s: its CRDs exist in ../shared/schemas and are of the file\'s API group', (file, binding) => {
  for (const crd of binding.crds) {
    const doc = parse(fs.readFileSync(path.join(SCHEMAS, crd), 'utf-8'));
    expect(doc.kind).toBe('CustomResourceDefinition');
    expect(`${doc.spec.group}.ts`).toBe(file);
  }
});
