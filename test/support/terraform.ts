/**
 * Test harness that runs the real `terraform` binary on a synthesized stack directory against a
 * local AWS API (`moto_server` on 127.0.0.1). Nothing here reaches the network:
 *
 * - Providers come from the local filesystem mirror (looked up at run time, see
 *   {@link findAwsProviderMirror}) through a CLI config file this module writes; `direct`
 *   installation is excluded, and Terraform's checkpoint (version check) is disabled.
 * - AWS calls go to moto through `provider_override.tf.json`, which the TEST writes beside the
 *   stack ({@link writeMotoOverride}). The library never knows about moto.
 *
 * A stack directory must contain the stack's `*.tf.json` (e.g. `cdk.tf.json`). If it declares a
 * `local` backend, its `path` must be relative (a machine-specific path must not leak into
 * synthesized output) and stay inside the folder the test names as `stateRoot` (the stack dir
 * unless said otherwise; the library's default state is three folders up, beside the output
 * folder, so a test that runs terraform in `<tmp>/dist/terraform/<stack>` names `<tmp>`);
 * {@link init} refuses anything else, so no test writes state outside its own temp folder.
 * Running the harness adds `.terraform/`, `.terraform.lock.hcl` and the override file to the
 * stack dir: Terraform's working files, which synth keeps and never refuses.
 */
import { ChildProcess, spawn, spawnSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as net from 'net';
import * as os from 'os';
import * as path from 'path';

/** The AWS provider version cdktf's `@cdktf/provider-aws` 20.x is generated for. */
export const AWS_PROVIDER_VERSION = '5.100.0';

// ---------------------------------------------------------------------------------------------
// Availability

let mirrorCache: string | undefined;
let availabilityCache: { ok: boolean; why?: string } | undefined;

/**
 * The filesystem mirror root: the folder that holds
 * `registry.terraform.io/hashicorp/aws/<version>/<os>_<arch>/terraform-provider-aws_*`.
 * Looked up once per process with `find /` (about 2-4 s); throws when there is none.
 */
export function findAwsProviderMirror(): string {
  if (mirrorCache) return mirrorCache;
  const platform = terraformPlatform();
  const found = spawnSync('find', [
    '/',
    '(', '-path', '/proc', '-o', '-path', '/sys', '-o', '-path', '/dev',
    '-o', '-name', 'node_modules', '-o', '-name', '.git', '-o', '-name', '.terraform', ')', '-prune',
    '-o', '-type', 'd', '-path', `*/registry.terraform.io/hashicorp/aws/${AWS_PROVIDER_VERSION}/${platform}`, '-print',
  ], { encoding: 'utf8', maxBuffer: 16 * 1024 * 1024, timeout: 120_000 });
  // find exits non-zero on unreadable folders; what it printed is still good.
  for (const dir of (found.stdout ?? '').split('\n').filter(Boolean).sort()) {
    const hasBinary = fs.readdirSync(dir).some(f => f.startsWith('terraform-provider-aws'));
    if (hasBinary) {
      // <root>/registry.terraform.io/hashicorp/aws/<version>/<platform>
      mirrorCache = path.resolve(dir, '..', '..', '..', '..', '..');
      return mirrorCache;
    }
  }
  throw new Error(`no Terraform provider mirror holding registry.terraform.io/hashicorp/aws/${AWS_PROVIDER_VERSION}/${platform}/terraform-provider-aws* was found under /`);
}

/** Whether the Terraform suite can run here: `terraform`, the provider mirror and `moto_server`. */
export function terraformAvailable(): { ok: boolean; why?: string } {
  if (availabilityCache) return availabilityCache;
  const missing: string[] = [];
  const tf = spawnSync('terraform', ['version'], { encoding: 'utf8', env: terraformEnv(undefined), timeout: 60_000 });
  if (tf.error || tf.status !== 0) missing.push(`the terraform binary does not run (${tf.error?.message ?? tf.stderr.trim()})`);
  try {
    findAwsProviderMirror();
  } catch (e) {
    missing.push((e as Error).message);
  }
  if (!onPath('moto_server')) {
    missing.push('moto_server is not on PATH (pip install "moto[server]")');
  } else {
    const moto = spawnSync('moto_server', ['--help'], { encoding: 'utf8', timeout: 60_000 });
    if (moto.error || moto.status !== 0) missing.push(`moto_server does not run (${moto.error?.message ?? moto.stderr.trim()})`);
  }
  availabilityCache = missing.length === 0 ? { ok: true } : { ok: false, why: missing.join('; ') };
  return availabilityCache;
}

/** True when the environment says CI (`CI` set to anything but '', '0' or 'false'). */
export function isCi(): boolean {
  const ci = (process.env.CI ?? '').trim().toLowerCase();
  return ci !== '' && ci !== '0' && ci !== 'false';
}

/**
 * `describe` for a suite that needs Terraform: runs `fn` when {@link terraformAvailable};
 * otherwise FAILS under CI (one test that throws the reason) and is skipped elsewhere with a
 * warning that the Terraform suite was not run.
 */
export function describeTerraform(name: string, fn: () => void): void {
  const available = terraformAvailable();
  if (available.ok) {
    describe(name, fn);
  } else if (isCi()) {
    describe(name, () => {
      test('terraform, the AWS provider mirror and moto_server are available', () => {
        throw new Error(`The Terraform suite "${name}" cannot run under CI: ${available.why}`);
      });
    });
  } else {
    // eslint-disable-next-line no-console
    console.warn(`The Terraform suite "${name}" was NOT run: ${available.why}. (Under CI=true this is a failure.)`);
    describe.skip(name, fn);
  }
}

// ---------------------------------------------------------------------------------------------
// Running terraform

export interface TerraformOptions {
  /** Kill terraform after this long (default 10 minutes). */
  readonly timeoutMs?: number;
  /** Extra environment variables (e.g. `TF_LOG`). */
  readonly env?: Record<string, string>;
}

export interface TerraformResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  /** Wall-clock time of the command. */
  readonly ms: number;
}

