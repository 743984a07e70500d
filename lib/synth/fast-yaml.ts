import { Yaml } from 'cdk8s';

/**
 * `Yaml.stringify(doc)` of cdk8s, byte for byte, for one document of plain data, at a fraction of
 * its cost: cdk8s's `yaml` builds a node tree of every document before it prints it (a third of
 * synth's time at 100 sites). This prints maps, sequences and single-line scalars directly, in
 * the layout `yaml` (2.x, the copy cdk8s bundles) gives them with cdk8s's options
 * (`lineWidth: 0`, YAML 1.1, two-space indent, sequences indented under their key), and asks
 * cdk8s's own `Yaml.stringify` how each distinct scalar is written (plain or quoted: YAML 1.1
 * reads `yes`, `0777` or `1:20` as other than strings), once per process. A string of several
 * lines is asked the same way, once, as a map value and as a sequence item: `yaml` writes its
 * block scalar (`|-`, `|+`, `|2-`, ...) with the lines indented two spaces under the key or dash,
 * wherever it stands, so the answer is placed at any depth. Whatever it does not know for certain
 * goes to `Yaml.stringify` whole: control characters, a document marker at the start of a string, a sequence directly inside a
 * sequence, `undefined`, an object that is not a plain object or array (`toJSON`, class
 * instances), or an object met twice in one document (`yaml` writes anchors and aliases).
 * test/fast-yaml.test.ts compares the two on generated documents and on every output.
 */
export function stringifyYaml(doc: unknown): string {
  const lines: string[] = [];
  try {
    if (isPlainObject(doc)) {
      if (!emitMap(doc, '', lines, new Set())) return Yaml.stringify(doc);
    } else if (Array.isArray(doc)) {
      if (!emitSeq(doc, '', lines, new Set())) return Yaml.stringify(doc);
    } else {
      return Yaml.stringify(doc);
    }
  } catch (e) {
    if (e !== UNSUPPORTED) throw e;
    return Yaml.stringify(doc);
  }
  return lines.join('\n') + '\n';
}

/** Thrown (and caught in `stringifyYaml`) when the document needs `Yaml.stringify` itself. */
const UNSUPPORTED = new Error('not a document the fast path prints');

/** How `yaml` writes each string (and number, boolean, null) as a value and as a map key. */
const valueText = new Map<unknown, string>();
const keyText = new Map<string, string>();

function isPlainObject(x: unknown): x is Record<string, unknown> {
  if (x === null || typeof x !== 'object') return false;
  const proto = Object.getPrototypeOf(x);
  return proto === Object.prototype || proto === null;
}

/** Strings `yaml` might print differently by position: several lines, control characters, `---`/`...`/`%` at the start. */
const CONTEXTUAL = /[\n\r\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}\u2028\u2029\ufeff]|^(%|---|\.\.\.)/u;

/** The same, but for line feeds: what a string of several lines must not hold to be placed as its block scalar. */
const CONTEXTUAL_BUT_LINES = /[\r\x00-\x08\x0b-\x1f\x7f-\x9f\u{D800}-\u{DFFF}\u2028\u2029\ufeff]|^(%|---|\.\.\.)/u;

/** How `yaml` writes a string of several lines after `key:` (`map`) or `-` (`seq`): the header, then the lines under it. */
interface LinesText {
  /** What follows `key: ` or `- `: `|-`, `|+`, `|2-`, or a one-line quoted string. */
  readonly head: string;
  /** The lines after the header as `yaml` writes them at the top level: two spaces and the text, or empty (a line of the indent alone stays such). */
  readonly body: readonly string[];
}
const linesText = { map: new Map<string, LinesText>(), seq: new Map<string, LinesText>() };

/** `v` (a string with a line feed) as `yaml` writes it after a key (`map`) or a dash (`seq`). */
function severalLines(v: string, where: 'map' | 'seq'): LinesText {
  const known = linesText[where].get(v);
  if (known) return known;
  if (CONTEXTUAL_BUT_LINES.test(v)) throw UNSUPPORTED;
  const text = Yaml.stringify(where === 'map' ? { k: v } : [v]);
  const prefix = where === 'map' ? 'k: ' : '- ';
  const lines = text.split('\n');
  // `<prefix><head>`, then lines indented two spaces or empty, then the final newline.
  if (!lines[0].startsWith(prefix) || lines[lines.length - 1] !== '') throw UNSUPPORTED;
  const head = lines[0].slice(prefix.length);
  const rest = lines.slice(1, -1);
  if (rest.some((l) => l !== '' && !l.startsWith('  '))) throw UNSUPPORTED;
  if (rest.length > 0 && !/^[|>][0-9]?[-+]?$/.test(head)) throw UNSUPPORTED;
  const answer = { head, body: rest };
  linesText[where].set(v, answer);
  return answer;
}

