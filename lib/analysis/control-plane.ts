/**
 * A stretched Kubernetes cluster's control plane as a quorum system across sites.
 *
 * In the stretched shape one Kubernetes cluster spans the sites, and its etcd members
 * (normally one per control-plane node) are one Raft group. The API server can change
 * anything (schedule, evict, scale, apply) only while etcd accepts writes, and etcd
 * accepts a write only when a majority of its configured voting members, ⌊n/2⌋ + 1 of
 * n, can commit it. Members that are down or cut off still count in n: losing them does
 * not shrink the quorum. Sources (etcd v3.4, the version Debian bookworm ships):
 * - https://etcd.io/docs/v3.4/faq/ ("What is failure tolerance?": the majority of an
 *   n-member cluster is (n/2)+1, and the fault tolerance table derived from it);
 * - https://etcd.io/docs/v3.4/op-guide/failures/ ("Majority failure": once a majority
 *   of members is lost the cluster cannot accept writes until a majority is back).
 *
 * Engine-neutral and pure: the input is plain data (members per site, the site names),
 * so a rule, the report and the failure lab all call the same functions.
 *
 * The three checks are not independent. Losing site s keeps quorum exactly when
 * s holds at most ⌈n/2⌉ − 1 members; so a placement that survives any one site loss
 * also has no site with a majority, and holds members in at least three sites (two
 * sites would each need fewer than half). They are reported separately because each
 * names a different fix.
 */

/** How many etcd (control-plane) members sit in one site. */
export interface ControlPlaneSiteMembers {
  /** The site's name, as in the design. */
  readonly site: string;
  /** Voting etcd members in the site (learners do not count). A whole number ≥ 0. */
  readonly members: number;
}

/** What the loss of some sites leaves of the control plane. */
export interface ControlPlaneLoss {
  /** The lost sites, in the order of the design's site list. */
  readonly lost: readonly string[];
  /** Members in the lost sites. */
  readonly membersLost: number;
  /** Members in the sites that remain. */
  readonly membersLeft: number;
  /** The configured membership n (every voting member, lost or not). */
  readonly members: number;
  /** Members needed to commit a write: ⌊n/2⌋ + 1. */
  readonly quorum: number;
  /** Whether the remaining members are a quorum: etcd accepts writes, the API server works. */
  readonly keepsQuorum: boolean;
}

/** The verdict checks on a placement. */
export interface ControlPlaneChecks {
  /** Every single-site loss keeps quorum. */
  readonly survivesAnyOneSiteLoss: boolean;
  /** Sites whose loss alone takes quorum away (empty when `survivesAnyOneSiteLoss`). */
  readonly sitesWhoseLossLosesQuorum: readonly string[];
  /** No site holds a majority (more than n/2) of the members. */
  readonly noSiteHoldsMajority: boolean;
  /** The site holding a majority, if any (there can be at most one). */
  readonly majoritySite: string | undefined;
  /** At least three sites hold members. */
  readonly atLeastThreeSites: boolean;
  /** Sites holding at least one member, in site order. */
  readonly sitesWithMembers: readonly string[];
  /** All three checks hold. */
  readonly sound: boolean;
}

/** The control plane's placement, every single- and two-site loss, and the checks. */
export interface ControlPlaneAnalysis {
  /** The design's sites, in order. */
  readonly sites: readonly string[];
  /** Members per site, one entry per design site (0 where none was declared), in site order. */
  readonly placement: readonly ControlPlaneSiteMembers[];
  /** The configured membership n. */
  readonly members: number;
  /** ⌊n/2⌋ + 1. */
  readonly quorum: number;
  /** Members that may fail with writes still accepted: n − quorum. */
  readonly faultTolerance: number;
  /** One entry per site, in site order. */
  readonly singleSiteLosses: readonly ControlPlaneLoss[];
  /** One entry per pair of sites (i < j in site order); empty with fewer than two sites. */
  readonly twoSiteLosses: readonly ControlPlaneLoss[];
  readonly checks: ControlPlaneChecks;
}

/** Members needed for a write in an n-member etcd cluster: ⌊n/2⌋ + 1. */
export function controlPlaneQuorum(members: number): number {
  return Math.floor(members / 2) + 1;
}

const DEFAULT_WHERE = 'control plane';

/**
 * Everything wrong with the input, one message per problem (empty when the input is
 * usable). `where` starts each message (a construct path, say).
 */
