import { deferCdktfArchiver } from './defer-archiver';
import { TerraformWriter } from './terraform-writer';

/**
 * The Terraform writer in use (cdktf today). Loaded on first use: cdktf and the AWS provider
 * bindings cost about 14 MiB and a few hundred milliseconds, which designs without Terraform
 * should not pay. cdktf's `archiver`, which this process never calls, is left unloaded until
 * something calls it (see `deferCdktfArchiver`).
 */
export function createTerraformWriter(): TerraformWriter {
  deferCdktfArchiver();
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { CdktfWriter } = require('./cdktf-writer') as typeof import('./cdktf-writer');
  return new CdktfWriter();
}