/** Subcommands that take `-no-color` (others, such as `version`, refuse unknown flags). */
const NO_COLOR_COMMANDS = new Set(['init', 'validate', 'plan', 'apply', 'destroy', 'refresh', 'output', 'show', 'import', 'providers', 'get', 'console', 'test']);

/**
 * Runs `terraform <args>` in `stackDir`, synchronously, with the harness's CLI config
 * (filesystem mirror only), `TF_IN_AUTOMATION=1`, `TF_INPUT=0`, `-no-color`, no checkpoint
 * call, and no `TF_*`/`AWS_*` variables inherited from the environment.
 * `code` is -1 when the command was killed by the timeout.
 */
export function terraform(stackDir: string, args: string[], opts: TerraformOptions = {}): TerraformResult {
  const finalArgs = args.length > 0 && NO_COLOR_COMMANDS.has(args[0]) ? [args[0], '-no-color', ...args.slice(1)] : args;
  const started = Date.now();
  const r = spawnSync('terraform', finalArgs, {
    cwd: stackDir,
    env: terraformEnv(opts.env),
    encoding: 'utf8',
    timeout: opts.timeoutMs ?? 10 * 60_000,
    killSignal: 'SIGINT', // lets terraform stop its provider plugins and release the state lock
    maxBuffer: 64 * 1024 * 1024,
  });
  const ms = Date.now() - started;
  let stderr = r.stderr ?? '';
  if (r.error) stderr += `\n[harness] terraform ${args.join(' ')}: ${r.error.message}`;
  return { code: r.status ?? -1, stdout: r.stdout ?? '', stderr, ms };
}

/**
 * `terraform init` from the mirror; throws on failure. Refuses a local backend path that is
 * absolute or leaves `stateRoot` (default: the stack dir).
 */
export function init(stackDir: string, opts?: TerraformOptions & { readonly stateRoot?: string }): TerraformResult {
  checkLocalBackend(stackDir, opts?.stateRoot);
  return must(stackDir, ['init', '-input=false'], opts);
}

/** `terraform validate`; throws on failure. */
export function validate(stackDir: string, opts?: TerraformOptions): TerraformResult {
  return must(stackDir, ['validate'], opts);
}

/** `terraform apply -auto-approve`; throws on failure. */
export function apply(stackDir: string, opts?: TerraformOptions): TerraformResult {
  return must(stackDir, ['apply', '-auto-approve', '-input=false'], opts);
}

/** `terraform destroy -auto-approve`; throws on failure. */
export function destroy(stackDir: string, opts?: TerraformOptions): TerraformResult {
  return must(stackDir, ['destroy', '-auto-approve', '-input=false'], opts);
}

/**
 * `terraform plan -detailed-exitcode`: true when there is nothing to change (exit 0), false when
 * there are changes (exit 2, the plan text is in `result.stdout`); throws on errors (exit 1).
 */
