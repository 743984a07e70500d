import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Duration } from 'cdk8s';
import * as kplus from 'cdk8s-plus-28';
import * as fc from 'fast-check';
import { drTwoRegionsDesign } from '../examples/dr-two-regions/design';
import {
  ActiveActiveSite, DataGuardBrokerMode, DeploymentShape, DistributedSqlCluster, GslbStrategy, GslbTarget, GslbZone,
  Latency, MultiSiteApp, Site, SqlEngine, WitnessSite,
} from '../lib';
import { findObject, readObjects, readTree, tempOutdir } from './support/designs';
import { formatProblems, schemasAvailable, validateManifest } from './support/schema-validator';
import { AnalyzedDataGuard } from '../lib/engines/oracle-data-guard/analysis';
import { regionRunbookSteps, RunbookEffect, RunbookStep } from '../lib/engines/oracle-data-guard/region-runbook';

const analysisOf = (app: MultiSiteApp, name = 'ledger'): { design: any; a: AnalyzedDataGuard } => {
  const design = (app as any).analyzedDesign();
  return { design, a: design.analyses.find((x: any) => x.cluster.name === name) };
};

const variants = { 'two regions, manual failover': false, 'two regions and a witness': true };

describe.each(Object.entries(variants))('example dr-two-regions, %s', (_name, witness) => {
  const outdir = tempOutdir();
  const app = drTwoRegionsDesign(outdir, { witness });
  app.synth();
  const files = readTree(outdir);
  const objects = readObjects(outdir);
  const report = files.get('REPORT.md')!;
  const runbook = files.get('RUNBOOK-ledger.md')!;
  const brokerSite = witness ? 'region-witness' : 'region-b';

  test('every object validates strictly against the 2.2 CRDs and Kubernetes 1.28', () => {
    if (!schemasAvailable()) return;
    expect(objects.length).toBeGreaterThan(15);
    const problems = objects.map((o) => `${o.file}: ${formatProblems(validateManifest(o.obj))}`).filter((p) => !p.endsWith(': '));
    expect(problems).toEqual([]);
  });

  test('kubectl kustomize builds every site folder', () => {
    const kubectl = ['/usr/bin/kubectl', '/usr/local/bin/kubectl'].find((p) => fs.existsSync(p));
    if (!kubectl) {
      if (process.env.CI === 'true') throw new Error('kubectl (Debian kubernetes-client) is required under CI');
      return;
    }
    const sites = ['region-a', 'region-b', ...(witness ? ['region-witness'] : [])];
    for (const site of sites) {
      const built = execFileSync(kubectl, ['kustomize', path.join(outdir, site)], { encoding: 'utf8' });
      const kustomization = files.get(`${site}/kustomization.yaml`)!;
      const count = (kustomization.match(/^ {2}- /gm) ?? []).length;
      expect(built.split(/^---$/m).length).toBe(count);
    }
  });

  test('the primary is published by its LoadBalancer under its DNS name; each standby is created from that address', () => {
    const primary = findObject(objects, 'SingleInstanceDatabase', 'ledger-region-a', 'region-a');
    expect(primary.spec).toMatchObject({
      createAs: 'primary',
      sid: 'LEDGER1',
      archiveLog: true,
      forceLog: true,
      flashBack: true,
      services: { external: { type: 'LoadBalancer', tcp: { enabled: true, port: 1521 }, annotations: { 'external-dns.alpha.kubernetes.io/hostname': 'ledger-region-a.db.example.com' } } },
    });
    expect(primary.spec.nodeSelector).toBeUndefined();
    const standby = findObject(objects, 'SingleInstanceDatabase', 'ledger-region-b', 'region-b');
    const published = `${primary.spec.services.external.annotations['external-dns.alpha.kubernetes.io/hostname']}:${primary.spec.services.external.tcp.port}/${primary.spec.sid}`;
    expect(standby.spec.primarySource).toEqual({ connectString: published });
    expect(standby.spec.primaryDatabaseRef).toBeUndefined();
    expect(standby.spec.createAs).toBe('standby');
  });

  test('the broker: topology mode in the right cluster, members by endpoint, one pair, observer only with a witness', () => {
    const broker = findObject(objects, 'DataguardBroker', 'ledger-broker', brokerSite);
    expect(objects.filter((o) => o.obj.kind === 'DataguardBroker')).toHaveLength(1);
    for (const legacy of ['primaryDatabaseRef', 'standbyDatabaseRefs', 'protectionMode', 'fastStartFailover']) expect(broker.spec[legacy]).toBeUndefined();
    const databases = objects.filter((o) => o.obj.kind === 'SingleInstanceDatabase').map((o) => o.obj);
    const memberRows = broker.spec.topology.members
      .map((m: any) => [m.name, m.role, m.dbUniqueName, m.endpoints[0].host, m.endpoints[0].port, m.endpoints[0].serviceName]);
    expect(memberRows).toEqual(
      databases.map((db) => [db.metadata.labels['cdk-multisite/site'], db.spec.createAs === 'primary' ? 'PRIMARY' : 'PHYSICAL_STANDBY', db.spec.sid,
        db.spec.services.external.annotations['external-dns.alpha.kubernetes.io/hostname'], 2484, db.spec.sid]));
    // Over TCPS: the broker reaches each member on its published TCPS listener with the client wallet.
    expect(broker.spec.topology.members.map((m: any) => [m.endpoints[0].protocol, m.tcps])).toEqual(databases.map(() => ['TCPS', { enabled: true }]));
    for (const db of databases) {
      expect(db.spec.services.external).toMatchObject({ tcp: { enabled: true, port: 1521 }, tcps: { enabled: true, port: 2484 } });
      expect(db.spec.security.tcps).toEqual({ enabled: true, tlsSecret: `${db.metadata.name}-tcps-tls` });
    }
    // The primary writes its standbys' TCPS aliases from standbySources.
    const primaryDb = databases.find((db) => db.spec.createAs === 'primary');
    // Each database configures its Data Guard prerequisites: the broker does so only for local members.
    expect(primaryDb.spec.dataguard).toEqual({ prereqs: { enabled: true }, standbySources: [{ dbUniqueName: 'LEDGER2', host: 'ledger-region-b.db.example.com', tcpsEnabled: true }] });
    for (const db of databases) expect(db.spec.dataguard.prereqs).toEqual({ enabled: true });
    expect(broker.spec.topology.pairs).toEqual([{ primary: 'region-a', standby: 'region-b' }]);
    expect(broker.spec.topology.defaults).toEqual({
      adminSecretRef: { secretName: 'ledger-admin-password', secretKey: 'oracle_pwd' },
      tcps: { clientWalletSecret: 'ledger-region-a-dg-client-wallet' },
    });
    expect(broker.spec.execution.image).toBe('container-registry.oracle.com/database/enterprise:21.3.0.0');
    expect(broker.spec.topology.policy).toEqual({ protectionMode: 'MaxPerformance', transportMode: 'ASYNC', fastStartFailover: witness });
    if (witness) {
      expect(broker.spec.topology.observer).toEqual({ enabled: true, name: 'ledger-broker-observer', image: broker.spec.execution.image });
      // The runner and observer run where the broker object is: the witness's own cluster (and namespace).
      expect(findObject(objects, 'Namespace', 'ledger', 'region-witness').metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    } else {
      expect(broker.spec.topology.observer).toBeUndefined();
    }
  });

  test('the GSLB primary is the database primary\'s site', () => {
    const primaryDb = objects.find((o) => o.obj.kind === 'SingleInstanceDatabase' && o.obj.spec.createAs === 'primary')!.obj;
    for (const site of ['region-a', 'region-b']) {
      expect(findObject(objects, 'Gslb', 'shop-app-global', site).spec.strategy).toMatchObject({ type: 'failover', primaryGeoTag: primaryDb.metadata.labels['cdk-multisite/site'] });
    }
  });

  test('report: RPO, manual or automatic failover said out loud, every region, the witness and the link', () => {
    expect(report).toContain('accepted data loss (RPO): 30 s');
    expect(report).toContain('| region-a (primary\'s region) |');
    expect(report).toContain('| region-b (standby\'s region) | continue on region-a');
    expect(report).toContain('| link region-a ↔ region-b (both alive) | continue on region-a');
    if (witness) {
      expect(report).toContain('| region-witness (witness, observer) | continue on region-a; fast-start failover cannot fire');
      expect(report).toContain('FastStartFailoverLagLimit = 30');
      expect(report).toContain('does not fire while the observer still sees the primary');
    } else {
      expect(report).toContain('**failover is manual**');
      expect(report).toContain('**RPO > 0**');
      expect(report).toContain('**stop until a person fails over** to LEDGER2');
    }
  });

  test('runbook: verify → fail over → move traffic → scale → reinstate → fail back, every name from the output', () => {
    const order = ['Detect', 'Verify by hand', 'Fail over ledger', 'Move traffic', 'Scale up region-b', 'When region-a returns', 'Fail back to region-a'];
    const at = order.map((t) => runbook.indexOf(`. ${t}`));
    expect(at.every((i) => i > 0)).toBe(true);
    expect([...at].sort((x, y) => x - y)).toEqual(at);
    const { design, a } = analysisOf(app);
    const steps = regionRunbookSteps(design, a);
    const names = new Set(objects.map((o) => `${o.file.split('/')[0]} ${o.obj.kind} ${o.obj.metadata.namespace ?? ''} ${o.obj.metadata.name}`));
    const exists = (context: string, kind: string, ns: string, name: string) => expect([...names]).toContain(`${context} ${kind} ${ns} ${name}`);
    const kinds: Record<string, string> = { 'gslbs.k8gb.io': 'Gslb', 'deployment': 'Deployment', 'dataguardbroker': 'DataguardBroker', 'singleinstancedatabase': 'SingleInstanceDatabase' };
    let checked = 0;
    for (const step of steps) {
      for (const cmd of step.commands) {
        for (const text of [cmd.command, cmd.check ?? '']) {
          for (const m of text.matchAll(/kubectl --context (\S+) -n (\S+) (?:patch|get|scale|rollout status) (gslbs\.k8gb\.io|deployment|dataguardbroker|singleinstancedatabase)[ /](\S+)/g)) {
            exists(m[1], kinds[m[3]], m[2], m[4]);
            checked++;
          }
          for (const m of text.matchAll(/kubectl --context (\S+) -n (\S+) exec/g)) {
            expect(m[1]).toBe(brokerSite);
            exists(m[1], 'DataguardBroker', m[2], 'ledger-broker');
            checked++;
          }
          for (const m of text.matchAll(/dgmgrl sys@\/\/(\S+):1521\/(\w+) "(?:\w+ )+(\w+)?"/g)) {
            expect(objects.some((o) => o.obj.spec?.services?.external?.annotations?.['external-dns.alpha.kubernetes.io/hostname'] === m[1] && o.obj.spec.sid === m[2])).toBe(true);
          }
        }
        if (cmd.effect?.kind === 'failover') expect(cmd.command).toContain('"FAILOVER TO LEDGER2"');
        if (cmd.effect?.kind === 'reinstate') expect(cmd.command).toContain('"REINSTATE DATABASE LEDGER1"');
        if (cmd.effect?.kind === 'switchover') expect(cmd.command).toContain('"SWITCHOVER TO LEDGER1"');
      }
    }
    expect(checked).toBeGreaterThan(15);
    expect(runbook).toContain('kubectl --context region-b -n shop scale deployment/shop --replicas=6');
    expect(runbook).toContain('kubectl --context region-a -n shop scale deployment/shop --replicas=1');
  });
});

/** Two regions (and an optional third site), Data Guard, a dependent shop behind a GSLB zone. */
function drDesign(o: {
  third?: 'none' | 'witness-observer' | 'active-standby' | 'active-observer';
  primary?: 'a' | 'b';
  fsfo?: boolean;
  zonePrimary?: 'a' | 'b';
  zoneSites?: 'ab' | 'all';
  databaseDomain?: string | null;
  brokerMode?: DataGuardBrokerMode;
  insecure?: boolean;
  observerIn?: 'a' | 'b';
  replicas?: [number, number, number];
  externalPrimary?: boolean;
  strategy?: 'failover' | 'roundRobin';
}): MultiSiteApp {
  const app = new MultiSiteApp({ outdir: tempOutdir(), shape: DeploymentShape.clusterPerSite() });
  const a = new ActiveActiveSite(app, 'a', { clusterDomain: 'a.example', podCidrs: ['10.1.0.0/16'], dnsAddress: '198.51.100.1' });
  const b = new ActiveActiveSite(app, 'b', { clusterDomain: 'b.example', podCidrs: ['10.2.0.0/16'], dnsAddress: '198.51.100.2' });
  const third = o.third ?? 'none';
  const c = third === 'none' ? undefined
    : third === 'witness-observer' ? new WitnessSite(app, 'w', { clusterDomain: 'w.example', podCidrs: ['10.3.0.0/16'] })
      : new ActiveActiveSite(app, 'c', { clusterDomain: 'c.example', podCidrs: ['10.3.0.0/16'], dnsAddress: '198.51.100.3' });
  app.addLink(a, b, Latency.ofDistanceKm(800));
  if (c) { app.addLink(a, c, Latency.ofDistanceKm(500)); app.addLink(b, c, Latency.ofDistanceKm(500)); }
  const pick = (x: 'a' | 'b') => (x === 'a' ? a : b);
  const primary = pick(o.primary ?? 'a');
  const placement: any[] = [{ site: a, voters: 1 }, { site: b, voters: 1 }];
  if (c && third === 'active-standby') placement.push({ site: c, voters: 1 });
  if (c && (third === 'witness-observer' || third === 'active-observer')) placement.push({ site: c, arbitrators: 1 });
  if (o.observerIn) placement.find((p) => p.site === pick(o.observerIn!)).arbitrators = 1;
  const ledger = new DistributedSqlCluster(app, 'ledger', {
    engine: SqlEngine.oracleDataGuard({
      primary,
      rpo: Duration.seconds(20),
      fastStartFailover: o.fsfo ?? false,
      databaseDomain: o.databaseDomain === null ? undefined : o.databaseDomain ?? 'db.example.com',
      brokerMode: o.brokerMode,
      insecure: o.insecure,
      externalMembers: o.externalPrimary ? [{ site: primary, connectString: 'ledger-dbaas.example.net:1522/LEDGER_P', dbUniqueName: 'LEDGER_P', adminPasswordSecret: 'dbaas-sys' }] : undefined,
      // The shop writes to the ledger (and its write-path health probe reads it) from namespace shop.
      clientNamespaces: ['shop'],
    }),
    placement,
  });
  const replicas = o.replicas ?? [4, 1, 1];
  const active = [a, b, ...(c && third.startsWith('active') ? [c as ActiveActiveSite] : [])];
  active.forEach((s, i) => {
    new kplus.Deployment(s, 'shop', {
      metadata: { name: 'shop', namespace: 'shop' },
      replicas: replicas[i],
      containers: [{ image: 'nginxinc/nginx-unprivileged:1.27-alpine', portNumber: 8080, securityContext: { user: 101, group: 101 } }],
    });
  });
  const zone = new GslbZone(app, 'z', {
    zone: 'app.global.example.com',
    parentZone: 'example.com',
    edgeDnsServers: ['192.0.2.53'],
    strategy: o.strategy === 'roundRobin' ? GslbStrategy.roundRobin() : GslbStrategy.failover(pick(o.zonePrimary ?? o.primary ?? 'a')),
    sites: o.zoneSites === 'all' ? active : [a, b],
  });
  zone.addHost({ hostname: 'shop', namespace: 'shop', target: GslbTarget.ingress('shop'), backendServices: [{ name: 'shop', port: 80 }], dependsOn: ledger, deployment: 'shop' });
  return app;
}

const errorsOf = (app: MultiSiteApp) => app.check().filter((f) => f.severity === 'error');

describe('refusals across regions, each with its rule id and fix', () => {
  test('a GSLB failover primary that is not the database primary\'s site', () => {
    const [f] = errorsOf(drDesign({ zonePrimary: 'b' }));
    expect(`${f.ruleId}: ${f.message}`).toBe('MS-DG-GSLB-PRIMARY: shop.app.global.example.com writes to ledger (Data Guard, primary in a), and zone app.global.example.com fails over from b, but the database primary is in a.');
    expect(f.fix).toContain('GslbStrategy.failover(<site a>)');
    expect(errorsOf(drDesign({ strategy: 'roundRobin' })).map((x) => x.ruleId)).toEqual(['MS-DG-GSLB-PRIMARY']);
    expect(errorsOf(drDesign({ third: 'active-standby', zoneSites: 'all' })).map((x) => `${x.ruleId}: ${x.message}`))
      .toEqual(['MS-DG-GSLB-PRIMARY: shop.app.global.example.com writes to ledger (Data Guard, primary in a), and zone app.global.example.com is also served by c, which k8gb answers with beside b once a is down, though it holds no primary.']);
  });

  test('fast-start failover with no third site for the observer', () => {
    const found = errorsOf(drDesign({ fsfo: true }));
    expect(found.map((x) => `${x.ruleId}: ${x.message}`)).toEqual(['MS-DG-OBSERVER: ledger has fast-start failover on but no observer in a third site.']);
    expect(found[0].fix).toContain('WitnessSite');
  });

  test('the observer in the primary\'s or the target\'s site', () => {
    expect(errorsOf(drDesign({ fsfo: true, observerIn: 'a' })).map((x) => x.message)).toEqual(['the observer runs in a, the primary\'s site.']);
    const target = errorsOf(drDesign({ fsfo: true, observerIn: 'b' }));
    expect(target.map((x) => `${x.ruleId}: ${x.message}`)).toEqual(['MS-DG-OBSERVER: the observer runs in b, the target standby\'s site.']);
    expect(target[0].fix).toContain('outside both the primary\'s and the target standby\'s sites');
  });

  test('a standby with no address for its primary', () => {
    const [f] = errorsOf(drDesign({ databaseDomain: null }));
    expect(`${f.ruleId}: ${f.message}`).toBe('MS-DG-PRIMARY-ADDRESS: the standby of ledger in b has no address for the primary in a: databaseDomain is not set.');
    expect(f.fix).toContain('databaseDomain');
  });

  test('topology mode mixed with legacy fields', () => {
    const [f] = errorsOf(drDesign({ brokerMode: DataGuardBrokerMode.LEGACY, insecure: true }));
    expect(`${f.ruleId}: ${f.message}`).toBe('MS-DG-BROKER-MODE: ledger asks for the legacy broker, but its databases in a are in other Kubernetes clusters: only spec.topology names them, and it cannot be mixed with the legacy fields.');
    expect(f.why).toContain('validateNoMixedTopologyAndLegacy');
    expect(f.fix).toContain('DataGuardBrokerMode.TOPOLOGY');
  });

  test('a bad external connect string is refused where it is given', () => {
    const app = new MultiSiteApp({ outdir: tempOutdir(), shape: DeploymentShape.clusterPerSite() });
    const a = new ActiveActiveSite(app, 'a');
    expect(() => SqlEngine.oracleDataGuard({ primary: a, externalMembers: [{ site: a, connectString: 'dbaas.example.net/LEDGER', dbUniqueName: 'L' }] }))
      .toThrow('SqlEngine.oracleDataGuard: externalMembers connectString of a "dbaas.example.net/LEDGER" is not host:port/SERVICE');
  });
});

describe('a primary that Kubernetes does not run (managed database service)', () => {
  const app = drDesign({ externalPrimary: true, third: 'witness-observer', fsfo: true });
  app.synth();
  const objects = readObjects(app.outdir);
  const report = readTree(app.outdir).get('REPORT.md')!;

  test('no object for it; the standby is created from its connect string; the broker names it by endpoint with its own secret', () => {
    expect(objects.filter((o) => o.obj.kind === 'SingleInstanceDatabase').map((o) => o.obj.metadata.name)).toEqual(['ledger-b']);
    expect(findObject(objects, 'SingleInstanceDatabase', 'ledger-b').spec.primarySource).toEqual({ connectString: 'ledger-dbaas.example.net:1522/LEDGER_P' });
    const broker = findObject(objects, 'DataguardBroker', 'ledger-broker', 'w');
    expect(broker.spec.topology.members[0]).toEqual({
      name: 'a',
      role: 'PRIMARY',
      dbUniqueName: 'LEDGER_P',
      // The managed service's TCPS listener: same host, the port the operator's broker uses.
      endpoints: [{ name: 'tcps', protocol: 'TCPS', host: 'ledger-dbaas.example.net', port: 2484, serviceName: 'LEDGER_P' }],
      tcps: { enabled: true },
      adminSecretRef: { secretName: 'dbaas-sys', secretKey: 'oracle_pwd' },
    });
    if (schemasAvailable()) for (const o of objects) expect(formatProblems(validateManifest(o.obj))).toBe('');
  });

  test('REPORT.md says what the library does not manage', () => {
    expect(report).toContain('| a | LEDGER_P | **not Kubernetes** | ledger-dbaas.example.net:1522/LEDGER_P | endpoint |');
    expect(report).toContain('Not managed by this library: LEDGER_P in a. It writes no object for it');
  });

  test('the runbook fails over and reinstates it by name', () => {
    const { design, a } = analysisOf(app);
    const text = regionRunbookSteps(design, a).flatMap((s) => s.commands.map((c) => c.command)).join('\n');
    expect(text).toContain('dgmgrl sys@//ledger-b.db.example.com:1521/LEDGER2 "FAILOVER TO LEDGER2"');
    expect(text).toContain('"REINSTATE DATABASE LEDGER_P"');
  });
});

/**
 * A model of the running system, written from the products' documented behaviour, not from the
 * library: Data Guard (Oracle Data Guard Broker 21c, "Fast-Start Failover" and "Reinstating a
 * Database"): fast-start failover fires when the primary is lost while the observer and the target
 * standby both live; the former primary does not open after a failover until it is reinstated; a
 * failover or switchover needs the target alive; a reinstatement needs the old primary back and a
 * primary to follow. k8gb's failover strategy (https://www.k8gb.io/docs/strategy.html): each
 * cluster's k8gb answers with its Gslb's primaryGeoTag site while that site has healthy endpoints,
 * otherwise with the other serving sites that have. A fenced site serves no one. Where the host has
 * a write-path probe (the Gslb references the write-health Ingress), a site is healthy only while
 * its database is the primary: the probe reads `v$database` (DATABASE_ROLE PRIMARY, OPEN_MODE READ
 * WRITE), and a former primary does not open until it is reinstated.
 */
interface World {
  alive: Set<string>;
  fenced: Set<string>;
  role: Map<string, 'primary' | 'standby' | 'needs-reinstate'>;
  dnsPrimary: Map<string, string>;
  replicas: Map<string, number>;
  /** Sites whose k8gb health includes the write-path probe. */
  followsWrites: Set<string>;
}

function applyEffect(w: World, e: RunbookEffect): void {
  switch (e.kind) {
    case 'failover': {
      if (w.role.get(e.to) === 'primary') return; // fast-start failover already did it
      if (!w.alive.has(e.to)) throw new Error(`FAILOVER TO a dead site ${e.to}`);
      for (const [s, r] of w.role) if (r === 'primary') w.role.set(s, 'needs-reinstate');
      w.role.set(e.to, 'primary');
      return;
    }
    case 'switchover': {
      const from = [...w.role].find(([, r]) => r === 'primary')![0];
      if (!w.alive.has(from) || !w.alive.has(e.to) || w.role.get(e.to) !== 'standby') throw new Error('switchover needs both databases up and in sync');
      w.role.set(from, 'standby');
      w.role.set(e.to, 'primary');
      return;
    }
    case 'reinstate':
      if (!w.alive.has(e.site) || ![...w.role.values()].includes('primary')) throw new Error('reinstate needs the site back and a primary');
      w.role.set(e.site, 'standby');
      return;
    case 'dns-primary':
      if (!w.alive.has(e.cluster)) throw new Error(`kubectl against the lost cluster ${e.cluster}`);
      w.dnsPrimary.set(e.cluster, e.site);
      return;
    case 'scale':
      if (!w.alive.has(e.cluster)) throw new Error(`kubectl against the lost cluster ${e.cluster}`);
      w.replicas.set(e.cluster, e.replicas);
      return;
    case 'fence': w.fenced.add(e.site); return;
    case 'unfence': w.fenced.delete(e.site); return;
  }
}

/** The sites k8gb in `cluster` sends clients to. */
function answers(w: World, zoneSites: readonly string[], cluster: string): string[] {
  const healthy = (s: string) => w.alive.has(s) && !w.fenced.has(s) && (w.replicas.get(s) ?? 0) > 0
    && (!w.followsWrites.has(s) || w.role.get(s) === 'primary');
  const p = w.dnsPrimary.get(cluster)!;
  return healthy(p) ? [p] : zoneSites.filter((s) => s !== p && healthy(s));
}

/** Writes sent to a standby: some serving k8gb answers a site whose database is not the live primary, while a live primary exists. */
function misdirected(w: World, zoneSites: readonly string[]): string | undefined {
  const primary = [...w.role].find(([s, r]) => r === 'primary' && w.alive.has(s))?.[0];
  if ([...w.role.values()].filter((r) => r === 'primary').length > 1) return 'two primaries';
  if (primary === undefined) return undefined; // no database takes writes: an outage (the RTO), not misdirection
  for (const cluster of zoneSites.filter((s) => w.alive.has(s) && !w.fenced.has(s))) {
    const wrong = answers(w, zoneSites, cluster).filter((s) => s !== primary);
    if (wrong.length > 0) return `k8gb in ${cluster} answers ${wrong.join(', ')} while the primary is in ${primary}`;
  }
  return undefined;
}

/** Every state of one single-site loss followed by the runbook; the first misdirection, if any. */
function replay(app: MultiSiteApp, lost: string, dropEffect?: (e: RunbookEffect) => boolean, withoutWriteHealth = false): string | undefined {
  const { design, a } = analysisOf(app);
  const d = a.details;
  const zone = d.dependentHosts[0].zone;
  const replicasOf = new Map(d.dependentHosts[0].host.deployment!.replicasPerSite.map((r) => [r.site, r.replicas]));
  const w: World = {
    alive: new Set(design.sites.map((s: any) => s.name)),
    fenced: new Set(),
    role: new Map(d.members.map((m) => [m.site, m.site === d.roles.primary ? 'primary' : 'standby'])),
    dnsPrimary: new Map(zone.sites.map((s) => [s, (zone.strategy as any).primary])),
    replicas: new Map(replicasOf),
    followsWrites: new Set(withoutWriteHealth ? [] : [...(design.writeHealth[0]?.probes.keys() ?? [])]),
  };
  const observerAlive = () => d.roles.observers.some((s) => w.alive.has(s));
  const fsfo = () => {
    const p = d.roles.primary;
    const t = d.roles.standbys[0];
    if (a.cluster.engine.fastStartFailover && w.role.get(p) === 'primary' && !w.alive.has(p) && w.alive.has(t) && observerAlive()) {
      w.role.set(p, 'needs-reinstate');
      w.role.set(t, 'primary');
    }
  };
  const states: string[] = [];
  const check = (label: string) => {
    const bad = misdirected(w, zone.sites);
    if (bad) states.push(`${label}: ${bad}`);
  };
  w.alive.delete(lost);
  fsfo();
  check(`lost ${lost}`);
  const returns = () => {
    // The region comes back as it was left: its Gslb objects and Deployments unchanged.
    w.alive.add(lost);
    check(`${lost} returns`);
  };
  if (lost !== d.roles.primary) {
    returns();
    return states[0];
  }
  const steps: RunbookStep[] = regionRunbookSteps(design, a);
  for (const step of steps) {
    if (step.kind === 'reinstate') returns();
    for (const cmd of step.commands) {
      if (!cmd.effect || dropEffect?.(cmd.effect)) continue;
      applyEffect(w, cmd.effect);
      check(`${step.kind}: ${cmd.command}`);
    }
  }
  if (w.role.get(d.roles.primary) !== 'primary' || w.fenced.size > 0) states.push('the runbook did not end with the original primary serving');
  return states[0];
}

const designArb = fc.record({
  third: fc.constantFrom<'none' | 'witness-observer' | 'active-standby' | 'active-observer'>('none', 'witness-observer', 'active-standby', 'active-observer'),
  primary: fc.constantFrom<'a' | 'b'>('a', 'b'),
  replicas: fc.tuple(fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 }), fc.integer({ min: 1, max: 8 })),
  zoneSites: fc.constantFrom<'ab' | 'all'>('ab', 'all'),
}).map((o) => ({ ...o, fsfo: o.third === 'witness-observer' || o.third === 'active-observer' }));

