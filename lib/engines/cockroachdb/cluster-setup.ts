import { CockroachCluster } from './model';
import { ClusterSetup, Precondition } from '../../k8s/cluster-setup';
import { DesignModel } from '../../model/design';
import { nodeCertificateNames } from '../../model/member-addresses';

/**
 * The certificate Secrets a secure CockroachDB cluster without cert-manager reads, and how to
 * make them with `cockroach cert` (https://www.cockroachlabs.com/docs/stable/cockroach-cert):
 * one CA for every site, a node certificate covering every member's name (`ca.crt`, `node.crt`,
 * `node.key`), the root client certificate for the init Job (`ca.crt`, `client.root.crt`,
 * `client.root.key`). With cert-manager the library writes the Certificates that fill them.
 */
export function cockroachClusterSetup(design: DesignModel, cluster: CockroachCluster): ClusterSetup[] {
  const e = cluster.engine;
  if (e.insecure || e.certManagerCaSecret) return [];
  const ns = cluster.namespace;
  const ca = '--certs-dir=certs --ca-key=ca/ca.key';
  const secret = (name: string, keys: string[], make: string[], neededBy: string): Precondition => ({
    kind: 'Secret',
    name,
    namespace: ns,
    keys,
    neededBy,
    onlyWhereReferenced: true,
    commands: [
      '# once, for every site: cockroach cert create-ca --certs-dir=certs --ca-key=ca/ca.key (keep ca/ca.key offline)',
      ...make,
      `kubectl create namespace ${ns} --dry-run=client -o yaml | kubectl apply -f -`,
      `kubectl -n ${ns} create secret generic ${name} ${keys.map((k) => `--from-file=${k}=certs/${k}`).join(' ')}`,
    ],
  });
  const provide = [
    secret(e.nodeCertificatesSecret, ['ca.crt', 'node.crt', 'node.key'], [`cockroach cert create-node ${nodeCertificateNames(design, cluster).map((n) => (n.includes('*') ? `'${n}'` : n)).join(' ')} ${ca} --overwrite`], `the ${cluster.name} nodes`),
    secret(e.rootClientCertificatesSecret, ['ca.crt', 'client.root.crt', 'client.root.key'], [`cockroach cert create-client root ${ca}`], `the ${cluster.name} init Job`),
  ];
  return design.shape.kind === 'stretched' ? [{ provide }] : [...new Set(cluster.members.map((m) => m.site))].map((site) => ({ site, provide }));
}