export function planIsEmpty(stackDir: string, opts?: TerraformOptions): { empty: boolean; result: TerraformResult } {
  const result = terraform(stackDir, ['plan', '-detailed-exitcode', '-input=false'], opts);
  if (result.code === 0) return { empty: true, result };
  if (result.code === 2) return { empty: false, result };
  throw new Error(describeFailure(stackDir, ['plan', '-detailed-exitcode'], result));
}

function must(stackDir: string, args: string[], opts?: TerraformOptions): TerraformResult {
  const result = terraform(stackDir, args, opts);
  if (result.code !== 0) throw new Error(describeFailure(stackDir, args, result));
  return result;
}

function describeFailure(stackDir: string, args: string[], r: TerraformResult): string {
  const tail = (s: string) => s.length > 8000 ? `...${s.slice(-8000)}` : s;
  return `terraform ${args.join(' ')} in ${stackDir} exited ${r.code} after ${r.ms} ms\n--- stderr\n${tail(r.stderr)}\n--- stdout\n${tail(r.stdout)}`;
}

/**
 * Reads the `local` backend from the stack's `*.tf.json` (overrides included) and throws when
 * its `path` is absolute (a machine-specific path must not leak into synthesized output) or
 * leaves `stateRoot` (so a test never writes state outside its own temp folder).
 */
export function checkLocalBackend(stackDir: string, stateRoot: string = stackDir): void {
  for (const { file, json } of readTfJson(stackDir)) {
    const backend = (json.terraform as Record<string, any> | undefined)?.backend;
    const local = Array.isArray(backend?.local) ? backend.local[0] : backend?.local;
    const statePath = local?.path;
    if (typeof statePath !== 'string') continue;
    const resolved = path.resolve(stackDir, statePath);
    const relative = path.relative(path.resolve(stateRoot), resolved);
    if (path.isAbsolute(statePath) || relative === '..' || relative.startsWith(`..${path.sep}`) || path.isAbsolute(relative)) {
      throw new Error(`${file}: the local backend path "${statePath}" must be relative and stay inside ${stateRoot}`);
    }
  }
}

let cliConfigFile: string | undefined;

/**
 * The CLI config: filesystem mirror for registry.terraform.io, direct installation excluded.
 * One file per mirror under the temp dir, rewritten atomically by each process (parallel jest
 * workers agree on its content), so nothing piles up and nothing needs cleaning.
 */
function cliConfig(): string {
  if (cliConfigFile) return cliConfigFile;
  const mirror = findAwsProviderMirror();
  const text = [
    'provider_installation {',
    '  filesystem_mirror {',
    `    path    = ${JSON.stringify(mirror)}`,
    '    include = ["registry.terraform.io/*/*"]',
    '  }',
    '  direct {',
    '    exclude = ["registry.terraform.io/*/*"]',
    '  }',
    '}',
    'disable_checkpoint = true',
    '',
  ].join('\n');
  const dir = path.join(os.tmpdir(), 'cdk-multisite-terraform');
  fs.mkdirSync(dir, { recursive: true });
  const file = path.join(dir, `terraformrc-${createHash('sha256').update(text).digest('hex').slice(0, 12)}`);
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, text);
  fs.renameSync(tmp, file);
  cliConfigFile = file;
  return file;
}

function terraformEnv(extra: Record<string, string> | undefined): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [k, v] of Object.entries(process.env)) {
    // Keep TF_LOG* for debugging; drop anything else that could change what terraform does.
    if ((k.startsWith('TF_') && !k.startsWith('TF_LOG')) || k.startsWith('AWS_')) continue;
    env[k] = v;
  }
  let config: string | undefined;
  try {
    config = cliConfig();
  } catch {
    config = undefined; // no mirror: only `terraform version` runs without it (availability check)
  }
  return {
    ...env,
    ...(config ? { TF_CLI_CONFIG_FILE: config } : { TF_CLI_CONFIG_FILE: '/dev/null' }),
    TF_IN_AUTOMATION: '1',
    TF_INPUT: '0',
    CHECKPOINT_DISABLE: '1',
    AWS_EC2_METADATA_DISABLED: 'true',
    ...extra,
  };
}

function terraformPlatform(): string {
  const arch: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: '386', arm: 'arm' };
  return `${process.platform}_${arch[process.arch] ?? process.arch}`;
}

