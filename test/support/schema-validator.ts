/**
 * Strict Kubernetes manifest validator for the test suite.
 *
 * Every object is checked against the real upstream schemas in `<repoRoot>/../shared/schemas`
 * (see that folder's README.md), in two passes:
 *
 * 1. ajv (JSON Schema): types, enums, formats, required fields, patterns, ranges.
 * 2. A schema walker that ajv cannot replace: the upstream schemas never say
 *    `additionalProperties: false`, so a typo such as `spec.replica` would pass ajv. The walker
 *    follows the object and the schema side by side and reports every field the schema does
 *    not declare (like `kubeconform -strict`, or the API server's strict field validation).
 *    It also rejects duplicate entries in `x-kubernetes-list-type: map|set` lists.
 *
 * Schemas are read at test time, never copied into the repo. Everything is loaded lazily and
 * cached once per process; each apiVersion/kind is compiled on first use.
 */
import * as fs from 'fs';
import * as path from 'path';
import Ajv, { ErrorObject, ValidateFunction } from 'ajv';
import addFormats from 'ajv-formats';
import * as YAML from 'yaml';

export interface SchemaProblem {
  /** Where in the object, e.g. `spec.template.spec.containers[0].imagePullPolicy` ('' = the object itself). */
  readonly path: string;
  readonly message: string;
  /** Which object the problem is in, e.g. `apps/v1 StatefulSet "crdb"` (prefixed with `document 2:` for YAML text). */
  readonly resource?: string;
}

export interface ValidateOptions {
  /** Accept versions the index marks `deprecated: true` (default: reported as a problem). */
  readonly allowDeprecated?: boolean;
}

export interface ValidateYamlOptions extends ValidateOptions {
  /**
   * YAML version used to read the text. Default '1.1', which is what kubectl (go-yaml v2) uses:
   * unquoted `yes`/`on`/`off` are booleans and `0644` is octal, so a string written unquoted that
   * kubectl would read as a boolean or number is caught. (Sexagesimal numbers and timestamps
   * are not resolved, as go-yaml does not turn them into numbers either.)
   */
  readonly yamlVersion?: '1.1' | '1.2';
}

type Schema = { [key: string]: any };

interface IndexEntry {
  readonly schema: string;
  readonly definition?: string;
  readonly crd?: string;
  readonly version?: string;
  readonly served?: boolean;
  readonly deprecated?: boolean;
}

/** 'k8s': a schema from the Kubernetes _definitions.json; 'crd': a CRD's openAPIV3Schema. */
type Source = 'k8s' | 'crd';

interface Loaded {
  readonly dir: string;
  readonly index: Record<string, IndexEntry>;
  readonly ajv: Ajv;
  readonly k8sDefinitions: Record<string, Schema>;
  /** Kubernetes definitions that are a bare `type: object` on purpose: arbitrary JSON. */
  readonly freeForm: ReadonlySet<Schema>;
}

interface CompiledKind {
  readonly validate: ValidateFunction;
  readonly root: Schema;
  readonly source: Source;
  readonly entry: IndexEntry;
}

const K8S_SCHEMA_ID = 'k8s';
const K8S_SCHEMA_FILE = 'kubernetes/v1.28.0/_definitions.json';
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';
const SCHEMAS_ENV = 'MULTISITE_SCHEMAS_DIR';
const QUANTITY = 'io.k8s.apimachinery.pkg.api.resource.Quantity';
/**
 * resource.Quantity's serialization format, as controller-gen writes it into every CRD (and as
 * apimachinery parses it). The Kubernetes definitions only say "string or number"; ajv checks
 * string quantities against this (format `k8s-quantity`), so `memory: 4096MB` is caught.
 */
