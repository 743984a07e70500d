import { VoterPlacement } from './distributed-sql-cluster';
import { engineOfKind } from './engines/registry';
import { shownNumber } from './model/validation';
import type { MultiSiteApp } from './multi-site-app';
import { optimizePlacement } from './placement/optimizer';
import { describePlacement } from './placement/smallest-fix';
import { Site } from './site';
import { SqlEngine } from './sql-engine';

/**
 * The search `Placement.optimal` runs: over which app's sites and links, for which engine, how
 * many votes, measured from which writers, surviving how many site losses.
 */
export interface PlacementSearch {
  /** The app whose sites and links (`addLink`) the placement uses. */
  readonly app: MultiSiteApp;
  /** The engine the cluster runs. */
  readonly engine: SqlEngine;
  /** Votes to place (voters and arbitrators): the least, when `maxVotes` gives a range. */
  readonly votes: number;
  /**
   * The most votes to consider; the placement with the lowest floor over `votes`..`maxVotes` wins.
   * @default - `votes`
   */
  readonly maxVotes?: number;
  /**
   * Where writes start: the floor is the worst from these sites.
   * @default - the site holding voters that gives the lowest floor (where the leader or primary would be put)
   */
  readonly writers?: Site[];
  /**
   * The sites votes may go to.
   * @default - every site of the app
   */
  readonly sites?: Site[];
  /**
   * How many sites may be lost at once, every combination: 1 or 2.
   * @default 1
   */
  readonly siteLossesSurvived?: number;
}

/** Votes of one site in an optimal placement. */
export class SiteVotes {
  /** @internal */
  public static _of(site: Site, voters: number, arbitrators: number): SiteVotes {
    return new SiteVotes(site, voters, arbitrators);
  }

  /** The site. */
  public readonly site: Site;
  /** Voting members that hold data there. */
  public readonly voters: number;
  /** Voting members that hold no data there. */
  public readonly arbitrators: number;

  private constructor(site: Site, voters: number, arbitrators: number) {
    this.site = site;
    this.voters = voters;
    this.arbitrators = arbitrators;
  }
}

/** The placement with the lowest commit floor that survives the site losses asked for. */
export class OptimalPlacement {
  /** @internal */
  public static _of(props: _OptimalPlacementFields): OptimalPlacement {
    return new OptimalPlacement(props);
  }

  /** Votes per site, in site order; sites without votes are absent. */
  public readonly sites: SiteVotes[];
  /** The least commit latency (ms) from the speed of light: from the writers, or from `floorSites`. */
  public readonly commitFloorMillis: number;
  /** Where the floor is measured from: the writers, or the sites holding voters that give it. */
  public readonly floorSites: string[];
  /** Votes placed in all. */
  public readonly votes: number;
  /** Placements the search analyzed. */
  public readonly placementsExamined: number;
  /**
   * Whether the search ran to the end (then the placement is the optimum); false when it stopped at
   * its bound (`OPTIMIZE_BUDGET` placements, or 10 s on a loaded machine) and this is the best placement found before.
   */
  public readonly searchComplete: boolean;

  private constructor(props: _OptimalPlacementFields) {
    this.sites = props.sites;
    this.commitFloorMillis = props.commitFloorMillis;
    this.floorSites = props.floorSites;
    this.votes = props.votes;
    this.placementsExamined = props.placementsExamined;
    this.searchComplete = props.searchComplete;
  }

  /** The placement as `DistributedSqlCluster` takes it. */
  public toVoterPlacement(): VoterPlacement[] {
    return this.sites.map((s) => ({ site: s.site, voters: s.voters, arbitrators: s.arbitrators }));
  }

  /** For people: "2+2+1 over dc-a, dc-b, dc-w". */
  public describe(): string {
    return describePlacement(this.sites.map((s) => ({ site: s.site.siteName, voters: s.voters, arbitrators: s.arbitrators })));
  }
}

/** @internal */
export interface _OptimalPlacementFields {
  readonly sites: SiteVotes[];
  readonly commitFloorMillis: number;
  readonly floorSites: string[];
  readonly votes: number;
  readonly placementsExamined: number;
  readonly searchComplete: boolean;
}

/** "a, b, c", or the first ten and how many more. */
function describeSites(sites: readonly Site[]): string {
  const names = sites.map((s) => s.siteName);
  return names.length <= 10 ? names.join(', ') : `${names.slice(0, 10).join(', ')} and ${names.length - 10} more`;
}

