/**
 * The single-writer routing of examples/galera-single-writer, set up for a lab run: the Galera
 * cluster as ./galera-lab.ts runs it (Debian's mariadbd + garbd in one network namespace per
 * site, from the written galera.cnf, env and entrypoint), each data node's health-check sidecar
 * as written (its socat command and the script from its ConfigMap), one router per data site
 * (Debian's haproxy started from the written `haproxy.cfg`, as the Pod's user), and one mutant
 * router in the first data site whose config the lab's test chooses. The written
 * NetworkPolicies are loaded into every site's nftables, routers included.
 *
 * Rewrites (printed): the pods' DNS names → lab addresses; the routers and sidecars bind their own
 * lab address (two data nodes and a router share a site host); the sidecar's script path and
 * socket, as the readiness probe's (see GaleraLab.readiness).
 *
 * Used by galera-single-writer.test.ts and galera-router-failback.test.ts.
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { GaleraOutput, readGaleraOutput, readObjects } from './design-output';
import { DataMember, GaleraLab, labUnavailableReason } from './galera-lab';
import { cleanLeftovers, LabRun, which } from './lab-gate';
import { createLabNetwork, loadNftables, pidsIn, SiteHost } from './netns';
import { LabPod, nftScript, podIngress } from './network-policies';
import { galeraSingleWriterDesign } from '../../examples/galera-single-writer/design';

type K8sObject = ReturnType<typeof readObjects>[number];
const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

/** A router as the lab runs it: one replica of the site's Deployment. */
export interface LabRouter {
  readonly site: string;
  readonly host: SiteHost;
  readonly address: string;
  readonly dir: string;
  readonly config: string;
  proc?: ChildProcess;
  /** When its process was started (ms since the epoch): its checks run in phase with it. */
  startedAt?: number;
}

/** Why the router lab cannot run here, or undefined. */
export function routerLabUnavailable(): string | undefined {
  return labUnavailableReason() ?? (which('haproxy') ? undefined : 'missing haproxy (scripts/failure-lab-setup.sh installs it)');
}

/** The example's cluster, sidecars and routers, running in the lab. */
export class RouterLab {
  /**
   * Takes the lab lock, removes an earlier run's leftovers, and synthesizes the example into a new
   * temp dir (`root`, kept when a test fails); {@link start} then starts everything. The mutant
   * router's config is `mutate(written config of the first data site)`.
   */
  public static async create(run: LabRun, name: string, tmpPrefix: string, mutate: (written: string) => string): Promise<RouterLab> {
    await run.begin(90_000);
    const leftovers = cleanLeftovers(tmpPrefix);
    if (leftovers.length) process.stdout.write(`${name}: removed leftovers of an earlier run: ${leftovers.join(', ')}\n`);
    const root = fs.mkdtempSync(path.join(os.tmpdir(), tmpPrefix));
    fs.chmodSync(root, 0o755);
    const outdir = path.join(root, 'dist');
    galeraSingleWriterDesign(outdir).synth();
    return new RouterLab(name, root, readGaleraOutput(outdir), fs.readFileSync(path.join(outdir, 'REPORT.md'), 'utf8'), mutate);
  }

  /** The lab address of every site. */
  public hosts: SiteHost[] = [];
  public lab!: GaleraLab;
  /** One router per data site, in the order of the data sites. */
  public readonly routers: LabRouter[] = [];
  /** The mutant router, in the first data site. */
  public mutant!: LabRouter;
  /** The lab's SQL client over TCP (INSERT and SELECT on `lab`). */
  public client!: { user: string; password: string };
  /** The lab's rewrites of the written routers and sidecars, beside the cluster's. */
  public readonly rewrites: string[] = [];
  private readonly sidecars: ChildProcess[] = [];
  private readonly objects: K8sObject[];

  private constructor(
    private readonly name: string,
    public readonly root: string,
    public readonly output: GaleraOutput,
    public readonly report: string,
    private readonly mutate: (written: string) => string,
  ) {
    this.objects = readObjects(output.outdir);
  }

  /** The lab host of `site`. */
  public host(site: string): SiteHost {
    return this.hosts.find((h) => h.site === site)!;
  }

  /** The written `haproxy.cfg` of the routers of `site`. */
  public writtenConfig(site: string): string {
    return this.objects.find((o) => o.kind === 'ConfigMap'
      && o.metadata.labels?.['app.kubernetes.io/component'] === 'router' && o.metadata.labels?.['cdk-multisite/site'] === site)!.data!['haproxy.cfg'];
  }

