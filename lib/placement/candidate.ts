import { AnalyzedCluster, AnalyzedDesign } from '../analysis/analyzed-design';
import { analyzeDesign } from '../check/analyze-design';
import { MODEL_RULES } from '../check/rule-registry';
import { Finding } from '../core/types';
import { engineOfKind } from '../engines/registry';
import { DesignModel, EngineModel, SiteMembersModel, SiteModel, SqlClusterModel } from '../model/design';
import { RttMatrix } from '../model/latency';
import { checkErrors, PlacedError } from '../rules/check-design';

/** Votes of one cluster in one site: what a candidate placement says per site. */
export interface SiteVoteCount {
  readonly site: string;
  readonly voters: number;
  readonly arbitrators: number;
}

/** One candidate placement of a cluster, analyzed by its engine and checked by every rule. */
export interface Candidate {
  readonly members: readonly SiteMembersModel[];
  readonly engine: EngineModel;
  readonly analysis: AnalyzedCluster;
  readonly rtt: RttMatrix;
  /** The candidate design the rules run on. */
  readonly design: AnalyzedDesign;
}

/**
 * Builds and judges candidate placements of one cluster of a design, engine-neutrally: each
 * candidate is a copy of the design model with only that cluster (its members and engine model
 * replaced), analyzed by `analyzeDesign` (so by the engine's own `analyze`, `votingGroups` and
 * `commitFloorMillis`) and checked by `MODEL_RULES`, the rules synth runs over the model. GSLB zones
 * and anycast VIPs are left out of candidates: their findings are on their own paths, never on the
 * cluster's. The rules over written objects (`MS-NETWORK-FLOW-BLOCKED`) are left out too: a blocked
 * flow is a writer's defect that no placement fixes, and running every candidate's writer would
 * cost ~15 ms per candidate against well under 1 ms for the rest.
 */
export class CandidateJudge {
  /** Candidates analyzed so far. */
  public analyzed = 0;
  /** Candidates checked by every rule so far. */
  public checked = 0;
  private readonly base: DesignModel;
  private readonly withExtra = new Map<string, DesignModel>();
  private readonly orders = new Map<DesignModel, ReadonlyMap<string, number>>();

  constructor(design: DesignModel, private readonly cluster: SqlClusterModel) {
    this.base = { ...design, gslbZones: [], anycastVips: [], sqlClusters: [] };
  }

  /** Analyzes the cluster with these members (in any order) and engine model; `extraSite` is a site the design does not have yet. */
  public analyze(members: readonly SiteVoteCount[], engine: EngineModel = this.cluster.engine, extraSite?: SiteModel): Candidate {
    this.analyzed++;
    const design = this.designWith(extraSite);
    const order = this.siteOrder(design);
    const sorted = members.filter((m) => m.voters + m.arbitrators > 0)
      .sort((a, b) => (order.get(a.site) ?? 0) - (order.get(b.site) ?? 0))
      .map((m) => ({ site: m.site, voters: m.voters, arbitrators: m.arbitrators }));
    const analyzed = analyzeDesign({ ...design, sqlClusters: [{ ...this.cluster, engine, members: sorted }] });
    return { members: sorted, engine, analysis: analyzed.analyses[0], rtt: analyzed.rtt, design: analyzed };
  }

  /** The errors (not acknowledged) that every rule reports on the cluster for this candidate. */
  public errors(candidate: Candidate): Finding[] {
    return this.placedErrors(candidate).map((e) => e.finding);
  }

  /** The same errors, each with what a placement change can do about it. */
  public placedErrors(candidate: Candidate): PlacedError[] {
    this.checked++;
    return checkErrors(candidate.design, MODEL_RULES).filter((e) => e.finding.path === this.cluster.path);
  }

  /** Whether no rule refuses the cluster with this candidate. */
  public passes(candidate: Candidate): boolean {
    return this.errors(candidate).length === 0;
  }

  /**
   * The commit floor of the candidate (ms): from the given writer sites, the worst of them; with
   * none, the lowest from any site holding voters (where the leader or primary can be put).
   * Infinity when unknown (an RTT is missing).
   */
  public floorMillis(candidate: Candidate, writers: readonly string[]): number {
    if (writers.length === 0) {
      let best = Infinity;
      for (const f of candidate.analysis.commitFloorMillis.values()) if (f !== undefined && f < best) best = f;
      return best;
    }
    const engine = engineOfKind(candidate.engine.kind);
    const cluster = { ...this.cluster, engine: candidate.engine, members: candidate.members };
    let worst = 0;
    for (const w of writers) {
      const f = engine.commitFloorMillis(cluster, candidate.analysis.groups, w, candidate.rtt);
      if (f === undefined) return Infinity;
      worst = Math.max(worst, f);
    }
    return worst;
  }

  /** Each site's index in the design, computed once per design (a candidate sorts its members by it). */
  private siteOrder(design: DesignModel): ReadonlyMap<string, number> {
    let order = this.orders.get(design);
    if (!order) {
      order = new Map(design.sites.map((s, i) => [s.name, i]));
      this.orders.set(design, order);
    }
    return order;
  }

  private designWith(extraSite?: SiteModel): DesignModel {
    if (!extraSite) return this.base;
    let d = this.withExtra.get(extraSite.name);
    if (!d) {
      d = { ...this.base, sites: [...this.base.sites, extraSite] };
      this.withExtra.set(extraSite.name, d);
    }
    return d;
  }
}
