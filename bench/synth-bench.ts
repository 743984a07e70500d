/**
 * Scale bench (issues 8, 22): cdk-multisite synth (A) against what a user would write instead, in
 * one process (B+T: plain cdk8s writing the same objects, then cdktf writing the same Terraform),
 * and the `yaml` package alone (C), on designs of 3, 10, 30 and 100 active sites plus a witness
 * (mesh layout); then A alone on the growth sizes, 100 to 3,000 sites (regional layout).
 *
 *   npx projen compile && npx ts-node --transpile-only bench/synth-bench.ts [options]
 *
 * Options:
 *   --sizes 3,10,30,100   active sites per design (each plus one witness)
 *   --rounds 5            interleaved rounds (each runs every size, and A, B, C, D within it, in rotating orders; medians printed)
 *   --growth-sizes 100,300,1000,3000
 *                         active sites of the growth sizes (regional layout; `none` to skip)
 *   --growth-rounds 3     interleaved rounds of the growth sizes (3,000 sites cost about 10–20 s a run)
 *   --output-to DIR       write A's whole output of every size to DIR/<layout>-<sites>, measure nothing
 *                         (compare two of them with `diff -r`: optimizations leave every byte)
 *   --profile             afterwards, at the largest size: one A run with call counters on the
 *                         suspects, and one under `node --cpu-prof`, summarized (self and inclusive time)
 *   --no-validate         skip the strict schema validation of the largest output
 *   --outdir-root DIR     write every run's output under DIR (default: the system temp folder);
 *                         `--outdir-root /dev/shm` takes the disk out of the comparison
 *   --node-flags "F ..."  flags for every measured child, A, B, C and D alike (e.g.
 *                         "--max-semi-space-size=4" caps V8's young generation at 4 MiB per semi-space)
 *
 * Every measurement runs in a fresh child process (plain `node` on a JavaScript copy of this file,
 * so neither ts-node nor TypeScript is loaded into the measured process). It imports the compiled
 * library (`lib/*.js`) and refuses to run when a source is newer: compile first. Time is wall time
 * (`performance.now()`) around the work alone, module loading excluded and printed apart; peak
 * memory is the child's whole-process peak RSS from `process.resourceUsage().maxRSS` (so it
 * includes Node itself and the loaded modules; RSS after loading is printed apart).
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as os from 'os';
import * as path from 'path';
import { performance } from 'perf_hooks';

type Lib = typeof import('../lib');

const CLUSTERS = 20;
const RESULT_PREFIX = 'BENCH_RESULT ';

/** One Kubernetes object as A wrote it: its site folder, file name, and body. */
interface Body {
  readonly folder: string;
  readonly file: string;
  readonly body: any;
}

/** What one child run measured. Times in ms, memory in MiB. */
interface RunResult {
  readonly kind: Kind;
  readonly loadMs: number;
  /** The measured work: A construct + synth; B ApiObjects + app.synth(); C stringify + write; D check + analysis. */
  readonly totalMs: number;
  /** User + system CPU of the child over the work (all its threads, so GC helpers too). */
  readonly cpuMs: number;
  readonly phases: Record<string, number>;
  readonly rssAfterLoadMiB: number;
  readonly peakRssMiB: number;
  readonly files: number;
  /** Folders under the output folder, itself included. */
  readonly folders: number;
  readonly writtenMiB: number;
  /** Bytes of REPORT.md in the output (A), 0 when there is none. */
  readonly reportMdBytes: number;
}

type Kind = 'A' | 'B' | 'C' | 'D' | 'E' | 'P';

// ---------------------------------------------------------------------------------------------
// Children: each measures one thing in a fresh process and prints one JSON line.
// ---------------------------------------------------------------------------------------------

/**
 * `require` as if from bench/ in the repository. Modules are loaded through it, lazily, so the
 * children (this file transpiled into a temp dir) resolve the same files and load only what
 * they measure.
 */
function rootRequire(root = process.env.BENCH_ROOT): NodeRequire {
  if (!root) throw new Error('BENCH_ROOT is not set');
  return createRequire(path.join(root, 'bench', 'synth-bench.ts'));
}

function mib(bytes: number): number {
  return bytes / (1024 * 1024);
}

function peakRssMiB(): number {
  return process.resourceUsage().maxRSS / 1024; // maxRSS is in kilobytes
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/**
 * How the bench lays out a design of N active sites and a witness.
 * - `mesh` (the target sizes, up to 249 active sites): every pair of sites linked, one GSLB zone
 *   served from every active site. Its input grows as N² (links; every k8gb peer list holds N
 *   sites; REPORT.md's GSLB table has a row per site listing the others), so it cannot grow
 *   linearly by construction.
 * - `regional` (the growth sizes, up to 3,999 active sites): active sites in regions of 10
 *   consecutive sites; every pair inside a region linked and every site linked to the witness;
 *   one GSLB zone served from the first region's 10 sites. Every site then adds a bounded amount
 *   of input, so a linear synth grows linearly. (Not a zone per region: REPORT.md's GSLB section
 *   has a row for every site of the design in each zone's table, zones × sites rows.)
 * Both: one Kubernetes cluster per site, 20 CockroachDB clusters (RF 5) of 2 + 2 + 1 voters over
 * two active sites and the witness (cluster k on active sites 2k and 2k+1 mod N, in one region,
 * so min(N, 40) active sites hold members and the witness holds one of every cluster: past 40
 * sites, fewer clusters per site), one anycast VIP announced by BGP from every active site.
 */
type Layout = 'mesh' | 'regional';

/** A design size: its layout and its number of active sites (`mesh:100`, `regional:3000` on a child's command line). */
interface Size {
  readonly layout: Layout;
  readonly sites: number;
}

function parseSize(arg: string): Size {
  const [layout, sites] = arg.split(':');
  if (layout !== 'mesh' && layout !== 'regional') throw new Error(`layout must be mesh or regional, got ${layout}`);
  return { layout, sites: Number(sites) };
}

function sizeArg(size: Size): string {
  return `${size.layout}:${size.sites}`;
}
const REGION_SIZE = 10;

/** The layout's addresses of active site `i`: mesh keeps the addresses the bench always used. */
function siteAddresses(layout: Layout, i: number) {
  if (layout === 'mesh') {
    return {
      podCidr: `10.${i}.0.0/16`,
      dnsAddress: `198.51.100.${i + 1}`,
      clusterDnsAddress: `192.0.2.${i + 1}`,
      router: `172.16.${i}.1`,
      asn: 65000 + i,
    };
  }
  const [hi, lo] = [Math.floor(i / 256), i % 256];
  return {
    podCidr: `10.${Math.floor(i / 16)}.${(i % 16) * 16}.0/20`,
    dnsAddress: `100.${64 + hi}.${lo}.53`,
    clusterDnsAddress: `100.${64 + hi}.${lo}.10`,
    router: `172.${16 + hi}.${lo}.1`,
    asn: 4200000000 + i,
  };
}

function buildBenchDesign(lib: Lib, activeSites: number, outdir: string, layout: Layout = 'mesh'): InstanceType<Lib['MultiSiteApp']> {
  const max = layout === 'mesh' ? 249 : 3999;
  if (!Number.isInteger(activeSites) || activeSites < 2 || activeSites > max) {
    throw new Error(`sites must be a whole number from 2 to ${max} in the ${layout} layout (one pod CIDR and DNS address each), got ${activeSites}`);
  }
  const app = new lib.MultiSiteApp({ outdir, shape: lib.DeploymentShape.clusterPerSite() });
  const active = [];
  for (let i = 0; i < activeSites; i++) {
    const name = `site-${pad(i, 3)}`;
    const a = siteAddresses(layout, i);
    active.push(new lib.ActiveActiveSite(app, name, {
      clusterDomain: `${name}.cluster.example`,
      podCidrs: [a.podCidr],
      dnsAddress: a.dnsAddress,
      clusterDnsAddress: a.clusterDnsAddress,
    }));
  }
  const witness = new lib.WitnessSite(app, 'witness', {
    clusterDomain: 'witness.cluster.example',
    podCidrs: ['10.250.0.0/16'],
    clusterDnsAddress: layout === 'mesh' ? '192.0.2.250' : '100.127.255.10',
  });
  const all = [...active, witness];
  // 2–46 ms: under the 50 ms Raft budget, so no warnings are printed.
  const link = (i: number, j: number) => app.addLink(all[i], all[j], lib.Latency.ofRttMillis(2 + ((i * 31 + j * 17) % 45)));
  for (let i = 0; i < all.length; i++) {
    for (let j = i + 1; j < all.length; j++) {
      const sameRegion = Math.floor(i / REGION_SIZE) === Math.floor(j / REGION_SIZE);
      if (layout === 'mesh' || j === activeSites || (sameRegion && j < activeSites)) link(i, j);
    }
  }
  for (let k = 0; k < CLUSTERS; k++) {
    new lib.DistributedSqlCluster(app, `crdb-${pad(k, 2)}`, {
      engine: lib.SqlEngine.cockroachDb({ replicationFactor: 5 }),
      placement: [
        { site: active[(2 * k) % activeSites], voters: 2 },
        { site: active[(2 * k + 1) % activeSites], voters: 2 },
        { site: witness, voters: 1 },
      ],
    });
  }
  const zone = new lib.GslbZone(app, 'app-global', {
    zone: 'app.global.example.com',
    parentZone: 'example.com',
    edgeDnsServers: ['192.0.2.53'],
    strategy: lib.GslbStrategy.roundRobin(),
    sites: layout === 'mesh' ? undefined : active.slice(0, REGION_SIZE),
  });
  zone.addHost({ hostname: 'shop', namespace: 'shop', target: lib.GslbTarget.ingress('shop') });
  new lib.AnycastVip(app, 'shop-vip', {
    address: '203.0.113.80',
    target: lib.AnycastTarget.pods({ namespace: 'shop', selector: { 'app.kubernetes.io/name': 'shop' }, ports: [{ port: 80, targetPort: 8080 }] }),
    localAsn: 64512,
    routers: active.map((site, i) => ({ site, address: siteAddresses(layout, i).router, asn: siteAddresses(layout, i).asn })),
  });
  return app;
}

/** Files, folders (`dir` included) and bytes under `dir`. */
function diskUsage(dir: string): { files: number; folders: number; bytes: number } {
  const total = { files: 0, folders: 1, bytes: 0 };
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) {
      const sub = diskUsage(p);
      total.files += sub.files;
      total.folders += sub.folders;
      total.bytes += sub.bytes;
    } else {
      total.files++;
      total.bytes += fs.statSync(p).size;
    }
  }
  return total;
}

