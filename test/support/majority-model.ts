/**
 * The documented majority rule with members down, read from report.json's voting groups (not from
 * the code under test): a group commits while a strict majority of its votes is reachable (Raft:
 * Ongaro & Ousterhout §5.2-5.4; Galera's primary component, more than half of the votes,
 * https://galeracluster.com/library/documentation/weighted-quorum.html), and one member holds at
 * most one vote of a group: CockroachDB "stores each replica on a different node"
 * (https://www.cockroachlabs.com/docs/v2.0/recommended-production-settings), YugabyteDB's tablet
 * peers are "hosted on different YB-TServers" (https://docs.yugabyte.com/stable/architecture/yb-tserver)
 * and each master is one vote of the masters' group, a Galera node or garbd is one vote. Which of a
 * site's members hold a group's votes is the database's choice, so `down` members of a site take
 * min(down, the site's votes) of each group they vote in (the worst case).
 */

/** Members of one component down in one site. */
export interface Down {
  readonly site: string;
  /** `database` (every group), `master` (YugabyteDB's masters' group) or `tserver` (its tablets). */
  readonly component: string;
  readonly count: number;
}

/** The most votes of `group` that `site` may hold (report.json writes `1–2` when the engine picks). */
const votesIn = (group: any, site: string): number => Number(String(group.perSite[site] ?? '0').split('–').pop());

/** Whether a member of `component` holds a vote of `group`. */
const votesOf = (group: any, component: string): boolean =>
  component === 'database' || (component === 'master') === String(group.label).startsWith('masters');

/** Whether the cluster (report.json's) halts when `lost` sites are lost and the members `down` are down. */
export function majorityHalts(cluster: any, lost: readonly string[], down: readonly Down[]): boolean {
  return (cluster.votingGroups as any[]).some((g) => {
    const gone = lost.reduce((n, s) => n + votesIn(g, s), 0)
      + down.filter((d) => !lost.includes(d.site) && votesOf(g, d.component)).reduce((n, d) => n + Math.min(d.count, votesIn(g, d.site)), 0);
    return g.total - gone < g.quorum;
  });
}
