import { Severity } from '../finding';
import { Rule, Violation } from './rule';
import { DesignModel } from '../model/design';

/** TLS is on by default; turning it off is a lab-only choice that must show. */
export const insecureCluster: Rule = {
  id: 'MS-INSECURE-CLUSTER',
  severity: Severity.WARNING,
  acknowledgeable: true,
  why: 'Without TLS, data and credentials cross the WAN in clear text and any client that reaches the port can act as root.',
  check(design: DesignModel): Violation[] {
    return design.sqlClusters
      .filter((c) => 'insecure' in c.engine && c.engine.insecure)
      .map((c) => ({
        path: c.path,
        message: `${c.name} runs without TLS (insecure: true).`,
        fix: 'Remove insecure and provide the certificate Secrets the engine names; acknowledge MS-INSECURE-CLUSTER only for a lab.',
      }));
  },
};
