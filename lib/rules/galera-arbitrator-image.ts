import { Severity } from '../finding';
import { Rule, Violation } from './rule';
import { DesignModel, isGalera } from '../model/design';

/** An arbitrator needs an image that has garbd. */
export const galeraArbitratorImage: Rule = {
  id: 'MS-GALERA-ARBITRATOR-IMAGE',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'Neither the MariaDB image nor mariadb-operator ships garbd: without an image that has it, the arbitrator never starts and its vote is missing on the day it is needed.',
  check(design: DesignModel): Violation[] {
    return design.sqlClusters
      .filter(isGalera)
      .filter((c) => c.members.some((m) => m.arbitrators > 0) && !c.engine.arbitratorImage)
      .map((c) => ({
        path: c.path,
        message: `${c.name} places arbitrators but names no arbitratorImage.`,
        fix: 'Set arbitratorImage in SqlEngine.galera() to an image that runs garbd as a non-root user (e.g. built from Debian\'s galera-arbitrator-4).',
      }));
  },
};
