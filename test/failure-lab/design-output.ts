/**
 * Reads what the library synthesized for a Galera design: the per-site `galera.cnf`
 * (ConfigMaps), the data-node StatefulSets (replicas, ports, TLS mount, bootstrap rule, health
 * checks), the arbitrator Deployment (garbd's args) and `report.json` (the predictions). Nothing about the
 * cluster is typed in here: every value the lab uses comes from the synthesized files.
 */
import * as fs from 'fs';
import * as path from 'path';
import { parseAllDocuments } from 'yaml';

/** One row of `report.json` › clusters[].singleSiteLosses / twoSiteLosses. */
export interface LossPrediction {
  readonly lost: string[];
  readonly survives: boolean;
  readonly groups: { label: string; votesLeft: number; total: number; quorum: number; survives: boolean }[];
}

/** The parts of `report.json` the lab reads. */
export interface ReportData {
  readonly sites: { name: string; role: string }[];
  readonly links: { siteA: string; siteB: string; rttMillis: number; distanceKm?: number }[];
  readonly clusters: {
    name: string;
    engine: string;
    votersPerSite: Record<string, number>;
    votingGroups: { label: string; total: number; quorum: number; perSite: Record<string, string> }[];
    singleSiteLosses: LossPrediction[];
    twoSiteLosses: LossPrediction[];
  }[];
}

/** One `[section]` of an option file, its lines in order (`key=value` or a bare `key`). */
export interface IniSection {
  readonly name: string;
  readonly entries: { key: string; value?: string }[];
}

/** The container ports of a data node, by the names the StatefulSet gives them. */
export interface MemberPorts {
  readonly sql: number;
  readonly group: number;
  readonly ist: number;
  readonly sst: number;
}

/** One data site of the cluster, as synthesized. */
export interface DataSiteOutput {
  readonly site: string;
  /** The `galera.cnf` text of the site's ConfigMap. */
  readonly galeraCnf: string;
  /** The same, parsed. */
  readonly sections: IniSection[];
  /** Pod names of the StatefulSet (`<name>-0` … `<name>-<replicas-1>`). */
  readonly podNames: string[];
  readonly ports: MemberPorts;
  /** Where the Pod mounts the TLS Secret (`/etc/mysql/tls`). */
  readonly tlsMountPath?: string;
  /** The pod the container command bootstraps with `--wsrep-new-cluster` (first start only). */
  readonly bootstrapPod?: string;
  /** The script the container command runs (`bash -c <script>`); empty when it runs none. */
  readonly script: string;
  /** The container's readiness probe: an exec command and its timeout. */
  readonly readiness: ExecProbe;
  /** The container's liveness probe: a TCP connect to this port. */
  readonly livenessPort: number;
  /** The container's environment, in order. */
  readonly env: ContainerEnv[];
  /** The container's image (`mariadb:11.4`). */
  readonly image: string;
  /** The Pods' namespace and labels (what NetworkPolicies select). */
  readonly pod: PodIdentity;
}

/** Where a Pod lives and what labels it carries. */
export interface PodIdentity {
  readonly namespace: string;
  readonly labels: Record<string, string>;
}

/** One `env` entry of a container: a literal value, a Pod field, a Secret's key, or an optional ConfigMap's key. */
export interface ContainerEnv {
  readonly name: string;
  readonly value?: string;
  readonly fieldPath?: string;
  readonly secret?: { readonly name: string; readonly key: string };
  /** A ConfigMap key the entry reads, only when `optional` (the variable is unset while the ConfigMap is missing). */
  readonly optionalConfigMap?: { readonly name: string; readonly key: string };
}

/** An exec probe of a container, as synthesized. */
export interface ExecProbe {
  readonly command: string[];
  /** Kubernetes' default is 1 s when the manifest sets none. */
  readonly timeoutSeconds: number;
  /** How often the kubelet runs it; Kubernetes' default is 10 s when the manifest sets none. */
  readonly periodSeconds?: number;
}

