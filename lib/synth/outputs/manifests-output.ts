import { SynthOutput } from './synth-output';
import { apiObjectsPerChart, renderChartFolder } from '../render-manifests';

/** The Kubernetes manifests: a folder per chart (site, or `cluster-wide/`), one file per object and a kustomization. */
export const MANIFESTS_OUTPUT: SynthOutput = {
  label: 'Kubernetes manifests',
  write({ app, folderOf, objects: written }, write) {
    for (const { chart, objects } of apiObjectsPerChart(app)) {
      if (objects.length === 0) continue;
      for (const [file, content] of renderChartFolder(objects, folderOf(chart), written)) write(file, content);
    }
  },
  describe(files) {
    const objects = new Map<string, number>();
    for (const f of files) {
      const folder = f.split('/')[0];
      objects.set(folder, (objects.get(folder) ?? 0) + (f.endsWith('/kustomization.yaml') ? 0 : 1));
    }
    return [...objects].map(([folder, n]) => `${folder}/ ${n} object(s)`).join(', ');
  },
};
