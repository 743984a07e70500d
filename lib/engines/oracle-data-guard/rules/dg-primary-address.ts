import { Severity } from '../../../core/types';
import { Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { DataGuardAnalysis } from '../analysis';
import { OracleDataGuardModel } from '../model';

/** With one cluster per site, every database needs an address the other clusters reach. */
export const dataGuardPrimaryAddress: EngineRule<OracleDataGuardModel, DataGuardAnalysis> = {
  id: 'MS-DG-PRIMARY-ADDRESS',
  summary: 'Data Guard across clusters with a database that has no published address (a standby could not find its primary)',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'A standby in another Kubernetes cluster is created from its primary\'s address (spec.primarySource.connectString, host:port/SERVICE), and a broker in another cluster reaches every database by endpoint; a database published under no name can be neither the source of a standby nor a member of the broker, so the configuration is never built.',
  checkClusters(clusters, _design): Violation[] {
    const out: Violation[] = [];
    for (const { cluster: c, details: d } of clusters) {
      if (!d.crossCluster) continue;
      const missing = d.members.filter((m) => m.managed && m.host === undefined);
      if (missing.length === 0) continue;
      const primary = d.members[0];
      const standbys = d.members.slice(1).filter((m) => m.managed).map((m) => m.site);
      out.push({
        path: c.path,
        message: primary.host === undefined
          ? `the standby${standbys.length === 1 ? '' : 's'} of ${c.name} in ${standbys.join(', ') || '(none)'} ha${standbys.length === 1 ? 's' : 've'} no address for the primary in ${primary.site}: databaseDomain is not set.`
          : `the databases of ${c.name} in ${missing.map((m) => m.site).join(', ')} have no address the broker in ${d.brokerSite} can reach: databaseDomain is not set.`,
        fix: `Set databaseDomain in SqlEngine.oracleDataGuard() (e.g. databaseDomain: 'db.example.com'): each database is then published as ${c.name}-<site>.<databaseDomain> by its LoadBalancer, and standbys are created from the primary's name.`,
      });
    }
    return out;
  },
};
