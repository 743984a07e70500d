import { SynthOutput } from './synth-output';
import { engineOfKind } from '../../engines/registry';

/**
 * Files an engine writes beside the report, such as Data Guard's failover runbook, and for a
 * cluster with backups `RESTORE-<cluster>.md`, the engine's restore with the exact commands.
 */
export const ENGINE_FILES_OUTPUT: SynthOutput = {
  label: 'Runbooks',
  write({ design }, write) {
    for (const analysis of design.analyses) {
      const engine = engineOfKind(analysis.cluster.engine.kind);
      for (const [file, content] of engine.extraFiles(design, analysis)) write(file, content);
      if (analysis.cluster.backup && engine.backup) write(`RESTORE-${analysis.cluster.name}.md`, engine.backup.restoreGuide(design, analysis.cluster));
    }
  },
  describe: (files) => files.join(', '),
};