/** The arbitrator, as synthesized. */
export interface ArbitratorOutput {
  readonly site: string;
  readonly command: string[];
  /** `--name=value` arguments, in order. */
  readonly args: { name: string; value: string }[];
  readonly tlsMountPath?: string;
  readonly runAsUser?: number;
  readonly runAsGroup?: number;
  /** The container's ports by name. */
  readonly ports: { name?: string; port: number }[];
  readonly pod: PodIdentity;
}

/** Everything the lab needs from one synthesized Galera cluster. */
export interface GaleraOutput {
  readonly outdir: string;
  readonly report: ReportData;
  readonly clusterName: string;
  readonly dataSites: DataSiteOutput[];
  readonly arbitrators: ArbitratorOutput[];
  /** Every NetworkPolicy written for the cluster's namespace. */
  readonly networkPolicies: NetworkPolicyObject[];
  /** The labels of each namespace the output creates (what namespaceSelectors match). */
  readonly namespaceLabels: Record<string, Record<string, string>>;
}

/** A NetworkPolicy as written (networking.k8s.io/v1). */
export interface NetworkPolicyObject {
  readonly metadata: { name: string; namespace?: string };
  readonly spec: any;
}

interface K8sObject {
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string> };
  data?: Record<string, string>;
  spec?: any;
}

/** Every Kubernetes object under `outdir` (all `*.yaml`, recursively). */
export function readObjects(outdir: string): K8sObject[] {
  const out: K8sObject[] = [];
  const walk = (dir: string) => {
    for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {walk(p);} else if (e.name.endsWith('.yaml')) {
        for (const doc of parseAllDocuments(fs.readFileSync(p, 'utf8'))) {
          const o = doc.toJS();
          if (o && typeof o === 'object' && o.kind && o.metadata) out.push(o as K8sObject);
        }
      }
    }
  };
  walk(outdir);
  return out;
}

/** Parses a MySQL option file into sections and entries, keeping their order. */
export function parseIni(text: string): IniSection[] {
  const sections: { name: string; entries: { key: string; value?: string }[] }[] = [];
  let current: (typeof sections)[number] | undefined;
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#') || line.startsWith(';')) continue;
    const header = /^\[([^\]]+)\]$/.exec(line);
    if (header) {
      current = { name: header[1], entries: [] };
      sections.push(current);
      continue;
    }
    if (!current) throw new Error(`option outside a section: ${line}`);
    const eq = line.indexOf('=');
    if (eq < 0) current.entries.push({ key: line });
    else current.entries.push({ key: line.slice(0, eq).trim(), value: line.slice(eq + 1).trim() });
  }
  return sections;
}

/** The value of `key` in `[section]`, unquoted; undefined when absent. */
export function iniValue(sections: IniSection[], section: string, key: string): string | undefined {
  const s = sections.find((x) => x.name === section);
  const e = s?.entries.find((x) => normalizeKey(x.key) === normalizeKey(key));
  return e?.value === undefined ? undefined : unquote(e.value);
}

/** MySQL treats `-` and `_` alike in option names. */
export function normalizeKey(key: string): string {
  return key.replace(/-/g, '_').toLowerCase();
}

export function unquote(v: string): string {
  return /^".*"$/.test(v) || /^'.*'$/.test(v) ? v.slice(1, -1) : v;
}

/** `a=1; b=2` (wsrep_provider_options, garbd --options) as an ordered list. */
export function parseProviderOptions(text: string): { key: string; value: string }[] {
  return text.split(';').map((s) => s.trim()).filter(Boolean).map((kv) => {
    const eq = kv.indexOf('=');
    if (eq < 0) throw new Error(`provider option without '=': ${kv}`);
    return { key: kv.slice(0, eq).trim(), value: kv.slice(eq + 1).trim() };
  });
}

export function renderProviderOptions(options: { key: string; value: string }[]): string {
  return options.map((o) => `${o.key}=${o.value}`).join('; ');
}

