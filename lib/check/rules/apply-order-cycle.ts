import { AnalyzedDesign } from '../../analysis/analyzed-design';
import { Severity } from '../../core/types';
import { NO_PLACEMENT_REMEDY, Rule, Violation } from '../../rules/rule';
import { applyAfterDemands, describeCycle, orderSites } from '../apply-order';

/**
 * Engines ask that a site's Kubernetes cluster be applied after another's (`ClusterSetup.appliedAfter`):
 * APPLY.md applies each cluster once, its steps included, so demands that form a cycle have no order.
 */
export const applyOrderCycle: Rule = {
  id: 'MS-APPLY-ORDER-CYCLE',
  summary: 'engines demand orders of the sites\' clusters that form a cycle',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'APPLY.md applies each Kubernetes cluster once, its steps included; when one engine needs site A applied before site B and another B before A, every order breaks one engine\'s first install (a Galera joiner applied before the bootstrap pod is Ready makes every pod crash-loop; a Data Guard broker applied before the primary has no wallet; a K8ssandra control plane applied before a data plane cannot register it).',
  check(design: AnalyzedDesign): Violation[] {
    const ordered = orderSites(design.sites.map((s) => s.name), applyAfterDemands(design));
    if (!('cycle' in ordered)) return [];
    const clusters = [...new Set(ordered.cycle.map((d) => d.clusterName))];
    return [{
      path: ordered.cycle[0].clusterPath,
      message: `the clusters ${clusters.join(', ')} demand apply orders that form a cycle: ${describeCycle(ordered.cycle)}.`,
      fix: 'Make one site come first in every demand: a Galera cluster\'s bootstrap site is the first declared site holding its voters (declare the sites in another order), a K8ssandra control plane is applied after every datacenter (choose a controlPlane site no other cluster needs applied first), a Data Guard broker (in the observer\'s site, else the first standby\'s) outside its primary\'s site is applied after the primary\'s site (move the observer).',
      // The demands follow from which sites hold members and in what order they are declared, not from counts: the placement search would advise a count change that only reshuffles them.
      placement: NO_PLACEMENT_REMEDY,
    }];
  },
};
