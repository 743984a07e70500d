import { AnalyzedCluster, AnalyzedDesign } from '../../analysis/analyzed-design';
import { describeFlow } from '../../analysis/network-flow';
import { Severity } from '../../core/types';
import { engineOfKind } from '../../engines/registry';
import { ConnectionVerdict, evaluateConnection } from '../../network-policy/evaluate';
import { Rule, Violation } from '../../rules/rule';
import { scrapeFlows } from '../scrape-flows';
import { endpointOf, kubernetesClusterOf, WrittenNetwork, writtenNetwork } from '../written-network';

/**
 * Every connection an engine says its protocol needs (`networkFlows`), and with monitoring
 * Prometheus' scrape of each metrics endpoint (`scrapeFlows`), must be admitted by the
 * NetworkPolicies synth writes for the cluster and those the app adds to its site charts, judged
 * with Kubernetes' semantics (`lib/network-policy/evaluate.ts`). It reads what the writers write,
 * so it lives beside synth.
 */
export const networkFlowBlocked: Rule = {
  id: 'MS-NETWORK-FLOW-BLOCKED',
  summary: 'a connection the engine needs, or Prometheus\' scrape of its metrics, is blocked by the NetworkPolicies written (the library\'s and the app\'s own)',
  severity: Severity.ERROR,
  acknowledgeable: false,
  why: 'A member whose peers cannot open their connections to it never joins, never receives state, or loses its vote after a partition heals, while every manifest applies cleanly.',
  check(design: AnalyzedDesign): Violation[] {
    return design.analyses.flatMap((analysis) => {
      const written = writtenNetworkOrUndefined(design, analysis);
      return written ? blockedFlows(design, analysis, written) : [];
    });
  },
};

/** A finding per flow of the cluster (the engine's and the scrape flows) that `written` blocks. */
export function blockedFlows(design: AnalyzedDesign, analysis: AnalyzedCluster, written: WrittenNetwork): Violation[] {
  const { cluster } = analysis;
  const violations: Violation[] = [];
  const flows = [...engineOfKind(cluster.engine.kind).networkFlows(design, cluster, analysis.details), ...scrapeFlows(design, analysis)];
  for (const flow of flows) {
    const from = endpointOf(design, written, flow.from);
    const to = endpointOf(design, written, flow.to);
    // Without the source site's pod CIDRs no policy can admit it by address: MS-PEER-POD-CIDRS says so.
    if (from.kubernetesCluster !== to.kubernetesCluster && from.addresses.length === 0) continue;
    const verdict = evaluateConnection(written.policies, { from, to, port: flow.port });
    if (verdict.allowed) continue;
    violations.push({
      path: cluster.path,
      message: `${describeFlow(flow)} (cluster ${cluster.name}, namespace ${flow.to.namespace}, Kubernetes cluster ${kubernetesClusterOf(design, flow.to.site)}) is blocked: ${blockedBy(verdict)}.`,
      fix: `Admit TCP ${flow.port} from the ${flow.from.role} pods of ${flow.from.site} to the ${flow.to.role} pods of ${flow.to.site} `
        + 'in the policies of your own charts that isolate them (the message names every isolating policy), or remove that isolation; '
        + 'if every policy named is cdk-multisite\'s, report the design that triggers this.',
    });
  }
  return violations;
}

/**
 * What the writer writes for the cluster; undefined when it cannot write this design at all:
 * another rule refuses such a design, and synth, which writes only designs no rule refuses,
 * would fail loudly at the same call.
 */
function writtenNetworkOrUndefined(design: AnalyzedDesign, analysis: AnalyzedCluster): WrittenNetwork | undefined {
  try {
    return writtenNetwork(design, analysis);
  } catch {
    return undefined;
  }
}

function blockedBy(v: ConnectionVerdict): string {
  const parts: string[] = [];
  if (!v.ingress.allowed) parts.push(`the destination is isolated for ingress by ${v.ingress.isolatedBy.join(', ')} and none admits it`);
  if (!v.egress.allowed) parts.push(`the source is isolated for egress by ${v.egress.isolatedBy.join(', ')} and none admits it`);
  return parts.join('; ');
}