/** ISO-8601 durations as Galera writes them (`PT1S`, `PT7.5S`, `PT1M`) in milliseconds. */
export function isoDurationMs(text: string): number {
  const m = /^PT(?:(\d+(?:\.\d+)?)H)?(?:(\d+(?:\.\d+)?)M)?(?:(\d+(?:\.\d+)?)S)?$/.exec(text);
  if (!m) throw new Error(`not an ISO-8601 duration Galera accepts: ${text}`);
  return Math.round(((Number(m[1] ?? 0) * 60 + Number(m[2] ?? 0)) * 60 + Number(m[3] ?? 0)) * 1000);
}

/** Reads the synthesized output of a design with one Galera cluster. */
export function readGaleraOutput(outdir: string): GaleraOutput {
  const report = JSON.parse(fs.readFileSync(path.join(outdir, 'report.json'), 'utf8')) as ReportData;
  const galeraClusters = report.clusters.filter((c) => c.engine === 'galera');
  if (galeraClusters.length !== 1) throw new Error(`expected one Galera cluster in ${outdir}/report.json, found ${galeraClusters.length}`);
  const clusterName = galeraClusters[0].name;
  const objects = readObjects(outdir).filter((o) => o.metadata.labels?.['app.kubernetes.io/instance'] === clusterName);
  const siteOf = (o: K8sObject) => o.metadata.labels?.['cdk-multisite/site'];

  const dataSites: DataSiteOutput[] = [];
  for (const sts of objects.filter((o) => o.kind === 'StatefulSet' && o.metadata.labels?.['app.kubernetes.io/component'] === 'database')) {
    const site = siteOf(sts);
    if (!site) throw new Error(`StatefulSet ${sts.metadata.name} has no cdk-multisite/site label`);
    const configVolume = (sts.spec.template.spec.volumes as any[]).find((v) => v.configMap);
    const cm = objects.find((o) => o.kind === 'ConfigMap' && o.metadata.name === configVolume?.configMap?.name);
    const galeraCnf = cm?.data?.['galera.cnf'];
    if (!galeraCnf) throw new Error(`no galera.cnf in the ConfigMap of StatefulSet ${sts.metadata.name}`);
    const container = sts.spec.template.spec.containers[0];
    const port = (name: string): number => {
      const p = (container.ports as any[]).find((x) => x.name === name);
      if (!p) throw new Error(`StatefulSet ${sts.metadata.name} declares no '${name}' port`);
      return p.containerPort;
    };
    const tlsVolume = (sts.spec.template.spec.volumes as any[]).find((v) => v.secret);
    const tlsMount = (container.volumeMounts as any[]).find((m) => m.name === tlsVolume?.name);
    const command = container.command as string[];
    const script = command.join('\n');
    const bootstrap = /"\$POD_NAME" = "([^"]+)"[^\n]*--wsrep-new-cluster/.exec(script);
    const replicas: number = sts.spec.replicas;
    const readiness = container.readinessProbe;
    if (!Array.isArray(readiness?.exec?.command)) throw new Error(`StatefulSet ${sts.metadata.name}: the readiness probe is no exec command: ${JSON.stringify(readiness)}`);
    const livenessPort = container.livenessProbe?.tcpSocket?.port;
    const livenessNumber = typeof livenessPort === 'number' ? livenessPort : (container.ports as any[]).find((x) => x.name === livenessPort)?.containerPort;
    if (typeof livenessNumber !== 'number') throw new Error(`StatefulSet ${sts.metadata.name}: the liveness probe is no TCP check: ${JSON.stringify(container.livenessProbe)}`);
    dataSites.push({
      site,
      galeraCnf,
      sections: parseIni(galeraCnf),
      podNames: Array.from({ length: replicas }, (_, i) => `${sts.metadata.name}-${i}`),
      ports: { sql: port('sql'), group: port('group'), ist: port('ist'), sst: port('sst') },
      tlsMountPath: tlsMount?.mountPath,
      bootstrapPod: bootstrap?.[1],
      script: command.includes('-c') ? command[command.indexOf('-c') + 1] : '',
      readiness: { command: readiness.exec.command, timeoutSeconds: readiness.timeoutSeconds ?? 1, periodSeconds: readiness.periodSeconds ?? 10 },
      livenessPort: livenessNumber,
      image: container.image,
      pod: { namespace: sts.metadata.namespace!, labels: sts.spec.template.metadata?.labels ?? {} },
      env: ((container.env ?? []) as any[]).map((e) => {
        if (e.value !== undefined) return { name: e.name, value: String(e.value) };
        if (e.valueFrom?.fieldRef) return { name: e.name, fieldPath: e.valueFrom.fieldRef.fieldPath };
        if (e.valueFrom?.secretKeyRef) return { name: e.name, secret: { name: e.valueFrom.secretKeyRef.name, key: e.valueFrom.secretKeyRef.key } };
        const ref = e.valueFrom?.configMapKeyRef;
        if (ref?.optional === true) return { name: e.name, optionalConfigMap: { name: ref.name, key: ref.key } };
        throw new Error(`StatefulSet ${sts.metadata.name}: env ${e.name} is neither a value, a fieldRef, a secretKeyRef nor an optional configMapKeyRef: ${JSON.stringify(e)}`);
      }),
    });
  }
  dataSites.sort((a, b) => report.sites.findIndex((s) => s.name === a.site) - report.sites.findIndex((s) => s.name === b.site));

  const arbitrators: ArbitratorOutput[] = [];
  for (const dep of objects.filter((o) => o.kind === 'Deployment' && o.metadata.labels?.['app.kubernetes.io/component'] === 'arbitrator')) {
    const site = siteOf(dep);
    if (!site) throw new Error(`Deployment ${dep.metadata.name} has no cdk-multisite/site label`);
    const pod = dep.spec.template.spec;
    const container = pod.containers[0];
    const tlsVolume = (pod.volumes as any[] | undefined)?.find((v) => v.secret);
    const tlsMount = (container.volumeMounts as any[] | undefined)?.find((m) => m.name === tlsVolume?.name);
    const args = (container.args as string[]).map((a) => {
      const m = /^--([^=]+)=(.*)$/s.exec(a);
      if (!m) throw new Error(`garbd argument not in --name=value form: ${a}`);
      return { name: m[1], value: m[2] };
    });
    for (let i = 0; i < (dep.spec.replicas ?? 1); i++) {
      arbitrators.push({
        site,
        command: container.command,
        args,
        tlsMountPath: tlsMount?.mountPath,
        runAsUser: container.securityContext?.runAsUser ?? pod.securityContext?.runAsUser,
        runAsGroup: container.securityContext?.runAsGroup ?? pod.securityContext?.runAsGroup,
        ports: ((container.ports ?? []) as any[]).map((p) => ({ name: p.name, port: p.containerPort })),
        pod: { namespace: dep.metadata.namespace!, labels: dep.spec.template.metadata?.labels ?? {} },
      });
    }
  }
  const namespaces = new Set([...dataSites.map((d) => d.pod.namespace), ...arbitrators.map((a) => a.pod.namespace)]);
  const all = readObjects(outdir);
  const networkPolicies = all.filter((o) => o.kind === 'NetworkPolicy' && namespaces.has(o.metadata.namespace ?? '')) as NetworkPolicyObject[];
  const namespaceLabels: Record<string, Record<string, string>> = {};
  for (const ns of all.filter((o) => o.kind === 'Namespace' && namespaces.has(o.metadata.name))) namespaceLabels[ns.metadata.name] = ns.metadata.labels ?? {};
  return { outdir, report, clusterName, dataSites, arbitrators, networkPolicies, namespaceLabels };
}

/**
 * The mutation of the SST test: `output` without the SST credentials the library writes (every
 * `MARIADB_MYSQL_LOCALHOST_*` env entry, which makes the image create mysql@localhost, and
 * `wsrep_sst_auth`), as the output was before it wrote them.
 */
export function withoutSstCredentials(output: GaleraOutput): GaleraOutput {
  return {
    ...output,
    dataSites: output.dataSites.map((d) => {
      const sections = d.sections.map((s) => ({ ...s, entries: s.entries.filter((e) => normalizeKey(e.key) !== 'wsrep_sst_auth') }));
      return { ...d, sections, env: d.env.filter((e) => !e.name.startsWith('MARIADB_MYSQL_LOCALHOST_')) };
    }),
  };
}