function onPath(binary: string): boolean {
  return (process.env.PATH ?? '').split(path.delimiter).some(dir => {
    try {
      fs.accessSync(path.join(dir, binary), fs.constants.X_OK);
      return true;
    } catch {
      return false;
    }
  });
}

function readTfJson(stackDir: string): Array<{ file: string; json: Record<string, any> }> {
  return fs.readdirSync(stackDir)
    .filter(f => f.endsWith('.tf.json'))
    .sort()
    .map(f => ({ file: f, json: JSON.parse(fs.readFileSync(path.join(stackDir, f), 'utf8')) }));
}

// ---------------------------------------------------------------------------------------------
// moto

export interface MotoServer {
  /** `http://127.0.0.1:<port>` */
  readonly endpoint: string;
  /** Forgets every resource (`POST /moto-api/reset`). */
  reset(): Promise<void>;
  /** What moto printed (last 64 KiB), for failure messages. */
  log(): string;
  /** Stops the server's whole process group; safe to call twice. */
  stop(): Promise<void>;
}

/** Starts `moto_server -H 127.0.0.1 -p <free port>` in its own process group and waits until it answers. */
export async function startMoto(opts: { timeoutMs?: number } = {}): Promise<MotoServer> {
  let lastError: Error | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    const port = await freePort();
    try {
      return await startMotoOn(port, opts.timeoutMs ?? 30_000);
    } catch (e) {
      lastError = e as Error; // most likely the port was taken between freePort() and bind
    }
  }
  throw lastError;
}

async function startMotoOn(port: number, timeoutMs: number): Promise<MotoServer> {
  const endpoint = `http://127.0.0.1:${port}`;
  // moto logs every request. Into a file, not a pipe: a test that runs terraform with spawnSync
  // blocks the event loop that would drain a pipe, and once the pipe's 64 KiB are full, moto's
  // request threads block on their log line and every later request times out.
  const logDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-multisite-moto-'));
  const logFile = path.join(logDir, 'moto.log');
  const logFd = fs.openSync(logFile, 'a');
  let child: ChildProcess;
  try {
    child = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], {
      detached: true, // own process group: stop() kills the pyenv shim and python together
      stdio: ['ignore', logFd, logFd],
      env: { ...process.env, PYTHONUNBUFFERED: '1' },
    });
  } finally {
    fs.closeSync(logFd);
  }
  const append = (chunk: Buffer) => fs.appendFileSync(logFile, chunk);
  let stoppedLog: string | undefined;
  const log = (): string => {
    if (stoppedLog !== undefined) return stoppedLog;
    try {
      const text = fs.readFileSync(logFile);
      return text.subarray(Math.max(0, text.length - 64 * 1024)).toString('utf8');
    } catch {
      return '';
    }
  };
  let exited = false;
  const exitPromise = new Promise<void>(resolve => child.once('exit', () => {
    exited = true;
    resolve();
  }));
  child.once('error', e => append(Buffer.from(`\n[harness] ${e.message}\n`)));
  const killGroup = (signal: NodeJS.Signals) => {
    if (exited || child.pid === undefined) return;
    try {
      process.kill(-child.pid, signal);
    } catch {
      // already gone
    }
  };
  const onExit = () => killGroup('SIGKILL');
  process.once('exit', onExit);

  const stop = async () => {
    process.removeListener('exit', onExit);
    killGroup('SIGTERM');
    const timer = new Promise<boolean>(resolve => setTimeout(() => resolve(false), 5000).unref());
    if (!exited && !(await Promise.race([exitPromise.then(() => true), timer]))) {
      killGroup('SIGKILL');
      await exitPromise;
    }
    if (stoppedLog === undefined) {
      stoppedLog = log();
      fs.rmSync(logDir, { recursive: true, force: true });
    }
  };

  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (exited) {
      await stop(); // keeps the log, removes its folder
      throw new Error(`moto_server exited before answering on ${endpoint}:\n${log()}`);
    }
    try {
      const res = await fetch(`${endpoint}/moto-api/data.json`, { signal: AbortSignal.timeout(2000) });
      await res.arrayBuffer();
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`moto_server did not answer on ${endpoint} within ${timeoutMs} ms:\n${log()}`);
    }
    await new Promise(resolve => setTimeout(resolve, 200));
  }

  return {
    endpoint,
    log,
    stop,
    reset: async () => {
      const res = await fetch(`${endpoint}/moto-api/reset`, { method: 'POST' });
      await res.arrayBuffer();
      if (!res.ok) throw new Error(`moto reset: HTTP ${res.status}`);
    },
  };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as net.AddressInfo).port;
      server.close(() => resolve(port));
    });
  });
}

