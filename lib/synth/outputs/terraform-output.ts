import { SynthOutput } from './synth-output';
import { terraformFiles } from '../../terraform/terraform-files';

/** The Terraform stacks (DNS delegation, anycast edge), one folder each under `terraform/`. */
export const TERRAFORM_OUTPUT: SynthOutput = {
  label: 'Terraform stacks',
  write({ design }, write) {
    for (const [file, content] of terraformFiles(design)) write(`terraform/${file}`, content);
  },
  describe: (files) => [...new Set(files.map((f) => f.split('/')[1]))].map((stack) => `terraform/${stack}/`).join(', '),
};
