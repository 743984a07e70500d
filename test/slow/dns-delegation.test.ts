/**
 * The GSLB delegation stack of the per-cluster lab, applied for real where synth wrote it, as the
 * docs/traffic.md says: terraform init from the local provider mirror, validate, apply against moto on
 * 127.0.0.1, the records checked through the Route 53 API; then synth again into the same
 * output folder, and the plan, without a new init, shows no changes (the state outside the
 * output folder, Terraform's working files beside the stack, both survived); destroy.
 * The test writes the moto override beside the stack; the library never knows about it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { perClusterLabDesign } from '../../examples/lab-per-cluster/design';
import { tempOutdir } from '../support/designs';
import {
  apply, describeTerraform, destroy, init, MotoServer, planIsEmpty, route53, startMoto, validate, writeMotoOverride,
} from '../support/terraform';

jest.setTimeout(15 * 60_000);

const NAMESERVERS = { 'gslb-ns-dc-a-app-global.example.com': '198.51.100.53', 'gslb-ns-dc-b-app-global.example.com': '203.0.113.53' };

describeTerraform('GSLB delegation stack against a local Route 53 (moto)', () => {
  let moto: MotoServer | undefined;
  let root: string;
  let outdir: string;
  let stackDir: string;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    root = tempOutdir();
    outdir = path.join(root, 'dist');
    perClusterLabDesign(outdir).synth();
    stackDir = path.join(outdir, 'terraform', 'app-global');
    moto = await startMoto();
  });

  afterAll(async () => {
    await moto?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
    // eslint-disable-next-line no-console
    console.log(`dns delegation timings (ms): ${JSON.stringify(timings)}`);
  });

  test('applies as written, survives a second synth with no drift, and destroys cleanly', async () => {
    const r53 = route53(moto!.endpoint);
    const parent = await r53.createHostedZone('example.com');
    writeMotoOverride(stackDir, moto!.endpoint);

    timings.init = init(stackDir, { stateRoot: root }).ms;
    timings.validate = validate(stackDir).ms;
    timings.apply = apply(stackDir).ms;

    const ns = await r53.findRecordSets(parent.id, 'app.global.example.com', 'NS');
    expect(ns).toHaveLength(1);
    expect(ns[0].ttl).toBe(30);
    expect([...ns[0].values].map((v) => v.replace(/\.$/, '')).sort()).toEqual(Object.keys(NAMESERVERS));
    for (const [name, address] of Object.entries(NAMESERVERS)) {
      const glue = await r53.findRecordSets(parent.id, name, 'A');
      expect(glue.map((g) => ({ ttl: g.ttl, values: g.values }))).toEqual([{ ttl: 30, values: [address] }]);
    }
    // No Route 53 health check: one would guard no record (NS and glue use simple routing).
    expect(await r53.listHealthChecks()).toEqual([]);

    // The state is outside the output folder, at the path docs/traffic.md names.
    const state = path.join(root, '.terraform-state', 'app-global.tfstate');
    const stateAfterApply = fs.readFileSync(state);
    expect(JSON.parse(stateAfterApply.toString()).resources.length).toBeGreaterThan(0);
    expect(fs.readdirSync(stackDir).filter((f) => f.includes('tfstate'))).toEqual([]);

    // Synth again into the same folder: the stack, the state and Terraform's working files stay.
    const stackBefore = fs.readFileSync(path.join(stackDir, 'cdk.tf.json'));
    perClusterLabDesign(outdir).synth();
    expect(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'))).toEqual(stackBefore);
    expect(fs.readFileSync(state)).toEqual(stateAfterApply);
    for (const kept of ['.terraform', '.terraform.lock.hcl', 'provider_override.tf.json']) expect(fs.existsSync(path.join(stackDir, kept))).toBe(true);

    const plan = planIsEmpty(stackDir);
    timings.plan = plan.result.ms;
    if (!plan.empty) throw new Error(`the plan after a second synth is not empty:\n${plan.result.stdout}`);
    expect((await r53.findRecordSets(parent.id, 'app.global.example.com', 'NS')).length).toBe(1); // nothing created twice

    timings.destroy = destroy(stackDir).ms;
    expect(await r53.findRecordSets(parent.id, 'app.global.example.com', 'NS')).toEqual([]);
    expect(await r53.listHealthChecks()).toEqual([]);
  });
});
