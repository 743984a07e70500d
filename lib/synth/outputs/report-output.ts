import { SynthOutput } from './synth-output';
import { engineOfKind } from '../../engines/registry';
import { renderReport } from '../../report/report';

/** `REPORT.md`, the failure-mode report; each cluster's section comes from its engine. */
export const REPORT_OUTPUT: SynthOutput = {
  label: 'Failure-mode report',
  write({ design, result }, write) {
    const sections = design.analyses.map((a) => engineOfKind(a.cluster.engine.kind).reportSection(design, a));
    write('REPORT.md', renderReport(design, sections, result));
  },
  describe: (files) => files.join(', '),
};