/** Services whose endpoints the override points at moto (a service left out would call real AWS). */
export const MOTO_SERVICES = [
  'acm', 'autoscaling', 'cloudformation', 'cloudwatch', 'dynamodb', 'ec2', 'ecs', 'eks', 'elb', 'elbv2',
  'globalaccelerator', 'iam', 'kms', 'lambda', 'logs', 'rds', 'route53', 'route53resolver', 's3',
  'secretsmanager', 'servicediscovery', 'sns', 'sqs', 'ssm', 'sts',
];

/**
 * Writes `provider_override.tf.json` beside the stack so every `aws` provider block (one per
 * alias found in the stack's `*.tf.json`) talks to moto at `endpoint` with dummy credentials.
 * Region and everything else stay as the stack says.
 */
export function writeMotoOverride(stackDir: string, endpoint: string, opts: { maxRetries?: number } = {}): string {
  const aliases = new Set<string | undefined>();
  for (const { file, json } of readTfJson(stackDir)) {
    if (/(^|_)override\.tf\.json$/.test(file)) continue;
    const aws = (json.provider as Record<string, unknown> | undefined)?.aws;
    for (const block of (Array.isArray(aws) ? aws : aws ? [aws] : []) as Array<{ alias?: string }>) {
      aliases.add(block.alias);
    }
  }
  if (aliases.size === 0) throw new Error(`${stackDir}: no provider "aws" block in any *.tf.json`);
  const endpoints = Object.fromEntries(MOTO_SERVICES.map(s => [s, endpoint]));
  const blocks = [...aliases].map(alias => ({
    ...(alias !== undefined ? { alias } : {}),
    access_key: 'test',
    secret_key: 'test',
    skip_credentials_validation: true,
    skip_metadata_api_check: true,
    skip_requesting_account_id: true,
    skip_region_validation: true,
    s3_use_path_style: true,
    max_retries: opts.maxRetries ?? 1,
    endpoints: [endpoints],
  }));
  const file = path.join(stackDir, 'provider_override.tf.json');
  fs.writeFileSync(file, JSON.stringify({ provider: { aws: blocks } }, null, 2) + '\n');
  return file;
}

// ---------------------------------------------------------------------------------------------
// Route 53 API checks against moto (plain fetch + XML by regex; no SDK)

export interface HostedZone {
  /** Without the `/hostedzone/` prefix. */
  readonly id: string;
  /** With the trailing dot, as Route 53 returns it. */
  readonly name: string;
  readonly nameServers: string[];
}

export interface RecordSet {
  /** With the trailing dot. */
  readonly name: string;
  readonly type: string;
  readonly ttl?: number;
  /** Values of the resource records, in the order returned. */
  readonly values: string[];
  readonly setIdentifier?: string;
  readonly weight?: number;
  readonly failover?: string;
  readonly healthCheckId?: string;
  readonly aliasTarget?: { hostedZoneId: string; dnsName: string; evaluateTargetHealth: boolean };
}

export interface HealthCheck {
  readonly id: string;
  readonly type: string;
  readonly ipAddress?: string;
  readonly port?: number;
  readonly resourcePath?: string;
  readonly fullyQualifiedDomainName?: string;
  readonly requestInterval?: number;
  readonly failureThreshold?: number;
}

