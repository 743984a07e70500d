/**
 * Runs a synthesized Galera cluster for real on this machine: Debian's mariadbd (MariaDB 10.11
 * with galera-4) and garbd (galera-arbitrator-4), one network namespace per site (see
 * ./netns.ts), each process configured from the files the library wrote (see
 * ./design-output.ts).
 *
 * What cannot apply outside Kubernetes is rewritten, and every rewrite is recorded in
 * {@link GaleraLab.rewrites} with the reason (the test prints them):
 * - DNS names of the Pods (`<pod>.<service>.<ns>.svc.cluster.local`) → the lab's addresses in
 *   the site namespaces (no cluster DNS here);
 * - the TLS Secret's mount path (`/etc/mysql/tls/…`) → a throw-away CA and certificate the lab
 *   makes with openssl, so TLS stays ON for replication, IST and SST exactly as written;
 * - the two data nodes of a site share the site's host (one namespace per site), so each binds
 *   its own address: `gmcast.listen_addr`, `ist.recv_addr`, `bind_address`,
 *   `wsrep_sst_receive_address` (ports from the StatefulSet's named container ports);
 * - what the Pod gives implicitly: datadir, socket, pid and log files, tmpdir, the node's name
 *   and address (the container command passes `--wsrep-node-name=$POD_NAME` and
 *   `--wsrep-node-address=<pod DNS>`), the user (`runAsUser: 999` = mysql there, the Debian
 *   `mysql` user here);
 * - each Secret the container's env reads (the root password): a random value the lab draws;
 *   the image's entrypoint sets it on root@localhost, and the lab's own statements log in with it
 *   over the node's unix socket, as the readiness probe does;
 * - the option file: in the Pod, mariadbd reads the image's /etc/mysql/my.cnf, which includes the
 *   ConfigMap at /etc/mysql/conf.d; here the entrypoint's command is `mariadbd
 *   --defaults-file=<node dir>/my.cnf`, that file being the ConfigMap's galera.cnf with the lab's
 *   rewrites (the container command's other arguments, node name and address, are in it too);
 * - the probe's socket: the Pod's client and server share the image's built-in default; here the
 *   lab passes each node's socket as `MYSQL_UNIX_PORT`, and the command runs unchanged.
 *
 * Each data node is initialized and started by the mariadb:11.4 image's own
 * `docker-entrypoint.sh` ({@link IMAGE_ENTRYPOINT}, unmodified, run as the Pod's user with the
 * container's environment), against Debian's MariaDB 10.11 binaries: it initializes an empty data
 * directory (`mariadb-install-db --auth-root-authentication-method=normal`, time zones, root's
 * password, `mysql@localhost` when the env asks for it, the healthcheck users), then execs
 * mariadbd. Every pod does this on its first start, joiners too; a joiner's data directory is then
 * replaced by the SST. Debian 10.11 ships every binary the script calls under the same names
 * (`mariadb-install-db`, `mariadb-tzinfo-to-sql`, `mariadb`, `mariadbd`); the host needs what the
 * image's Dockerfile adds (`pwgen`, an empty /docker-entrypoint-initdb.d), which
 * scripts/failure-lab-setup.sh installs. The script thinks it runs 11.4.12 (`_mariadb_version`):
 * that matters only when a node restarts on an existing data directory (upgrade check, skipped
 * without `MARIADB_AUTO_UPGRADE`), which no scenario does.
 */
import { ChildProcess, execFile, execFileSync, spawn } from 'child_process';
import { randomBytes } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import {
  ArbitratorOutput, DataSiteOutput, GaleraOutput, IniSection, isoDurationMs, normalizeKey, parseProviderOptions, renderProviderOptions,
  unquote,
} from './design-output';
import { labHostProblems, labUnavailableBecause } from './lab-gate';
import { SiteHost } from './netns';
import { LabPod } from './network-policies';

/** One setting the lab changed from the synthesized output, and why. */
export interface Rewrite {
  readonly setting: string;
  readonly synthesized: string;
  readonly lab: string;
  readonly why: string;
}

/** A data node (mariadbd). */
export interface DataMember {
  readonly kind: 'data';
  readonly name: string;
  readonly site: string;
  readonly host: SiteHost;
  readonly address: string;
  readonly dir: string;
  readonly datadir: string;
  readonly socket: string;
  readonly cnf: string;
  readonly log: string;
  readonly bootstrap: boolean;
  proc?: ChildProcess;
}

/** An arbitrator (garbd). */
export interface ArbitratorMember {
  readonly kind: 'arbitrator';
  readonly name: string;
  readonly site: string;
  readonly host: SiteHost;
  readonly address: string;
  readonly dir: string;
  readonly log: string;
  readonly argv: string[];
  proc?: ChildProcess;
}

export type Member = DataMember | ArbitratorMember;

/** The result of one statement run with the mariadb client. */
export interface SqlResult {
  readonly ok: boolean;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
  readonly ms: number;
}

/** One run of a health check the StatefulSet declares, against one node. */
export interface ProbeResult {
  readonly pass: boolean;
  /** Exit code, or undefined when the probe was killed at its timeout. */
  readonly exitCode?: number;
  /** What the probe printed (stdout and stderr), trimmed. */
  readonly output: string;
  readonly ms: number;
}

/** The wsrep status variables of one node (`SHOW GLOBAL STATUS LIKE 'wsrep_%'`). */
export type WsrepStatus = Record<string, string>;

const BINARIES = [
  'mariadbd', 'mariadb', 'mariadb-install-db', 'mariadb-tzinfo-to-sql', 'mariabackup', 'pwgen', 'garbd', 'ip', 'nft', 'openssl', 'socat', 'setpriv', 'ping',
];

/**
 * The official image's entrypoint for the image the library writes (`mariadb:11.4`), unmodified,
 * from the shared folder beside the repository (see its SOURCE.md).
 */
export const IMAGE_ENTRYPOINT = path.resolve(__dirname, '..', '..', '..', 'shared', 'images', 'mariadb-11.4', 'docker-entrypoint.sh');

