import { App, AppProps, Chart, Yaml } from 'cdk8s';
import { analyzeCluster, ClusterAnalysis } from './analysis/cluster-analysis';
import { DeploymentShape } from './deployment-shape';
import { Finding } from './finding';
import { writeCockroachDb } from './k8s/cockroachdb';
import { writeCrossSiteDns } from './k8s/cross-site-dns';
import { writeGalera } from './k8s/galera';
import { k8gbValues, k8gbValuesHeader, writeGslbObjects } from './k8s/k8gb';
import { writeAnycastVip } from './k8s/metallb';
import { writeDataGuard } from './k8s/oracle-data-guard';
import { Latency } from './latency';
import { DesignModel, isCockroach, isDataGuard, isGalera } from './model/design';
import { linkKey } from './model/latency';
import { renderReport } from './report/report';
import { renderReportData } from './report/report-data';
import { renderRunbook } from './report/runbook';
import { checkDesign, CheckResult, formatFinding, refusalMessage } from './rules/engine';
import { Site } from './site';
import { buildDesign, DeclaredLink } from './synth/build-design';
import { apiObjectsPerChart, renderChartFolder } from './synth/render-manifests';
import { writeAtomically } from './synth/write-atomically';
import { terraformFiles } from './terraform/terraform-files';

/** Settings of a multi-site app. */
export interface MultiSiteAppProps extends AppProps {
  /**
   * How sites map onto Kubernetes clusters.
   * @default DeploymentShape.stretchedCluster()
   */
  readonly shape?: DeploymentShape;
}

/** Folder of the objects that span a stretched cluster. */
const CLUSTER_WIDE = 'cluster-wide';

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
  private materialized = false;
  private lastWritten?: string[];
  private lastResult?: CheckResult;

  constructor(props: MultiSiteAppProps = {}) {
    super(props);
    this.shape = props.shape ?? DeploymentShape.stretchedCluster();
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
    const result = checkDesign(this.design());
    return [...result.errors, ...result.warnings, ...result.acknowledged];
  }

  /**
   * Checks the design, then writes every manifest, `REPORT.md` and `report.json` to
   * `outdir`, replacing what was there. Throws, writing nothing, when a rule fails.
   */
  public synth(): void {
    const { design, result, analyses } = this.prepare();
    this.lastWritten = writeAtomically(this.outdir, (write) => {
      for (const { chart, objects } of apiObjectsPerChart(this)) {
        if (objects.length === 0) continue;
        for (const [file, content] of renderChartFolder(objects, this.folderOf(chart))) write(file, content);
      }
      for (const site of new Set(design.gslbZones.flatMap((z) => z.sites))) {
        write(`${site}/k8gb-values.yaml`, k8gbValuesHeader(design, site) + Yaml.stringify(k8gbValues(design, site)));
      }
      for (const [file, content] of terraformFiles(design)) write(`terraform/${file}`, content);
      for (const cluster of design.sqlClusters.filter(isDataGuard)) write(`RUNBOOK-${cluster.name}.md`, renderRunbook(cluster));
      write('REPORT.md', renderReport(design, analyses, result));
      write('report.json', renderReportData(design, analyses, result));
    });
    for (const w of result.warnings) process.stderr.write(`${formatFinding(w)}\n`);
    this.lastResult = result;
  }

  /** Checks the design, then returns every manifest as one YAML string. Throws when a rule fails. */
  public synthYaml(): string {
    this.prepare();
    return Yaml.stringify(...[...apiObjectsPerChart(this)].flatMap((c) => c.objects));
  }

  /**
   * What the last `synth()` wrote, for people: files per folder and the verdict.
   */
  public summary(): string {
    if (!this.lastWritten || !this.lastResult) throw new Error('summary(): call synth() first.');
    const objects = new Map<string, number>();
    const extras = new Map<string, string[]>();
    for (const f of this.lastWritten) {
      const [folder, ...rest] = f.split('/');
      const file = rest.join('/');
      if (file === '' || file === 'kustomization.yaml') continue;
      if (folder === 'terraform' || file === 'k8gb-values.yaml') {
        extras.set(folder, [...(extras.get(folder) ?? []), file]);
      } else {
        objects.set(folder, (objects.get(folder) ?? 0) + 1);
      }
    }
    const lines = [`Wrote ${this.outdir}: REPORT.md, report.json and`];
    for (const [folder, n] of objects) {
      const more = folder === 'terraform' ? [] : extras.get(folder) ?? [];
      lines.push(`  ${folder}/: ${n} Kubernetes object(s)${more.length ? ` + ${more.join(', ')}` : ''}`);
    }
    const stacks = (extras.get('terraform') ?? []).map((f) => f.split('/')[0]);
    if (stacks.length > 0) lines.push(`  terraform/: ${stacks.length} stack(s): ${stacks.join(', ')}`);
    const r = this.lastResult;
    lines.push(`Verdict: no rule refused the design (every single-site loss is survived or has its stated failover; REPORT.md has each scenario). ${r.warnings.length} open warning(s), ${r.acknowledged.length} acknowledged.`);
    return lines.join('\n');
  }

  private strangerSite(site: Site): Error {
    return new Error(`addLink: site ${site.siteName} belongs to another app; link sites created in this MultiSiteApp.`);
  }

  private design(): DesignModel {
    return buildDesign(this, this.shape, this.links);
  }

  /** Checks, and on success writes every construct into the site charts (once). */
  private prepare(): { design: DesignModel; result: CheckResult; analyses: ClusterAnalysis[] } {
    const design = this.design();
    const result = checkDesign(design);
    if (result.errors.length > 0) throw new Error(refusalMessage(result));
    if (!this.materialized) {
      const siteCharts = new Map(this.sites.map((s) => [s.siteName, s]));
      const charts = {
        forSite: (site: string) => siteCharts.get(site)!,
        clusterWide: () => this.clusterWideChart(),
      };
      for (const cluster of design.sqlClusters) {
        if (isCockroach(cluster)) writeCockroachDb(design, cluster, charts);
        if (isGalera(cluster)) writeGalera(design, cluster, charts);
        if (isDataGuard(cluster)) writeDataGuard(design, cluster, charts);
      }
      for (const zone of design.gslbZones) writeGslbObjects(zone, charts.forSite);
      for (const vip of design.anycastVips) writeAnycastVip(design, vip, charts);
      for (const site of design.sites) writeCrossSiteDns(design, site.name, charts.forSite(site.name));
      this.materialized = true;
    }
    return { design, result, analyses: design.sqlClusters.map((c) => analyzeCluster(design, c)) };
  }

  private clusterWideChart(): Chart {
    const existing = this.node.tryFindChild(CLUSTER_WIDE);
    if (existing) return existing as Chart;
    return new Chart(this, CLUSTER_WIDE, { disableResourceNameHashes: true });
  }

  private folderOf(chart: Chart): string {
    return Site.isSite(chart) ? chart.siteName : chart.node.id;
  }
}
