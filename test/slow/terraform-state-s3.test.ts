/**
 * A Terraform backend the user configures, written as given: the delegation stack with
 * `TerraformBackend.s3` (lock file in the bucket) against moto's S3 and Route 53 on 127.0.0.1.
 * The S3 endpoint and test credentials come from a partial backend configuration
 * (`terraform init -backend-config=<file>`) kept outside the output folder, so the stack holds
 * only what the user gave. Apply, synth again, plan shows no changes, a held lock stops a plan,
 * destroy.
 */
import * as fs from 'fs';
import * as path from 'path';
import { perClusterLabDesign } from '../../examples/lab-per-cluster/design';
import { TerraformBackend } from '../../lib';
import { tempOutdir } from '../support/designs';
import {
  apply, describeTerraform, destroy, MotoServer, planIsEmpty, route53, startMoto, terraform, writeMotoOverride,
} from '../support/terraform';

jest.setTimeout(15 * 60_000);

const BUCKET = 'tf-state';
const KEY = 'cdk-multisite/app-global.tfstate';
const BACKEND = TerraformBackend.s3({ bucket: BUCKET, key: 'cdk-multisite/{stack}.tfstate', region: 'us-east-1' });

describeTerraform('S3 backend with a lock file, against a local S3 and Route 53 (moto)', () => {
  let moto: MotoServer | undefined;
  let root: string;
  let outdir: string;
  let stackDir: string;
  const timings: Record<string, number> = {};

  /** moto's S3, path-style; the credential scope tells moto which service is meant. */
  const s3 = async (method: string, key: string, body?: string): Promise<{ status: number; text: string }> => {
    const res = await fetch(`${moto!.endpoint}/${BUCKET}${key ? `/${key}` : ''}`, {
      method,
      body,
      headers: { Authorization: 'AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/s3/aws4_request, SignedHeaders=host, Signature=0' },
    });
    return { status: res.status, text: await res.text() };
  };

  beforeAll(async () => {
    root = tempOutdir();
    outdir = path.join(root, 'dist');
    perClusterLabDesign(outdir, BACKEND).synth();
    stackDir = path.join(outdir, 'terraform', 'app-global');
    moto = await startMoto();
  });

  afterAll(async () => {
    await moto?.stop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
    // eslint-disable-next-line no-console
    console.log(`S3 backend timings (ms): ${JSON.stringify(timings)}`);
  });

  test('state in the bucket survives a second synth; the lock file guards it', async () => {
    const written = JSON.parse(fs.readFileSync(path.join(stackDir, 'cdk.tf.json'), 'utf-8')).terraform.backend;
    expect(written).toEqual({ s3: { bucket: BUCKET, key: KEY, region: 'us-east-1', encrypt: true, use_lockfile: true } });

    expect((await s3('PUT', '')).status).toBe(200);
    const r53 = route53(moto!.endpoint);
    await r53.createHostedZone('example.com');
    writeMotoOverride(stackDir, moto!.endpoint);
    const backendConfig = path.join(root, 'moto.s3.tfbackend');
    fs.writeFileSync(backendConfig, [
      `endpoints = { s3 = "${moto!.endpoint}" }`,
      'use_path_style = true',
      'skip_credentials_validation = true',
      'skip_requesting_account_id = true',
      'skip_metadata_api_check = true',
      'skip_region_validation = true',
      'access_key = "test"',
      'secret_key = "test"',
      '',
    ].join('\n'));

    const initResult = terraform(stackDir, ['init', '-input=false', `-backend-config=${backendConfig}`]);
    if (initResult.code !== 0) throw new Error(`init failed:\n${initResult.stderr}\n${initResult.stdout}`);
    timings.init = initResult.ms;
    timings.apply = apply(stackDir).ms;

    const state = await s3('GET', KEY);
    expect(state.status).toBe(200);
    expect(JSON.parse(state.text).resources.length).toBeGreaterThan(0);
    expect((await s3('GET', `${KEY}.tflock`)).status).toBe(404); // released after the apply
    expect(fs.existsSync(path.join(root, '.terraform-state'))).toBe(false);

    perClusterLabDesign(outdir, BACKEND).synth();
    const plan = planIsEmpty(stackDir);
    timings.plan = plan.result.ms;
    if (!plan.empty) throw new Error(`the plan after a second synth is not empty:\n${plan.result.stdout}`);

    // Someone else holds the lock: the plan must wait for it and give up.
    expect((await s3('PUT', `${KEY}.tflock`, JSON.stringify({ ID: 'held-by-test', Operation: 'OperationTypeApply', Who: 'test' }))).status).toBe(200);
    const locked = terraform(stackDir, ['plan', '-input=false', '-lock-timeout=1s']);
    expect(locked.code).toBe(1);
    expect(locked.stderr).toContain('Error acquiring the state lock');
    expect((await s3('DELETE', `${KEY}.tflock`)).status).toBe(204);

    timings.destroy = destroy(stackDir).ms;
    expect(JSON.parse((await s3('GET', KEY)).text).resources).toEqual([]);
  });
});