/** A: cdk-multisite, from constructing the design to the files on disk. */
function benchWorkA(lib: Lib, size: Size, outdir: string): Record<string, number> {
  const t0 = performance.now();
  const app = buildBenchDesign(lib, size.sites, outdir, size.layout);
  const t1 = performance.now();
  app.synth();
  const t2 = performance.now();
  return { construct: t1 - t0, synth: t2 - t1 };
}

/**
 * B+T: what a user writes instead of the library, in one process. B: plain cdk8s, one chart per
 * site folder, one ApiObject per body, one file per object. T: then the same Terraform with cdktf
 * (loaded on first use, as A loads it, and loaded as cdktf loads itself: no deferred archiver),
 * with the library's cdktf code alone (`lib/terraform/cdktf-writer`: cdktf constructs and nothing
 * of the library) on the writer inputs of the design, written under `terraform/`.
 */
function benchWorkBT(req: NodeRequire, cdk8s: typeof import('cdk8s'), bodies: readonly Body[], delegations: readonly any[], outdir: string): Record<string, number> {
  const b = benchWorkB(cdk8s, bodies, outdir);
  const t0 = performance.now();
  const { CdktfWriter } = req('../lib/terraform/cdktf-writer') as typeof import('../lib/terraform/cdktf-writer');
  const t1 = performance.now();
  const writer = new CdktfWriter();
  for (const d of delegations) writer.addDnsDelegation(d);
  for (const [file, text] of writer.render()) {
    fs.mkdirSync(path.dirname(path.join(outdir, 'terraform', file)), { recursive: true });
    fs.writeFileSync(path.join(outdir, 'terraform', file), text);
  }
  const t2 = performance.now();
  return { ...b, terraformLoad: t1 - t0, terraformRender: t2 - t1 };
}

/**
 * B alone: plain cdk8s, one chart per site folder and namespace (`<site>.<namespace>`; cluster-scoped
 * objects in `<site>`), one ApiObject per body, one file per object. cdk8s names a file by the
 * object's kind and name alone, so one chart per site would let the same policy in 20 namespaces
 * overwrite itself: the parent checks that B wrote every object (`assertEveryObject`).
 */
function benchWorkB(cdk8s: typeof import('cdk8s'), bodies: readonly Body[], outdir: string): Record<string, number> {
  const t0 = performance.now();
  const app = new cdk8s.App({ outdir, yamlOutputType: cdk8s.YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE });
  const charts = new Map<string, InstanceType<typeof cdk8s.Chart>>();
  for (const b of bodies) {
    const namespace = b.body.metadata?.namespace;
    const key = namespace ? `${b.folder}.${namespace}` : b.folder;
    let chart = charts.get(key);
    if (!chart) {
      chart = new cdk8s.Chart(app, key, { disableResourceNameHashes: true });
      charts.set(key, chart);
    }
    new cdk8s.ApiObject(chart, b.file.replace(/\.yaml$/, ''), b.body);
  }
  const t1 = performance.now();
  app.synth();
  const t2 = performance.now();
  return { construct: t1 - t0, synth: t2 - t1 };
}

