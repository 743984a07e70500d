import { Severity } from '../../../core/types';
import { Violation } from '../../../rules/rule';
import { EngineRule } from '../../engine-rule';
import { DataGuardAnalysis } from '../analysis';
import { OracleDataGuardModel } from '../model';

/** DNS follows the database: a host that writes to Data Guard is sent to the primary's site. */
export const dataGuardGslbPrimary: EngineRule<OracleDataGuardModel, DataGuardAnalysis> = {
  id: 'MS-DG-GSLB-PRIMARY',
  summary: 'a GSLB host that depends on Data Guard, in a zone that does not fail over to the database primary\'s site',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'Only the primary takes writes; a standby rejects them (seed 002: the passive region\'s database is in standby mode). A zone that balances over the sites, or whose failover primary is another site, sends clients to the application in a standby\'s site, whose writes fail; and when the primary\'s site is down, k8gb\'s failover strategy answers with the other healthy serving sites (https://www.k8gb.io/docs/strategy.html), so a zone served by a site other than the failover target\'s sends clients to a standby too. The zone must prefer the database primary\'s site and move with it (RUNBOOK-<cluster>.md).',
  checkClusters(clusters, _design): Violation[] {
    const out: Violation[] = [];
    for (const { cluster: c, details: d } of clusters) {
      const primary = d.roles.primary;
      for (const { zone, host } of d.dependentHosts) {
        const s = zone.strategy;
        const target = d.roles.standbys[0];
        const others = zone.sites.filter((x) => x !== primary && x !== target);
        if (s.kind === 'failover' && s.primary === primary && zone.sites.includes(primary) && others.length === 0) continue;
        const why = s.kind !== 'failover'
          ? `balances ${s.kind}, so clients reach the standby's site too`
          : s.primary !== primary
            ? `fails over from ${s.primary}, but the database primary is in ${primary}`
            : !zone.sites.includes(primary)
              ? `is not served by ${primary}, the database primary's site`
              : `is also served by ${others.join(', ')}, which k8gb answers with beside ${target} once ${primary} is down, though ${others.length === 1 ? 'it holds' : 'they hold'} no primary`;
        out.push({
          path: zone.path,
          message: `${host.fqdn} writes to ${c.name} (Data Guard, primary in ${primary}), and zone ${zone.zone} ${why}.`,
          fix: `Use strategy: GslbStrategy.failover(<site ${primary}>) with sites: [${primary}, ${target}] (the primary's site and the failover target's); after a database failover, move the zone's primary with the database (RUNBOOK-${c.name}.md, "Move traffic").`,
        });
      }
    }
    return out;
  },
};