/**
 * Runs the image's entrypoint as the image does (`docker-entrypoint.sh mariadbd …`: its `_main`,
 * which initializes an empty data directory and execs mariadbd), sourced so that one function
 * can be adapted to MariaDB 10.11: `docker_temp_server_start` starts the init-time server with
 * `--skip-ssl --ssl-cert='' --ssl-key='' --ssl-ca=''`, which 11.4 accepts and 10.11 refuses
 * ("SSL error: Unable to get certificate from ''", then "Aborting": seen in this lab), so the lab
 * drops the three empty options; `--skip-ssl` stays. It fails loudly if the function no longer
 * has them. Arguments: the entrypoint's path, then the container's command.
 */
const ENTRYPOINT_ON_DEBIAN = [
  'entrypoint=$1; shift',
  'source "$entrypoint"',
  'original=$(declare -f docker_temp_server_start)',
  'adapted=${original//" --ssl-cert=\'\' --ssl-key=\'\' --ssl-ca=\'\'"/}',
  'if [ "$adapted" = "$original" ]; then echo "lab: docker_temp_server_start passes no empty --ssl-cert/--ssl-key/--ssl-ca any more: drop the 10.11 adaptation" >&2; exit 1; fi',
  'eval "$adapted"',
  '_main "$@"',
].join('\n');

/** The folder the image's Dockerfile creates empty and its entrypoint lists before initializing. */
const INITDB_DIR = '/docker-entrypoint-initdb.d';

/** Why the lab cannot run here, or undefined when it can (root, packages installed). */
export function labUnavailableReason(): string | undefined {
  const problems = labHostProblems(BINARIES);
  if (!fs.existsSync('/usr/lib/galera/libgalera_smm.so')) problems.push('missing /usr/lib/galera/libgalera_smm.so (galera-4)');
  if (!fs.existsSync(IMAGE_ENTRYPOINT)) problems.push(`missing the mariadb:11.4 image's entrypoint at ${IMAGE_ENTRYPOINT}`);
  if (!fs.existsSync(INITDB_DIR)) problems.push(`missing ${INITDB_DIR} (the image's Dockerfile creates it empty)`);
  try {
    execFileSync('id', ['mysql'], { stdio: 'ignore' });
  } catch {
    problems.push('no mysql user (mariadb-server)');
  }
  return labUnavailableBecause(problems);
}

/** Resolves after `ms`. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/**
 * Polls `probe` every `everyMs` until it returns a value that is not undefined, or throws when
 * `deadlineMs` have passed (with `describe()` of the last state in the message).
 */
export async function waitFor<T>(
  what: string, deadlineMs: number, probe: () => Promise<T | undefined>, describe: () => string, everyMs = 500,
): Promise<{ value: T; ms: number }> {
  const start = Date.now();
  for (let attempt = 0; ; attempt++) {
    const value = await probe();
    if (value !== undefined) return { value, ms: Date.now() - start };
    if (Date.now() - start > deadlineMs) throw new Error(`timed out after ${Math.round((Date.now() - start) / 1000)} s (${attempt + 1} polls) waiting for ${what}. Last state: ${describe()}`);
    await sleep(everyMs);
  }
}

/** The last `lines` lines of a file ('' when absent). */
export function tail(file: string, lines = 25): string {
  try {
    return fs.readFileSync(file, 'utf8').split('\n').slice(-lines).join('\n');
  } catch {
    return '';
  }
}

/** The timers of the synthesized EVS settings, in ms. */
export interface EvsTimers {
  readonly keepaliveMs: number;
  readonly suspectMs: number;
  readonly inactiveMs: number;
  readonly installMs: number;
}

/**
 * A Galera cluster started from a synthesized output, on the given site hosts. Data nodes come
 * from the StatefulSets, arbitrators from the Deployments (when `withArbitrators`).
 */
export class GaleraLab {
  public readonly members: Member[] = [];
  public readonly rewrites: Rewrite[] = [];
  /**
   * The ConfigMaps that exist in the lab's "cluster", by name, with their data: an env entry that
   * reads an optional ConfigMap key is set only while its ConfigMap is here (the kubelet resolves
   * it at each container start). Empty until a test creates one, as APPLY.md's steps do.
   */
  public readonly configMaps = new Map<string, Record<string, string>>();
  /** Options garbd refused when started exactly as synthesized (a defect of the output). */
  public readonly arbitratorRefusals: { member: string; option: string; logLine: string }[] = [];
  public readonly evs: EvsTimers;
  private readonly tlsDir: string;
  /** The lab CA's certificate (at the name the synthesized `ssl_ca` gives it); set by {@link prepare}. */
  private labCa?: string;
  private readonly dnsToAddress = new Map<string, string>();
  /** The lab's value for each Secret key the containers read (`<secret>/<key>`), drawn at random. */
  private readonly secrets = new Map<string, string>();

