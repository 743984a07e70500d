import { readObjects, tempOutdir } from './support/designs';
import { EXAMPLE_DESIGNS, managedByLibrary } from './support/examples';

const ADDRESS_LABEL = 'cdk8s.io/metadata.addr';
const podLabels = (obj: any) => obj.spec?.template?.metadata?.labels ?? {};
const selects = (selector: Record<string, string>, labels: Record<string, string>) =>
  Object.entries(selector).every(([k, v]) => labels[k] === v);

describe.each(Object.keys(EXAMPLE_DESIGNS))('selectors in the %s example', (name) => {
  const outdir = tempOutdir();
  EXAMPLE_DESIGNS[name](outdir).synth();
  const objects = readObjects(outdir);
  const library = objects.filter((o) => managedByLibrary(o.obj));

  test('no object the library writes carries the construct-address label, which changes when constructs move', () => {
    expect(library.length).toBeGreaterThan(0);
    for (const { file, obj } of library) expect(`${file}: ${JSON.stringify(obj).includes(ADDRESS_LABEL)}`).toBe(`${file}: false`);
  });

  test('each StatefulSet\'s governing Service selects exactly the StatefulSet\'s own labels', () => {
    for (const { file, obj } of library.filter((o) => o.obj.kind === 'StatefulSet')) {
      const service = objects.find((o) => o.obj.kind === 'Service'
        && o.obj.metadata.name === obj.spec.serviceName && o.obj.metadata.namespace === obj.metadata.namespace);
      expect(`${file}: ${service?.obj.metadata.name}`).toBe(`${file}: ${obj.spec.serviceName}`);
      expect(service!.obj.spec.selector).toEqual(obj.spec.selector.matchLabels);
      expect(selects(obj.spec.selector.matchLabels, podLabels(obj))).toBe(true);
    }
  });

  test('every Service the library writes selects the pods of some workload in its namespace', () => {
    const workloads = objects.filter((o) => o.obj.spec?.template?.metadata);
    for (const { file, obj } of library.filter((o) => o.obj.kind === 'Service' && o.obj.spec.selector)) {
      const matched = workloads.some((w) => w.obj.metadata.namespace === obj.metadata.namespace && selects(obj.spec.selector, podLabels(w.obj)));
      expect(`${file}: ${matched}`).toBe(`${file}: true`);
    }
  });
});