const QUANTITY_PATTERN = /^(\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))(([KMGTPE]i)|[numkMGTPE]|([eE](\+|-)?(([0-9]+(\.[0-9]*)?)|(\.[0-9]+))))?$/;
/** Bare `type: object` definitions that hold arbitrary JSON (the other two, StorageVersionSpec and
 * CustomResourceSubresourceStatus, are empty structs: no fields allowed). */
const FREE_FORM_DEFINITIONS = [
  'io.k8s.apimachinery.pkg.runtime.RawExtension',
  'io.k8s.apimachinery.pkg.apis.meta.v1.FieldsV1',
  'io.k8s.apimachinery.pkg.apis.meta.v1.Patch',
];

// ---------------------------------------------------------------------------------------------
// Locating the schemas
// ---------------------------------------------------------------------------------------------

function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, '.projenrc.ts'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) return path.resolve(__dirname, '..', '..');
    dir = parent;
  }
}

/** `<repoRoot>/../shared/schemas`, or `$MULTISITE_SCHEMAS_DIR` when set. */
export function schemasDir(): string {
  const override = process.env[SCHEMAS_ENV];
  if (override) return path.resolve(override);
  return path.resolve(repoRoot(), '..', 'shared', 'schemas');
}

/** Whether the upstream schemas are present (tests skip when not, but must fail under CI). */
export function schemasAvailable(): boolean {
  const dir = schemasDir();
  return fs.existsSync(path.join(dir, 'index.json')) && fs.existsSync(path.join(dir, K8S_SCHEMA_FILE));
}

// ---------------------------------------------------------------------------------------------
// Loading and compiling (lazy, once per process)
// ---------------------------------------------------------------------------------------------

let loaded: Loaded | undefined;
const compiledKinds = new Map<string, CompiledKind>();
const crdFiles = new Map<string, Schema>();

function load(): Loaded {
  if (loaded) return loaded;
  const dir = schemasDir();
  if (!schemasAvailable()) {
    throw new Error(`Kubernetes schemas not found in ${dir} (expected index.json and ${K8S_SCHEMA_FILE}); set ${SCHEMAS_ENV} to override`);
  }
  const index = JSON.parse(fs.readFileSync(path.join(dir, 'index.json'), 'utf8')) as Record<string, IndexEntry>;
  const k8s = JSON.parse(fs.readFileSync(path.join(dir, K8S_SCHEMA_FILE), 'utf8')) as Schema;

  const ajv = new Ajv({ strict: false, allErrors: true, verbose: false });
  addFormats(ajv);
  // OpenAPI / Kubernetes annotations. Declared so ajv treats them as known, value-less keywords.
  // (int-or-string is checked by the anyOf next to it in CRDs, and by oneOf in IntOrString; see normalizeCrdSchema.)
  ajv.addVocabulary([
    'x-kubernetes-group-version-kind', 'x-kubernetes-int-or-string', 'x-kubernetes-preserve-unknown-fields',
    'x-kubernetes-embedded-resource', 'x-kubernetes-list-type', 'x-kubernetes-list-map-keys', 'x-kubernetes-map-type',
    'x-kubernetes-patch-strategy', 'x-kubernetes-patch-merge-key', 'x-kubernetes-unions', 'x-kubernetes-validations',
    'example', 'externalDocs',
  ]);
  ajv.addFormat('k8s-quantity', { type: 'string', validate: (q: string) => QUANTITY_PATTERN.test(q) });
  // In memory only (the file is never changed): Quantity strings must parse as quantities.
  const quantity = k8s.definitions[QUANTITY];
  if (quantity && Array.isArray(quantity.oneOf)) {
    quantity.oneOf = quantity.oneOf.map((branch: Schema) => branch.type === 'string' ? { ...branch, format: 'k8s-quantity' } : branch);
  }
  ajv.addSchema(k8s, K8S_SCHEMA_ID);

  const freeForm = new Set(FREE_FORM_DEFINITIONS.map(name => k8s.definitions[name]).filter(d => d));
  loaded = { dir, index, ajv, k8sDefinitions: k8s.definitions, freeForm };
  return loaded;
}