  constructor(
    public readonly root: string,
    public readonly output: GaleraOutput,
    public readonly hosts: SiteHost[],
    public readonly withArbitrators: boolean,
  ) {
    fs.mkdirSync(root, { recursive: true, mode: 0o755 });
    fs.chmodSync(root, 0o755);
    this.tlsDir = path.join(root, 'tls');
    const hostOf = (site: string) => {
      const h = hosts.find((x) => x.site === site);
      if (!h) throw new Error(`no test host for site ${site}`);
      return h;
    };
    const used = new Map<string, number>();
    const nextAddress = (site: string) => {
      const h = hostOf(site);
      const i = used.get(site) ?? 0;
      used.set(site, i + 1);
      if (i >= h.addresses.length) throw new Error(`site ${site} has too few addresses for its members`);
      return h.addresses[i];
    };

    for (const ds of output.dataSites) {
      for (const pod of ds.podNames) {
        const dir = path.join(root, pod);
        const address = nextAddress(ds.site);
        this.dnsToAddress.set(pod, address);
        this.members.push({
          kind: 'data',
          name: pod,
          site: ds.site,
          host: hostOf(ds.site),
          address,
          dir,
          datadir: path.join(dir, 'data'),
          socket: path.join(dir, 'mysqld.sock'),
          cnf: path.join(dir, 'my.cnf'),
          log: path.join(dir, 'mysqld.log'),
          bootstrap: ds.bootstrapPod === pod,
        });
      }
    }
    if (withArbitrators) {
      output.arbitrators.forEach((arb, i) => {
        const name = `${output.clusterName}-arbitrator-${arb.site}-${i}`;
        const dir = path.join(root, name);
        this.members.push({
          kind: 'arbitrator', name, site: arb.site, host: hostOf(arb.site), address: nextAddress(arb.site), dir, log: path.join(dir, 'garbd.log'), argv: [],
        });
      });
    }
    const opts = this.firstSite().sections;
    const provider = parseProviderOptions(this.mysqldValue(opts, 'wsrep_provider_options') ?? '');
    const timer = (k: string) => {
      const o = provider.find((x) => x.key === k);
      if (!o) throw new Error(`the synthesized wsrep_provider_options have no ${k}`);
      return isoDurationMs(o.value);
    };
    this.evs = {
      keepaliveMs: timer('evs.keepalive_period'),
      suspectMs: timer('evs.suspect_timeout'),
      inactiveMs: timer('evs.inactive_timeout'),
      installMs: timer('evs.install_timeout'),
    };
  }

  /** Every member as the NetworkPolicies see it: its Pod's namespace, labels and ports, at its lab address. */
  public labPods(): LabPod[] {
    return this.members.map((m) => {
      if (m.kind === 'data') {
        const ds = this.output.dataSites.find((x) => x.site === m.site)!;
        const ports = Object.entries(ds.ports).map(([name, port]) => ({ name, port }));
        return { name: m.name, address: m.address, netns: m.host.ns, ...ds.pod, ports };
      }
      const arb = this.output.arbitrators.find((x) => x.site === m.site)!;
      return { name: m.name, address: m.address, netns: m.host.ns, ...arb.pod, ports: arb.ports };
    });
  }

  /** Data nodes only. */
  public get dataMembers(): DataMember[] {
    return this.members.filter((m): m is DataMember => m.kind === 'data');
  }

  /** Arbitrators only. */
  public get arbitratorMembers(): ArbitratorMember[] {
    return this.members.filter((m): m is ArbitratorMember => m.kind === 'arbitrator');
  }

  /** Data nodes of one site. */
  public dataIn(site: string): DataMember[] {
    return this.dataMembers.filter((m) => m.site === site);
  }

  /** Longest a view change may take with the synthesized EVS timers, with margin for install and IST. */
  public get viewChangeDeadlineMs(): number {
    return 2 * (this.evs.inactiveMs + this.evs.installMs) + 20_000;
  }

  private firstSite(): DataSiteOutput {
    if (!this.output.dataSites.length) throw new Error('the output has no Galera data sites');
    return this.output.dataSites[0];
  }

  private mysqldValue(sections: IniSection[], key: string): string | undefined {
    const e = sections.find((s) => s.name === 'mysqld')?.entries.find((x) => normalizeKey(x.key) === normalizeKey(key));
    return e?.value === undefined ? undefined : unquote(e.value);
  }

  private record(r: Rewrite): void {
    if (!this.rewrites.some((x) => x.setting === r.setting)) this.rewrites.push(r);
  }

  /** `gcomm://host:port,…` with every Pod DNS name replaced by the lab address. */
  private rewriteGcomm(setting: string, value: string): string {
    const m = /^gcomm:\/\/(.*)$/.exec(value);
    if (!m) throw new Error(`${setting} is not a gcomm:// address: ${value}`);
    const rewritten = m[1].split(',').filter(Boolean).map((hp) => {
      const [host, port] = hp.split(':');
      const pod = host.split('.')[0];
      const address = this.dnsToAddress.get(pod);
      if (!address) throw new Error(`${setting} names ${host}, which is no data node of the synthesized StatefulSets`);
      return port ? `${address}:${port}` : address;
    });
    const lab = `gcomm://${rewritten.join(',')}`;
    this.record({ setting, synthesized: value, lab, why: 'no cluster DNS here: each Pod DNS name becomes the address of that node in its site namespace' });
    return lab;
  }

  private rewriteTlsPath(setting: string, value: string, mountPath: string | undefined): string {
    if (!mountPath || !value.startsWith(`${mountPath}/`)) return value;
    const lab = path.join(this.tlsDir, value.slice(mountPath.length + 1));
    this.record({
      setting,
      synthesized: value,
      lab,
      why: `the Secret mounted at ${mountPath} is replaced by a throw-away CA and certificate made with openssl: TLS stays on`,
    });
    return lab;
  }

  /** Writes the TLS files, every node's option file and garbd's arguments. */
  public prepare(): void {
    this.makeTls();
    for (const m of this.dataMembers) this.prepareData(m);
    for (const a of this.arbitratorMembers) this.prepareArbitrator(a);
  }

