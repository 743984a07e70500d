import { SynthOutput } from './synth-output';
import { engineOfKind } from '../../engines/registry';

/** Files an engine writes beside the report, such as Data Guard's failover runbook. */
export const ENGINE_FILES_OUTPUT: SynthOutput = {
  label: 'Runbooks',
  write({ design }, write) {
    for (const analysis of design.analyses) {
      for (const [file, content] of engineOfKind(analysis.cluster.engine.kind).extraFiles(design, analysis)) write(file, content);
    }
  },
  describe: (files) => files.join(', '),
};
