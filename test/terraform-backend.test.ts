/**
 * Where the Terraform stacks keep their state: the backend the app is given, written as given
 * with `{stack}` replaced; without one, a local file outside the output folder.
 */
import * as fs from 'fs';
import * as path from 'path';
import { perClusterLabDesign } from '../examples/lab-per-cluster/design';
import { TerraformBackend } from '../lib';
import { tempOutdir } from './support/designs';

const STACKS = ['app-global', 'shop-vip-edge'];

function backends(backend?: TerraformBackend): Record<string, unknown> {
  const outdir = tempOutdir();
  perClusterLabDesign(outdir, backend).synth();
  return Object.fromEntries(STACKS.map((s) => [s, JSON.parse(fs.readFileSync(path.join(outdir, 'terraform', s, 'cdk.tf.json'), 'utf-8')).terraform.backend]));
}

test('default: a local state file per stack, relative, three folders up: beside the output folder', () => {
  expect(backends()).toEqual({
    'app-global': { local: { path: '../../../.terraform-state/app-global.tfstate' } },
    'shop-vip-edge': { local: { path: '../../../.terraform-state/shop-vip-edge.tfstate' } },
  });
  const outdir = path.join(tempOutdir(), 'dist');
  perClusterLabDesign(outdir).synth();
  const stackDir = path.join(outdir, 'terraform', 'app-global');
  expect(path.resolve(stackDir, '../../../.terraform-state/app-global.tfstate')).toBe(path.join(path.dirname(outdir), '.terraform-state', 'app-global.tfstate'));
});

test('S3 with a lock file: written as given, {stack} replaced', () => {
  expect(backends(TerraformBackend.s3({ bucket: 'tf-state', key: 'cdk-multisite/{stack}.tfstate', region: 'eu-west-1' }))).toEqual({
    'app-global': { s3: { bucket: 'tf-state', key: 'cdk-multisite/app-global.tfstate', region: 'eu-west-1', encrypt: true, use_lockfile: true } },
    'shop-vip-edge': { s3: { bucket: 'tf-state', key: 'cdk-multisite/shop-vip-edge.tfstate', region: 'eu-west-1', encrypt: true, use_lockfile: true } },
  });
  expect(backends(TerraformBackend.s3({ bucket: 'b', key: '{stack}', region: 'us-east-1', useLockfile: false, dynamodbTable: 'locks', encrypt: false }))['app-global'])
    .toEqual({ s3: { bucket: 'b', key: 'app-global', region: 'us-east-1', encrypt: false, dynamodb_table: 'locks' } });
});

test('local path and any other backend, as given', () => {
  expect(backends(TerraformBackend.local('/var/lib/terraform/{stack}.tfstate'))['shop-vip-edge']).toEqual({ local: { path: '/var/lib/terraform/shop-vip-edge.tfstate' } });
  expect(backends(TerraformBackend.custom('gcs', { bucket: 'tf', prefix: 'multisite/{stack}', impersonate_service_account_delegates: ['a@x'] }))['app-global'])
    .toEqual({ gcs: { bucket: 'tf', prefix: 'multisite/app-global', impersonate_service_account_delegates: ['a@x'] } });
});

test('settings without {stack} for several stacks are refused, and nothing is written', () => {
  const outdir = tempOutdir();
  expect(() => perClusterLabDesign(outdir, TerraformBackend.s3({ bucket: 'b', key: 'state.tfstate', region: 'us-east-1' })).synth()).toThrow(
    'MultiSiteAppProps.terraformBackend: the s3 backend\'s settings hold no {stack}, so the stacks app-global, shop-vip-edge would share one state '
    + '(each apply would delete what the others created); put {stack} in the state\'s key or path, e.g. "cdk-multisite/{stack}.tfstate".');
  expect(fs.readdirSync(outdir)).toEqual([]);
});

test('bad settings throw at once', () => {
  expect(() => TerraformBackend.s3({ bucket: '', key: 'k', region: 'r' })).toThrow('TerraformBackend.s3: bucket "" is empty; give the S3 bucket of the state.');
  expect(() => TerraformBackend.s3({ bucket: 'b', key: '/k', region: 'r' })).toThrow('TerraformBackend.s3: key "/k" starts with "/"; S3 keys are written without it, e.g. "cdk-multisite/{stack}.tfstate".');
  expect(() => TerraformBackend.s3({ bucket: 'b', key: 'k', region: 'r', useLockfile: false })).toThrow(
    'TerraformBackend.s3: useLockfile is false and no dynamodbTable is given, so two applies could write the state at once; keep useLockfile or name a DynamoDB table.');
  expect(() => TerraformBackend.local(' ')).toThrow('TerraformBackend.local: path " " is empty; give the state file, e.g. "../../../.terraform-state/{stack}.tfstate".');
  expect(() => TerraformBackend.custom('GCS', {})).toThrow('TerraformBackend.custom: type "GCS" is not a Terraform backend type (lower-case letters, digits and "_", e.g. "gcs").');
  const loop: any = {};
  loop.self = loop;
  expect(() => TerraformBackend.custom('http', loop)).toThrow(/^TerraformBackend.custom\("http"\): the settings are not plain data \(Converting circular structure to JSON/);
});