  private makeTls(): void {
    // One certificate for every member, as the design mounts one Secret in every Pod. The file
    // names are those the synthesized settings reference under the Secret's mount path.
    const mount = this.firstSite().tlsMountPath;
    const provider = parseProviderOptions(this.mysqldValue(this.firstSite().sections, 'wsrep_provider_options') ?? '');
    const file = (key: string) => {
      const v = provider.find((o) => o.key === key)?.value;
      if (!v || !mount || !v.startsWith(`${mount}/`)) throw new Error(`the synthesized ${key} is not under the TLS mount ${mount}: ${v}`);
      return path.join(this.tlsDir, v.slice(mount.length + 1));
    };
    const caCrt = file('socket.ssl_ca');
    this.labCa = caCrt;
    const crt = file('socket.ssl_cert');
    const key = file('socket.ssl_key');
    fs.mkdirSync(this.tlsDir, { recursive: true, mode: 0o755 });
    const caKey = path.join(this.tlsDir, 'lab-ca.key');
    const csr = path.join(this.tlsDir, 'lab.csr');
    const ossl = (...args: string[]) => execFileSync('openssl', args, { stdio: ['ignore', 'pipe', 'pipe'], timeout: 60_000 });
    ossl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', caKey, '-out', caCrt, '-days', '2', '-subj', '/CN=cdk-multisite failure lab CA');
    const sans = [
      ...[...this.dnsToAddress.keys()].flatMap((pod) => this.dnsNamesOf(pod).map((n) => `DNS:${n}`)),
      ...this.members.map((m) => `IP:${m.address}`),
    ];
    ossl('req', '-new', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', csr, '-subj', `/CN=${this.output.clusterName}-replication`, '-addext', `subjectAltName=${sans.join(',')}`);
    ossl('x509', '-req', '-in', csr, '-CA', caCrt, '-CAkey', caKey, '-CAcreateserial', '-out', crt, '-days', '2', '-copy_extensions', 'copy');
    // Throw-away material in a temp dir: readable by mysql (data nodes) and nobody (garbd), as
    // the Secret is readable by each Pod's user through fsGroup.
    for (const f of [caCrt, crt, key]) fs.chmodSync(f, 0o644);
    fs.rmSync(caKey, { force: true });
    fs.rmSync(csr, { force: true });
  }

  /** The Pod's DNS names in the synthesized cluster address (they go into the certificate too). */
  private dnsNamesOf(pod: string): string[] {
    const address = this.mysqldValue(this.firstSite().sections, 'wsrep_cluster_address') ?? '';
    return address.replace(/^gcomm:\/\//, '').split(',').map((hp) => hp.split(':')[0]).filter((h) => h.split('.')[0] === pod);
  }

  private prepareData(m: DataMember): void {
    const ds = this.output.dataSites.find((x) => x.site === m.site)!;
    fs.mkdirSync(m.datadir, { recursive: true });
    fs.mkdirSync(path.join(m.dir, 'tmp'), { recursive: true });
    execFileSync('chown', ['-R', 'mysql:mysql', m.dir]);
    const lines: string[] = [
      `# ${m.name} (site ${m.site}): the galera.cnf the library synthesized for ${m.site}, with the lab's rewrites.`,
    ];
    for (const section of ds.sections) {
      lines.push('', `[${section.name}]`);
      for (const e of section.entries) {
        const k = normalizeKey(e.key);
        if (e.value === undefined) {
          lines.push(e.key);
          continue;
        }
        let value = unquote(e.value);
        if (k === 'wsrep_cluster_address') {
          value = this.rewriteGcomm('wsrep_cluster_address', value);
        } else if (k === 'wsrep_provider_options') {
          const opts = parseProviderOptions(value).map((o) => ({ key: o.key, value: this.rewriteTlsPath(`wsrep_provider_options ${o.key}`, o.value, ds.tlsMountPath) }));
          const listen = `tcp://${m.address}:${ds.ports.group}`;
          const ist = `${m.address}:${ds.ports.ist}`;
          opts.push({ key: 'gmcast.listen_addr', value: listen }, { key: 'ist.recv_addr', value: ist });
          this.record({
            setting: 'wsrep_provider_options gmcast.listen_addr, ist.recv_addr (added)',
            synthesized: `(unset: 0.0.0.0:${ds.ports.group}, node address:${ds.ports.ist} in the Pod)`,
            lab: `${listen}, ${ist}`,
            why: 'two data nodes share one site host here (a Pod each in Kubernetes): each binds its own address, ports from the StatefulSet',
          });
          value = `"${renderProviderOptions(opts)}"`;
        } else {
          value = this.rewriteTlsPath(e.key, value, ds.tlsMountPath);
        }
        lines.push(`${e.key}=${value}`);
      }
      if (section.name === 'mysqld') lines.push(...this.podImplicit(m, ds));
    }
    if (!ds.sections.some((s) => s.name === 'mysqld')) lines.push('', '[mysqld]', ...this.podImplicit(m, ds));
    fs.writeFileSync(m.cnf, `${lines.join('\n')}\n`, { mode: 0o644 });

    this.record({
      setting: 'datadir initialization',
      synthesized: `docker-entrypoint.sh of ${this.output.dataSites[0].image} on every pod's first start`,
      lab: `the same script (${IMAGE_ENTRYPOINT}), run as the Pod's user with the container's env, against Debian's MariaDB 10.11 binaries, `
        + 'its init-time server without the empty --ssl-cert/--ssl-key/--ssl-ca options (10.11 refuses them; --skip-ssl stays)',
      why: 'no container runtime here: the script is run directly, its command being mariadbd with the node\'s option file',
    });
  }

  /** What the Pod spec gives a data node implicitly, as option-file lines. */
  private podImplicit(m: DataMember, ds: DataSiteOutput): string[] {
    this.record({
      setting: 'datadir, socket, pid-file, log-error, tmpdir, user',
      synthesized: '/var/lib/mysql, /run/mysqld, /tmp (volumes), runAsUser 999',
      lab: `${path.join(this.root, '<pod>')}/…, user=mysql`,
      why: 'each node has its own directory under the lab temp dir; mariadbd is started as root and drops to the mysql user',
    });
    this.record({
      setting: 'wsrep_node_name, wsrep_node_address, bind_address, port, wsrep_sst_receive_address',
      synthesized: '--wsrep-node-name=$POD_NAME --wsrep-node-address=$POD_NAME.<service>…svc.cluster.local',
      lab: `wsrep_node_name=<pod>, wsrep_node_address=<lab address>, bind_address=<lab address>, port=${ds.ports.sql}, wsrep_sst_receive_address=<lab address>:${ds.ports.sst}`,
      why: 'the container command sets the node name and address from the Pod; two nodes share a site host, so each binds its own address',
    });
    return [
      '# --- lab: what the Pod gives implicitly (see GaleraLab.rewrites) ---',
      `datadir=${m.datadir}`,
      `socket=${m.socket}`,
      `pid-file=${path.join(m.dir, 'mysqld.pid')}`,
      `log-error=${m.log}`,
      `tmpdir=${path.join(m.dir, 'tmp')}`,
      'user=mysql',
      `port=${ds.ports.sql}`,
      `bind_address=${m.address}`,
      `wsrep_node_name=${m.name}`,
      `wsrep_node_address=${m.address}`,
      `wsrep_sst_receive_address=${m.address}:${ds.ports.sst}`,
    ];
  }

  private prepareArbitrator(a: ArbitratorMember): void {
    const arb = this.output.arbitrators.find((x) => x.site === a.site) as ArbitratorOutput;
    fs.mkdirSync(a.dir, { recursive: true, mode: 0o755 });
    const argv: string[] = [];
    for (const { name, value } of arb.args) {
      if (name === 'address') {
        argv.push(`--address=${this.rewriteGcomm('garbd --address', value)}`);
      } else if (name === 'options') {
        const opts = parseProviderOptions(value).map((o) => ({ key: o.key, value: this.rewriteTlsPath(`garbd --options ${o.key}`, o.value, arb.tlsMountPath) }));
        argv.push(`--options=${renderProviderOptions(opts)}`);
      } else {
        argv.push(`--${name}=${value}`);
      }
    }
    argv.push(`--log=${a.log}`);
    this.record({
      setting: 'garbd --log (added)',
      synthesized: '(stdout of the container)',
      lab: a.log,
      why: 'no container runtime collects the output here',
    });
    if (arb.runAsUser !== undefined) execFileSync('chown', [`${arb.runAsUser}:${arb.runAsGroup ?? arb.runAsUser}`, a.dir]);
    a.argv.push(...argv);
  }

  /** The lab's value of a Secret key, for a container outside the cluster's own pods (a probe Deployment). */
  public secretOf(name: string, key: string): string {
    return this.secretValue(name, key);
  }

  /** The lab's value of a Secret key (random, the same for every container that reads it). */
  private secretValue(name: string, key: string): string {
    const id = `${name}/${key}`;
    if (!this.secrets.has(id)) {
      this.secrets.set(id, randomBytes(18).toString('base64url'));
      this.record({
        setting: `Secret ${name} key ${key}`,
        synthesized: '(referred to, never written: the user creates it)',
        lab: 'a random value drawn by the lab',
        why: 'no Secret exists here; every container that reads it gets the same value, as from one Secret',
      });
    }
    return this.secrets.get(id)!;
  }

  /**
   * The container's environment for pod `m`, as `NAME=value`, the way the kubelet fills it:
   * values as written, `metadata.name` from the Pod, each Secret key from {@link secretValue},
   * each optional ConfigMap key from {@link configMaps} (left out while the ConfigMap or key is missing).
   */
  public containerEnv(m: DataMember): string[] {
    const ds = this.output.dataSites.find((x) => x.site === m.site)!;
    return ds.env.flatMap((e) => {
      if (e.value !== undefined) return `${e.name}=${e.value}`;
      if (e.fieldPath === 'metadata.name') return `${e.name}=${m.name}`;
      if (e.secret) return `${e.name}=${this.secretValue(e.secret.name, e.secret.key)}`;
      if (e.optionalConfigMap) {
        const value = this.configMaps.get(e.optionalConfigMap.name)?.[e.optionalConfigMap.key];
        return value === undefined ? [] : [`${e.name}=${value}`];
      }
      throw new Error(`${m.name}: the lab cannot fill env ${e.name} (${JSON.stringify(e)})`);
    });
  }

  /** The root password the container's `MARIADB_ROOT_PASSWORD` carries (the lab's statements log in with it). */
  private get rootPassword(): string {
    const e = this.output.dataSites[0].env.find((x) => x.name === 'MARIADB_ROOT_PASSWORD');
    if (!e?.secret) throw new Error('the synthesized StatefulSet sets no MARIADB_ROOT_PASSWORD from a Secret');
    return this.secretValue(e.secret.name, e.secret.key);
  }

  /**
   * Starts one data node as its container does: the image's entrypoint (see
   * {@link ENTRYPOINT_ON_DEBIAN}), as the Pod's user, with
   * the container's environment only; it initializes the data directory on the first start and
   * execs mariadbd (with `--wsrep-new-cluster` on the bootstrap pod, as the container command
   * adds it there on the first start).
   */
  public startData(m: DataMember, newCluster: boolean): void {
    const out = fs.openSync(path.join(m.dir, 'stdout.log'), 'a');
    const args = [
      'netns', 'exec', m.host.ns, 'setpriv', '--reuid=mysql', '--regid=mysql', '--clear-groups',
      'env', '-i', 'PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin', ...this.containerEnv(m),
      'bash', '-c', ENTRYPOINT_ON_DEBIAN, 'docker-entrypoint.sh', IMAGE_ENTRYPOINT,
      'mariadbd', `--defaults-file=${m.cnf}`, ...(newCluster ? ['--wsrep-new-cluster'] : []),
    ];
    m.proc = spawn('ip', args, { stdio: ['ignore', out, out], cwd: m.dir });
    fs.closeSync(out);
  }


  /** Starts one arbitrator as the Deployment does: `garbd <args>` as the Pod's user. */
  public startArbitrator(a: ArbitratorMember): void {
    const arb = this.output.arbitrators.find((x) => x.site === a.site) as ArbitratorOutput;
    const out = fs.openSync(path.join(a.dir, 'stdout.log'), 'a');
    const asUser = arb.runAsUser === undefined ? [] : ['setpriv', `--reuid=${arb.runAsUser}`, `--regid=${arb.runAsGroup ?? arb.runAsUser}`, '--clear-groups'];
    a.proc = spawn('ip', ['netns', 'exec', a.host.ns, ...asUser, ...arb.command, ...a.argv], { stdio: ['ignore', out, out], cwd: a.dir });
    fs.closeSync(out);
  }

  /** Runs one SQL text on a data node as root over its unix socket, inside its namespace. */
  public sql(m: DataMember, statement: string, timeoutMs = 15_000): Promise<SqlResult> {
    const start = Date.now();
    return new Promise((resolve) => {
      execFile('ip', [
        'netns', 'exec', m.host.ns, 'env', `MYSQL_PWD=${this.rootPassword}`, 'mariadb', '--no-defaults', `--socket=${m.socket}`, '--user=root',
        '--batch', '--skip-column-names', '--connect-timeout=5', '-e', statement,
      ], { timeout: timeoutMs, killSignal: 'SIGKILL', encoding: 'utf8' }, (error, stdout, stderr) => {
        const timedOut = !!error && (error as any).killed === true;
        resolve({ ok: !error, stdout: stdout ?? '', stderr: (stderr ?? '').trim() || (timedOut ? `no answer within ${timeoutMs} ms` : ''), timedOut, ms: Date.now() - start });
      });
    });
  }

  /**
   * An SQL client outside the node, over TCP to its SQL port from inside its site's namespace:
   * with TLS (verifying the certificate against the lab CA and the node's address) or without.
   * What the synthesized `require_secure_transport` does to such clients shows here; the lab's
   * own statements and the readiness probe use the unix socket.
   */
  public tcpSql(m: DataMember, login: { user: string; password: string }, tls: boolean, statement: string, timeoutMs = 15_000): Promise<SqlResult> {
    if (tls && this.labCa === undefined) throw new Error('prepare() first: the TLS client verifies against the lab CA');
    const ds = this.output.dataSites.find((x) => x.site === m.site)!;
    const start = Date.now();
    return new Promise((resolve) => {
      execFile('ip', [
        'netns', 'exec', m.host.ns, 'env', `MYSQL_PWD=${login.password}`, 'mariadb', '--no-defaults', '--protocol=tcp', `--host=${m.address}`,
        `--port=${ds.ports.sql}`, `--user=${login.user}`, ...(tls ? ['--ssl', `--ssl-ca=${this.labCa}`, '--ssl-verify-server-cert'] : ['--skip-ssl']),
        '--batch', '--skip-column-names', '--connect-timeout=5', '-e', statement,
      ], { timeout: timeoutMs, killSignal: 'SIGKILL', encoding: 'utf8' }, (error, stdout, stderr) => {
        const timedOut = !!error && (error as any).killed === true;
        resolve({ ok: !error, stdout: stdout ?? '', stderr: (stderr ?? '').trim() || (timedOut ? `no answer within ${timeoutMs} ms` : ''), timedOut, ms: Date.now() - start });
      });
    });
  }

  /** Creates `user`@'%' with a random password (over the socket; replicated to every node) for {@link tcpSql}. */
  public async createTcpUser(m: DataMember, user: string): Promise<{ user: string; password: string }> {
    const password = randomBytes(18).toString('base64url');
    const r = await this.sql(m, `CREATE USER '${user}'@'%' IDENTIFIED BY '${password}'`);
    if (!r.ok) throw new Error(`could not create the lab's TCP user on ${m.name}: ${r.stderr}`);
    return { user, password };
  }

  /**
   * Runs the StatefulSet's readiness probe against a node as the kubelet runs it in the Pod:
   * the exec command unchanged, as the Pod's user (mysql here), inside the node's namespace,
   * with the container's environment, killed at the probe's timeout. `command` replaces the
   * written one (a mutation's).
   */
  public readiness(m: DataMember, command?: readonly string[]): Promise<ProbeResult> {
    const ds = this.output.dataSites.find((x) => x.site === m.site)!;
    this.record({
      setting: 'readiness probe: the client\'s socket',
      synthesized: '(the client\'s built-in default, the server\'s too: /run/mysqld/mysqld.sock on an emptyDir)',
      lab: 'MYSQL_UNIX_PORT=<node dir>/mysqld.sock in the probe\'s environment; the command runs unchanged',
      why: 'the lab sets socket= per node (two nodes share a site host); the client reads MYSQL_UNIX_PORT when no option names a socket',
    });
    const [bin, ...args] = command ?? ds.readiness.command;
    return runProbe('ip', [
      'netns', 'exec', m.host.ns, 'setpriv', '--reuid=mysql', '--regid=mysql', '--clear-groups',
      'env', '-i', 'PATH=/usr/local/bin:/usr/bin:/bin', ...this.containerEnv(m), `MYSQL_UNIX_PORT=${m.socket}`, bin, ...args,
    ], ds.readiness.timeoutSeconds * 1000);
  }

  /** The StatefulSet's liveness probe (a TCP connect to its port) against a node, from inside its namespace. */
  public liveness(m: DataMember): Promise<ProbeResult> {
    const ds = this.output.dataSites.find((x) => x.site === m.site)!;
    // The manifest sets no timeout: Kubernetes' default, 1 s, for the connect alone (entering
    // the namespace and starting bash are the lab's, not the kubelet's).
    return runProbe('ip', ['netns', 'exec', m.host.ns, 'timeout', '1', 'bash', '-c', `exec 3<>/dev/tcp/${m.address}/${ds.livenessPort}`], 15_000);
  }

  /** The node's wsrep status, or undefined when it does not answer. */
  public async status(m: DataMember): Promise<WsrepStatus | undefined> {
    const r = await this.sql(m, "SHOW GLOBAL STATUS LIKE 'wsrep_%'", 10_000);
    if (!r.ok) return undefined;
    const s: WsrepStatus = {};
    for (const line of r.stdout.split('\n')) {
      const [k, ...v] = line.split('\t');
      if (k) s[k] = v.join('\t');
    }
    return s;
  }

  /** Status of every data node (undefined for those that do not answer). */
  public async statuses(members = this.dataMembers): Promise<Map<string, WsrepStatus | undefined>> {
    const all = await Promise.all(members.map((m) => this.status(m)));
    return new Map(members.map((m, i) => [m.name, all[i]]));
  }

  /** Waits until the node is Synced in a Primary component of `size` members. */
  public async waitSynced(m: DataMember, size: number | undefined, deadlineMs: number): Promise<number> {
    let last: WsrepStatus | undefined;
    const { ms } = await waitFor(`${m.name} Synced and Primary${size ? ` in a component of ${size}` : ''}`, deadlineMs, async () => {
      this.assertRunning(m);
      last = await this.status(m);
      const ok = last && last.wsrep_cluster_status === 'Primary' && last.wsrep_local_state_comment === 'Synced' && last.wsrep_ready === 'ON'
        && (size === undefined || Number(last.wsrep_cluster_size) === size);
      return ok ? true : undefined;
    }, () => `${summarize(last)}\n--- ${m.log} ---\n${tail(m.log)}`);
    return ms;
  }

  /** Throws with the log when a member's process has exited. */
  public assertRunning(m: Member): void {
    // A node that aborts (mariadbd after a failed SST) ends by a signal, not an exit code.
    if (m.proc && (m.proc.exitCode !== null || m.proc.signalCode !== null)) {
      const entrypoint = m.kind === 'data' ? `\n--- ${path.join(m.dir, 'stdout.log')} (the image's entrypoint) ---\n${tail(path.join(m.dir, 'stdout.log'), 15)}` : '';
      throw new Error(`${m.name} exited with ${m.proc.exitCode ?? `signal ${m.proc.signalCode}`}.\n--- ${m.log} ---\n${tail(m.log, 40)}${entrypoint}`);
    }
  }

  /**
   * Starts the cluster the way the manifests do: the bootstrap pod first (`--wsrep-new-cluster`),
   * then each other data node in order (OrderedReady: the next starts when the previous is
   * ready; each is initialized by the image's entrypoint, and joiners then receive a full copy
   * by SST), then the arbitrators. `observe`, when given, is called about once a second while
   * each joiner syncs, with the joiner and every data node started so far; `onBootstrapped` once
   * the bootstrap node is Synced, before any joiner starts. Returns ms per member.
   */
  public async start(
    observe?: (joiner: DataMember, started: DataMember[]) => Promise<void>, onBootstrapped?: (first: DataMember) => Promise<void>,
  ): Promise<Record<string, number>> {
    const times: Record<string, number> = {};
    const data = this.dataMembers;
    const first = data.find((m) => m.bootstrap);
    if (!first) throw new Error('the synthesized StatefulSets name no bootstrap pod (--wsrep-new-cluster)');
    const order = [first, ...data.filter((m) => m !== first)];
    let size = 0;
    for (const m of order) {
      const t = Date.now();
      this.startData(m, m === first);
      size++;
      const started = order.slice(0, size);
      const watch = observe && m !== first ? repeat(() => observe(m, started), 1000) : undefined;
      try {
        await this.waitSynced(m, size, 180_000);
      } finally {
        await watch?.stop();
      }
      if (m === first) await onBootstrapped?.(m);
      times[m.name] = Date.now() - t;
    }
    for (const a of this.arbitratorMembers) {
      const t = Date.now();
      size++;
      // First as synthesized. If garbd refuses an option ("Unrecognized parameter 'x'"), that
      // is recorded (a finding against the library: the arbitrator would crash-loop in its Pod)
      // and garbd is started again without it, so the scenarios can still run.
      for (let attempt = 0; ; attempt++) {
        const logStart = logOffset(a.log);
        this.startArbitrator(a);
        let last: WsrepStatus | undefined;
        let exited = false;
        await waitFor(`${a.name} to join (cluster size ${size})`, 60_000, async () => {
          if (a.proc && a.proc.exitCode !== null) {
            exited = true;
            return true;
          }
          last = await this.status(first);
          return last && Number(last.wsrep_cluster_size) === size && last.wsrep_cluster_status === 'Primary' ? true : undefined;
        }, () => `${summarize(last)}\n--- ${a.log} ---\n${tail(a.log)}`);
        if (!exited) break;
        const log = fs.readFileSync(a.log, 'utf8').slice(logStart);
        const refused = /Unrecognized parameter '([^']+)'/.exec(log);
        if (!refused || attempt >= 5) throw new Error(`${a.name} exited with ${a.proc!.exitCode}.\n--- ${a.log} ---\n${tail(a.log, 40)}`);
        const option = refused[1];
        const line = log.split('\n').find((l) => l.includes(refused[0]))!.trim();
        this.arbitratorRefusals.push({ member: a.name, option, logLine: line });
        const i = a.argv.findIndex((x) => x.startsWith('--options='));
        const opts = parseProviderOptions(a.argv[i].slice('--options='.length));
        const dropped = opts.find((o) => o.key === option);
        if (!dropped) throw new Error(`${a.name} refused '${option}', which is not in its --options: ${line}`);
        a.argv[i] = `--options=${renderProviderOptions(opts.filter((o) => o.key !== option))}`;
        this.record({
          setting: `garbd --options ${option} (dropped)`,
          synthesized: `${option}=${dropped.value}`,
          lab: '(removed)',
          why: `LIBRARY DEFECT: garbd exits at start with "${line.replace(/^.*?(ERROR|FATAL): /, '')}", so the arbitrator would crash-loop in its Pod; the lab drops it to run the scenarios`,
        });
      }
      times[a.name] = Date.now() - t;
    }
    return times;
  }

