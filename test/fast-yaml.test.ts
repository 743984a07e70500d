import * as fs from 'fs';
import { Yaml } from 'cdk8s';
import * as fc from 'fast-check';
import { perClusterLab, readObjects, tempOutdir } from './support/designs';
import { PLAIN, stringifyYaml } from '../lib/synth/fast-yaml';

// The reference is cdk8s's Yaml.stringify itself: the fast path must print the same bytes for
// every document, whether it prints it or hands it over.

/** Strings YAML 1.1 reads as other types, or must quote, and ordinary Kubernetes values. */
const trickyStrings = fc.constantFrom(
  '', ' ', 'yes', 'No', 'on', 'OFF', 'y', 'n', 'true', 'null', '~', 'Null', '0777', '0x1F', '0b101', '1_000', '1:20', '1:20:30.5', '.5', '1e3', '-1', '+1', '.inf', '-.Inf', '.nan',
  '2001-12-14', '2001-12-14t21:59:43.10-05:00', '<<', '=', '-', '?', ':', '- a', '? a', 'a: b', 'a #b', 'a#b', '#a', '&a', '*a', '!a', '|', '>', "'a'", '"a"', '%a', '@a', '`a',
  '[a]', '{a}', 'a,b', 'a:', 'a ', ' a', 'a\tb', '---', '--- a', '...', 'a\nb', 'a\n', '\n', 'é', '日本', '\u0001', '\u007f', 'a\u2028b',
  // Several lines: block scalars with every chomping, an indentation indicator, blank and space-only lines, trailing spaces.
  'a\n\n', 'a\n\nb', ' a\nb', 'a\n  \nb', 'a \nb', 'a\tb\nc', '#!/bin/sh\nexec x\n\n\n', '\n\n', '- a\nb', 'a: b\nc: d\n', '|\nx', '"q"\n',
  'app.kubernetes.io/name', '10.0.0.0/16', '203.0.113.80', '1.5', '8080', 'cockroach start --join=a,b', 'http://x:8080/health', 'sha256:abc', 'a=b', 'NT_STATUS', '$(POD_IP)',
);
const strings = fc.oneof(trickyStrings, fc.string(), fc.string({ unit: 'grapheme' }));
const scalars = fc.oneof(strings, fc.integer(), fc.double(), fc.boolean(), fc.constant(null), fc.constant(-0));
const { doc } = fc.letrec((tie) => ({
  doc: fc.oneof({ depthSize: 'small' }, scalars, tie('map'), tie('seq')),
  map: fc.dictionary(fc.oneof(trickyStrings, fc.string()), tie('doc'), { maxKeys: 5 }),
  seq: fc.array(tie('doc'), { maxLength: 4 }),
}));

describe('stringifyYaml', () => {
  test('prints what cdk8s Yaml.stringify prints, for any JSON-like document', () => {
    fc.assert(fc.property(fc.oneof(doc, fc.dictionary(fc.string(), doc)), (d) => {
      expect(stringifyYaml(d)).toBe(Yaml.stringify(d));
    }), { numRuns: 3000 });
  });

  test('strings of several lines print the same at any depth, as map values and sequence items', () => {
    const line = fc.oneof(fc.constantFrom('', ' ', '  x', 'a', 'a ', '#!/bin/sh', '- a', 'k: v', '|', '"q"', '\t'), fc.string());
    const text = fc.array(line, { minLength: 2, maxLength: 5 }).map((ls) => ls.join('\n'));
    const nested = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: 'small' }, text, tie('map'), tie('seq')),
      map: fc.dictionary(fc.constantFrom('a', 'script', 'data'), tie('node'), { minKeys: 1, maxKeys: 3 }),
      seq: fc.array(tie('node'), { minLength: 1, maxLength: 3 }),
    })).node;
    fc.assert(fc.property(fc.dictionary(fc.constantFrom('k', 'init.sh'), nested, { minKeys: 1 }), (d) => {
      expect(stringifyYaml(d)).toBe(Yaml.stringify(d));
    }), { numRuns: 2000 });
  });

  test('strings of the PLAIN shape are printed plain by Yaml.stringify, as values and as keys', () => {
    const head = fc.constantFrom(...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'.split(''));
    const rest = fc.string({ unit: fc.constantFrom(...'abyYnNoOfFtTeE0159_./-'.split('')), minLength: 5, maxLength: 12 });
    fc.assert(fc.property(head, rest, (h, r) => {
      const s = h + r;
      expect(PLAIN.test(s)).toBe(true);
      expect(Yaml.stringify(s)).toBe(`${s}\n`);
      expect(Yaml.stringify({ [s]: 1 })).toBe(`${s}: 1\n`);
    }), { numRuns: 2000 });
    // The YAML 1.1 words stay outside the shape (five letters at most).
    for (const w of ['y', 'Yes', 'NO', 'on', 'OFF', 'true', 'False', 'null', 'NULL']) expect(PLAIN.test(w)).toBe(false);
  });

  test('objects met twice, undefined, holes and class instances go to Yaml.stringify whole', () => {
    const shared = { a: 1 };
    const sparse: unknown[] = [1];
    sparse[2] = 3;
    for (const d of [{ x: shared, y: shared }, { x: undefined }, { x: sparse }, { x: new Date(0) }, { x: [[1, 2], [3]] }, { x: -0 }]) {
      expect(stringifyYaml(d)).toBe(Yaml.stringify(d));
    }
  });

  test('Kubernetes-shaped documents with block scalars, nested lists and quoted values', () => {
    const d = {
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'x', labels: { 'app.kubernetes.io/name': 'x', 'version': '1.0' }, annotations: {} },
      data: { 'init.sh': '#!/bin/sh\nexec cockroach start\n', 'port': '26257', 'yes': 'no' },
      spec: { containers: [{ name: 'a', args: ['--a', '-b', 'c: d'], ports: [{ containerPort: 8080 }], env: [] }], list: [{}, [], null] },
    };
    expect(stringifyYaml(d)).toBe(Yaml.stringify(d));
    const noBlock = { ...d, data: { port: '26257' } };
    expect(stringifyYaml(noBlock)).toBe(Yaml.stringify(noBlock));
  });

  test('every object of a written design prints the same both ways', () => {
    const outdir = tempOutdir();
    try {
      perClusterLab(outdir).synth();
      const objects = readObjects(outdir);
      expect(objects.length).toBeGreaterThan(20);
      for (const o of objects) expect(stringifyYaml(o.obj)).toBe(Yaml.stringify(o.obj));
    } finally {
      fs.rmSync(outdir, { recursive: true, force: true });
    }
  });
});
