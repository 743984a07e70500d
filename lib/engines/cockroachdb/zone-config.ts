import { PinnedRanges } from './pinned-placement';
import { CockroachAnalysis } from './voting-groups';

/**
 * The zone configuration an expert writes for the pinned placement: for the default ranges and
 * the system ranges (meta, liveness, system, and the system database), `num_replicas` and
 * `num_voters` at the voters CockroachDB runs and `voter_constraints` per locality, so the
 * allocator has no choice left; `lease_preferences` on the default ranges when the design names
 * lease sites. Syntax and rules from "Configure Replication Zones"
 * (https://www.cockroachlabs.com/docs/v24.2/configure-replication-zones): per-replica
 * constraints are a JSON object of required constraints to counts, summing to at most
 * `num_voters`; `voter_constraints` need `num_voters`, and with `num_voters` set,
 * `lease_preferences` need `voter_constraints` (`ValidateTandemFields`, pkg/config/zonepb/zone.go).
 */
export function zoneConfigStatements(analysis: CockroachAnalysis, localityTier: string): string[] {
  const constraint = (site: string) => `+${localityTier}=${site}`;
  const using = (p: PinnedRanges) => {
    const voters = [...p.perSite].map(([site, n]) => `"${constraint(site)}": ${n}`).join(', ');
    return `num_replicas = ${p.voters}, num_voters = ${p.voters}, voter_constraints = '{${voters}}'`;
  };
  const leases = analysis.leaseSites.length > 0
    ? `, lease_preferences = '[${analysis.leaseSites.map((s) => `[${constraint(s)}]`).join(', ')}]'`
    : '';
  return [
    `ALTER RANGE default CONFIGURE ZONE USING ${using(analysis.defaultRanges)}${leases};`,
    ...['meta', 'liveness', 'system'].map((r) => `ALTER RANGE ${r} CONFIGURE ZONE USING ${using(analysis.systemRanges)};`),
    `ALTER DATABASE system CONFIGURE ZONE USING ${using(analysis.systemRanges)};`,
  ];
}