/** C: the floor, `yaml` stringify of each body and fs writes of A's file names. */
function benchWorkC(yaml: typeof import('yaml'), bodies: readonly Body[], outdir: string): Record<string, number> {
  const t0 = performance.now();
  const made = new Set<string>();
  for (const b of bodies) {
    const dir = path.dirname(path.join(outdir, b.folder, b.file));
    if (!made.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
    // The options cdk8s's Yaml.stringify uses, so the text is the same.
    fs.writeFileSync(path.join(outdir, b.folder, b.file), yaml.stringify(b.body, { keepUndefined: true, lineWidth: 0, version: '1.1' }));
  }
  return { write: performance.now() - t0 };
}

/**
 * D: the checks and the analysis synth runs: model, every rule, every single- and two-site loss
 * of every cluster. Then, timed apart and not part of D's total, the two reports built from them,
 * and the Terraform (loading cdktf, then rendering the delegation stack).
 */
function benchWorkD(req: NodeRequire, lib: Lib, size: Size, outdir: string): Record<string, number> {
  const { buildDesign } = req('../lib/synth/build-design') as typeof import('../lib/synth/build-design');
  const { analyzeDesign } = req('../lib/check/analyze-design') as typeof import('../lib/check/analyze-design');
  const { checkDesign } = req('../lib/rules/check-design') as typeof import('../lib/rules/check-design');
  const { ALL_RULES } = req('../lib/check/rule-registry') as typeof import('../lib/check/rule-registry');
  const { engineOfKind } = req('../lib/engines/registry') as typeof import('../lib/engines/registry');
  const { renderReport } = req('../lib/report/report') as typeof import('../lib/report/report');
  const { renderReportData } = req('../lib/report/report-data') as typeof import('../lib/report/report-data');
  const app = buildBenchDesign(lib, size.sites, outdir, size.layout);
  const links = (app as any).links;
  const t0 = performance.now();
  const model = buildDesign(app, app.shape, links);
  const t1 = performance.now();
  const design = analyzeDesign(model);
  const t2 = performance.now();
  const result = checkDesign(design, ALL_RULES);
  const t3 = performance.now();
  if (result.errors.length > 0) throw new Error(`the bench design is refused: ${result.errors.length} error(s)`);
  const sections = design.analyses.map((a) => engineOfKind(a.cluster.engine.kind).reportSection(design, a));
  const markdown = renderReport(design, sections, result);
  const t4 = performance.now();
  const json = renderReportData(design, result);
  const t5 = performance.now();
  // The Terraform synth() writes, with the same function: the writer (cdktf) loaded first,
  // timed apart, so that the render is timed alone.
  const { terraformFiles } = req('../lib/terraform/terraform-files') as typeof import('../lib/terraform/terraform-files');
  const rssBeforeTerraform = process.memoryUsage().rss;
  (req('../lib/terraform/create-terraform-writer') as typeof import('../lib/terraform/create-terraform-writer')).createTerraformWriter();
  const terraformLoadMiB = mib(process.memoryUsage().rss - rssBeforeTerraform);
  const t6 = performance.now();
  terraformFiles(design);
  const t7 = performance.now();
  // The same checks and analysis again, on a design built anew in this process: the code is
  // loaded, compiled and warm now, so what the first pass cost beyond this is first-call cost
  // (V8 compiling and optimizing code that runs once per synth).
  const again = buildBenchDesign(lib, size.sites, outdir, size.layout);
  const w0 = performance.now();
  const warmDesign = analyzeDesign(buildDesign(again, again.shape, (again as any).links));
  checkDesign(warmDesign, ALL_RULES);
  const warm = performance.now() - w0;
  return {
    warmChecks: warm,
    model: t1 - t0,
    analysis: t2 - t1,
    rules: t3 - t2,
    reportMd: t4 - t3,
    reportJson: t5 - t4,
    terraformLoad: t6 - t5,
    terraformLoadMiB,
    terraformRender: t7 - t6,
    reportMdMiB: mib(Buffer.byteLength(markdown)),
    reportJsonMiB: mib(Buffer.byteLength(json)),
    scenarios: design.analyses.reduce((n, a) => n + a.singleSiteLosses.length + a.twoSiteLosses.length, 0),
  };
}

/**
 * E: the floor of A's extra output, the file work A does that B+T does not, with A's own bytes
 * (read before the clock): writing the files B+T does not write (REPORT.md, report.json, the
 * kustomizations, APPLY.md, prerequisites, k8gb values), the SHA-256 of every file for the
 * ownership record and the record itself, and moving the staged output into place (A writes into a
 * staging folder, then renames each top-level entry). Producing the extra files' content is not in it
 * (D times REPORT.md and report.json).
 */
function benchWorkE(filesList: string, outdir: string): Record<string, number> {
  const { createHash } = rootRequire()('crypto') as typeof import('crypto');
  const list = JSON.parse(fs.readFileSync(filesList, 'utf-8')) as { root: string; files: string[]; extra: string[] };
  const content = new Map(list.files.map((f) => [f, fs.readFileSync(path.join(list.root, f), 'utf-8')]));
  const staging = path.join(outdir, '.staging');
  // B+T's own files, written untimed: their writing is B+T's cost, not the floor.
  const extra = new Set(list.extra);
  const made = new Set<string>();
  const mk = (dir: string) => {
    if (!made.has(dir)) {
      fs.mkdirSync(dir, { recursive: true });
      made.add(dir);
    }
  };
  for (const f of list.files) {
    if (extra.has(f)) continue;
    mk(path.dirname(path.join(staging, f)));
    fs.writeFileSync(path.join(staging, f), content.get(f)!);
  }
  const t0 = performance.now();
  for (const f of list.extra) {
    mk(path.dirname(path.join(staging, f)));
    fs.writeFileSync(path.join(staging, f), content.get(f)!);
  }
  const t1 = performance.now();
  const hashes: Record<string, string> = {};
  for (const f of [...list.files].sort()) hashes[f] = createHash('sha256').update(content.get(f)!).digest('hex');
  fs.writeFileSync(path.join(staging, '.record.json'), `${JSON.stringify({ files: hashes }, undefined, 2)}\n`);
  const t2 = performance.now();
  // As A moves a fresh output into place: each top-level entry whole (every place is free).
  for (const entry of fs.readdirSync(staging)) fs.renameSync(path.join(staging, entry), path.join(outdir, entry));
  fs.rmSync(staging, { recursive: true, force: true });
  const t3 = performance.now();
  return { writeExtra: t1 - t0, hash: t2 - t1, rename: t3 - t2, extraFiles: list.extra.length };
}

/** The file list E reads: every file of A's output (the record aside) and those B+T do not write. */
function writeExtraList(refOutdir: string, bodies: readonly Body[], file: string): void {
  const all: string[] = [];
  const walk = (rel: string) => {
    for (const e of fs.readdirSync(path.join(refOutdir, rel), { withFileTypes: true })) {
      const p = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) walk(p);
      else if (p !== '.cdk-multisite-output.json') all.push(p);
    }
  };
  walk('');
  const byBT = new Set(bodies.map((b) => `${b.folder}/${b.file}`));
  const extra = all.filter((f) => !byBT.has(f) && !f.startsWith('terraform/'));
  fs.writeFileSync(file, JSON.stringify({ root: refOutdir, files: all, extra }));
}

/** A call counter: calls, outermost-call time (ms), and a sum of something per call (nodes, bytes). */
interface Counter {
  calls: number;
  ms: number;
  sum: number;
}

/**
 * P (with --profile): one more A run, with counters on the calls the profile points at, so the
 * report can say how often each runs, not only how long. Inclusive times; nested calls counted once.
 */
function benchWorkP(req: NodeRequire, lib: Lib, size: Size, outdir: string): Record<string, number> {
  const counters = new Map<string, Counter>();
  const wrap = (name: string, obj: any, key: string, sum?: (result: any, args: any[]) => number) => {
    const orig = obj[key];
    if (typeof orig !== 'function') throw new Error(`--profile: ${name}: ${key} is not a function of its module (moved or renamed?)`);
    const c: Counter = { calls: 0, ms: 0, sum: 0 };
    counters.set(name, c);
    let depth = 0;
    obj[key] = function wrapped(this: any, ...args: any[]) {
      c.calls++;
      const t = performance.now();
      depth++;
      try {
        const r = orig.apply(this, args);
        if (sum) c.sum += sum(r, args);
        return r;
      } finally {
        if (--depth === 0) c.ms += performance.now() - t;
      }
    };
  };
  const cdk8s = req('cdk8s');
  const constructs = req('constructs');
  const cdktf = req('cdktf');
  const latency = req('../lib/model/latency');
  wrap('cdk8s App._synthChart (via Chart.toJson)', cdk8s.App, '_synthChart', (r) => r.length);
  wrap('constructs Node.findAll (sum: nodes returned)', constructs.Node.prototype, 'findAll', (r) => r.length);
  const sitesGetter = Object.getOwnPropertyDescriptor(lib.MultiSiteApp.prototype, 'sites')!;
  const sitesCounter: Counter = { calls: 0, ms: 0, sum: 0 };
  counters.set('MultiSiteApp.sites getter', sitesCounter);
  Object.defineProperty(lib.MultiSiteApp.prototype, 'sites', {
    configurable: true,
    get(this: any) {
      sitesCounter.calls++;
      const t = performance.now();
      const r = sitesGetter.get!.call(this);
      sitesCounter.ms += performance.now() - t;
      return r;
    },
  });
  const RttMatrix = latency.RttMatrix;
  const rttCounter: Counter = { calls: 0, ms: 0, sum: 0 };
  counters.set('new RttMatrix (sum: links indexed)', rttCounter);
  latency.RttMatrix = new Proxy(RttMatrix, {
    construct(target, args, newTarget) {
      rttCounter.calls++;
      rttCounter.sum += args[0].length;
      const t = performance.now();
      const r = Reflect.construct(target, args, newTarget);
      rttCounter.ms += performance.now() - t;
      return r;
    },
  });
  wrap('MultiSiteApp.addLink', lib.MultiSiteApp.prototype, 'addLink');
  wrap('checkDesign', req('../lib/rules/check-design') as typeof import('../lib/rules/check-design'), 'checkDesign');
  wrap('analyzeCluster', req('../lib/analysis/analyzed-design') as typeof import('../lib/analysis/analyzed-design'), 'analyzeCluster');
  wrap('writeCockroachDb', req('../lib/engines/cockroachdb/writer') as typeof import('../lib/engines/cockroachdb/writer'), 'writeCockroachDb');
  wrap('renderChartFolder', req('../lib/synth/render-manifests') as typeof import('../lib/synth/render-manifests'), 'renderChartFolder');
  wrap('cdk8s Yaml.stringify (sum: bytes)', cdk8s.Yaml, 'stringify', (r) => Buffer.byteLength(r));
  wrap('renderReport (sum: bytes)', req('../lib/report/report') as typeof import('../lib/report/report'), 'renderReport', (r) => Buffer.byteLength(r));
  wrap('renderReportData (sum: bytes)', req('../lib/report/report-data') as typeof import('../lib/report/report-data'), 'renderReportData', (r) => Buffer.byteLength(r));
  wrap('CdktfWriter.render', (req('../lib/terraform/cdktf-writer') as typeof import('../lib/terraform/cdktf-writer')).CdktfWriter.prototype, 'render');
  wrap('cdktf App.synth', cdktf.App.prototype, 'synth');
  wrap('writeAtomically', req('../lib/synth/write-atomically') as typeof import('../lib/synth/write-atomically'), 'writeAtomically');
  const realFs = req('fs'); // the module itself: `fs` here is an import wrapper with getters
  wrap('fs.writeFileSync (sum: bytes)', realFs, 'writeFileSync', (_r, args) => (typeof args[1] === 'string' ? Buffer.byteLength(args[1]) : 0));
  wrap('fs.mkdirSync', realFs, 'mkdirSync');

  const phases = benchWorkA(lib, size, outdir);
  const out: Record<string, number> = { ...phases };
  for (const [name, c] of counters) {
    out[`${name}|calls`] = c.calls;
    out[`${name}|ms`] = c.ms;
    out[`${name}|sum`] = c.sum;
  }
  return out;
}

