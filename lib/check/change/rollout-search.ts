/**
 * The order of single-member changes from one placement to another that keeps every
 * intermediate configuration alive on the loss of any required site: a breadth-first search
 * over the placements between the two, engine-neutral (the caller says what survives).
 */

/** Members of one site in one configuration. */
export interface SiteCount {
  readonly site: string;
  /** Voting members that hold data. */
  readonly voters: number;
  /** Voting members without data (arbitrators). */
  readonly arbitrators: number;
}

/** One configuration on the way: members per site, and whether the new settings are applied. */
export interface Configuration {
  /** Every site of either placement, in order, with zero where none. */
  readonly placement: readonly SiteCount[];
  readonly newSettings: boolean;
}

/** One change: a member added or removed in a site, or the new settings applied. */
export type RolloutMove =
  | { readonly kind: 'add' | 'remove'; readonly role: 'voter' | 'arbitrator'; readonly site: string }
  | { readonly kind: 'settings' };

/** What losing `lost` does to a configuration. */
export interface LossAnswer {
  readonly survives: boolean;
  readonly reason: string;
}

/** What the search needs. */
export interface RolloutSearchInput {
  readonly from: readonly SiteCount[];
  readonly to: readonly SiteCount[];
  /** Every site of either placement, in the order steps and placements list them. */
  readonly sites: readonly string[];
  /** Whether the settings (replication factor, zone configuration) differ and must be applied once. */
  readonly settingsChange: boolean;
  /** Sites whose single loss every configuration must survive. */
  readonly mustSurvive: readonly string[];
  survives(config: Configuration, lost: string): LossAnswer;
  /**
   * What goes wrong between two configurations that both survive (votes moving one at a time
   * inside the engine), or undefined when nothing does.
   */
  transition?(from: Configuration, to: Configuration): { lost: string; reason: string } | undefined;
}

/** A configuration that does not survive a required loss. */
export interface RolloutFailure {
  /** Index of the move (in `moves`) after which the configuration fails. */
  readonly moveIndex: number;
  readonly lost: string;
  readonly reason: string;
}

/** The search's answer: the moves and the configuration after each; or, with no safe order, where the plainest order breaks. */
export interface RolloutSearchResult {
  readonly moves: readonly RolloutMove[];
  readonly configurations: readonly Configuration[];
  /** Set when no order keeps every configuration alive: `moves` is then the add-first order, broken at `failure`. */
  readonly failure?: RolloutFailure;
}

/** The most configurations searched; beyond it the search stops and reports no order found. */
const MAX_CONFIGURATIONS = 50_000;

/**
 * The shortest order of moves from `from` to `to` (adds before removes on ties, sites in order),
 * each move toward the target, such that every configuration after a move survives the loss of
 * each site in `mustSurvive`.
 */
export function searchRollout(input: RolloutSearchInput): RolloutSearchResult {
  const sites = input.sites;
  const counts = (p: readonly SiteCount[]) => sites.map((site) => p.find((s) => s.site === site) ?? { site, voters: 0, arbitrators: 0 });
  const start: Configuration = { placement: counts(input.from), newSettings: !input.settingsChange };
  const goal = counts(input.to);
  const key = (c: Configuration) => `${c.placement.map((s) => `${s.voters}.${s.arbitrators}`).join('|')}|${c.newSettings}`;
  const goalKey = key({ placement: goal, newSettings: true });
  const failureOf = (c: Configuration): { lost: string; reason: string } | undefined => {
    for (const lost of input.mustSurvive) {
      const answer = input.survives(c, lost);
      if (!answer.survives) return { lost, reason: answer.reason };
    }
    return undefined;
  };
  const nextOf = (c: Configuration): Array<{ move: RolloutMove; config: Configuration }> => {
    const out: Array<{ move: RolloutMove; config: Configuration }> = [];
    const step = (i: number, role: 'voter' | 'arbitrator', delta: number) => {
      const placement = c.placement.map((s, j) => (j !== i ? s : role === 'voter' ? { ...s, voters: s.voters + delta } : { ...s, arbitrators: s.arbitrators + delta }));
      out.push({ move: { kind: delta > 0 ? 'add' : 'remove', role, site: sites[i] }, config: { placement, newSettings: c.newSettings } });
    };
    c.placement.forEach((s, i) => {
      if (s.voters < goal[i].voters) step(i, 'voter', 1);
      if (s.arbitrators < goal[i].arbitrators) step(i, 'arbitrator', 1);
    });
    if (!c.newSettings) out.push({ move: { kind: 'settings' }, config: { placement: c.placement, newSettings: true } });
    c.placement.forEach((s, i) => {
      if (s.voters > goal[i].voters) step(i, 'voter', -1);
      if (s.arbitrators > goal[i].arbitrators) step(i, 'arbitrator', -1);
    });
    return out;
  };

  const parent = new Map<string, { from: string; move: RolloutMove; config: Configuration } | null>([[key(start), null]]);
  const queue: Configuration[] = [start];
  let found = key(start) === goalKey;
  while (queue.length > 0 && !found && parent.size < MAX_CONFIGURATIONS) {
    const c = queue.shift()!;
    for (const { move, config } of nextOf(c)) {
      const k = key(config);
      if (parent.has(k) || failureOf(config) || input.transition?.(c, config)) continue;
      parent.set(k, { from: key(c), move, config });
      if (k === goalKey) {
        found = true;
        break;
      }
      queue.push(config);
    }
  }
  if (found) {
    const moves: RolloutMove[] = [];
    const configurations: Configuration[] = [];
    for (let k = goalKey, p = parent.get(k); p; k = p.from, p = parent.get(k)) {
      moves.unshift(p.move);
      configurations.unshift(p.config);
    }
    return { moves, configurations };
  }
  // No safe order: the add-first order, and the first configuration on it that fails.
  const moves: RolloutMove[] = [];
  const configurations: Configuration[] = [];
  let failure: RolloutFailure | undefined;
  for (let c = start; key(c) !== goalKey;) {
    const { move, config } = nextOf(c)[0];
    moves.push(move);
    configurations.push(config);
    const f = failureOf(config) ?? input.transition?.(c, config);
    if (f && !failure) failure = { moveIndex: moves.length - 1, ...f };
    c = config;
  }
  return { moves, configurations, failure: failure ?? { moveIndex: 0, lost: input.mustSurvive[0] ?? '', reason: `no order found within ${MAX_CONFIGURATIONS} configurations` } };
}
