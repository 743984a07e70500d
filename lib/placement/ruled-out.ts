import { PlacedError } from '../rules/check-design';

/**
 * What the errors of judged candidates rule out for the candidates still to come, read from what
 * each rule states (`Violation.placement`), never from message text: an error that no placement
 * clears makes the whole search hopeless; an error that stays while one site holds certain counts
 * rules those counts out for that site, whatever the other sites hold. One per engine setting.
 */
export class RuledOut {
  /** The first error no placement clears, for people: "MS-DG-RPO (db states no RPO …)"; undefined while there is none. */
  public hopeless?: string;
  /** Whether an error read the RTTs between the sites holding members (which sites, not only how many, then matters). */
  public linksMatter = false;
  private readonly bySite = new Map<string, ((voters: number, arbitrators: number) => boolean)[]>();
  private readonly seen = new Set<string>();

  /** Takes in the errors of one judged candidate. */
  public learn(errors: readonly PlacedError[]): void {
    for (const { finding, remedy } of errors) {
      if (remedy?.kind === 'none') this.hopeless ??= `${finding.ruleId} (${finding.message})`;
      if (remedy?.kind === 'links') this.linksMatter = true;
      if (remedy?.kind !== 'site') continue;
      // One condition per rule, site and finding: the same finding found again adds nothing.
      const key = `${finding.ruleId}\u0000${remedy.site}\u0000${finding.message}`;
      if (this.seen.has(key)) continue;
      this.seen.add(key);
      const list = this.bySite.get(remedy.site) ?? [];
      list.push(remedy.allows);
      this.bySite.set(remedy.site, list);
    }
  }

  /**
   * Whether `site` may hold these counts. With `arbitrators` 0 it also answers for the voters
   * alone: a rule's `allows` never admits more counts when arbitrators are added.
   */
  public allows(site: string, voters: number, arbitrators: number): boolean {
    const conditions = this.bySite.get(site);
    return conditions === undefined || conditions.every((ok) => ok(voters, arbitrators));
  }
}
