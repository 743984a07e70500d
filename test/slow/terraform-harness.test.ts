/**
 * Exercises the Terraform harness end to end on a tiny stack written here the way cdktf writes
 * one (`cdk.tf.json`): init from the local provider mirror, validate, apply against moto,
 * check the result through the Route 53 API, plan again (must be empty), destroy, check again.
 *
 * Slow (Route 53 changes wait 10-30 s each in the provider). Needs terraform, the AWS provider
 * mirror and moto_server: under CI=true their absence fails the suite, elsewhere it is skipped.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import {
  apply, checkLocalBackend, describeTerraform, destroy, init, MotoServer, planIsEmpty, route53,
  startMoto, validate, writeMotoOverride,
} from '../support/terraform';

jest.setTimeout(15 * 60_000);

const PARENT = 'example.com';
const DELEGATED = 'eu.example.com';
const DELEGATED_NS = ['ns-1.eu-dns.example.net', 'ns-2.eu-dns.example.net'];
const APP = 'app.example.com';
const SITE_IP = '192.0.2.10';

/** What cdktf would synthesize for this stack (shape of `cdktf synth` output, 0.21). */
function tinyStack(): Record<string, unknown> {
  return {
    '//': {
      metadata: { backend: 'local', stackName: 'harness', version: '0.21.0' },
      outputs: {},
    },
    'terraform': {
      required_providers: { aws: { source: 'aws', version: '5.100.0' } },
      backend: { local: { path: 'terraform.harness.tfstate' } },
    },
    'provider': { aws: [{ region: 'eu-west-1' }] },
    'data': {
      aws_route53_zone: {
        parent: { name: PARENT, private_zone: false },
      },
    },
    'resource': {
      aws_route53_health_check: {
        site_eu: {
          type: 'HTTP',
          ip_address: SITE_IP,
          port: 8080,
          resource_path: '/healthz',
          request_interval: 30,
          failure_threshold: 3,
          tags: { Name: 'site-eu' },
        },
      },
      aws_route53_record: {
        delegation_eu: {
          zone_id: '${data.aws_route53_zone.parent.zone_id}',
          name: DELEGATED,
          type: 'NS',
          ttl: 172800,
          records: DELEGATED_NS,
        },
        app_eu: {
          zone_id: '${data.aws_route53_zone.parent.zone_id}',
          name: APP,
          type: 'A',
          ttl: 60,
          records: [SITE_IP],
          set_identifier: 'eu',
          weighted_routing_policy: { weight: 100 },
          health_check_id: '${aws_route53_health_check.site_eu.id}',
        },
      },
    },
    'output': {
      app_fqdn: { value: '${aws_route53_record.app_eu.fqdn}' },
    },
  };
}

describeTerraform('terraform harness (real terraform against moto)', () => {
  let moto: MotoServer | undefined;
  let stackDir: string;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    stackDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-harness-'));
    fs.writeFileSync(path.join(stackDir, 'cdk.tf.json'), JSON.stringify(tinyStack(), null, 2));
    moto = await startMoto();
  });

  afterAll(async () => {
    await moto?.stop();
    if (stackDir) fs.rmSync(stackDir, { recursive: true, force: true });
    // eslint-disable-next-line no-console
    console.log(`terraform harness timings (ms): ${JSON.stringify(timings)}`);
  });

  test('moto listens on 127.0.0.1 only', () => {
    expect(moto!.endpoint).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  test('refuses a local backend path that is absolute or leaves the state root', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tf-harness-bad-'));
    const dir = path.join(root, 'stack');
    fs.mkdirSync(dir);
    try {
      const stack = tinyStack() as any;
      stack.terraform.backend.local.path = '/somewhere/else/terraform.harness.tfstate';
      fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(stack));
      expect(() => checkLocalBackend(dir)).toThrow(`cdk.tf.json: the local backend path "/somewhere/else/terraform.harness.tfstate" must be relative and stay inside ${dir}`);
      stack.terraform.backend.local.path = '../terraform.harness.tfstate';
      fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(stack));
      expect(() => checkLocalBackend(dir)).toThrow(`cdk.tf.json: the local backend path "../terraform.harness.tfstate" must be relative and stay inside ${dir}`);
      expect(() => checkLocalBackend(dir, root)).not.toThrow();
      stack.terraform.backend.local.path = '../../terraform.harness.tfstate';
      fs.writeFileSync(path.join(dir, 'cdk.tf.json'), JSON.stringify(stack));
      expect(() => checkLocalBackend(dir, root)).toThrow(`cdk.tf.json: the local backend path "../../terraform.harness.tfstate" must be relative and stay inside ${root}`);
    } finally {
      fs.rmSync(root, { recursive: true, force: true });
    }
  });

  test('init, validate, apply, empty plan, destroy; checked through the Route 53 API', async () => {
    const r53 = route53(moto!.endpoint);
    const zone = await r53.createHostedZone(PARENT);
    writeMotoOverride(stackDir, moto!.endpoint);

    timings.init = init(stackDir).ms;
    expect(fs.existsSync(path.join(stackDir, '.terraform.lock.hcl'))).toBe(true);
    timings.validate = validate(stackDir).ms;

    timings.apply = apply(stackDir).ms;
    expect(fs.existsSync(path.join(stackDir, 'terraform.harness.tfstate'))).toBe(true);

    const ns = await r53.findRecordSets(zone.id, DELEGATED, 'NS');
    expect(ns).toHaveLength(1);
    expect(ns[0].ttl).toBe(172800);
    expect([...ns[0].values].sort()).toEqual([...DELEGATED_NS].sort());

    const checks = await r53.listHealthChecks();
    expect(checks).toHaveLength(1);
    expect(checks[0]).toMatchObject({
      type: 'HTTP', ipAddress: SITE_IP, port: 8080, resourcePath: '/healthz', requestInterval: 30, failureThreshold: 3,
    });

    const a = await r53.findRecordSets(zone.id, APP, 'A');
    expect(a).toHaveLength(1);
    expect(a[0]).toMatchObject({ ttl: 60, values: [SITE_IP], setIdentifier: 'eu', weight: 100, healthCheckId: checks[0].id });

    const plan = planIsEmpty(stackDir);
    timings.plan = plan.result.ms;
    if (!plan.empty) throw new Error(`the second plan is not empty:\n${plan.result.stdout}`);

    timings.destroy = destroy(stackDir).ms;
    expect(await r53.findRecordSets(zone.id, DELEGATED, 'NS')).toEqual([]);
    expect(await r53.findRecordSets(zone.id, APP, 'A')).toEqual([]);
    expect(await r53.listHealthChecks()).toEqual([]);
    // the zone itself was not the stack's: it stays, with only its own SOA and NS
    const left = await r53.listRecordSets(zone.id);
    expect(left.map(r => r.type).sort()).toEqual(['NS', 'SOA']);
  });
});
