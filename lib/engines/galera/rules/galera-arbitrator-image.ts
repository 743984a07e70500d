import { AnalyzedDesign, clustersOfKind } from '../../../analysis/analyzed-design';
import { Severity } from '../../../core/types';
import { Rule, Violation } from '../../../rules/rule';
import { GALERA_KIND, GaleraModel } from '../model';

/** An arbitrator needs an image that has garbd. */
export const galeraArbitratorImage: Rule = {
  id: 'MS-GALERA-ARBITRATOR-IMAGE',
  summary: 'arbitrators without an image that has `garbd`',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'Neither the MariaDB image nor mariadb-operator ships garbd: without an image that has it, the arbitrator never starts and its vote is missing on the day it is needed.',
  check(design: AnalyzedDesign): Violation[] {
    return clustersOfKind<GaleraModel, unknown>(design, GALERA_KIND)
      .map((a) => a.cluster)
      .filter((c) => c.members.some((m) => m.arbitrators > 0) && !c.engine.arbitratorImage)
      .map((c) => ({
        path: c.path,
        message: `${c.name} places arbitrators but names no arbitratorImage.`,
        fix: 'Set arbitratorImage in SqlEngine.galera() to an image that runs garbd as a non-root user (e.g. built from Debian\'s galera-arbitrator-4).',
      }));
  },
};
