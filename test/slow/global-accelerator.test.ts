/**
 * The Global Accelerator stack of the per-cluster lab passes `terraform validate` with the
 * provider from the local mirror, run where synth wrote it. The local AWS API (moto) has no
 * Global Accelerator, so it is validated, not applied.
 */
import * as fs from 'fs';
import * as path from 'path';
import { perClusterLabDesign } from '../../examples/lab-per-cluster/design';
import { tempOutdir } from '../support/designs';
import { describeTerraform, init, validate } from '../support/terraform';

jest.setTimeout(5 * 60_000);

describeTerraform('Global Accelerator edge stack', () => {
  test('validates with the mirrored hashicorp/aws provider', () => {
    const root = tempOutdir();
    try {
      const outdir = path.join(root, 'dist');
      perClusterLabDesign(outdir).synth();
      const dir = path.join(outdir, 'terraform', 'shop-vip-edge');
      const stack = JSON.parse(fs.readFileSync(path.join(dir, 'cdk.tf.json'), 'utf-8'));
      const groups = stack.resource.aws_globalaccelerator_endpoint_group;
      expect(Object.values(groups).map((g: any) => g.endpoint_group_region)).toEqual(['eu-west-1', 'eu-central-1']);
      expect(stack.resource.aws_globalaccelerator_listener.listener).toMatchObject({ protocol: 'TCP', port_range: [{ from_port: 80, to_port: 80 }] });
      init(dir, { stateRoot: root });
      const result = validate(dir);
      expect(result.stdout).toContain('The configuration is valid');
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });
});
