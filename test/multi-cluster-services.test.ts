import * as fs from 'fs';
import * as path from 'path';
import { CrossSiteDiscovery, DeploymentShape } from '../lib';
import { findObject, readObjects, tempOutdir } from './support/designs';
import { multiClusterServicesLab } from './support/mcs-design';
import { formatProblems, schemasAvailable, validateManifest } from './support/schema-validator';

const SITES = ['dc-a', 'dc-b', 'dc-witness'];
const args = (sts: any): string[] => [...sts.spec.template.spec.containers[0].args, ...(sts.spec.template.spec.containers[0].command ?? [])];

describe('cross-site discovery by the multi-cluster services API', () => {
  const outdir = tempOutdir();
  const app = multiClusterServicesLab(outdir);
  app.synth();
  const objects = readObjects(outdir);

  test('the shape says which discovery the design chose; CoreDNS forwarding is the default', () => {
    expect(app.shape.crossSiteDiscovery?._kind).toBe('multi-cluster-services');
    expect(DeploymentShape.clusterPerSite().crossSiteDiscovery?._kind).toBe(CrossSiteDiscovery.coreDnsForwarding()._kind);
    expect(DeploymentShape.stretchedCluster().crossSiteDiscovery).toBeUndefined();
  });

  test.each(SITES)('%s: a ServiceExport with the name and namespace of each member headless Service, and no CoreDNS forwarding', (site) => {
    const inSite = objects.filter((o) => o.file.startsWith(`${site}/`));
    const headless = inSite.filter((o) => o.obj.kind === 'Service' && o.obj.spec.clusterIP === 'None').map((o) => `${o.obj.metadata.namespace}/${o.obj.metadata.name}`);
    const exports = inSite.filter((o) => o.obj.kind === 'ServiceExport');
    expect(headless).toEqual([`crdb/crdb-${site}`]);
    expect(exports.map((o) => `${o.obj.apiVersion} ${o.obj.metadata.namespace}/${o.obj.metadata.name}`))
      .toEqual([`multicluster.x-k8s.io/v1alpha1 crdb/crdb-${site}`]);
    expect(inSite.filter((o) => o.obj.kind === 'ConfigMap' && o.obj.metadata.name === 'coredns-custom')).toEqual([]);
  });

  test('members join and advertise by <pod>.<cluster id>.<service>.<namespace>.svc.clusterset.local', () => {
    const sts = findObject(objects, 'StatefulSet', 'crdb-dc-b');
    const joined = args(sts).join(' ');
    for (const host of ['crdb-dc-a-0.dc-a.crdb-dc-a', 'crdb-dc-a-1.dc-a.crdb-dc-a', 'crdb-dc-b-1.dc-b.crdb-dc-b', 'crdb-dc-witness-0.dc-witness.crdb-dc-witness']) {
      expect(joined).toContain(`${host}.crdb.svc.clusterset.local:26357`);
    }
    expect(joined).toContain('$(POD_NAME).dc-b.crdb-dc-b.crdb.svc.clusterset.local');
    expect(joined).not.toContain('example.internal:26357');
  });

  test('node certificates cover the clusterset names of every site', () => {
    const cert = objects.find((o) => o.obj.kind === 'Certificate' && o.file.startsWith('dc-a/') && o.obj.spec.commonName === 'node')!.obj;
    for (const site of SITES) expect(cert.spec.dnsNames).toContain(`*.${site}.crdb-${site}.crdb.svc.clusterset.local`);
  });

  test('no MS-CROSS-SITE-DNS warning without cluster DNS addresses; the same design with CoreDNS forwarding warns', () => {
    expect(app.check().map((f) => f.ruleId)).not.toContain('MS-CROSS-SITE-DNS');
    const forwarding = multiClusterServicesLab(tempOutdir(), CrossSiteDiscovery.coreDnsForwarding());
    expect(forwarding.check().filter((f) => f.ruleId === 'MS-CROSS-SITE-DNS').map((f) => f.path).sort()).toEqual(['dc-a', 'dc-b', 'dc-witness']);
  });

  test('REPORT.md says which discovery runs; the prerequisites name the MCS implementation with the site as cluster id', () => {
    expect(fs.readFileSync(path.join(outdir, 'REPORT.md'), 'utf-8')).toContain('cross-site discovery: the multi-cluster services API');
    const clusters = JSON.parse(fs.readFileSync(path.join(outdir, 'prerequisites.json'), 'utf-8')).clusters;
    for (const c of clusters) {
      const mcs = c.prerequisites.find((p: any) => p.id === 'mcs-api');
      expect(mcs.version).toBe('v0.5.0');
      expect(mcs.install.join('\n')).toContain(`cluster id "${c.cluster}"`);
    }
  });

  (schemasAvailable() ? test : test.skip)('every object validates strictly against the upstream schemas', () => {
    expect(objects.length).toBeGreaterThan(20);
    for (const { file, obj } of objects) expect(`${file}: ${formatProblems(validateManifest(obj))}`).toBe(`${file}: `);
  });
});
