import { parseAllDocuments } from 'yaml';
import { readObjects, tempOutdir } from './support/designs';
import { EXAMPLE_DESIGNS, managedByLibrary } from './support/examples';
import { omitApiDefaults } from '../lib/k8s/omit-api-defaults';


describe.each(Object.keys(EXAMPLE_DESIGNS))('the %s example', (name) => {
  const outdir = tempOutdir();
  const app = EXAMPLE_DESIGNS[name](outdir);
  app.synth();
  const library = readObjects(outdir).filter((o) => managedByLibrary(o.obj));

  test('states no field at the value the API server would default it to', () => {
    for (const { file, obj } of library) {
      const pod = obj.spec?.template?.spec ?? {};
      const stated = [
        obj.immutable === false && 'immutable: false',
        JSON.stringify(obj.spec?.externalIPs) === '[]' && 'externalIPs: []',
        obj.spec?.minReadySeconds === 0 && 'minReadySeconds: 0',
        pod.hostNetwork === false && 'hostNetwork: false',
        pod.setHostnameAsFQDN === false && 'setHostnameAsFQDN: false',
        pod.dnsPolicy === 'ClusterFirst' && 'dnsPolicy: ClusterFirst',
        pod.terminationGracePeriodSeconds === 30 && 'terminationGracePeriodSeconds: 30',
        obj.kind !== 'Job' && pod.restartPolicy === 'Always' && 'restartPolicy: Always',
      ].filter(Boolean);
      expect(`${file}: ${stated.join(', ')}`).toBe(`${file}: `);
    }
  });

  test('keeps what differs from the default, and what a Job must state', () => {
    for (const { obj } of library.filter((o) => o.obj.kind === 'Job')) expect(obj.spec.template.spec.restartPolicy).toBeDefined();
    for (const { obj } of library.filter((o) => o.obj.kind === 'StatefulSet')) {
      expect(obj.spec.template.spec.terminationGracePeriodSeconds).toBeGreaterThan(30);
      expect(obj.spec.template.spec.automountServiceAccountToken).toBe(false);
    }
  });

  test('synthYaml() returns the objects synth() writes', () => {
    const fromString = parseAllDocuments(app.synthYaml()).map((d) => d.toJSON());
    const key = (o: any) => `${o.kind}/${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    const written = readObjects(outdir).map((o) => o.obj);
    expect(fromString.map(key).sort()).toEqual(written.map(key).sort());
    expect(fromString.filter(managedByLibrary)).toEqual(expect.arrayContaining(written.filter(managedByLibrary)));
  });
});

test('objects the library does not manage are left as written', () => {
  const own = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'shop' }, spec: { minReadySeconds: 0, template: { spec: { hostNetwork: false } } } };
  expect(omitApiDefaults(JSON.parse(JSON.stringify(own)))).toEqual(own);
});
