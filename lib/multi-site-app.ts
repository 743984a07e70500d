import * as fs from 'fs';
import * as path from 'path';
import { App, Chart, Yaml } from 'cdk8s';
import { AnalyzedDesign } from './analysis/analyzed-design';
import { analyzeDesign } from './check/analyze-design';
import { ALL_RULES } from './check/rule-registry';
import { MONITORING_METADATA, TERRAFORM_BACKEND_METADATA } from './core/construct-metadata';
import { CheckResult, Finding } from './core/types';
import { DeploymentShape } from './deployment-shape';
import { DistributedSqlCluster } from './distributed-sql-cluster';
import { recordCreation } from './findings/source-location';
import { Latency } from './latency';
import { DesignModel } from './model/design';
import { linkKey } from './model/latency';
import { Monitoring } from './monitoring';
import { withComputedFixes } from './placement/computed-fixes';
import { checkDesign, formatFinding, refusalMessage } from './rules/check-design';
import { Site } from './site';
import { buildDesign, DeclaredLink, pathOf } from './synth/build-design';
import { cdk8sCliFolder, checkCliFolder, writeCliCopy } from './synth/cdk8s-cli-folder';
import { currentDesignRecord, statefulSetsComparedWith, statefulSetsIn } from './synth/change/current-design-record';
import { readPreviousDesign } from './synth/change/previous-design';
import { LibraryObjects } from './synth/library-objects';
import { FINDINGS_OUTPUTS, OUTPUTS } from './synth/outputs';
import { findingsInput } from './synth/outputs/findings-outputs';
import { MANIFESTS_OUTPUT } from './synth/outputs/manifests-output';
import { asRefusal } from './synth/refusal';
import { apiObjectsPerChart, WrittenObject } from './synth/render-manifests';
import { writeAtomically } from './synth/write-atomically';
import { checkFindingsPaths, FindingsPath, writeFindingsFiles } from './synth/write-findings-files';
import { TerraformBackend } from './terraform-backend';

/** Settings of a multi-site app. */
export interface MultiSiteAppProps {
  /**
   * Folder synth writes to. When `cdk8s synth` runs the app, set it: the CLI deletes its own
   * output folder (`CDK8S_OUTDIR`) before every run, so synth refuses that folder and writes a copy
   * of the manifests there instead (see README, "Use it in your repository").
   * @default - `CDK8S_OUTDIR` when set, otherwise `dist`
   */
  readonly outdir?: string;
  /**
   * How sites map onto Kubernetes clusters.
   * @default DeploymentShape.stretchedCluster()
   */
  readonly shape?: DeploymentShape;
  /**
   * Where every Terraform stack synth writes (`terraform/<stack>/`) keeps its state; `{stack}` in
   * a setting stands for the stack's name.
   * @default - a local file outside the output folder: `../../../.terraform-state/<stack>.tfstate`
   * from the stack's folder, i.e. `.terraform-state/<stack>.tfstate` beside the outdir
   */
  readonly terraformBackend?: TerraformBackend;
  /**
   * Where `synth()` writes every finding (errors, open and acknowledged warnings, each with its
   * fix and the file and line that created its construct) as SARIF 2.1.0, for a code-scanning
   * upload. Written also when synth refuses the design. Must be outside `outdir` (by its real
   * path), and a file synth wrote or none: synth never writes over a file of yours, a folder or a link.
   * @default - not written
   */
  readonly sarifFile?: string;
  /**
   * Where `synth()` writes the same findings as JSON, also when it refuses. The same rules as
   * `sarifFile`, and a file of its own.
   * @default - not written
   */
  readonly findingsFile?: string;
  /**
   * How the clusters are monitored: `Monitoring.prometheusOperator({ ... })` writes PodMonitors
   * and PrometheusRules whose alerts fire when the next site loss would halt a cluster. Needs
   * prometheus-operator in the cluster (APPLY.md lists it). With one cluster per site, each site
   * gets the alerts its own Prometheus can decide; REPORT.md lists those that need a global ruler.
   * @default - not monitored
   */
  readonly monitoring?: Monitoring;
}

/** How `check()` runs. */
export interface CheckOptions {
  /**
   * Whether the errors of a refused cluster get their computed fix (the smallest change that
   * passes every rule, a search over candidate designs; `synth()` always computes it).
   * @default false
   */
  readonly computedFixes?: boolean;
}

/**
 * The root of a multi-site design: holds the sites (as charts) and the links between them,
 * and at `synth()` checks every rule, then writes `dist/<site>/` manifests, `REPORT.md` and
 * `report.json`. When any rule fails, synth throws every finding at once and writes nothing.
 */