function readCrdFile(file: string): Schema {
  let crd = crdFiles.get(file);
  if (!crd) {
    const docs = YAML.parseAllDocuments(fs.readFileSync(path.join(load().dir, file), 'utf8'));
    const objects = docs.map(d => d.toJS()).filter(o => o);
    crd = objects.find(o => o.kind === 'CustomResourceDefinition');
    if (!crd) throw new Error(`${file}: no CustomResourceDefinition in file`);
    crdFiles.set(file, crd);
  }
  return crd;
}

/**
 * Make a CRD schema one that ajv checks the way the API server does:
 * - `x-kubernetes-int-or-string: true` must accept integers and strings whatever `type` says
 *   (controller-gen always writes `anyOf: [{type: integer}, {type: string}]`; older generators
 *   sometimes wrote only `type: string`).
 */
function normalizeCrdSchema(schema: any): any {
  if (Array.isArray(schema)) return schema.map(normalizeCrdSchema);
  if (!schema || typeof schema !== 'object') return schema;
  const out: Schema = {};
  for (const [key, value] of Object.entries(schema)) {
    // Keep example/default data verbatim: it is data, not schema.
    out[key] = key === 'default' || key === 'example' || key === 'enum' ? value : normalizeCrdSchema(value);
  }
  if (typeof out.pattern === 'string') out.pattern = withoutGoCaseFlag(out.pattern);
  if (out['x-kubernetes-int-or-string'] === true) {
    delete out.type;
    if (!out.anyOf && !out.oneOf) out.anyOf = [{ type: 'integer' }, { type: 'string' }];
  }
  return out;
}

/**
 * A CRD pattern is Go RE2, whose inline `(?i)` (case-insensitive) JavaScript lacks, e.g.
 * prometheus-operator's `^(?i)(abort|warn)?$`: the same pattern with each letter outside a
 * class or escape matched in both cases.
 */
export function withoutGoCaseFlag(pattern: string): string {
  const m = /^(\^?)\(\?i\)/.exec(pattern);
  if (!m) return pattern;
  const rest = pattern.slice(m[0].length);
  let out = m[1];
  let inClass = false;
  for (let i = 0; i < rest.length; i++) {
    const c = rest[i];
    if (c === '\\') { out += c + (rest[++i] ?? ''); continue; }
    if (c === '[') inClass = true;
    if (c === ']') inClass = false;
    out += !inClass && /[a-zA-Z]/.test(c) ? `[${c.toLowerCase()}${c.toUpperCase()}]` : c;
  }
  return out;
}

function compileKind(key: string): CompiledKind | undefined {
  const cached = compiledKinds.get(key);
  if (cached) return cached;
  const { index, ajv } = load();
  const entry = index[key];
  if (!entry) return undefined;

  let compiled: CompiledKind;
  if (entry.definition) {
    const root = { $ref: `${K8S_SCHEMA_ID}#/definitions/${entry.definition}` };
    compiled = { validate: ajv.compile(root), root, source: 'k8s', entry };
  } else {
    const crd = readCrdFile(entry.schema);
    const version = (crd.spec?.versions ?? []).find((v: any) => v.name === entry.version);
    const openApi = version?.schema?.openAPIV3Schema;
    if (!openApi) throw new Error(`${entry.schema}: no openAPIV3Schema for version ${entry.version}`);
    const normalized = normalizeCrdSchema(openApi);
    // CRD schemas only say `metadata: {type: object}`; the API server applies ObjectMeta there.
    const root = {
      ...normalized,
      properties: {
        ...normalized.properties,
        metadata: { $ref: `${K8S_SCHEMA_ID}#/definitions/${OBJECT_META}` },
      },
    };
    compiled = { validate: ajv.compile(root), root, source: 'crd', entry };
  }
  compiledKinds.set(key, compiled);
  return compiled;
}