describe('property: after each single-site loss and the runbook\'s steps, no state sends writes to a standby', () => {
  test('random two- and three-site Data Guard designs with a GSLB zone', () => {
    let accepted = 0;
    fc.assert(fc.property(designArb, (o) => {
      const app = drDesign(o);
      const errors = errorsOf(app);
      if (errors.length > 0) {
        // The only designs refused here serve the zone from a third active site (k8gb would answer it).
        expect(errors.map((e) => e.ruleId)).toEqual(['MS-DG-GSLB-PRIMARY']);
        expect(o.zoneSites === 'all' && o.third.startsWith('active')).toBe(true);
        return;
      }
      accepted++;
      for (const lost of app.sites.map((s: Site) => s.siteName)) expect(replay(app, lost)).toBeUndefined();
    }), { numRuns: 60, seed: 16 });
    expect(accepted).toBeGreaterThan(20);
  });

  test('the runbook edits no primaryGeoTag; without the write-path health (the defect) the returning region gets writes', () => {
    const app = drDesign({ third: 'witness-observer', fsfo: true });
    const { design, a } = analysisOf(app);
    expect(regionRunbookSteps(design, a).flatMap((s) => s.commands).filter((c) => c.effect?.kind === 'dns-primary')).toEqual([]);
    expect(replay(app, 'a')).toBeUndefined();
    expect(replay(app, 'a', undefined, true)).toBe('reinstate: Unfence a at the edge.: k8gb in a answers a while the primary is in b');
  });
});