  /** The pid of a data node's mariadbd (its --defaults-file is the node's own). */
  public mariadbdPid(m: DataMember): number {
    const pid = pidsIn(m.host.ns).find((p) => {
      try {
        return fs.readFileSync(`/proc/${p}/cmdline`, 'utf8').split('\0').includes(`--defaults-file=${m.cnf}`)
          && fs.readFileSync(`/proc/${p}/comm`, 'utf8').trim() === 'mariadbd';
      } catch {
        return false;
      }
    });
    if (!pid) throw new Error(`no mariadbd of ${m.name} in ${m.host.ns}`);
    return pid;
  }

  /** Stops `r` and starts it again as written: its checks then run in a new phase. */
  public async restartRouter(r: LabRouter): Promise<void> {
    if (r.proc && r.proc.exitCode === null && r.proc.signalCode === null) {
      const exited = new Promise((resolve) => r.proc!.once('exit', resolve));
      r.proc.kill('SIGKILL');
      await exited;
    }
    this.startRouter(r);
  }

  /** Every rewrite, the cluster's and the routers', one per line. */
  public rewriteLines(): string {
    return [...this.lab.rewrites.map((r) => `${r.setting}: ${r.synthesized} → ${r.lab}`), ...this.rewrites].map((r) => `  - ${r}`).join('\n');
  }

  /** Stops the routers, the sidecars and the cluster. */
  public async stop(): Promise<void> {
    for (const p of [...[...this.routers, this.mutant].map((r) => r?.proc), ...this.sidecars]) if (p && p.exitCode === null && p.signalCode === null) p.kill('SIGKILL');
    await this.lab?.killAll();
  }

  /**
   * Builds the network and starts everything: the cluster, a counter table `lab.counter (id,
   * via)` and a TCP client allowed to INSERT and SELECT on `lab`, the sidecars, one router per
   * data site, and the mutant router.
   */
  public async start(): Promise<void> {
    const output = this.output;
    const dataSites = output.dataSites.map((d) => d.site);
    // One address per listening process: the data nodes, garbd, and one router per data site (its last address).
    this.hosts = createLabNetwork(output.report.sites.map((s) => ({
      site: s.name,
      addressCount: (output.dataSites.find((d) => d.site === s.name)?.podNames.length ?? 0)
        + output.arbitrators.filter((a) => a.site === s.name).length + (dataSites.includes(s.name) ? 1 : 0) + (s.name === dataSites[0] ? 1 : 0),
    })));
    this.lab = new GaleraLab(path.join(this.root, 'cluster'), output, this.hosts, true);
    for (const site of dataSites) {
      const h = this.host(site);
      const address = h.addresses[(output.dataSites.find((d) => d.site === site)!.podNames.length)];
      this.routers.push(this.newRouter(site, address, `router-${site}`, this.writtenConfig(site)));
    }
    const first = this.routers[0];
    this.mutant = this.newRouter(first.site, first.host.addresses[first.host.addresses.length - 1], `mutant-router-${first.site}`, this.mutate(this.writtenConfig(first.site)));
    this.rewrites.push('router haproxy.cfg: server addresses (pod DNS names) → the data nodes\' lab addresses; `bind :<port>` → `bind <router lab address>:<port>`, and `source <router lab address>` in `defaults` (a site host also holds its data nodes: the router listens and connects from its own address, as from its Pod\'s only one, so the NetworkPolicies see it as the router)');
    // The written NetworkPolicies, routers included (as Pods with the Deployment's labels).
    const routerPods: LabPod[] = [...this.routers, this.mutant].map((r) => {
      const dep = this.routerDeployment(r.site);
      const podName = `${dep.metadata.name}${r === this.mutant ? '-mutant' : ''}`;
      const ports = [{ name: 'writes', port: 3306 }, { name: 'reads', port: 3307 }];
      const labels = dep.spec.template.metadata.labels;
      return { name: podName, address: r.address, netns: r.host.ns, namespace: dep.metadata.namespace!, labels, ports };
    });
    const ingress = podIngress(output.networkPolicies, output.namespaceLabels, [...this.lab.labPods(), ...routerPods]);
    for (const h of this.hosts) loadNftables(h.ns, nftScript(h.ns, ingress));
    this.lab.prepare();
    const times = await this.lab.start();
    process.stdout.write(`${this.name}: cluster ${output.clusterName} started (${Object.entries(times).map(([k, v]) => `${k} ${secs(v)}`).join(', ')})\n`);
    const bootstrap = this.lab.dataMembers.find((m) => m.bootstrap)!;
    const setup = await this.lab.sql(bootstrap, 'CREATE DATABASE lab; CREATE TABLE lab.counter (id VARCHAR(64) PRIMARY KEY, via VARCHAR(16) NOT NULL)');
    if (!setup.ok) throw new Error(`could not create the counter table: ${setup.stderr}`);
    this.client = await this.lab.createTcpUser(bootstrap, 'lab_client');
    const grant = await this.lab.sql(bootstrap, `GRANT INSERT, SELECT ON lab.* TO '${this.client.user}'@'%'`);
    if (!grant.ok) throw new Error(`could not grant the lab client: ${grant.stderr}`);
    for (const m of this.lab.dataMembers) this.startSidecar(m);
    for (const r of [...this.routers, this.mutant]) this.startRouter(r);
  }

