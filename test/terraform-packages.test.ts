/**
 * cdktf and @cdktf/provider-aws are optional peers: loaded only for designs that write Terraform,
 * and refused by MS-TERRAFORM-PACKAGES, with the install command, when such a design runs without
 * them. Here they are installed, so their absence is simulated; the slow suite
 * (test/slow/use-it-in-your-repository.test.ts) runs both cases in an app that really lacks them.
 */
import * as fs from 'fs';
import * as path from 'path';
import { cockroachDesign, tempOutdir } from './support/designs';
import { perClusterLabDesign } from '../examples/lab-per-cluster/design';

const packages = { missing: [] as string[] };
jest.mock('../lib/core/terraform-packages', () => {
  const actual = jest.requireActual('../lib/core/terraform-packages');
  return { ...actual, missingTerraformPackages: () => packages.missing };
});

const { TERRAFORM_PACKAGES, TERRAFORM_PACKAGES_INSTALL } = jest.requireActual('../lib/core/terraform-packages');
const BOTH = ['cdktf@0.21.0', '@cdktf/provider-aws@20.1.0'];

afterEach(() => { packages.missing = []; });

test('the packages and versions named are package.json\'s optional peer dependencies', () => {
  const pkg = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'package.json'), 'utf-8'));
  for (const spec of TERRAFORM_PACKAGES as string[]) {
    const name = spec.slice(0, spec.lastIndexOf('@'));
    expect(`${name}@${pkg.peerDependencies[name]}`).toBe(spec);
    expect(pkg.peerDependenciesMeta[name]).toEqual({ optional: true });
  }
  expect(TERRAFORM_PACKAGES_INSTALL).toBe('npm install cdktf@0.21.0 @cdktf/provider-aws@20.1.0');
});

test('both are installed in this repository', () => {
  const { missingTerraformPackages } = jest.requireActual('../lib/core/terraform-packages');
  expect(missingTerraformPackages()).toEqual([]);
});

test('a design with a Terraform-delegated GSLB zone and an AWS edge is refused without them, naming the install command, and nothing is written', () => {
  packages.missing = BOTH;
  const outdir = path.join(tempOutdir(), 'dist');
  const app = perClusterLabDesign(outdir, undefined);
  let message = '';
  try {
    app.synth();
  } catch (e) {
    message = (e as Error).message;
  }
  expect(message).toContain('[ERROR] MS-TERRAFORM-PACKAGES at app-global: GSLB zone app.global.example.com is delegated by the Terraform stack terraform/app-global/, which needs cdktf@0.21.0 and @cdktf/provider-aws@20.1.0: not installed beside cdk-multisite.');
  expect(message).toContain('[ERROR] MS-TERRAFORM-PACKAGES at shop-vip: anycast VIP shop-vip has AWS edge regions, written as the Terraform stack terraform/shop-vip-edge/');
  expect(message).toContain('refused this design: 2 error(s)');
  expect(message).toContain('Install the Terraform packages in the app: npm install cdktf@0.21.0 @cdktf/provider-aws@20.1.0');
  expect(fs.existsSync(outdir)).toBe(false);
});

test('a design that writes no Terraform synthesizes without them', () => {
  packages.missing = BOTH;
  const outdir = tempOutdir();
  const app = cockroachDesign(outdir, [{ name: 'a', voters: 1 }, { name: 'b', voters: 1 }, { name: 'c', voters: 1 }]);
  expect(app.check().filter((f) => f.ruleId === 'MS-TERRAFORM-PACKAGES')).toEqual([]);
  app.synth();
  expect(fs.existsSync(path.join(outdir, 'REPORT.md'))).toBe(true);
  expect(fs.existsSync(path.join(outdir, 'terraform'))).toBe(false);
});

test('a design whose backups go to a bucket the library creates is refused without them (the bucket is a Terraform stack)', () => {
  packages.missing = BOTH;
  const { backupsDesign } = jest.requireActual('../examples/backups/design');
  const findings = backupsDesign(tempOutdir()).check().filter((f: { ruleId: string }) => f.ruleId === 'MS-TERRAFORM-PACKAGES');
  expect(findings.map((f: { path: string; message: string }) => `${f.path}: ${f.message}`)).toEqual([
    'orders: orders backs up to bucket example-orders-backups, created by the Terraform stack terraform/orders-backup-bucket/, which needs cdktf@0.21.0 and @cdktf/provider-aws@20.1.0: not installed beside cdk-multisite.',
  ]);
});