export class MultiSiteApp extends App {
  /** How sites map onto Kubernetes clusters. */
  public readonly shape: DeploymentShape;
  private readonly links: DeclaredLink[] = [];
  private readonly linkKeys = new Set<string>();
  private readonly libraryObjects = new LibraryObjects(this);
  private lastWritten?: ReadonlyMap<string, readonly string[]>;
  private lastChange?: string;
  private lastResult?: CheckResult;
  private readonly findingsPaths: readonly FindingsPath[];

  constructor(props: MultiSiteAppProps = {}) {
    super({ outdir: props.outdir });
    recordCreation(this);
    this.shape = props.shape ?? DeploymentShape.stretchedCluster();
    this.findingsPaths = checkFindingsPaths(FINDINGS_OUTPUTS.map((output) => ({ output, given: props[output.option] })), this.outdir);
    if (props.terraformBackend) this.node.addMetadata(TERRAFORM_BACKEND_METADATA, props.terraformBackend);
    if (props.monitoring !== undefined) this.node.addMetadata(MONITORING_METADATA, checkedMonitoring(props.monitoring));
  }

  /** Every site, in declaration order. */
  public get sites(): Site[] {
    return this.node.findAll().filter((c): c is Site => Site.isSite(c));
  }

  /**
   * Declares the latency between two sites. Links are undirected; declare each pair once.
   */
  public addLink(siteA: Site, siteB: Site, latency: Latency): void {
    if (!Site.isSite(siteA) || !Site.isSite(siteB)) {
      throw new Error(`addLink: siteA and siteB must be sites of this app, got ${Site.isSite(siteA) ? siteA.siteName : String(siteA)} and ${Site.isSite(siteB) ? siteB.siteName : String(siteB)}.`);
    }
    if (!(latency instanceof Latency)) {
      throw new Error(`addLink: latency between ${siteA.siteName} and ${siteB.siteName} is ${String(latency)}, not a Latency; give Latency.ofRttMillis(<measured RTT>) or Latency.ofDistanceKm(<fibre km>).`);
    }
    // Two checks, not a loop over [siteA, siteB]: the array per call cost 40% of addLink at 5,050 links.
    if (siteA.node.root !== this) throw this.strangerSite(siteA);
    if (siteB.node.root !== this) throw this.strangerSite(siteB);
    if (siteA === siteB) throw new Error(`addLink: a link needs two different sites, got ${siteA.siteName} twice; a site has no RTT to itself.`);
    const key = linkKey(siteA.siteName, siteB.siteName);
    if (this.linkKeys.has(key)) throw new Error(`addLink: ${siteA.siteName} ↔ ${siteB.siteName} is already linked; links are undirected, declare each pair once.`);
    this.linkKeys.add(key);
    this.links.push({ siteA, siteB, latency });
  }

  /**
   * Runs every rule over the design without writing anything: errors, open warnings and
   * acknowledged warnings (with their reasons). The errors of a refused cluster carry its computed
   * fix (`Finding.computedFix`) when `computedFixes` is set; a refused `synth()` always has it.
   */
  public check(options: CheckOptions = {}): Finding[] {
    const design = this.analyzedDesign();
    const result = options.computedFixes ? this.checked(design) : checkDesign(design, ALL_RULES);
    return [...result.errors, ...result.warnings, ...result.acknowledged];
  }

  /**
   * Checks the design, then writes every manifest, `REPORT.md` and `report.json` to
   * `outdir`, replacing what was there. Throws, writing nothing, when a rule fails. A refusal is
   * printed as its findings and fixes, without a stack trace, unless `CDK_MULTISITE_STACK_TRACE=1`.
   */
  public synth(): void {
    try {
      this.writeOutput();
    } catch (e) {
      throw asRefusal(e);
    }
  }

  /** Checks the design, then returns every manifest as one YAML string. Throws when a rule fails. */
  public synthYaml(): string {
    try {
      this.prepare();
    } catch (e) {
      throw asRefusal(e);
    }
    return Yaml.stringify(...[...apiObjectsPerChart(this)].flatMap((c) => c.objects));
  }

  /** {@link synth}, its refusals not yet marked as such. */
  private writeOutput(): void {
    const cliFolder = cdk8sCliFolder();
    if (cliFolder !== undefined) checkCliFolder(this.outdir, cliFolder);
    const { design, result } = this.prepare();
    const written = new Map<string, string[]>();
    const manifests = new Map<string, string>();
    const siteNames = new Set(design.sites.map((s) => s.name));
    // The design record, once the manifests are written: their StatefulSets as written.
    const record = (writtenObjects: readonly WrittenObject[]) => {
      const statefulSets = statefulSetsIn(design, writtenObjects.filter((o) => o.statefulSet)
        .map((o) => ({ object: o.statefulSet, site: siteNames.has(o.folder) ? o.folder : undefined })));
      return currentDesignRecord(design, libraryVersion(), (a) => statefulSets.get(a.cluster.path) ?? []);
    };
    const objects: WrittenObject[] = [];
    writeAtomically(this.outdir, (write) => {
      const context = { app: this, design, result, folderOf: (chart: Chart) => (Site.isSite(chart) ? chart.siteName : chart.node.id), objects };
      for (const output of OUTPUTS) {
        const files: string[] = [];
        output.write(context, (file, content) => {
          write(file, content);
          files.push(file);
          if (cliFolder !== undefined && output === MANIFESTS_OUTPUT) manifests.set(file, content);
        });
        written.set(output.label, files);
      }
    }, () => record(objects));
    if (cliFolder !== undefined) writeCliCopy(cliFolder, manifests);
    for (const w of result.warnings) process.stderr.write(`${formatFinding(w)}\n`);
    this.lastWritten = written;
    this.lastResult = result;
    this.lastChange = design.change?.previous.message;
  }