/** Placements computed from the sites and their links. */
export class Placement {
  /**
   * The placement of `votes` (up to `maxVotes`) votes over the app's sites that passes every
   * rule, survives every loss of `siteLossesSurvived` sites, and has the lowest commit floor;
   * ties go to fewer sites, then fewer votes. The search keeps only the sites that can matter
   * for the floor (the nearest of each role to the writers), so it stays small with many sites.
   * Throws, naming the values, when no placement in the range passes.
   */
  public static optimal(search: PlacementSearch): OptimalPlacement {
    const where = 'Placement.optimal';
    const maxVotes = search.maxVotes ?? search.votes;
    const losses = search.siteLossesSurvived ?? 1;
    if (!Number.isInteger(search.votes) || search.votes < 1) throw new Error(`${where}: votes must be a whole number ≥ 1, got ${shownNumber(search.votes)}.`);
    if (!Number.isInteger(maxVotes) || maxVotes < search.votes) throw new Error(`${where}: maxVotes must be a whole number ≥ votes (${search.votes}), got ${shownNumber(maxVotes)}.`);
    if (maxVotes > 15) throw new Error(`${where}: maxVotes ${maxVotes} is above 15; a quorum of more votes only adds commit latency.`);
    if (losses !== 1 && losses !== 2) throw new Error(`${where}: siteLossesSurvived must be 1 or 2, got ${shownNumber(losses)}.`);
    const all = search.app.sites;
    const sites = search.sites ?? all;
    for (const s of [...sites, ...(search.writers ?? [])]) {
      if (!all.includes(s)) throw new Error(`${where}: site ${s.siteName} belongs to another app; use sites of ${search.app.node.path || 'this app'}.`);
    }
    const definition = engineOfKind(search.engine._settings.kind);
    const named = search.engine._settings.sitesNamed;
    const leftOut = named.filter((s) => !sites.includes(s));
    if (leftOut.length > 0) {
      throw new Error(`${where}: sites leaves out ${leftOut.map((s) => s.siteName).join(', ')}, which the ${definition.label} options name (${leftOut.length === 1 ? 'it holds a member' : 'they hold members'} by design, e.g. the primary); add ${leftOut.length === 1 ? 'it' : 'them'} to sites, or leave sites unset.`);
    }
    const design = search.app._designModel();
    const name = 'placement';
    const outcome = optimizePlacement({
      design,
      cluster: { name, path: name, namespace: name, engine: definition.toModel(name, search.engine._settings.options), members: [] },
      sites: all.filter((s) => sites.includes(s)).map((s) => s.siteName),
      pinned: named.map((s) => s.siteName),
      minVotes: search.votes,
      maxVotes,
      writers: (search.writers ?? []).map((s) => s.siteName),
      siteLosses: losses,
      arbitrators: definition.hasArbitrators,
    });
    const best = outcome.best;
    const request = `${search.votes}${maxVotes > search.votes ? `–${maxVotes}` : ''} ${definition.label} votes over ${describeSites(sites)}`;
    if (outcome.hopeless) throw new Error(`${where}: no placement of ${request} can pass: no placement clears ${outcome.hopeless}.`);
    if (!best) {
      const stopped = outcome.stoppedAt ? ` (the search stopped at ${outcome.stoppedAt}, after ${outcome.examined} placements)` : '';
      const refused = outcome.refusedBy.length > 0
        ? ` (those that survive are refused by ${outcome.refusedBy.slice(0, 3).join(', ')}: check() on a design with this placement names each rule's finding and its fix)`
        : ' (none survives the losses)';
      throw new Error(`${where}: no placement of ${request} passes every rule and survives the loss of any ${losses} site(s)${refused}${stopped}; add sites or votes.`);
    }
    const byName = new Map(all.map((s) => [s.siteName, s]));
    return OptimalPlacement._of({
      sites: best.members.map((m) => SiteVotes._of(byName.get(m.site)!, m.voters, m.arbitrators)),
      commitFloorMillis: best.floorMillis,
      floorSites: [...best.floorFrom],
      votes: best.votes,
      placementsExamined: outcome.examined,
      searchComplete: outcome.stoppedAt === undefined,
    });
  }

  private constructor() {}
}
