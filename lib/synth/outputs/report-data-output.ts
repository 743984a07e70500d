import { SynthOutput } from './synth-output';
import { renderReportData } from '../../report/report-data';

/** `report.json`: the report's predictions as data. */
export const REPORT_DATA_OUTPUT: SynthOutput = {
  label: 'Report data',
  write({ design, result }, write) {
    write('report.json', renderReportData(design, result));
  },
  describe: (files) => files.join(', '),
};