  /**
   * What the last `synth()` wrote, for people: the files of each output and the verdict.
   */
  public summary(): string {
    if (!this.lastWritten || !this.lastResult) throw new Error('summary(): call synth() first.');
    const lines = [`Wrote ${this.outdir}:`];
    for (const output of OUTPUTS) {
      const files = this.lastWritten.get(output.label) ?? [];
      if (files.length > 0) lines.push(`  ${output.label}: ${output.describe(files)}`);
    }
    const r = this.lastResult;
    if (this.lastChange) lines.push(`Change safety: ${this.lastChange}`);
    lines.push(`Verdict: no rule refused the design (every single-site loss is survived or has its stated failover; REPORT.md has each scenario). ${r.warnings.length} open warning(s), ${r.acknowledged.length} acknowledged.`);
    return lines.join('\n');
  }

  private strangerSite(site: Site): Error {
    return new Error(`addLink: site ${site.siteName} belongs to another app; link sites created in this MultiSiteApp.`);
  }

  /** The design as plain data, for `Placement.optimal`. @internal */
  public _designModel(): DesignModel {
    return buildDesign(this, this.shape, this.links);
  }

  /**
   * The analyzed design, with the design synth wrote last in the outdir beside it (`change`) for
   * the change rules. The StatefulSets of this design are known here only when there is a
   * previous design to compare them with; synth records the ones it writes ({@link writeOutput}).
   */
  private analyzedDesign(): AnalyzedDesign {
    const design = analyzeDesign(this._designModel());
    const version = libraryVersion();
    const previous = readPreviousDesign(this.outdir, currentDesignRecord(design, version, () => []));
    if (previous.status !== 'read') return { ...design, change: { previous, current: currentDesignRecord(design, version, () => []) } };
    try {
      const current = currentDesignRecord(design, version, (a) => statefulSetsComparedWith(previous.record!, design, a));
      return { ...design, change: { previous, current } };
    } catch {
      // The writers cannot write this design: the rules that refuse it say why, and nothing is compared.
      return design;
    }
  }

  /** Every rule's findings, the errors of a refused cluster with its computed fix. */
  private checked(design: AnalyzedDesign): CheckResult {
    const clusters = this.node.findAll().filter((c): c is DistributedSqlCluster => c instanceof DistributedSqlCluster);
    const pinned = new Map(clusters.map((c) => [pathOf(c), c.engine._settings.sitesNamed.map((s) => s.siteName)]));
    return withComputedFixes(design, checkDesign(design, ALL_RULES), (p) => pinned.get(p) ?? []);
  }

  /** Writes the SARIF and JSON findings files the props ask for (outputs in `FINDINGS_OUTPUTS`). */
  private writeFindings(result: CheckResult): void {
    if (this.findingsPaths.length === 0) return;
    const input = findingsInput(this, result);
    const version = libraryVersion();
    writeFindingsFiles(this.findingsPaths.map((p) => ({ ...p, content: p.output.render(input, version) })), this.outdir);
  }

  /** Analyzes and checks the design once; on success, writes the library's objects into the charts anew. */
  private prepare(): { design: AnalyzedDesign; result: CheckResult } {
    const design = this.analyzedDesign();
    const result = this.checked(design);
    this.writeFindings(result);
    if (result.errors.length > 0) throw new Error(refusalMessage(result));
    this.libraryObjects.rebuild(design, new Map(this.sites.map((s) => [s.siteName, s])));
    return { design, result };
  }
}

/** The library's version, from its package.json. */
function libraryVersion(): string {
  try {
    return JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf-8')).version ?? '0.0.0';
  } catch {
    return '0.0.0';
  }
}

/** The app's monitoring, refused when it is not a `Monitoring`. */
function checkedMonitoring(monitoring: Monitoring): Monitoring {
  if (!(monitoring instanceof Monitoring)) {
    throw new Error(`MultiSiteApp: monitoring is ${String(monitoring)}, not a Monitoring; give monitoring: Monitoring.prometheusOperator({ ... }).`);
  }
  return monitoring;
}