function runChild(kind: Kind, args: string[]): void {
  const req = rootRequire();
  const [sizeText, outdir, bodiesFile, delegationsFile] = args;
  const size = parseSize(sizeText);
  const l0 = performance.now();
  let work: () => Record<string, number>;
  if (kind === 'A') {
    const lib = req('../lib') as Lib;
    work = () => benchWorkA(lib, size, outdir);
  } else if (kind === 'E') {
    work = () => benchWorkE(bodiesFile, outdir);
  } else if (kind === 'D') {
    const lib = req('../lib') as Lib;
    work = () => benchWorkD(req, lib, size, outdir);
  } else if (kind === 'P') {
    const lib = req('../lib') as Lib;
    work = () => benchWorkP(req, lib, size, outdir);
  } else if (kind === 'B') {
    const cdk8s = req('cdk8s') as typeof import('cdk8s');
    req('cdk8s-plus-28'); // what a user writing these workloads by hand loads (A loads it too)
    work = () => benchWorkBT(req, cdk8s, bodies, delegations, outdir);
  } else {
    const yaml = req('yaml') as typeof import('yaml');
    work = () => benchWorkC(yaml, bodies, outdir);
  }
  const loadMs = performance.now() - l0;
  // Bodies are read before the clock starts (B and C only).
  const bodies: Body[] = bodiesFile && kind !== 'E' ? JSON.parse(fs.readFileSync(bodiesFile, 'utf-8')) : [];
  const delegations: any[] = delegationsFile ? JSON.parse(fs.readFileSync(delegationsFile, 'utf-8')) : [];
  const rssAfterLoadMiB = mib(process.memoryUsage().rss);
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  const phases = work();
  const used = process.cpuUsage(c0);
  const totalMs = kind === 'D'
    ? phases.model + phases.rules + phases.analysis
    : kind === 'E' ? phases.writeExtra + phases.hash + phases.rename : performance.now() - t0;
  const peak = peakRssMiB();
  const written = fs.existsSync(outdir) ? diskUsage(outdir) : { files: 0, folders: 0, bytes: 0 };
  const result: RunResult = {
    kind,
    loadMs,
    totalMs,
    cpuMs: (used.user + used.system) / 1000,
    phases,
    rssAfterLoadMiB,
    peakRssMiB: peak,
    files: written.files,
    folders: written.folders,
    writtenMiB: mib(written.bytes),
    reportMdBytes: fs.existsSync(path.join(outdir, 'REPORT.md')) ? fs.statSync(path.join(outdir, 'REPORT.md')).size : 0,
  };
  process.stdout.write(`${RESULT_PREFIX}${JSON.stringify(result)}\n`);
}

// ---------------------------------------------------------------------------------------------
// Parent: plans the runs, reads A's output once, prints the table, validates, profiles.
// ---------------------------------------------------------------------------------------------

const ROOT = path.resolve(__dirname, '..');

interface Options {
  sizes: number[];
  rounds: number;
  profile: boolean;
  validate: boolean;
  /** Where the runs write their output (a temp folder is made inside). */
  outdirRoot: string;
  /** Node flags for every measured child. */
  nodeFlags: string[];
  /** Active sites of the growth sizes (regional layout). */
  growthSizes: number[];
  /** Rounds of the growth sizes. */
  growthRounds: number;
  /** Write A's output of every size here and measure nothing. */
  outputTo?: string;
}

function parseOptions(argv: string[]): Options {
  const o: Options = {
    sizes: [3, 10, 30, 100],
    rounds: 5,
    profile: false,
    validate: true,
    outdirRoot: os.tmpdir(),
    nodeFlags: [],
    growthSizes: [100, 300, 1000, 3000],
    growthRounds: 3,
  };
  const list = (arg: string) => (arg === 'none' ? [] : arg.split(',').map(Number).sort((x, y) => x - y));
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--sizes') o.sizes = list(argv[++i]);
    else if (a === '--growth-sizes') o.growthSizes = list(argv[++i]);
    else if (a === '--growth-rounds') o.growthRounds = Number(argv[++i]);
    else if (a === '--output-to') o.outputTo = path.resolve(argv[++i]);
    else if (a === '--rounds') o.rounds = Number(argv[++i]);
    else if (a === '--profile') o.profile = true;
    else if (a === '--no-validate') o.validate = false;
    else if (a === '--outdir-root') o.outdirRoot = path.resolve(argv[++i]);
    else if (a === '--node-flags') o.nodeFlags = argv[++i].split(/\s+/).filter(Boolean);
    else throw new Error(`unknown option ${a}`);
  }
  return o;
}

/** Fails when a lib/ source is newer than its compiled .js: the bench measures the built code. */
function assertCompiled(): void {
  const stale: string[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        walk(p);
      } else if (p.endsWith('.ts') && !p.endsWith('.d.ts')) {
        const js = p.replace(/\.ts$/, '.js');
        if (!fs.existsSync(js) || fs.statSync(js).mtimeMs < fs.statSync(p).mtimeMs) stale.push(path.relative(ROOT, p));
      }
    }
  };
  walk(path.join(ROOT, 'lib'));
  if (stale.length > 0) {
    throw new Error(`lib/ is not compiled, or is older than its sources (${stale.slice(0, 3).join(', ')}${stale.length > 3 ? ', …' : ''}). Run \`npx projen compile\` first.`);
  }
}

/** This file as plain JavaScript in a temp dir, for the children to run under plain `node`. */
function writeChildScript(tmp: string): string {
  const ts = rootRequire(ROOT)('typescript') as typeof import('typescript');
  const source = fs.readFileSync(__filename, 'utf-8');
  const out = ts.transpileModule(source, {
    compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true },
    fileName: 'synth-bench.ts',
  });
  const file = path.join(tmp, 'synth-bench-child.js');
  fs.writeFileSync(file, out.outputText);
  return file;
}