export function controlPlaneInputProblems(
  placement: readonly ControlPlaneSiteMembers[],
  sites: readonly string[],
  where: string = DEFAULT_WHERE,
): string[] {
  const problems: string[] = [];
  if (sites.length === 0) {
    problems.push(`${where}: the design has no sites; declare the sites before placing control-plane members`);
  }
  const seenSites = new Set<string>();
  for (const s of sites) {
    if (seenSites.has(s)) problems.push(`${where}: site "${s}" is listed twice in the site names; give each site once`);
    seenSites.add(s);
  }
  const known = sites.length ? sites.join(', ') : 'none';
  const seenPlaced = new Set<string>();
  let total = 0;
  for (const p of placement) {
    if (!seenSites.has(p.site)) {
      problems.push(`${where}: control-plane members placed in "${p.site}", which is not a site of the design (sites: ${known}); use one of those names`);
    }
    if (seenPlaced.has(p.site)) {
      problems.push(`${where}: site "${p.site}" is given twice in the control-plane placement; give each site once with its total`);
    }
    seenPlaced.add(p.site);
    if (!Number.isInteger(p.members) || p.members < 0) {
      problems.push(`${where}: control-plane members in "${p.site}" is ${p.members}; give a whole number ≥ 0`);
    } else {
      total += p.members;
    }
  }
  if (problems.length === 0 && total === 0) {
    problems.push(`${where}: the control plane has no members; place etcd members in at least three sites (for example 1 + 1 + 1)`);
  }
  return problems;
}

/**
 * Analyses a control-plane placement: members left and quorum after every single- and
 * two-site loss, and the checks. Sites in `sites` without an entry in `placement` hold no
 * members. Throws one error listing every input problem ({@link controlPlaneInputProblems}).
 */
export function analyzeControlPlane(
  placement: readonly ControlPlaneSiteMembers[],
  sites: readonly string[],
  where: string = DEFAULT_WHERE,
): ControlPlaneAnalysis {
  const problems = controlPlaneInputProblems(placement, sites, where);
  if (problems.length) throw new Error(problems.join('\n'));

  const bySite = new Map<string, number>(placement.map((p) => [p.site, p.members]));
  const full = sites.map((site) => ({ site, members: bySite.get(site) ?? 0 }));
  const members = full.reduce((sum, p) => sum + p.members, 0);
  const quorum = controlPlaneQuorum(members);

  const lossOf = (lostIndexes: number[]): ControlPlaneLoss => {
    const membersLost = lostIndexes.reduce((sum, i) => sum + full[i].members, 0);
    const membersLeft = members - membersLost;
    return {
      lost: lostIndexes.map((i) => sites[i]),
      membersLost,
      membersLeft,
      members,
      quorum,
      keepsQuorum: membersLeft >= quorum,
    };
  };
  const singleSiteLosses = sites.map((_, i) => lossOf([i]));
  const twoSiteLosses: ControlPlaneLoss[] = [];
  for (let i = 0; i < sites.length; i++) {
    for (let j = i + 1; j < sites.length; j++) twoSiteLosses.push(lossOf([i, j]));
  }

  const sitesWhoseLossLosesQuorum = singleSiteLosses.filter((l) => !l.keepsQuorum).map((l) => l.lost[0]);
  const majoritySite = full.find((p) => 2 * p.members > members)?.site;
  const sitesWithMembers = full.filter((p) => p.members > 0).map((p) => p.site);
  const survivesAnyOneSiteLoss = sitesWhoseLossLosesQuorum.length === 0;
  const noSiteHoldsMajority = majoritySite === undefined;
  const atLeastThreeSites = sitesWithMembers.length >= 3;
  return {
    sites: [...sites],
    placement: full,
    members,
    quorum,
    faultTolerance: members - quorum,
    singleSiteLosses,
    twoSiteLosses,
    checks: {
      survivesAnyOneSiteLoss,
      sitesWhoseLossLosesQuorum,
      noSiteHoldsMajority,
      majoritySite,
      atLeastThreeSites,
      sitesWithMembers,
      sound: survivesAnyOneSiteLoss && noSiteHoldsMajority && atLeastThreeSites,
    },
  };
}

/**
 * The analysed loss of exactly the given sites (one or two, in any order). Throws when the
 * analysis has no such loss (an unknown site, or more than two sites).
 */
export function controlPlaneLossOf(analysis: ControlPlaneAnalysis, lost: readonly string[]): ControlPlaneLoss {
  const key = (names: readonly string[]) => [...names].sort().join('\u0000');
  const wanted = key(lost);
  const found = [...analysis.singleSiteLosses, ...analysis.twoSiteLosses].find((l) => key(l.lost) === wanted);
  if (!found) {
    throw new Error(`control plane: no analysed loss of ${lost.join(' + ') || 'no site'}; losses cover one or two of the sites ${analysis.sites.join(', ')}`);
  }
  return found;
}

/** One line for people: "lose dc-a: 3 of 5 etcd members left, quorum 3 → writes accepted". */
export function describeControlPlaneLoss(loss: ControlPlaneLoss): string {
  return `lose ${loss.lost.join(' + ')}: ${loss.membersLeft} of ${loss.members} etcd members left, quorum ${loss.quorum} → ${loss.keepsQuorum ? 'writes accepted' : 'writes refused'}`;
}

/** The placement as people write it, in site order: "2 + 2 + 1". */
export function describeControlPlanePlacement(analysis: ControlPlaneAnalysis): string {
  return analysis.placement.map((p) => p.members).join(' + ');
}
