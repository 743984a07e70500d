import { CockroachCluster } from './model';
import { DesignModel } from '../../model/design';
import { nodeCertificateNames } from '../../model/member-addresses';

/** What the report says about a CockroachDB cluster's votes. */
export function cockroachNotes(design: DesignModel, c: CockroachCluster): string[] {
  const out = ['CockroachDB keeps a quorum per range, not per node. With fewer nodes than a zone asks for, it runs the largest odd count the nodes allow, at least 3 (GetNeededVoters); it places a range\'s voters one per site first, then as evenly as the nodes allow. Where its allocator would have a choice, the init Job pins the placement above with `voter_constraints`, so the verdicts and floors below are for the placement that runs.'];
  const witnesses = design.sites.filter((s) => s.role === 'witness' && c.members.some((m) => m.site === s.name)).map((s) => s.name);
  if (witnesses.length > 0) {
    out.push('', `CockroachDB has no data-less witness: ${witnesses.join(', ')} stores a full replica of every range it holds, so its nodes get the same storage, CPU and memory as a data site's (${c.engine.storageSize} per node).`);
  }
  return out;
}

/** The certificate Secrets a secure CockroachDB cluster refers to, and the names they must cover. */
export function cockroachCertificates(design: DesignModel, c: CockroachCluster): string[] {
  if (c.engine.insecure) return [];
  const out = ['', '### Certificates', ''];
  out.push(`Secret \`${c.engine.nodeCertificatesSecret}\` (ca.crt, node.crt, node.key) and \`${c.engine.rootClientCertificatesSecret}\` (ca.crt, client.root.crt, client.root.key) must exist in namespace \`${c.namespace}\` wherever the cluster runs, signed by one CA. The node certificate must cover:`, '');
  for (const name of nodeCertificateNames(design, c)) out.push(`- \`${name}\``);
  return out;
}