  private routerDeployment(site: string): K8sObject {
    return this.objects.find((o) => o.kind === 'Deployment' && o.metadata.labels?.['app.kubernetes.io/component'] === 'router' && o.metadata.labels?.['cdk-multisite/site'] === site)!;
  }

  private newRouter(site: string, address: string, dirName: string, written: string): LabRouter {
    const dir = path.join(this.root, dirName);
    fs.mkdirSync(dir, { recursive: true });
    fs.chmodSync(dir, 0o777);
    return { site, host: this.host(site), address, dir, config: this.labConfig(written, address) };
  }

  /** A router's written config with the lab's rewrites: pod names → lab addresses, binds on the router's own address. */
  private labConfig(written: string, address: string): string {
    // `source` in `defaults`: every backend (the writes steps, the reads) and its checks connect from it.
    let text = written.replace(/bind :(\d+)/g, (_m, port) => `bind ${address}:${port}`).replace(/^defaults\n/m, `defaults\n  source ${address}\n`);
    for (const m of this.lab.dataMembers) {
      text = text.replace(new RegExp(`(server ${m.name} )[^\\s:]+(:\\d+)`, 'g'), `$1${m.address}$2`);
    }
    return text;
  }

  /** Starts the health-check sidecar of `m` as written: its command, as the Pod's user, with its env. */
  private startSidecar(m: DataMember): void {
    const sts = this.objects.find((o) => o.kind === 'StatefulSet' && o.metadata.name === m.name.replace(/-\d+$/, ''))!;
    const container = sts.spec.template.spec.containers.find((c: any) => c.name === 'health-check');
    const volume = sts.spec.template.spec.volumes.find((v: any) => v.name === container.volumeMounts.find((x: any) => x.mountPath !== '/run/mysqld').name);
    const cm = this.objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === volume.configMap.name)!;
    const dir = path.join(this.root, `${m.name}-health`);
    fs.mkdirSync(dir, { recursive: true });
    const [file, script] = Object.entries(cm.data!)[0];
    fs.writeFileSync(path.join(dir, file), script, { mode: 0o644 });
    const [bin, listen, exec] = container.command as string[];
    const mountPath = container.volumeMounts.find((x: any) => x.name === volume.name).mountPath;
    const labListen = `${listen},bind=${m.address}`;
    const labExec = exec.replace(mountPath, dir);
    const envNames = (container.env as any[]).map((e) => e.name);
    const env = this.lab.containerEnv(m).filter((e) => envNames.includes(e.split('=')[0]));
    const user = sts.spec.template.spec.securityContext.runAsUser;
    const out = fs.openSync(path.join(dir, 'socat.log'), 'a');
    this.sidecars.push(spawn('ip', [
      'netns', 'exec', m.host.ns, 'setpriv', `--reuid=${user}`, `--regid=${user}`, '--clear-groups',
      'env', '-i', 'PATH=/usr/local/bin:/usr/bin:/bin', ...env, `MYSQL_UNIX_PORT=${m.socket}`, bin, labListen, labExec,
    ], { stdio: ['ignore', out, out] }));
    fs.closeSync(out);
    if (m === this.lab.dataMembers[0]) {
      this.rewrites.push(`health-check sidecar: ${listen} → ${labListen} (each node of a site binds its own lab address)`);
      this.rewrites.push(`health-check sidecar: ${exec} → ${labExec} (the ConfigMap's script, written to the lab dir)`);
      this.rewrites.push('health-check sidecar: the socket → MYSQL_UNIX_PORT=<node dir>/mysqld.sock (as the readiness probe in the lab)');
    }
  }

  /** Starts one router as its Deployment does: the written command, as the Pod's user. */
  private startRouter(r: LabRouter): void {
    const dep = this.routerDeployment(r.site);
    const container = dep.spec.template.spec.containers[0];
    const user = dep.spec.template.spec.securityContext.runAsUser;
    const cfg = path.join(r.dir, 'haproxy.cfg');
    fs.writeFileSync(cfg, r.config, { mode: 0o644 });
    // The written command, with the config path of the lab ('-f <mounted path>' → the lab's file).
    const argv = (container.command as string[]).map((a) => (a.endsWith('/haproxy.cfg') ? cfg : a));
    const out = fs.openSync(path.join(r.dir, 'haproxy.log'), 'a');
    r.startedAt = Date.now();
    r.proc = spawn('ip', ['netns', 'exec', r.host.ns, 'setpriv', `--reuid=${user}`, `--regid=${user}`, '--clear-groups', ...argv], { stdio: ['ignore', out, out], cwd: r.dir });
    fs.closeSync(out);
  }
}
