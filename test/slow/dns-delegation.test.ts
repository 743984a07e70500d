/**
 * The GSLB delegation stack of the per-cluster lab, applied for real: terraform init from the
 * local provider mirror, validate, apply against moto on 127.0.0.1, the records checked through
 * the Route 53 API, a second plan with no changes, destroy. The test writes the moto override;
 * the library never knows about it.
 */
import * as fs from 'fs';
import * as path from 'path';
import { perClusterLabDesign } from '../../examples/lab-per-cluster/design';
import { tempOutdir } from '../support/designs';
import {
  apply, describeTerraform, destroy, init, MotoServer, planIsEmpty, route53, scratchCopy, startMoto, validate, writeMotoOverride,
} from '../support/terraform';

jest.setTimeout(15 * 60_000);

const NAMESERVERS = { 'gslb-ns-dc-a-app-global.example.com': '198.51.100.53', 'gslb-ns-dc-b-app-global.example.com': '203.0.113.53' };

describeTerraform('GSLB delegation stack against a local Route 53 (moto)', () => {
  let moto: MotoServer | undefined;
  let stackDir: string;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    const outdir = tempOutdir();
    perClusterLabDesign(outdir).synth();
    stackDir = scratchCopy(path.join(outdir, 'terraform', 'app-global'));
    moto = await startMoto();
  });

  afterAll(async () => {
    await moto?.stop();
    if (stackDir) fs.rmSync(stackDir, { recursive: true, force: true });
    // eslint-disable-next-line no-console
    console.log(`dns delegation timings (ms): ${JSON.stringify(timings)}`);
  });

  test('applies as written, leaves no drift, and destroys cleanly', async () => {
    const r53 = route53(moto!.endpoint);
    const parent = await r53.createHostedZone('example.com');
    writeMotoOverride(stackDir, moto!.endpoint);

    timings.init = init(stackDir).ms;
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
    const checks = await r53.listHealthChecks();
    expect(checks.map((c) => ({ type: c.type, ip: c.ipAddress, port: c.port })).sort((a, b) => a.ip!.localeCompare(b.ip!))).toEqual([
      { type: 'TCP', ip: '198.51.100.53', port: 53 },
      { type: 'TCP', ip: '203.0.113.53', port: 53 },
    ]);

    const plan = planIsEmpty(stackDir);
    timings.plan = plan.result.ms;
    if (!plan.empty) throw new Error(`the second plan is not empty:\n${plan.result.stdout}`);

    timings.destroy = destroy(stackDir).ms;
    expect(await r53.findRecordSets(parent.id, 'app.global.example.com', 'NS')).toEqual([]);
    expect(await r53.listHealthChecks()).toEqual([]);
  });
});
