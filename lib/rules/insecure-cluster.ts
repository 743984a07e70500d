import { Rule, Violation } from './rule';
import { AnalyzedDesign } from '../analysis/analyzed-design';
import { Severity } from '../core/types';

/** TLS is on by default; turning it off is a lab-only choice that must show. */
export const insecureCluster: Rule = {
  id: 'MS-INSECURE-CLUSTER',
  summary: 'TLS turned off',
  severity: Severity.WARNING,
  acknowledgeable: true,
  why: 'Without TLS, data and credentials cross the WAN in clear text and any client that reaches the port can act as root.',
  check(design: AnalyzedDesign): Violation[] {
    return design.analyses
      .filter((a) => a.replicatesInClear)
      .map(({ cluster: c }) => ({
        path: c.path,
        message: `${c.name} runs without TLS (insecure: true).`,
        fix: 'Remove insecure and provide the certificate Secrets the engine names; acknowledge MS-INSECURE-CLUSTER only for a lab.',
      }));
  },
};