/** Pushes `<first> <head>` and the block's lines, shifted by `indent`; empty lines stay empty. */
function pushLines(first: string, v: string, where: 'map' | 'seq', indent: string, lines: string[]): void {
  const { head, body } = severalLines(v, where);
  lines.push(`${first} ${head}`);
  for (const l of body) lines.push(l === '' ? '' : `${indent}${l}`);
}

/**
 * Strings `yaml` prints plain without asking it: a letter first, then letters, digits and `_-./`,
 * six characters or more. No indicator or space can make them quoted, and YAML 1.1 reads them
 * as strings: its booleans and nulls (`yes`, `False`, `NULL`, ...) have five letters at most, and
 * its numbers, timestamps and `<<` start with a digit, a sign, a dot or `<`
 * (https://yaml.org/type/bool.html, int.html, float.html, null.html, timestamp.html, merge.html).
 * Most names, labels and keys of a manifest are such strings. test/fast-yaml.test.ts checks the
 * claim on generated strings of this shape against `Yaml.stringify`.
 */
export const PLAIN = /^[A-Za-z][A-Za-z0-9_./-]{5,}$/;

function scalar(v: unknown): string {
  if (typeof v === 'string' && PLAIN.test(v)) return v;
  const known = valueText.get(v);
  if (known !== undefined) return known;
  if (v === null || typeof v === 'boolean') return remember(v);
  if (typeof v === 'number') {
    if (!Number.isFinite(v) || Object.is(v, -0)) throw UNSUPPORTED; // -0 would share 0's memo entry
    return remember(v);
  }
  if (typeof v === 'string') {
    if (CONTEXTUAL.test(v)) throw UNSUPPORTED;
    return remember(v);
  }
  throw UNSUPPORTED;
}

function remember(v: unknown): string {
  const text = Yaml.stringify(v);
  // One line and its newline, or it is not a scalar this path can place.
  if (!text.endsWith('\n') || text.indexOf('\n') !== text.length - 1) throw UNSUPPORTED;
  const line = text.slice(0, -1);
  valueText.set(v, line);
  return line;
}

function key(k: string): string {
  if (PLAIN.test(k)) return k;
  const known = keyText.get(k);
  if (known !== undefined) return known;
  if (CONTEXTUAL.test(k)) throw UNSUPPORTED;
  const text = Yaml.stringify({ [k]: true });
  // `<key>: true\n` on one line, or an explicit key (`? `) or something else this path does not place.
  if (!text.endsWith(': true\n') || text.indexOf('\n') !== text.length - 1 || text.startsWith('? ')) throw UNSUPPORTED;
  const line = text.slice(0, -': true\n'.length);
  keyText.set(k, line);
  return line;
}

/** A map's entries at `indent`; the first line is pushed as is (a sequence item prefixes it). False when empty. */
function emitMap(map: Record<string, unknown>, indent: string, lines: string[], seen: Set<object>): boolean {
  if (seen.has(map)) throw UNSUPPORTED;
  seen.add(map);
  const keys = Object.keys(map);
  if (keys.length === 0) return false;
  for (const k of keys) {
    const v = map[k];
    const head = `${indent}${key(k)}:`;
    if (v !== null && typeof v === 'object') {
      if (isPlainObject(v)) {
        const at = lines.length;
        lines.push(head);
        if (!emitMap(v, `${indent}  `, lines, seen)) lines[at] = `${head} {}`;
      } else if (Array.isArray(v)) {
        const at = lines.length;
        lines.push(head);
        if (!emitSeq(v, `${indent}  `, lines, seen)) lines[at] = `${head} []`;
      } else {
        throw UNSUPPORTED;
      }
    } else if (typeof v === 'string' && v.includes('\n')) {
      pushLines(head, v, 'map', indent, lines);
    } else {
      lines.push(`${head} ${scalar(v)}`);
    }
  }
  return true;
}

/** A sequence's items at `indent` (`- item`). False when empty. */
function emitSeq(seq: readonly unknown[], indent: string, lines: string[], seen: Set<object>): boolean {
  if (seen.has(seq)) throw UNSUPPORTED;
  seen.add(seq);
  if (seq.length === 0) return false;
  for (let i = 0; i < seq.length; i++) {
    if (!(i in seq)) throw UNSUPPORTED; // a hole
    const v = seq[i];
    if (v !== null && typeof v === 'object') {
      if (!isPlainObject(v)) throw UNSUPPORTED; // arrays in arrays, class instances
      const at = lines.length;
      if (emitMap(v, `${indent}  `, lines, seen)) {
        // The map's first entry goes on the dash's line.
        lines[at] = `${indent}- ${lines[at].slice(indent.length + 2)}`;
      } else {
        lines.push(`${indent}- {}`);
      }
    } else if (typeof v === 'string' && v.includes('\n')) {
      pushLines(`${indent}-`, v, 'seq', indent, lines);
    } else {
      lines.push(`${indent}- ${scalar(v)}`);
    }
  }
  return true;
}
