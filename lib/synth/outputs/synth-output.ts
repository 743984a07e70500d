import { App, Chart } from 'cdk8s';
import { AnalyzedDesign } from '../../analysis/analyzed-design';
import { CheckResult } from '../../core/types';
import { WrittenObject } from '../render-manifests';
import { WriteFile } from '../write-atomically';

/** What every output reads: the app (its charts), the analyzed design, the rule findings. */
export interface OutputContext {
  readonly app: App;
  readonly design: AnalyzedDesign;
  readonly result: CheckResult;
  /** Every Kubernetes object written so far: the manifests output adds them, the outputs after it read them. */
  readonly objects: WrittenObject[];
  /** The folder a chart's manifests go to. */
  folderOf(chart: Chart): string;
}

/**
 * One kind of file synth writes (manifests, k8gb values, Terraform, runbooks, REPORT.md,
 * report.json). `synth()` runs every registered output in order; `summary()` prints each one's
 * label beside what it wrote.
 */
export interface SynthOutput {
  /** What the files are, for people, e.g. `Kubernetes manifests`. */
  readonly label: string;
  /** Writes the output's files under the output folder. */
  write(context: OutputContext, write: WriteFile): void;
  /** One line for `summary()` about the files this output wrote (paths under the output folder). */
  describe(files: readonly string[]): string;
}