// ---------------------------------------------------------------------------------------------
// Paths
// ---------------------------------------------------------------------------------------------

function childPath(parent: string, key: string | number): string {
  if (typeof key === 'number') return `${parent}[${key}]`;
  if (/^[A-Za-z_$][A-Za-z0-9_$-]*$/.test(key)) return parent ? `${parent}.${key}` : key;
  return `${parent}[${JSON.stringify(key)}]`;
}

/** JSON pointer (ajv instancePath) to `a.b[0].c`, using the data to tell array indexes from keys. */
function pointerToPath(data: any, pointer: string): string {
  if (!pointer) return '';
  let out = '';
  let cur = data;
  for (const raw of pointer.split('/').slice(1)) {
    const seg = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(cur)) {
      out = childPath(out, Number(seg));
      cur = cur[Number(seg)];
    } else {
      out = childPath(out, seg);
      cur = cur && typeof cur === 'object' ? cur[seg] : undefined;
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// ajv errors to problems
// ---------------------------------------------------------------------------------------------

function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'string') return `string ${JSON.stringify(value.length > 40 ? value.slice(0, 40) + '...' : value)}`;
  if (typeof value === 'object') return 'object';
  return `${typeof value} ${String(value)}`;
}

function valueAt(data: any, pointer: string): unknown {
  let cur = data;
  for (const raw of pointer.split('/').slice(1)) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = cur[raw.replace(/~1/g, '/').replace(/~0/g, '~')];
  }
  return cur;
}