  /**
   * Runs the container command's lines before its `exec` for pod `m`, inside its namespace as
   * the Pod's user with the container's environment: the lab's rewrites only (each Pod DNS name →
   * the lab address, the Pod's /var/lib/mysql → the node's datadir); the `exec` prints the
   * arguments instead. Returns the arguments mariadbd would get and what the lines printed on stderr.
   */
  public startArguments(m: DataMember, script: string): Promise<{ args: string[]; stderr: string }> {
    const lines = script.split('\n');
    const exec = lines.findIndex((l) => l.startsWith('exec '));
    if (exec < 0) throw new Error(`the container command has no exec line:\n${script}`);
    let decide = [...lines.slice(0, exec), 'printf "%s\\n" "$@"'].join('\n').split('/var/lib/mysql/').join(`${m.datadir}/`);
    for (const d of this.dataMembers) decide = decide.replace(new RegExp(`\\b${d.name}\\.[A-Za-z0-9.-]+`, 'g'), d.address);
    return new Promise((resolve, reject) => {
      execFile('ip', [
        'netns', 'exec', m.host.ns, 'setpriv', '--reuid=mysql', '--regid=mysql', '--clear-groups',
        'env', '-i', 'PATH=/usr/local/bin:/usr/bin:/bin', ...this.containerEnv(m), 'bash', '-c', decide,
      ], { timeout: 60_000, encoding: 'utf8' }, (error, stdout, stderr) => {
        if (error) reject(new Error(`the command's lines before exec failed: ${stderr}\n${decide}`));
        else resolve({ args: stdout.split('\n').filter((a) => a !== ''), stderr: stderr.trim() });
      });
    });
  }

