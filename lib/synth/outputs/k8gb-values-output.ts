import { SynthOutput } from './synth-output';
import { k8gbValues, k8gbValuesHeader } from '../../k8s/k8gb';
import { stringifyYaml } from '../fast-yaml';

/** The k8gb Helm values of every site that serves a GSLB zone (`<site>/k8gb-values.yaml`). */
export const K8GB_VALUES_OUTPUT: SynthOutput = {
  label: 'k8gb Helm values',
  write({ design }, write) {
    for (const site of new Set(design.gslbZones.flatMap((z) => z.sites))) {
      write(`${site}/k8gb-values.yaml`, k8gbValuesHeader(design, site) + stringifyYaml(k8gbValues(design, site)));
    }
  },
  describe: (files) => files.join(', '),
};
