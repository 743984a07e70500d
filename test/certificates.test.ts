import { findObject, readObjects, tempOutdir } from './support/designs';
import { galeraMetroDesign } from '../examples/galera-metro/design';
import { perClusterLabDesign } from '../examples/lab-per-cluster/design';

describe('certificates from one CA, issued by cert-manager in every site', () => {
  const outdir = tempOutdir();
  perClusterLabDesign(outdir).synth();
  const objects = readObjects(outdir);

  test.each(['dc-a', 'dc-b', 'dc-witness'])('%s: an Issuer on the shared CA Secret, and the node and root certificates', (site) => {
    expect(findObject(objects, 'Issuer', 'crdb-ca', site).spec).toEqual({ ca: { secretName: 'multisite-ca' } });
    const node = findObject(objects, 'Certificate', 'crdb-node-certs', site).spec;
    expect(node).toMatchObject({ secretName: 'crdb-node-certs', commonName: 'node', usages: ['server auth', 'client auth'], issuerRef: { name: 'crdb-ca', kind: 'Issuer' } });
    // every site's members trust every other site's: the names of all sites are in each node certificate
    for (const other of ['dc-a', 'dc-b', 'dc-witness']) expect(node.dnsNames).toContain(`*.crdb-${other}.crdb.svc.${other}.cluster.example`);
    expect(findObject(objects, 'Certificate', 'crdb-root-client-certs', site).spec).toMatchObject({ commonName: 'root', usages: ['client auth'] });
  });

  test('cert-manager\'s tls.crt / tls.key are mounted under the names CockroachDB reads', () => {
    const volume = findObject(objects, 'StatefulSet', 'crdb-dc-a').spec.template.spec.volumes.find((v: any) => v.name === 'certs');
    expect(volume.secret.items).toEqual([
      { key: 'ca.crt', path: 'ca.crt' }, { key: 'tls.crt', path: 'node.crt' }, { key: 'tls.key', path: 'node.key' },
    ]);
    const job = findObject(objects, 'Job', 'crdb-init').spec.template.spec.volumes.find((v: any) => v.name === 'certs');
    expect(job.secret.items.map((i: any) => i.path)).toEqual(['ca.crt', 'client.root.crt', 'client.root.key']);
  });

  test('Galera replication TLS: one certificate covering every data site', () => {
    const out = tempOutdir();
    galeraMetroDesign(out).synth();
    const galera = readObjects(out);
    const cert = findObject(galera, 'Certificate', 'orders-replication-tls', 'cluster-wide').spec;
    expect(cert.dnsNames).toEqual([
      '*.orders-dc-a.orders.svc.cluster.local', '*.orders-dc-b.orders.svc.cluster.local',
      // the Service REPORT.md offers to tools that must reach any node
      'orders-public', 'orders-public.orders.svc.cluster.local',
      // the single-writer routers' Services, through which clients reach the nodes
      ...['dc-a', 'dc-b'].flatMap((site) => [`orders-writer-${site}`, `orders-writer-${site}.orders.svc.cluster.local`, `orders-reader-${site}`, `orders-reader-${site}.orders.svc.cluster.local`]),
    ]);
  });
});