  /** Stops data node `m` as the kubelet does (SIGTERM) and waits until it has exited. */
  public async stopData(m: DataMember, deadlineMs = 120_000): Promise<void> {
    m.proc?.kill('SIGTERM');
    const deadline = Date.now() + deadlineMs;
    while (m.proc && m.proc.exitCode === null && m.proc.signalCode === null) {
      if (Date.now() > deadline) throw new Error(`${m.name} did not stop within ${deadlineMs / 1000} s`);
      await sleep(200);
    }
  }

  /** Replaces the (stopped) node's datadir by an empty one owned by the Pod's user, as a new PVC. */
  public emptyDatadir(m: DataMember): void {
    fs.rmSync(m.datadir, { recursive: true, force: true });
    fs.mkdirSync(m.datadir);
    execFileSync('chown', ['mysql:mysql', m.datadir]);
  }

  /** SIGKILLs every process of this lab that still runs (bounded wait). */
  public async killAll(): Promise<void> {
    for (const m of this.members) {
      if (m.proc && m.proc.exitCode === null && m.proc.signalCode === null) m.proc.kill('SIGKILL');
    }
    const deadline = Date.now() + 15_000;
    while (this.members.some((m) => m.proc && m.proc.exitCode === null && m.proc.signalCode === null) && Date.now() < deadline) await sleep(100);
  }
}

