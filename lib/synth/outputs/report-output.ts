import { SynthOutput } from './synth-output';
import { engineOfKind } from '../../engines/registry';
import { monitoringSection } from '../../report/monitoring-section';
import { renderReport } from '../../report/report';
import { monitoringPlan } from '../monitoring-plan';

/** `REPORT.md`, the failure-mode report; each cluster's section comes from its engine. */
export const REPORT_OUTPUT: SynthOutput = {
  label: 'Failure-mode report',
  write({ design, result }, write) {
    const sections = design.analyses.map((a) => engineOfKind(a.cluster.engine.kind).reportSection(design, a));
    write('REPORT.md', renderReport(design, sections, result, monitoringSection(monitoringPlan(design))));
  },
  describe: (files) => files.join(', '),
};
