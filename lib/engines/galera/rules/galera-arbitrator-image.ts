import { Severity } from '../../../core/types';
import { Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { GaleraModel } from '../model';
import { GaleraSettings } from '../settings';

/** An arbitrator needs an image that has garbd. */
export const galeraArbitratorImage: EngineRule<GaleraModel, GaleraSettings> = {
  id: 'MS-GALERA-ARBITRATOR-IMAGE',
  summary: 'arbitrators without an image that has `garbd`',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'Neither the MariaDB image nor mariadb-operator ships garbd: without an image that has it, the arbitrator never starts and its vote is missing on the day it is needed.',
  checkClusters(clusters, _design): Violation[] {
    return clusters
      .map((a) => a.cluster)
      .filter((c) => c.members.some((m) => m.arbitrators > 0) && !c.engine.arbitratorImage)
      .map((c) => ({
        path: c.path,
        message: `${c.name} places arbitrators but names no arbitratorImage.`,
        fix: 'Set arbitratorImage in SqlEngine.galera() to an image that runs garbd as a non-root user (e.g. built from Debian\'s galera-arbitrator-4).',
      }));
  },
};