/** Calls `fn` again `everyMs` after each call ends, until `stop()` (which waits for the last call). */
function repeat(fn: () => Promise<void>, everyMs: number): { stop(): Promise<void> } {
  let stopped = false;
  const loop = (async () => {
    while (!stopped) {
      await fn();
      if (!stopped) await sleep(everyMs);
    }
  })();
  return {
    stop: async () => {
      stopped = true;
      await loop;
    },
  };
}

/** Runs a probe command: passes on exit 0, fails on another code or when killed at `timeoutMs`. */
/** Runs a probe command the way the kubelet judges it: exit code 0 passes, killed at the timeout. */
export function runProbe(bin: string, args: string[], timeoutMs: number): Promise<ProbeResult> {
  const start = Date.now();
  return new Promise((resolve) => {
    // stdin not a socket: bash would read ~/.bashrc, taking itself for an rsh session.
    const child = spawn(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      const ms = Date.now() - start;
      resolve({ pass: code === 0, exitCode: code ?? undefined, output: output.trim() || (code === null ? `killed at the probe's ${timeoutMs} ms timeout` : ''), ms });
    });
  });
}

/** One line about a node's wsrep status. */
export function summarize(s: WsrepStatus | undefined): string {
  if (!s) return 'no answer';
  if (s.wsrep_cluster_status !== 'Primary') return `${s.wsrep_cluster_status}/${s.wsrep_local_state_comment}, size ${s.wsrep_cluster_size}, ready ${s.wsrep_ready}`;
  return `${s.wsrep_cluster_status}/${s.wsrep_local_state_comment}, size ${s.wsrep_cluster_size}, conf ${s.wsrep_cluster_conf_id}, ready ${s.wsrep_ready}`;
}