/** Route 53 calls against moto at `endpoint`. */
export function route53(endpoint: string) {
  const base = `${endpoint}/2013-04-01`;
  const call = async (method: string, urlPath: string, body?: string): Promise<string> => {
    const res = await fetch(`${base}${urlPath}`, {
      method,
      headers: {
        // moto routes an unsigned request to S3; the credential scope names the service.
        'Authorization': 'AWS4-HMAC-SHA256 Credential=test/20240101/us-east-1/route53/aws4_request, SignedHeaders=host, Signature=0',
        // moto reads a form-encoded body as the "query" protocol, which Route 53 does not speak.
        'Content-Type': 'application/xml',
      },
      body,
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`Route 53 ${method} ${urlPath}: HTTP ${res.status}\n${text}`);
    return text;
  };

  const listRecordSets = async (zoneId: string): Promise<RecordSet[]> => {
    const xml = await call('GET', `/hostedzone/${bareId(zoneId)}/rrset`);
    if (xmlText(xml, 'IsTruncated') === 'true') throw new Error('listRecordSets: paged results are not handled');
    return xmlBlocks(xml, 'ResourceRecordSet').map(rr => {
      const alias = xmlBlocks(rr, 'AliasTarget')[0];
      return {
        name: xmlText(rr, 'Name')!,
        type: xmlText(rr, 'Type')!,
        ttl: xmlNumber(rr, 'TTL'),
        values: xmlBlocks(rr, 'ResourceRecord').map(r => xmlText(r, 'Value')!),
        setIdentifier: xmlText(rr, 'SetIdentifier'),
        weight: xmlNumber(rr, 'Weight'),
        failover: xmlText(rr, 'Failover'),
        healthCheckId: xmlText(rr, 'HealthCheckId'),
        aliasTarget: alias === undefined ? undefined : {
          hostedZoneId: xmlText(alias, 'HostedZoneId')!,
          dnsName: xmlText(alias, 'DNSName')!,
          evaluateTargetHealth: xmlText(alias, 'EvaluateTargetHealth') === 'true',
        },
      };
    });
  };

  return {
    async createHostedZone(name: string): Promise<HostedZone> {
      const xml = await call('POST', '/hostedzone', [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<CreateHostedZoneRequest xmlns="https://route53.amazonaws.com/doc/2013-04-01/">',
        `<Name>${xmlEscape(name)}</Name>`,
        `<CallerReference>harness-${Date.now()}-${Math.random().toString(36).slice(2)}</CallerReference>`,
        '</CreateHostedZoneRequest>',
      ].join(''));
      const zone = xmlBlocks(xml, 'HostedZone')[0];
      return {
        id: bareId(xmlText(zone, 'Id')!),
        name: xmlText(zone, 'Name')!,
        nameServers: xmlTexts(xml, 'NameServer'),
      };
    },

    async listHostedZones(): Promise<Array<{ id: string; name: string }>> {
      const xml = await call('GET', '/hostedzone');
      return xmlBlocks(xml, 'HostedZone').map(z => ({ id: bareId(xmlText(z, 'Id')!), name: xmlText(z, 'Name')! }));
    },

    async deleteHostedZone(zoneId: string): Promise<void> {
      await call('DELETE', `/hostedzone/${bareId(zoneId)}`);
    },

    listRecordSets,

    /** The record sets with this name (trailing dot optional) and type. */
    async findRecordSets(zoneId: string, name: string, type: string): Promise<RecordSet[]> {
      const wanted = name.endsWith('.') ? name : `${name}.`;
      return (await listRecordSets(zoneId)).filter(r => r.name === wanted && r.type === type);
    },

    async listHealthChecks(): Promise<HealthCheck[]> {
      const xml = await call('GET', '/healthcheck');
      return xmlBlocks(xml, 'HealthCheck').map(hc => {
        const config = xmlBlocks(hc, 'HealthCheckConfig')[0] ?? '';
        return {
          id: xmlText(hc, 'Id')!,
          type: xmlText(config, 'Type')!,
          ipAddress: xmlText(config, 'IPAddress'),
          port: xmlNumber(config, 'Port'),
          resourcePath: xmlText(config, 'ResourcePath'),
          fullyQualifiedDomainName: xmlText(config, 'FullyQualifiedDomainName'),
          requestInterval: xmlNumber(config, 'RequestInterval'),
          failureThreshold: xmlNumber(config, 'FailureThreshold'),
        };
      });
    },
  };
}

function bareId(id: string): string {
  return id.replace(/^\/?hostedzone\//, '');
}

/** Raw inner XML of every `<tag>…</tag>` (tag not nested in itself; `<tag/>` gives ''). */
function xmlBlocks(xml: string, tag: string): string[] {
  const re = new RegExp(`<${tag}(?:\\s[^>]*)?(?:/>|>([\\s\\S]*?)</${tag}>)`, 'g');
  return [...xml.matchAll(re)].map(m => m[1] ?? '');
}

/** Unescaped text of every leaf `<tag>text</tag>`. */
function xmlTexts(xml: string, tag: string): string[] {
  return xmlBlocks(xml, tag).map(v => xmlUnescape(v.trim()));
}

function xmlText(xml: string, tag: string): string | undefined {
  const v = xmlTexts(xml, tag)[0];
  return v === undefined || v === '' ? undefined : v;
}

function xmlNumber(xml: string, tag: string): number | undefined {
  const v = xmlText(xml, tag);
  return v === undefined ? undefined : Number(v);
}

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

function xmlUnescape(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, '\'').replace(/&amp;/g, '&');
}
