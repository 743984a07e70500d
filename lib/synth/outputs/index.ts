import { APPLY_OUTPUT } from './apply-output';
import { ENGINE_FILES_OUTPUT } from './engine-files-output';
import { FINDINGS_FILE_OUTPUT, FindingsOutput, SARIF_FILE_OUTPUT } from './findings-outputs';
import { K8GB_VALUES_OUTPUT } from './k8gb-values-output';
import { MANIFESTS_OUTPUT } from './manifests-output';
import { REPORT_DATA_OUTPUT } from './report-data-output';
import { REPORT_OUTPUT } from './report-output';
import { ROLLOUT_OUTPUT } from './rollout-output';
import { SynthOutput } from './synth-output';
import { TERRAFORM_OUTPUT } from './terraform-output';

/** Every output synth writes, in order: the one list to extend when adding a kind of file. */
export const OUTPUTS: readonly SynthOutput[] = [
  MANIFESTS_OUTPUT,
  K8GB_VALUES_OUTPUT,
  APPLY_OUTPUT,
  TERRAFORM_OUTPUT,
  ENGINE_FILES_OUTPUT,
  REPORT_OUTPUT,
  REPORT_DATA_OUTPUT,
  ROLLOUT_OUTPUT,
];

/** Every findings file synth can write outside the output folder, each named by a `MultiSiteApp` option. */
export const FINDINGS_OUTPUTS: readonly FindingsOutput[] = [SARIF_FILE_OUTPUT, FINDINGS_FILE_OUTPUT];