/** The server's error line in a client's stderr (`ERROR 1047 (08S01) at line 1: …`). */
export function errorLine(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter((l) => l && !/^-+$/.test(l));
  return (lines.find((l) => l.startsWith('ERROR')) ?? lines[0] ?? '').replace(/ at line \d+/, '');
}

/** Bytes of a file so far, to read only what is written after (see {@link logSince}). */
export function logOffset(file: string): number {
  return fs.existsSync(file) ? fs.statSync(file).size : 0;
}

/** What a log gained since `offset`. */
export function logSince(file: string, offset: number): string {
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').slice(offset) : '';
}

/**
 * The ConfigMap a step of `file` in `outdir` (APPLY.md's first install, RESTORE-<cluster>.md's
 * start of the restored node) creates for the bootstrap pod's optional ConfigMap env entry (the
 * new-cluster marker): its name and data, the `--from-literal` value evaluated by bash as the
 * step's shell would (it reads the clock). Undefined when the bootstrap pod reads no such entry
 * or the file has no such command.
 */
export function applyMdConfigMap(outdir: string, output: GaleraOutput, file = 'APPLY.md'): { name: string; data: Record<string, string> } | undefined {
  const ref = output.dataSites.find((d) => d.bootstrapPod)?.env.find((e) => e.optionalConfigMap)?.optionalConfigMap;
  if (!ref) return undefined;
  const line = fs.readFileSync(path.join(outdir, file), 'utf8').split('\n').map((l) => l.trim())
    .find((l) => l.startsWith('kubectl ') && l.includes(` create configmap ${ref.name} `));
  const literal = line && new RegExp(`--from-literal=${ref.key}=(\\S+(?: \\S+)*)$`).exec(line);
  if (!literal) return undefined;
  return { name: ref.name, data: { [ref.key]: execFileSync('bash', ['-c', `printf %s ${literal[1]}`], { encoding: 'utf8' }) } };
}
