import { Rule, Violation } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { Severity } from '../core/types';

const HOSTNAME_LABEL = 'kubernetes.io/hostname';

/** Sites are fault domains (datacenters), never single hosts. */
export const siteKeyHostname: Rule = {
  id: 'MS-SITE-KEY-HOSTNAME',
  summary: '`kubernetes.io/hostname` as the site key',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'Hosts in one rack share power and network: with the host as the site key, one rack outage takes out several "sites" and the quorum that looked safe.',
  check(design: AnalyzedDesign): Violation[] {
    if (design.shape.kind !== 'stretched' || design.shape.siteLabel !== HOSTNAME_LABEL) return [];
    return [{
      path: '/',
      message: `the stretched cluster uses node label ${HOSTNAME_LABEL} as its site key.`,
      fix: 'Use the label that names the datacenter: topology.kubernetes.io/zone (the default), topology.kubernetes.io/region, or a custom label your nodes carry.',
    }];
  },
};
