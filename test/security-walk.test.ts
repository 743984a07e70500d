import { readObjects, readTree, tempOutdir } from './support/designs';
import { EXAMPLE_DESIGNS } from './support/examples';

const WORKLOADS = new Set(['Deployment', 'StatefulSet', 'Job', 'DaemonSet', 'CronJob', 'SingleInstanceDatabase', 'DataguardBroker']);

/** Every value under `obj` with the key path that leads to it. */
function* walk(obj: any, path = ''): Generator<[string, any]> {
  yield [path, obj];
  if (obj !== null && typeof obj === 'object') {
    for (const [k, v] of Object.entries(obj)) yield* walk(v, path ? `${path}.${k}` : k);
  }
}

describe.each(Object.keys(EXAMPLE_DESIGNS))('every object the %s example writes', (name) => {
  const outdir = tempOutdir();
  EXAMPLE_DESIGNS[name](outdir).synth();
  const files = readTree(outdir);
  const objects = readObjects(outdir);

  test('holds no literal secret', () => {
    expect(objects.filter((o) => o.obj.kind === 'Secret')).toEqual([]);
    for (const [file, text] of files) {
      expect(`${file}: ${/-----BEGIN [A-Z ]*(PRIVATE KEY|CERTIFICATE)-----/.test(text)}`).toBe(`${file}: false`);
    }
    for (const { file, obj } of objects) {
      for (const [path, value] of walk(obj)) {
        if (/\.env\.\d+$/.test(path) && /PASSWORD|SECRET|TOKEN|KEY/i.test(value.name)) {
          expect(`${file} ${path}: ${value.value === undefined}`).toBe(`${file} ${path}: true`);
        }
      }
    }
  });

  test('runs nothing privileged', () => {
    for (const { file, obj } of objects) {
      for (const [path, value] of walk(obj)) {
        const leaf = path.split('.').pop();
        if (['privileged', 'allowPrivilegeEscalation', 'hostNetwork', 'hostPID', 'hostIPC'].includes(leaf!)) {
          expect(`${file} ${path}=${value}`).toBe(`${file} ${path}=false`);
        }
        if (path.endsWith('capabilities.add')) expect(`${file} ${path}=${JSON.stringify(value)}`).toBe(`${file} ${path}=[]`);
      }
    }
  });

  test('puts every workload in a namespace that has a NetworkPolicy', () => {
    const folderOf = (file: string) => file.split('/')[0];
    const policies = new Set(objects.filter((o) => o.obj.kind === 'NetworkPolicy').map((o) => `${folderOf(o.file)}/${o.obj.metadata.namespace}`));
    const stretched = files.has('cluster-wide/kustomization.yaml') || !objects.some((o) => o.obj.kind === 'NetworkPolicy' && !o.file.startsWith('cluster-wide/'));
    for (const { file, obj } of objects.filter((o) => WORKLOADS.has(o.obj.kind))) {
      const ns = obj.metadata.namespace;
      const covered = stretched ? [...policies].some((p) => p.endsWith(`/${ns}`)) : policies.has(`${folderOf(file)}/${ns}`);
      expect(`${file} in ${ns}: ${covered}`).toBe(`${file} in ${ns}: true`);
    }
  });
});