function ajvProblems(errors: ErrorObject[], data: any): SchemaProblem[] {
  // anyOf/oneOf report every failing branch plus the combinator; fold the branches into one message
  // (e.g. IntOrString: "must be string or integer").
  const folded = new Set<ErrorObject>();
  const combinatorMessages = new Map<ErrorObject, string>();
  for (const err of errors) {
    if (err.keyword !== 'anyOf' && err.keyword !== 'oneOf') continue;
    const prefix = err.schemaPath + '/';
    const branches = errors.filter(e => e !== err && e.schemaPath.startsWith(prefix) && e.instancePath.startsWith(err.instancePath));
    branches.forEach(b => folded.add(b));
    // Branches that failed only on type are noise when another branch failed on content
    // (a string Quantity with a bad suffix does not need "must be number").
    const typeOnly = branches.filter(b => b.instancePath === err.instancePath && b.keyword === 'type');
    const relevant = branches.filter(b => !typeOnly.includes(b));
    if (branches.length === 0) {
      combinatorMessages.set(err, `must match ${err.keyword === 'oneOf' ? 'exactly one schema in oneOf, but matches more than one' : 'a schema in anyOf'}`);
    } else if (relevant.length === 0) {
      combinatorMessages.set(err, `must be ${[...new Set(typeOnly.map(b => String(b.params.type)))].join(' or ')}`);
    } else {
      const relPath = (b: ErrorObject) => b.instancePath === err.instancePath ? '' : `${pointerToPath(data, b.instancePath)} `;
      combinatorMessages.set(err, [...new Set(relevant.map(b => `${relPath(b)}${b.message}`))].join('; '));
    }
  }

  const problems: SchemaProblem[] = [];
  for (const err of errors) {
    if (folded.has(err)) continue;
    const at = pointerToPath(data, err.instancePath);
    const got = `got ${describeValue(valueAt(data, err.instancePath))}`;
    switch (err.keyword) {
      case 'required':
        problems.push({ path: childPath(at, String(err.params.missingProperty)), message: 'required field is missing' });
        break;
      case 'enum':
        problems.push({ path: at, message: `must be one of ${(err.params.allowedValues as unknown[]).map(v => JSON.stringify(v)).join(', ')}, ${got}` });
        break;
      case 'anyOf':
      case 'oneOf':
        problems.push({ path: at, message: `${combinatorMessages.get(err)}, ${got}` });
        break;
      default:
        problems.push({ path: at, message: `${err.message ?? err.keyword}, ${got}` });
    }
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------
// Strict walker: unknown fields and list-type duplicates
// ---------------------------------------------------------------------------------------------

interface SchemaView {
  readonly properties: Map<string, SchemaRef>;
  /** Schema for undeclared keys (maps), `true` when anything is allowed, `false` when nothing. */
  readonly additional: SchemaRef | boolean | undefined;
  readonly preserveUnknown: boolean;
  readonly embeddedResource: boolean;
  /** The schema says what fields an object has (properties or additionalProperties). */
  readonly declaresFields: boolean;
  readonly isObjectType: boolean;
  readonly items: SchemaRef | undefined;
  readonly listType: string | undefined;
  readonly listMapKeys: string[];
}

interface SchemaRef {
  readonly schema: Schema;
  readonly source: Source;
}

const views = new WeakMap<Schema, SchemaView>();

function resolveRef(ref: SchemaRef): SchemaRef {
  let { schema, source } = ref;
  const seen = new Set<Schema>();
  while (schema && typeof schema.$ref === 'string') {
    if (seen.has(schema)) throw new Error(`circular $ref ${schema.$ref}`);
    seen.add(schema);
    const m = /^(k8s)?#\/definitions\/(.+)$/.exec(schema.$ref);
    if (!m || (!m[1] && source !== 'k8s')) throw new Error(`schema walker cannot resolve $ref ${schema.$ref}`);
    const target = load().k8sDefinitions[m[2]];
    if (!target) throw new Error(`unknown definition ${m[2]}`);
    schema = target;
    source = 'k8s';
  }
  return { schema, source };
}

function viewOf(ref: SchemaRef): SchemaView {
  const { schema, source } = resolveRef(ref);
  const cached = views.get(schema);
  if (cached) return cached;

  const properties = new Map<string, SchemaRef>();
  let additional: SchemaRef | boolean | undefined;
  let preserveUnknown = false;
  let embeddedResource = false;
  let declaresFields = false;
  let isObjectType = false;
  let items: SchemaRef | undefined;
  let listType: string | undefined;
  let listMapKeys: string[] = [];

  const visit = (s: Schema, src: Source, depth: number) => {
    if (!s || typeof s !== 'object' || depth > 20) return;
    const r = resolveRef({ schema: s, source: src });
    s = r.schema;
    src = r.source;
    if (s.type === 'object') isObjectType = true;
    if (s['x-kubernetes-preserve-unknown-fields'] === true) preserveUnknown = true;
    if (s['x-kubernetes-embedded-resource'] === true) embeddedResource = true;
    if (s['x-kubernetes-list-type']) listType = s['x-kubernetes-list-type'];
    if (Array.isArray(s['x-kubernetes-list-map-keys'])) listMapKeys = s['x-kubernetes-list-map-keys'];
    if (s.properties && typeof s.properties === 'object') {
      declaresFields = true;
      for (const [k, v] of Object.entries(s.properties)) {
        if (!properties.has(k)) properties.set(k, { schema: v as Schema, source: src });
      }
    }
    if (s.additionalProperties !== undefined) {
      declaresFields = true;
      const ap = s.additionalProperties;
      if (ap === true || (ap && typeof ap === 'object')) {
        if (additional === undefined || additional === false) additional = ap === true ? true : { schema: ap, source: src };
      } else if (additional === undefined) {
        additional = false;
      }
    }
    if (s.items && typeof s.items === 'object' && !Array.isArray(s.items) && !items) items = { schema: s.items, source: src };
    for (const combinator of ['allOf', 'anyOf', 'oneOf']) {
      if (Array.isArray(s[combinator])) s[combinator].forEach((sub: Schema) => visit(sub, src, depth + 1));
    }
  };
  visit(schema, source, 0);

  const view: SchemaView = { properties, additional, preserveUnknown, embeddedResource, declaresFields, isObjectType, items, listType, listMapKeys };
  views.set(schema, view);
  return view;
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) && !(value instanceof Date);
}

const EMBEDDED_RESOURCE_FIELDS = new Set(['apiVersion', 'kind', 'metadata']);

function walk(value: unknown, ref: SchemaRef, at: string, problems: SchemaProblem[]): void {
  const view = viewOf(ref);

  if (Array.isArray(value)) {
    if (view.items) value.forEach((item, i) => walk(item, view.items!, childPath(at, i), problems));
    checkListType(value, view, at, problems);
    return;
  }
  if (!isPlainObject(value)) return; // scalars: ajv checks types, enums and formats
  if (!view.declaresFields && (!view.isObjectType || load().freeForm.has(resolveRef(ref).schema))) {
    // No type (e.g. apiextensions JSON), or arbitrary JSON on purpose (RawExtension, FieldsV1).
    // ajv reports an object where a scalar belongs.
    return;
  }

  for (const [key, child] of Object.entries(value)) {
    const here = childPath(at, key);
    const declared = view.properties.get(key);
    if (declared) {
      walk(child, declared, here, problems);
    } else if (view.embeddedResource && EMBEDDED_RESOURCE_FIELDS.has(key)) {
      if (key === 'metadata') walk(child, { schema: { $ref: `${K8S_SCHEMA_ID}#/definitions/${OBJECT_META}` }, source: 'k8s' }, here, problems);
    } else if (view.additional !== undefined && view.additional !== false) {
      if (view.additional !== true) walk(child, view.additional, here, problems);
    } else if (!view.preserveUnknown) {
      // A bare `type: object` lands here too: the API server prunes every field of it
      // (e.g. CRD `metadata` below the root, which controller-gen writes without properties).
      const why = view.declaresFields ? 'not in the schema' : 'the schema declares no fields here';
      problems.push({ path: here, message: `unknown field "${key}" (${why})` });
    }
    // else x-kubernetes-preserve-unknown-fields: anything goes below an undeclared key
  }
}

function checkListType(list: unknown[], view: SchemaView, at: string, problems: SchemaProblem[]): void {
  if (view.listType === 'set') {
    const seen = new Map<string, number>();
    list.forEach((item, i) => {
      const k = JSON.stringify(item);
      const first = seen.get(k);
      if (first !== undefined) problems.push({ path: childPath(at, i), message: `duplicate value ${k} in x-kubernetes-list-type=set list (same as [${first}])` });
      else seen.set(k, i);
    });
  } else if (view.listType === 'map' && view.listMapKeys.length > 0) {
    const itemProps = view.items ? viewOf(view.items).properties : new Map<string, SchemaRef>();
    const seen = new Map<string, number>();
    list.forEach((item, i) => {
      if (!isPlainObject(item)) return;
      const tuple = view.listMapKeys.map(k => {
        const v = item[k] ?? itemProps.get(k)?.schema.default;
        return `${k}=${JSON.stringify(v)}`;
      }).join(', ');
      const first = seen.get(tuple);
      if (first !== undefined) problems.push({ path: childPath(at, i), message: `duplicate entry (${tuple}) in x-kubernetes-list-type=map list (same key as [${first}])` });
      else seen.set(tuple, i);
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Public API
// ---------------------------------------------------------------------------------------------

function resourceLabel(obj: any): string {
  const name = isPlainObject(obj?.metadata) && typeof obj.metadata.name === 'string' ? ` ${JSON.stringify(obj.metadata.name)}` : '';
  return `${obj?.apiVersion ?? '?'} ${obj?.kind ?? '?'}${name}`;
}

function dedupe(problems: SchemaProblem[]): SchemaProblem[] {
  const seen = new Set<string>();
  return problems.filter(p => {
    const k = `${p.resource}\u0000${p.path}\u0000${p.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

/** Validate one manifest object (parsed YAML) strictly. Returns [] when valid. */
export function validateManifest(obj: any, options: ValidateOptions = {}): SchemaProblem[] {
  if (!isPlainObject(obj)) return [{ path: '', message: `manifest must be an object, got ${describeValue(obj)}` }];
  const resource = resourceLabel(obj);
  const problems: SchemaProblem[] = [];
  const withResource = () => dedupe(problems.map(p => ({ ...p, resource })));

  const { apiVersion, kind } = obj;
  if (typeof apiVersion !== 'string' || !apiVersion) problems.push({ path: 'apiVersion', message: 'required string field is missing or not a string' });
  if (typeof kind !== 'string' || !kind) problems.push({ path: 'kind', message: 'required string field is missing or not a string' });
  if (problems.length) return withResource();

  const key = `${apiVersion}/${kind}`;
  const compiled = compileKind(key);
  if (!compiled) {
    const others = Object.keys(load().index).filter(k => k.endsWith(`/${kind}`) && k.split('/').length === key.split('/').length);
    const hint = others.length ? `; known: ${others.slice(0, 5).join(', ')}` : '';
    problems.push({ path: '', message: `no schema for ${key} (apiVersion "${apiVersion}", kind "${kind}")${hint}` });
    return withResource();
  }

  if (compiled.entry.served === false) problems.push({ path: 'apiVersion', message: `${key} is not served by its CRD` });
  if (compiled.entry.deprecated && !options.allowDeprecated) problems.push({ path: 'apiVersion', message: `${key} is deprecated` });

  if (!isPlainObject(obj.metadata)) {
    problems.push({ path: 'metadata', message: 'required field is missing (metadata.name is needed to create an object)' });
  } else if (!obj.metadata.name && !obj.metadata.generateName) {
    problems.push({ path: 'metadata.name', message: 'required field is missing (neither metadata.name nor metadata.generateName is set)' });
  }

  if (!compiled.validate(obj)) problems.push(...ajvProblems(compiled.validate.errors ?? [], obj));
  walk(obj, { schema: compiled.root, source: compiled.source }, '', problems);
  return withResource();
}

/** Validate all YAML documents of a file's text (empty documents are skipped). */
export function validateYamlText(text: string, options: ValidateYamlOptions = {}): SchemaProblem[] {
  const version = options.yamlVersion ?? '1.1';
  const docs = YAML.parseAllDocuments(text, {
    version,
    // go-yaml (kubectl) does not read 1:30 as a base-60 number or 2024-01-01 as a timestamp.
    customTags: version === '1.1' ? tags => tags.filter(t => (t as any).format !== 'TIME' && !String((t as any).tag).endsWith(':timestamp')) : undefined,
  });
  const problems: SchemaProblem[] = [];
  docs.forEach((doc, i) => {
    const where = `document ${i + 1}`;
    const yamlErrors = [...doc.errors, ...doc.warnings];
    if (yamlErrors.length) {
      problems.push(...yamlErrors.map(e => ({ path: '', message: `YAML ${e.name === 'YAMLWarning' ? 'warning' : 'error'}: ${e.message}`, resource: where })));
      return;
    }
    const obj = doc.toJS();
    if (obj === null || obj === undefined) return;
    const items = isPlainObject(obj) && obj.apiVersion === 'v1' && obj.kind === 'List' && Array.isArray(obj.items) ? obj.items : [obj];
    for (const item of items) {
      problems.push(...validateManifest(item, options).map(p => ({ ...p, resource: `${where}: ${p.resource ?? resourceLabel(item)}` })));
    }
  });
  return problems;
}

/** One line per problem, for readable test failures: `expect(formatProblems(p)).toBe('')`. */
export function formatProblems(problems: readonly SchemaProblem[]): string {
  return problems.map(p => `${p.resource ? p.resource + ': ' : ''}${p.path || '(object)'}: ${p.message}`).join('\n');
}
