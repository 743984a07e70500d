import { App, Chart, Yaml } from 'cdk8s';
import { AnalyzedDesign } from './analysis/analyzed-design';
import { CheckResult, Finding } from './core/types';
import { DeploymentShape } from './deployment-shape';
import { Latency } from './latency';
import { linkKey } from './model/latency';
import { checkDesign, formatFinding, refusalMessage } from './rules/check-design';
import { Site } from './site';
import { analyzeDesign } from './synth/analyze-design';
import { buildDesign, DeclaredLink } from './synth/build-design';
import { LibraryObjects } from './synth/library-objects';
import { OUTPUTS } from './synth/outputs';
import { apiObjectsPerChart } from './synth/render-manifests';
import { ALL_RULES } from './synth/rule-registry';
import { writeAtomically } from './synth/write-atomically';
import { TERRAFORM_BACKEND_METADATA, TerraformBackend } from './terraform-backend';

/** Settings of a multi-site app. */
export interface MultiSiteAppProps {
  /**
   * Folder synth writes to.
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
  private lastResult?: CheckResult;

  constructor(props: MultiSiteAppProps = {}) {
    super({ outdir: props.outdir });
    this.shape = props.shape ?? DeploymentShape.stretchedCluster();
    if (props.terraformBackend) this.node.addMetadata(TERRAFORM_BACKEND_METADATA, props.terraformBackend);
  }

  /** Every site, in declaration order. */
  public get sites(): Site[] {
    return this.node.findAll().filter((c): c is Site => Site.isSite(c));
  }

  /**
   * Declares the latency between two sites. Links are undirected; declare each pair once.
   */
  public addLink(siteA: Site, siteB: Site, latency: Latency): void {
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
   * acknowledged warnings (with their reasons).
   */
  public check(): Finding[] {
    const result = checkDesign(this.analyzedDesign(), ALL_RULES);
    return [...result.errors, ...result.warnings, ...result.acknowledged];
  }

  /**
   * Checks the design, then writes every manifest, `REPORT.md` and `report.json` to
   * `outdir`, replacing what was there. Throws, writing nothing, when a rule fails.
   */
  public synth(): void {
    const { design, result } = this.prepare();
    const written = new Map<string, string[]>();
    writeAtomically(this.outdir, (write) => {
      const context = { app: this, design, result, folderOf: (chart: Chart) => (Site.isSite(chart) ? chart.siteName : chart.node.id), objects: [] };
      for (const output of OUTPUTS) {
        const files: string[] = [];
        output.write(context, (file, content) => {
          write(file, content);
          files.push(file);
        });
        written.set(output.label, files);
      }
    });
    for (const w of result.warnings) process.stderr.write(`${formatFinding(w)}\n`);
    this.lastWritten = written;
    this.lastResult = result;
  }

  /** Checks the design, then returns every manifest as one YAML string. Throws when a rule fails. */
  public synthYaml(): string {
    this.prepare();
    return Yaml.stringify(...[...apiObjectsPerChart(this)].flatMap((c) => c.objects));
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
    lines.push(`Verdict: no rule refused the design (every single-site loss is survived or has its stated failover; REPORT.md has each scenario). ${r.warnings.length} open warning(s), ${r.acknowledged.length} acknowledged.`);
    return lines.join('\n');
  }

  private strangerSite(site: Site): Error {
    return new Error(`addLink: site ${site.siteName} belongs to another app; link sites created in this MultiSiteApp.`);
  }

  private analyzedDesign(): AnalyzedDesign {
    return analyzeDesign(buildDesign(this, this.shape, this.links));
  }

  /** Analyzes and checks the design once; on success, writes the library's objects into the charts anew. */
  private prepare(): { design: AnalyzedDesign; result: CheckResult } {
    const design = this.analyzedDesign();
    const result = checkDesign(design, ALL_RULES);
    if (result.errors.length > 0) throw new Error(refusalMessage(result));
    this.libraryObjects.rebuild(design, new Map(this.sites.map((s) => [s.siteName, s])));
    return { design, result };
  }
}