function spawnChild(script: string, kind: Kind, args: string[], nodeArgs: string[] = []): RunResult {
  const r = spawnSync(process.execPath, [...nodeArgs, script, '--child', kind, ...args], {
    cwd: ROOT,
    env: { ...process.env, BENCH_ROOT: ROOT },
    encoding: 'utf-8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = (r.stdout ?? '').split('\n').find((l) => l.startsWith(RESULT_PREFIX));
  if (r.status !== 0 || !line) {
    throw new Error(`child ${kind} ${args.join(' ')} failed (status ${r.status}):\n${r.stderr}\n${r.stdout}`);
  }
  if (r.stderr.trim()) process.stderr.write(`[child ${kind} stderr] ${r.stderr}`);
  return JSON.parse(line.slice(RESULT_PREFIX.length));
}

/** The DNS delegations the design's Terraform holds (the writer's inputs), from the compiled library. */
function terraformInputs(size: Size, tmp: string): unknown[] {
  const req = rootRequire(ROOT);
  const lib = req('../lib') as Lib;
  const { buildDesign } = req('../lib/synth/build-design') as typeof import('../lib/synth/build-design');
  const { dnsDelegationOf } = req('../lib/terraform/dns-delegation-of') as typeof import('../lib/terraform/dns-delegation-of');
  const { stackBackends } = req('../lib/terraform/stack-backend') as typeof import('../lib/terraform/stack-backend');
  const app = buildBenchDesign(lib, size.sites, path.join(tmp, 'unused'), size.layout);
  const model = buildDesign(app, app.shape, (app as any).links);
  if (model.anycastVips.some((v) => v.awsEdge.length > 0)) throw new Error('the bench design has an AWS edge: T does not write accelerators');
  // Each stack with its backend, as the library's terraformFiles gives it (the writer needs one).
  const zones = model.gslbZones.filter((z) => z.delegation === 'terraform');
  const backends = stackBackends(model.terraformBackend, zones.map((z) => z.name));
  return zones.map((z) => ({ ...dnsDelegationOf(model, z), backend: backends.get(z.name)! }));
}

/** Throws unless the two folders hold the same files with the same bytes. */
function assertSameTree(expected: string, actual: string): void {
  const list = (dir: string, rel = ''): string[] => fs.readdirSync(path.join(dir, rel), { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? list(dir, path.join(rel, e.name)) : [path.join(rel, e.name)])).sort();
  const files = list(expected);
  const same = JSON.stringify(files) === JSON.stringify(list(actual))
    && files.every((f) => fs.readFileSync(path.join(expected, f)).equals(fs.readFileSync(path.join(actual, f))));
  if (!same) throw new Error(`T's Terraform (${actual}) is not A's (${expected})`);
}

/** Throws unless B's output holds `objects` manifests (one `.k8s.yaml` file per object). */
function assertEveryObject(outdir: string, objects: number): void {
  const count = (dir: string): number => fs.readdirSync(dir, { withFileTypes: true })
    .reduce((n, e) => n + (e.isDirectory() ? count(path.join(dir, e.name)) : e.name.endsWith('.k8s.yaml') ? 1 : 0), 0);
  const written = count(outdir);
  if (written !== objects) throw new Error(`B wrote ${written} of A's ${objects} objects (${outdir}): file names collide, so B is timed for less work`);
}

/** Every Kubernetes object in A's output: what each site folder's kustomization lists. */
function readBodies(outdir: string): Body[] {
  const YAML = rootRequire(ROOT)('yaml') as typeof import('yaml');
  const bodies: Body[] = [];
  for (const folder of fs.readdirSync(outdir).sort()) {
    const kustomization = path.join(outdir, folder, 'kustomization.yaml');
    if (!fs.existsSync(kustomization)) continue;
    for (const file of YAML.parse(fs.readFileSync(kustomization, 'utf-8')).resources as string[]) {
      const docs = YAML.parseAllDocuments(fs.readFileSync(path.join(outdir, folder, file), 'utf-8'));
      if (docs.length !== 1) throw new Error(`${folder}/${file}: expected one document, found ${docs.length}`);
      bodies.push({ folder, file, body: docs[0].toJSON() });
    }
  }
  return bodies;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function fmt(n: number, digits = 0): string {
  return n.toFixed(digits);
}

function pct(part: number, whole: number): string {
  return `${fmt((100 * part) / whole, 1)}%`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ')} |`;
  return [line(header), `|${widths.map((w, i) => (i === 0 ? ` ${'-'.repeat(w)} ` : ` ${'-'.repeat(w - 1)}: `)).join('|')}|`, ...rows.map(line)].join('\n');
}

interface SizeResult {
  readonly sites: number;
  readonly rounds: number;
  readonly objects: number;
  readonly runs: Record<'A' | 'B' | 'C' | 'D' | 'E', RunResult[]>;
  readonly refOutdir: string;
}

function log(msg: string): void {
  process.stderr.write(`${msg}\n`);
}

/**
 * Every size, measured in interleaved rounds: a reference run of A per size first (it also warms
 * the caches), then in each round every size and, within it, every kind, both in an order that
 * rotates from round to round. The machine's drift (warm-up, another process) then falls on every
 * size and kind alike, which the growth check between sizes needs as much as A/B does.
 */
function benchSizes(script: string, tmp: string, sizes: readonly number[], rounds: number, nodeFlags: string[]): SizeResult[] {
  const prepared = sizes.map((sites) => {
    // A's objects are what B and C write again; the design's Terraform inputs are what T writes.
    const size: Size = { layout: 'mesh', sites };
    const refOutdir = path.join(tmp, `ref-${sites}`);
    spawnChild(script, 'A', [sizeArg(size), refOutdir], nodeFlags);
    const bodies = readBodies(refOutdir);
    const bodiesFile = path.join(tmp, `bodies-${sites}.json`);
    fs.writeFileSync(bodiesFile, JSON.stringify(bodies));
    const delegationsFile = path.join(tmp, `delegations-${sites}.json`);
    fs.writeFileSync(delegationsFile, JSON.stringify(terraformInputs(size, tmp)));
    const extraFile = path.join(tmp, `extra-${sites}.json`);
    writeExtraList(refOutdir, bodies, extraFile);
    const runs: SizeResult['runs'] = { A: [], B: [], C: [], D: [], E: [] };
    return { result: { sites, rounds, objects: bodies.length, runs, refOutdir }, bodiesFile, delegationsFile, extraFile, size };
  });
  const kinds = ['A', 'B', 'C', 'D', 'E'] as const;
  const rotate = <T>(xs: readonly T[], by: number): T[] => [...xs.slice(by % xs.length), ...xs.slice(0, by % xs.length)];
  for (let r = 0; r < rounds; r++) {
    for (const { result, bodiesFile, delegationsFile, extraFile, size } of rotate(prepared, r)) {
      const { sites, runs } = result;
      for (const kind of rotate(kinds, r)) {
        const outdir = path.join(tmp, `out-${kind}-${sites}-${r}`);
        const args = kind === 'B' || kind === 'C' ? [sizeArg(size), outdir, bodiesFile, delegationsFile]
          : kind === 'E' ? [sizeArg(size), outdir, extraFile] : [sizeArg(size), outdir];
        runs[kind].push(spawnChild(script, kind, args, nodeFlags));
        // T writes the same Terraform as A, or the comparison is void.
        if (kind === 'B' && r === 0) assertSameTree(path.join(result.refOutdir, 'terraform'), path.join(outdir, 'terraform'));
        // B writes every object A writes, or it is timed for less work.
        if (kind === 'B' && r === 0) assertEveryObject(outdir, result.objects);
        fs.rmSync(outdir, { recursive: true, force: true });
      }
      log(`  round ${r + 1}/${rounds}, ${sites}+1 sites: A ${fmt(runs.A[r].totalMs)} ms, B ${fmt(runs.B[r].totalMs)} ms, C ${fmt(runs.C[r].totalMs)} ms, D ${fmt(runs.D[r].totalMs)} ms, E ${fmt(runs.E[r].totalMs)} ms`);
    }
  }
  return prepared.map((p) => p.result);
}

type Measured = 'A' | 'B' | 'C' | 'D' | 'E';

function med(s: SizeResult, k: Measured, f: (r: RunResult) => number): number {
  return median(s.runs[k].map(f));
}
const time = (r: RunResult) => r.totalMs;
const rss = (r: RunResult) => r.peakRssMiB;
const cpu = (r: RunResult) => r.cpuMs;
const load = (r: RunResult) => r.loadMs;
const phase = (name: string) => (r: RunResult) => r.phases[name];
/** B alone, inside the B+T child. */
const bAlone = (r: RunResult) => r.phases.construct + r.phases.synth;
/** T alone, inside the B+T child. */
const tAlone = (r: RunResult) => r.phases.terraformLoad + r.phases.terraformRender;
/** Median ms of the Terraform stage (loading cdktf, then rendering the stacks), from D. */
const terraformMs = (s: SizeResult) => med(s, 'D', phase('terraformLoad')) + med(s, 'D', phase('terraformRender'));

function printResults(results: SizeResult[], growth: GrowthResult[]): string[] {
  const ABC = ['A', 'B', 'C'] as const;
  const total = (s: SizeResult) => s.sites + 1;
  const range = (s: SizeResult, k: Measured) => `${fmt(Math.min(...s.runs[k].map(time)))}–${fmt(Math.max(...s.runs[k].map(time)))}`;

  console.log('\n## Time: median wall ms of the work (module loading excluded); CPU ms = user + system of the child over the same span\n');
  console.log(table(
    ['sites', 'rounds', 'k8s objects', 'A ms', 'B ms', 'T ms', 'B+T ms', 'C ms', 'A/(B+T) time', 'A/B time', 'A/C time', 'A ms/site', 'A min–max', 'B+T min–max', 'A cpu ms', 'B+T cpu ms', 'A/(B+T) cpu'],
    results.map((s) => {
      const [a, bt, c] = ABC.map((k) => med(s, k, time));
      const [ac, btc] = [med(s, 'A', cpu), med(s, 'B', cpu)];
      const b = med(s, 'B', bAlone);
      return [
        `${s.sites}+1`, String(s.rounds), String(s.objects),
        fmt(a), fmt(b), fmt(med(s, 'B', tAlone)), fmt(bt), fmt(c), fmt(a / bt, 2), fmt(a / b, 2), fmt(a / c, 2), fmt(a / total(s), 1),
        range(s, 'A'), range(s, 'B'),
        fmt(ac), fmt(btc), fmt(ac / btc, 2),
      ];
    }),
  ));

  console.log('\n## Memory: median peak RSS in MiB (whole child process: process.resourceUsage().maxRSS), RSS after loading modules, output size\n');
  console.log(table(
    ['sites', 'A MiB', 'B+T MiB', 'C MiB', 'A/(B+T) mem', 'A/C mem', 'A RSS@load', 'B+T RSS@load', 'C RSS@load', 'A MiB out', 'B+T MiB out', 'A files (folders)', 'B+T files (folders)'],
    results.map((s) => {
      const [am, bm, cm] = ABC.map((k) => med(s, k, rss));
      return [
        `${s.sites}+1`, fmt(am), fmt(bm), fmt(cm), fmt(am / bm, 2), fmt(am / cm, 2),
        ...ABC.map((k) => fmt(med(s, k, (r) => r.rssAfterLoadMiB))),
        fmt(s.runs.A[0].writtenMiB, 1), fmt(s.runs.B[0].writtenMiB, 1),
        `${s.runs.A[0].files} (${s.runs.A[0].folders})`, `${s.runs.B[0].files} (${s.runs.B[0].folders})`,
      ];
    }),
  ));

  console.log('\n## Inside A, and the checks and analysis alone (D: its own child on the same design: model, rules, analyzeCluster of every cluster; then REPORT.md, report.json and the Terraform (cdktf loaded on first use, then rendered), timed apart; the peak RSS of D includes them). A / (B + Terraform): A against plain cdk8s plus the same Terraform loaded and rendered with cdktf, i.e. the same manifests and stacks without the library\n');
  console.log(table(
    ['sites', 'A construct ms', 'A synth() ms', 'D model ms', 'D rules ms', 'D analysis ms', 'loss scenarios', 'analysis / A', 'model+rules+analysis / A', 'REPORT.md ms (MiB)', 'report.json ms (MiB)', 'Terraform load + render ms', '(A − Terraform) / B', 'A / (B + D\'s Terraform)', 'D peak MiB'],
    results.map((s) => {
      const a = med(s, 'A', time);
      const analysis = med(s, 'D', phase('analysis'));
      return [
        `${s.sites}+1`,
        fmt(med(s, 'A', phase('construct'))), fmt(med(s, 'A', phase('synth'))),
        fmt(med(s, 'D', phase('model')), 1), fmt(med(s, 'D', phase('rules')), 1), fmt(analysis, 1),
        String(s.runs.D[0].phases.scenarios),
        pct(analysis, a), pct(med(s, 'D', time), a),
        `${fmt(med(s, 'D', phase('reportMd')))} (${fmt(s.runs.D[0].phases.reportMdMiB, 1)})`,
        `${fmt(med(s, 'D', phase('reportJson')))} (${fmt(s.runs.D[0].phases.reportJsonMiB, 1)})`,
        `${fmt(med(s, 'D', phase('terraformLoad')))} + ${fmt(med(s, 'D', phase('terraformRender')))}`,
        fmt((a - terraformMs(s)) / med(s, 'B', bAlone), 2),
        fmt(a / (med(s, 'B', bAlone) + terraformMs(s)), 2),
        fmt(med(s, 'D', rss)),
      ];
    }),
  ));

  console.log('\nModule loading (median ms, not in the times above): ' + results.map((s) => `${s.sites}+1: ${ABC.map((k) => `${k} ${fmt(med(s, k, (r) => r.loadMs))}`).join(', ')}`).join('; '));

  // Linear means each added site costs the same.
  if (results.length > 1) {
    console.log('\n## Growth across the mesh sizes: ms per added site between sizes (flat = linear; CPU ms in brackets), and k in time ∝ sites^k (the mesh input grows as sites²)\n');
    console.log(table(
      ['from → to', 'A ms/added site', 'B ms/added site', 'C ms/added site', 'k (A)', 'k (B)', 'k (C)', 'A MiB out ×', 'sites ×'],
      results.slice(1).map((s, i) => {
        const p = results[i];
        const added = total(s) - total(p);
        const marginal = (k: Measured) => `${fmt((med(s, k, time) - med(p, k, time)) / added, 1)} (${fmt((med(s, k, cpu) - med(p, k, cpu)) / added, 1)})`;
        const k = (kind: Measured) => fmt(Math.log(med(s, kind, time) / med(p, kind, time)) / Math.log(total(s) / total(p)), 2);
        return [
          `${p.sites}+1 → ${s.sites}+1`, marginal('A'), marginal('B'), marginal('C'), k('A'), k('B'), k('C'),
          fmt(s.runs.A[0].writtenMiB / p.runs.A[0].writtenMiB, 1), fmt(total(s) / total(p), 1),
        ];
      }),
    ));
  }

  const largest = results[results.length - 1];
  const a = med(largest, 'A', time);
  const bt = med(largest, 'B', time);
  const checks: [string, boolean, string][] = [
    [`time A/(B+T) ≤ 1.10 at ${largest.sites}+1 sites`, a / bt <= 1.1, `${fmt(a / bt, 2)} (A ${fmt(a)} ms, B+T ${fmt(bt)} ms, spread ${range(largest, 'A')} and ${range(largest, 'B')}; `
      + `CPU ${fmt(med(largest, 'A', cpu) / med(largest, 'B', cpu), 2)}; with module loading ${fmt((a + med(largest, 'A', load)) / (bt + med(largest, 'B', load)), 2)}, `
      + `A loads in ${fmt(med(largest, 'A', load))} ms, B+T in ${fmt(med(largest, 'B', load))})`],
    [`peak memory A ≤ 1.25 × peak (B+T) at ${largest.sites}+1 sites`, med(largest, 'A', rss) / med(largest, 'B', rss) <= 1.25,
      `${fmt(med(largest, 'A', rss) / med(largest, 'B', rss), 2)} (A ${fmt(med(largest, 'A', rss))} MiB, B+T ${fmt(med(largest, 'B', rss))} MiB)`],
    [`checks and analysis ≤ 1% of A at ${largest.sites}+1 sites`, med(largest, 'D', time) / a <= 0.01,
      `${pct(med(largest, 'D', time), a)} (model ${fmt(med(largest, 'D', phase('model')), 1)} + rules ${fmt(med(largest, 'D', phase('rules')), 1)} + analysis ${fmt(med(largest, 'D', phase('analysis')), 1)} ms)`],
  ];
  if (growth.length >= 3) {
    const steps = growthSteps(growth);
    const worst = Math.max(...steps.slice(1).map((st, i) => st.cpuPerSite / steps[i].cpuPerSite));
    checks.push([
      `growth linear to ${growth[growth.length - 1].sites}+1 sites (regional layout): each step's CPU ms per added site ≤ 1.5 × the step before`,
      worst <= 1.5,
      steps.map((st) => `${st.from}→${st.to}: ${fmt(st.cpuPerSite, 2)} (wall ${fmt(st.wallPerSite, 2)})`).join(', ') + ` ms per added site; largest step ratio ${fmt(worst, 2)}`,
    ]);
  }
  // The floors: what A cannot shed without changing its output.
  const e = (f: string) => med(largest, 'E', phase(f));
  const extraOut = med(largest, 'E', time);
  const cold = med(largest, 'D', time);
  const warm = med(largest, 'D', phase('warmChecks'));
  const floors = [
    `floor of A's extra output at ${largest.sites}+1 sites (E: the file work A does that B+T does not, with A's bytes): ${fmt(extraOut)} ms = ${pct(extraOut, bt)} of B+T `
      + `(writing the ${largest.runs.E[0].phases.extraFiles} files B+T does not write ${fmt(e('writeExtra'))} ms, SHA-256 of every file and the record ${fmt(e('hash'))} ms, staging → place renames ${fmt(e('rename'))} ms): `
      + `A at best (B+T + E)/(B+T) = ${fmt((bt + extraOut) / bt, 2)} before REPORT.md and report.json are even rendered (D: ${fmt(med(largest, 'D', phase('reportMd')))} + ${fmt(med(largest, 'D', phase('reportJson')))} ms)`,
    `floor of the checks and analysis at ${largest.sites}+1 sites: the first pass (cold: code run for the first time in the process) ${fmt(cold, 1)} ms = ${pct(cold, a)} of A; `
      + `the same checks again in that process (warm) ${fmt(warm, 1)} ms = ${pct(warm, a)} of A: ${fmt(cold - warm, 1)} ms is first-call cost`,
  ];
  const lines = [
    ...checks.map(([what, ok, value]) => `${ok ? 'PASS' : 'FAIL'}  ${what}: ${value}`),
    ...floors.map((f) => `FLOOR ${f}`),
  ];

  // Where the gap is: A's Terraform stage (D: loaded through the library, archiver deferred)
  // against T (cdktf loaded as it loads itself), and the rest of A against B.
  const aTerraform = terraformMs(largest);
  const t = med(largest, 'B', tAlone);
  const b = med(largest, 'B', bAlone);
  console.log(`\nAt ${largest.sites}+1 sites: A's Terraform stage ${fmt(aTerraform)} ms (D) against T ${fmt(t)} ms; the rest of A ${fmt(a - aTerraform)} ms against B ${fmt(b)} ms (${fmt((a - aTerraform) / b, 2)}).`);
  return lines;
}

/** Marginal cost per added site between consecutive growth sizes, in CPU and wall ms. */
function growthSteps(growth: GrowthResult[]): { from: number; to: number; cpuPerSite: number; wallPerSite: number }[] {
  return growth.slice(1).map((g, i) => {
    const p = growth[i];
    const added = g.sites - p.sites;
    return {
      from: p.sites + 1,
      to: g.sites + 1,
      cpuPerSite: (median(g.runs.map(cpu)) - median(p.runs.map(cpu))) / added,
      wallPerSite: (median(g.runs.map(time)) - median(p.runs.map(time))) / added,
    };
  });
}

function printGrowth(growth: GrowthResult[]): void {
  if (growth.length < 2) return;
  console.log('\n## Growth (regional layout: regions of 10 sites linked inside and to the witness, one GSLB zone over the first region, 20 CockroachDB clusters, so past 40 sites fewer clusters per site): A only, median of the rounds\n');
  const steps = growthSteps(growth);
  console.log(table(
    ['sites', 'rounds', 'A ms', 'A cpu ms', 'A min–max', 'files', 'MiB out', 'REPORT.md KiB', 'peak MiB', 'CPU ms per added site', 'wall ms per added site', '× step before (CPU)'],
    growth.map((g, i) => {
      const st = i > 0 ? steps[i - 1] : undefined;
      const before = i > 1 ? steps[i - 2] : undefined;
      return [
        `${g.sites}+1`, String(g.runs.length), fmt(median(g.runs.map(time))), fmt(median(g.runs.map(cpu))),
        `${fmt(Math.min(...g.runs.map(time)))}–${fmt(Math.max(...g.runs.map(time)))}`,
        String(g.runs[0].files), fmt(g.runs[0].writtenMiB, 1), fmt(g.runs[0].reportMdBytes / 1024), fmt(median(g.runs.map(rss))),
        st ? fmt(st.cpuPerSite, 2) : '', st ? fmt(st.wallPerSite, 2) : '', st && before ? fmt(st.cpuPerSite / before.cpuPerSite, 2) : '',
      ];
    }),
  ));
}

/** A's runs at one growth size. */
interface GrowthResult {
  readonly sites: number;
  readonly runs: RunResult[];
}

/** A at every growth size (regional layout), in interleaved rounds with rotating order. */
function benchGrowth(script: string, tmp: string, sizes: readonly number[], rounds: number, nodeFlags: string[]): GrowthResult[] {
  const results: GrowthResult[] = sizes.map((sites) => ({ sites, runs: [] }));
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < results.length; i++) {
      const g = results[(i + r) % results.length];
      const outdir = path.join(tmp, `growth-${g.sites}-${r}`);
      g.runs.push(spawnChild(script, 'A', [sizeArg({ layout: 'regional', sites: g.sites }), outdir], nodeFlags));
      fs.rmSync(outdir, { recursive: true, force: true });
      log(`  growth round ${r + 1}/${rounds}, ${g.sites}+1 sites: A ${fmt(g.runs[r].totalMs)} ms`);
    }
  }
  return results;
}

/** Strict schema validation of the largest output, with the test suite's validator. */
function validateOutput(outdir: string): number {
  const { readObjects } = rootRequire(ROOT)('../test/support/designs') as typeof import('../test/support/designs');
  const { validateManifest, schemasAvailable, formatProblems } = rootRequire(ROOT)('../test/support/schema-validator') as typeof import('../test/support/schema-validator');
  if (!schemasAvailable()) {
    console.log('\nSchema validation: SKIPPED (no schemas at ../shared/schemas or $MULTISITE_SCHEMAS_DIR)');
    return process.env.CI === 'true' ? 1 : 0;
  }
  const objects = readObjects(outdir);
  const problems = objects.flatMap((o) => validateManifest(o.obj).map((p) => ({ ...p, resource: `${o.file}: ${p.resource ?? ''}` })));
  console.log(`\nSchema validation (strict, test/support/schema-validator) of the ${path.basename(outdir).replace('ref-', '')}+1-site output: ${objects.length} objects validated, ${problems.length} problem(s)`);
  if (problems.length > 0) console.log(formatProblems(problems.slice(0, 20)));
  return problems.length;
}

// --- Profile (--profile) -----------------------------------------------------------------------

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

/** `lib/x.js`, `cdk8s/lib/app.js`, `node:fs`: where a frame's code lives. */
function shortUrl(url: string): string {
  const file = url.replace(/^file:\/\//, '');
  const nm = file.lastIndexOf('node_modules/');
  if (nm >= 0) return file.slice(nm + 'node_modules/'.length);
  return file.startsWith(`${ROOT}/`) ? path.relative(ROOT, file) : file;
}

function frameKey(n: ProfileNode): string {
  const where = shortUrl(n.callFrame.url);
  return `${n.callFrame.functionName || '(anonymous)'}${where ? ` ${where}:${n.callFrame.lineNumber + 1}` : ''}`;
}

function fileOf(n: ProfileNode): string {
  const where = shortUrl(n.callFrame.url);
  if (where) return where;
  return n.callFrame.functionName.startsWith('(') ? n.callFrame.functionName : '(native code)';
}

/** Self and inclusive time per function over the samples under `rootFunction`, and GC in that window. */
function summarizeProfile(file: string, rootFunction: string): void {
  const prof = JSON.parse(fs.readFileSync(file, 'utf-8')) as { nodes: ProfileNode[]; samples: number[]; timeDeltas: number[] };
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of prof.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const stackOf = (id: number) => {
    const s: ProfileNode[] = [];
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) s.push(byId.get(cur)!);
    return s;
  };
  const self = new Map<string, number>();
  const selfFile = new Map<string, number>();
  const inclusive = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  // Sample i covers the time until sample i + 1.
  const stacks = prof.samples.map((id) => stackOf(id));
  const under = stacks.map((st) => st.some((n) => n.callFrame.functionName === rootFunction));
  const first = under.indexOf(true);
  const last = under.lastIndexOf(true);
  let total = 0;
  let gc = 0;
  let other = 0;
  for (let i = first; i <= last; i++) {
    const dt = (prof.timeDeltas[i + 1] ?? 0) / 1000;
    const leaf = stacks[i][0];
    if (!under[i]) {
      if (leaf.callFrame.functionName === '(garbage collector)') gc += dt;
      else other += dt;
      continue;
    }
    total += dt;
    add(self, frameKey(leaf), dt);
    add(selfFile, fileOf(leaf), dt);
    for (const k of new Set(stacks[i].map(frameKey))) add(inclusive, k, dt);
  }
  const top = (m: Map<string, number>, n: number, filter: (k: string) => boolean = () => true) =>
    [...m].filter(([k]) => filter(k)).sort((x, y) => y[1] - x[1]).slice(0, n).map(([k, v]) => [k, fmt(v), pct(v, total)]);
  console.log(`\nWhile ${rootFunction}() ran: ${fmt(total)} ms of samples in it, ${fmt(gc)} ms garbage collector, ${fmt(other)} ms other. Percentages below are of the ${fmt(total)} ms.\n`);
  console.log('### Top self time by function\n');
  console.log(table(['function file:line', 'self ms', '%'], top(self, 25)));
  console.log('\n### Self time by file\n');
  console.log(table(['file', 'self ms', '%'], top(selfFile, 20)));
  console.log('\n### Inclusive time, cdk-multisite (lib/)\n');
  console.log(table(['function file:line', 'incl ms', '%'], top(inclusive, 30, (k) => / lib\//.test(k) && !k.includes('node_modules'))));
  console.log('\n### Inclusive time, cdk8s / cdktf / constructs / yaml\n');
  console.log(table(['function file:line', 'incl ms', '%'], top(inclusive, 20, (k) => / (cdk8s|cdktf|constructs|cdk8s-plus-28)\//.test(k))));
}

function profileA(script: string, tmp: string, sites: number): void {
  console.log(`\n# Profile of A at ${sites}+1 sites`);
  // Counted calls (one A run with wrappers on the suspects; inclusive ms, nested calls once).
  const probe = spawnChild(script, 'P', [sizeArg({ layout: 'mesh', sites }), path.join(tmp, `probe-${sites}`)]);
  const names = [...new Set(Object.keys(probe.phases).filter((k) => k.includes('|')).map((k) => k.split('|')[0]))];
  console.log(`\n## Call counts (one instrumented A run: ${fmt(probe.totalMs)} ms with the wrappers)\n`);
  console.log(table(['call', 'calls', 'incl ms', '% of A', 'sum'], names.map((n) => [
    n, String(probe.phases[`${n}|calls`]), fmt(probe.phases[`${n}|ms`]), pct(probe.phases[`${n}|ms`], probe.totalMs),
    probe.phases[`${n}|sum`] ? String(Math.round(probe.phases[`${n}|sum`])) : '',
  ])));

  const dir = path.join(tmp, 'cpu-prof');
  fs.mkdirSync(dir, { recursive: true });
  const r = spawnChild(script, 'A', [sizeArg({ layout: 'mesh', sites }), path.join(tmp, `prof-out-${sites}`)], ['--cpu-prof', '--cpu-prof-dir', dir, '--cpu-prof-interval', '250']);
  const file = fs.readdirSync(dir).find((f) => f.endsWith('.cpuprofile'))!;
  const keep = path.join(os.tmpdir(), `synth-bench-A-${sites}.cpuprofile`);
  fs.copyFileSync(path.join(dir, file), keep);
  console.log(`\n## CPU profile (node --cpu-prof, 250 µs sampling) of one A run: ${fmt(r.totalMs)} ms under the profiler; kept at ${keep}`);
  summarizeProfile(keep, 'benchWorkA');
}

/** What creating a file and a folder costs on the output filesystem, measured now: ms per create. */
interface CreateCost {
  readonly fileMs: number;
  readonly folderMs: number;
}

/**
 * Creates 100 folders and 400 files of 1.5 KiB (the size of a typical manifest) under `tmp`,
 * times each kind, and removes them. Every run writes into a new folder, so its I/O is creation.
 */
function probeCreateCost(tmp: string): CreateCost {
  const dir = path.join(tmp, 'create-probe');
  fs.mkdirSync(dir);
  const content = 'x'.repeat(1536);
  const t0 = performance.now();
  for (let i = 0; i < 100; i++) fs.mkdirSync(path.join(dir, `d${i}`));
  const t1 = performance.now();
  for (let i = 0; i < 400; i++) fs.writeFileSync(path.join(dir, `d${i % 100}`, `f${i}.yaml`), content);
  const t2 = performance.now();
  fs.rmSync(dir, { recursive: true, force: true });
  return { folderMs: (t1 - t0) / 100, fileMs: (t2 - t1) / 400 };
}

function printCreateCost(before: CreateCost, after: CreateCost, results: SizeResult[], root: string): void {
  const cost = { fileMs: (before.fileMs + after.fileMs) / 2, folderMs: (before.folderMs + after.folderMs) / 2 };
  const largest = results[results.length - 1];
  const creates = (k: 'A' | 'B') => ({ files: largest.runs[k][0].files, folders: largest.runs[k][0].folders });
  const estimate = (k: 'A' | 'B') => creates(k).files * cost.fileMs + creates(k).folders * cost.folderMs;
  const [a, b] = [creates('A'), creates('B')];
  console.log(`\n## The output filesystem (${root})\n`);
  console.log(`Creating a 1.5 KiB file costs ${fmt(before.fileMs, 3)} ms here before the runs and ${fmt(after.fileMs, 3)} ms after them, a folder ${fmt(before.folderMs, 3)} and ${fmt(after.folderMs, 3)} ms (100 folders and 400 files each time). `
    + `At ${largest.sites}+1 sites A creates ${a.files} files in ${a.folders} folders and B ${b.files} in ${b.folders}: about ${fmt(estimate('A'))} ms of A and ${fmt(estimate('B'))} ms of B at the mean of the two rates `
    + `(${pct(estimate('A'), med(largest, 'A', time))} and ${pct(estimate('B'), med(largest, 'B', time))} of their medians).`);
}

/**
 * `--output-to DIR`: A's whole output for every size, in DIR/<layout>-<sites>, and nothing
 * measured. Run it before and after a change and compare with `diff -r`: an optimization must
 * leave every byte as it was.
 */
function writeOutputs(options: Options): void {
  const script = writeChildScript(fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-multisite-bench-')));
  const sizes: Size[] = [...options.sizes.map((sites) => ({ layout: 'mesh' as const, sites })), ...options.growthSizes.map((sites) => ({ layout: 'regional' as const, sites }))];
  for (const size of sizes) {
    const outdir = path.join(options.outputTo!, `${size.layout}-${size.sites}`);
    fs.rmSync(outdir, { recursive: true, force: true });
    fs.mkdirSync(options.outputTo!, { recursive: true });
    const r = spawnChild(script, 'A', [sizeArg(size), outdir], options.nodeFlags);
    log(`${outdir}: ${r.files} files, ${fmt(r.writtenMiB, 1)} MiB, A ${fmt(r.totalMs)} ms`);
  }
  fs.rmSync(path.dirname(script), { recursive: true, force: true });
}

function main(): void {
  const argv = process.argv.slice(2);
  if (argv[0] === '--child') {
    runChild(argv[1] as Kind, argv.slice(2));
    return;
  }
  const options = parseOptions(argv);
  assertCompiled();
  if (options.outputTo) {
    writeOutputs(options);
    return;
  }
  const tmp = fs.mkdtempSync(path.join(options.outdirRoot, 'cdk-multisite-bench-'));
  const started = performance.now();
  let failures = 0;
  let targets: string[] = [];
  try {
    const script = writeChildScript(tmp);
    const createCostBefore = probeCreateCost(tmp);
    log(`cdk-multisite synth bench: ${os.cpus().length} CPUs, node ${process.version}, sizes ${options.sizes.join(', ')} (+1 witness), ${options.rounds} rounds`);
    const results = benchSizes(script, tmp, options.sizes, options.rounds, options.nodeFlags);
    const growth = benchGrowth(script, tmp, options.growthSizes, options.growthRounds, options.nodeFlags);
    const createCostAfter = probeCreateCost(tmp);
    console.log(`# cdk-multisite synth bench (${os.cpus().length} CPUs, node ${process.version}, median of ${options.rounds} interleaved rounds, each run in a fresh process${options.nodeFlags.length ? `, node flags ${options.nodeFlags.join(' ')}` : ''})\n`);
    console.log(`Designs: N active sites + 1 witness, one Kubernetes cluster per site, a link between every pair of sites, ${CLUSTERS} CockroachDB clusters (RF 5, 2+2+1 voters over two active sites + the witness; cluster k on active sites 2k, 2k+1 mod N), one GSLB zone served from every active site with one host, one anycast VIP (MetalLB BGP) announced from every active site.`);
    console.log('A: cdk-multisite, construct the design + synth() (rules, analysis, manifests, Terraform, REPORT.md, report.json).');
    console.log('B+T: one process, cdk8s and cdk8s-plus-28 loaded. B: plain cdk8s App, one Chart per site folder, one ApiObject per body A wrote, synth() with YamlOutputType.FOLDER_PER_CHART_FILE_PER_RESOURCE. T: then cdktf loaded (as it loads itself) and the same Terraform rendered and written (checked byte for byte against A\'s).');
    console.log('C: yaml.stringify of each body + fs.writeFileSync to A\'s file names.');
    console.log('D: the checks and analysis alone (model, rules, analysis), in their own child, cold; then again in that child, warm. E: the file work A does that B+T does not (the files B+T does not write, SHA-256 of every file for the ownership record, staging → place renames), with A\'s bytes.');
    console.log('Peak RSS: process.resourceUsage().maxRSS at the end of each child.');
    printGrowth(growth);
    targets = printResults(results, growth);
    printCreateCost(createCostBefore, createCostAfter, results, options.outdirRoot);
    if (options.validate) failures += validateOutput(results[results.length - 1].refOutdir);
    if (options.profile) profileA(script, tmp, Math.max(...options.sizes));
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  // The last lines: which targets hold, and the floors.
  console.log('\n## Issue 22 targets\n');
  for (const line of targets) console.log(line);
  log(`bench took ${fmt((performance.now() - started) / 1000, 1)} s`);
  if (failures > 0) process.exitCode = 1;
}

main();
