import { quorumOf, VotingGroup, worstCaseVotesIn } from './voting-group';
import { NodeSpreadModel, SqlClusterModel } from '../model/design';

/** What one voting group keeps after a node's loss. */
export interface NodeLossGroupOutcome {
  readonly label: string;
  readonly votesLeft: number;
  readonly total: number;
  readonly quorum: number;
  readonly survives: boolean;
}

/** The worst one node of a site can take, under one choice of spreading. */
export interface NodeLossOutcome {
  /** Members (data pods and arbitrators) on the node, at worst. */
  readonly membersLost: number;
  readonly groups: readonly NodeLossGroupOutcome[];
}

/** One site's members and what losing one of its nodes costs under each choice. */
export interface SiteNodeLoss {
  readonly site: string;
  /** Data pods and arbitrators in the site. */
  readonly members: number;
  readonly preferred: NodeLossOutcome;
  readonly required: NodeLossOutcome;
}

/** What one node's loss costs in each member site, and which spreading the cluster gets. */
export interface NodeLoss {
  /** The spreading written: the cluster's choice, or `required` where the operator imposes it. */
  readonly spread: NodeSpreadModel;
  readonly sites: readonly SiteNodeLoss[];
}

/**
 * The worst one node's loss can do in each site. With `required` anti-affinity a node holds at
 * most one data pod of the site, and may hold every arbitrator too (they are not spread: a
 * one-replica Deployment with a required anti-affinity against itself cannot roll out on a
 * one-node witness); with `preferred` the scheduler may put every member of the site on one
 * node when it has no other (the Kubernetes scheduler scores, it does not refuse:
 * https://kubernetes.io/docs/concepts/scheduling-eviction/assign-pod-node/#affinity-and-anti-affinity).
 * A group loses at most as many votes as the node holds members and the site holds votes.
 */
export function nodeLossOf(cluster: SqlClusterModel, groups: readonly VotingGroup[], operatorSeparatesNodes: boolean): NodeLoss {
  const outcome = (site: string, membersLost: number): NodeLossOutcome => ({
    membersLost,
    groups: groups.map((g) => {
      const votesLeft = g.total - Math.min(membersLost, worstCaseVotesIn(g, [site]));
      const quorum = quorumOf(g.total);
      return { label: g.label, votesLeft, total: g.total, quorum, survives: votesLeft >= quorum };
    }),
  });
  return {
    spread: operatorSeparatesNodes ? 'required' : cluster.nodeSpread ?? 'preferred',
    sites: cluster.members.map((m) => ({
      site: m.site,
      members: m.voters + m.arbitrators,
      preferred: outcome(m.site, m.voters + m.arbitrators),
      required: outcome(m.site, Math.min(m.voters, 1) + m.arbitrators),
    })),
  };
}
