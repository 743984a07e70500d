import * as fs from 'fs';
import { Duration } from 'cdk8s';
import { dataGuardDrDesign } from '../examples/data-guard-dr/design';
import {
  ActiveActiveSite, DataGuardProtectionMode, DeploymentShape, DistributedSqlCluster, Latency, MultiSiteApp, SqlEngine, WitnessSite,
} from '../lib';
import { findObject, readObjects, readTree, tempOutdir } from './support/designs';

const outdir = tempOutdir();
dataGuardDrDesign(outdir).synth();
const files = readTree(outdir);
const objects = readObjects(outdir);
const report = files.get('REPORT.md')!;
const runbook = files.get('RUNBOOK-ledger.md')!;

describe('Data Guard DR example: primary dc-a, standby dc-b, observer in the witness', () => {
  test('a primary pinned to dc-a with archive log, force logging and flashback; a standby created from it in dc-b', () => {
    const primary = findObject(objects, 'SingleInstanceDatabase', 'ledger-dc-a');
    expect(primary.apiVersion).toBe('database.oracle.com/v4');
    expect(primary.spec).toMatchObject({
      sid: 'LEDGER1',
      edition: 'enterprise',
      createAs: 'primary',
      archiveLog: true,
      forceLog: true,
      flashBack: true,
      replicas: 1,
      nodeSelector: { 'topology.kubernetes.io/zone': 'dc-a' },
      adminPassword: { secretName: 'ledger-admin-password', secretKey: 'oracle_pwd', keepSecret: true },
    });
    const standby = findObject(objects, 'SingleInstanceDatabase', 'ledger-dc-b');
    expect(standby.spec).toMatchObject({ sid: 'LEDGER2', createAs: 'standby', primaryDatabaseRef: 'ledger-dc-a', nodeSelector: { 'topology.kubernetes.io/zone': 'dc-b' } });
    expect(standby.spec.archiveLog).toBeUndefined();
  });

  test('the broker runs fast-start failover over TCPS with its observer pinned to the witness', () => {
    const broker = findObject(objects, 'DataguardBroker', 'ledger-broker');
    expect(broker.spec.nodeSelector).toEqual({ 'topology.kubernetes.io/zone': 'dc-witness' });
    expect(broker.spec.topology.policy).toEqual({ protectionMode: 'MaxPerformance', transportMode: 'ASYNC', fastStartFailover: true });
    expect(broker.spec.topology.observer).toMatchObject({ enabled: true, name: 'ledger-broker-observer' });
    // Every member by its SingleInstanceDatabase and a TCPS endpoint (the operator's Service, port 2484).
    expect(broker.spec.topology.members.map((m: any) => [m.name, m.role, m.localRef.name, m.tcps, m.endpoints])).toEqual(['dc-a', 'dc-b'].map((site, i) => [
      site, i === 0 ? 'PRIMARY' : 'PHYSICAL_STANDBY', `ledger-${site}`, { enabled: true },
      [{ name: 'tcps', protocol: 'TCPS', host: `ledger-${site}`, port: 2484, serviceName: `LEDGER${i + 1}` }],
    ]));
    expect(broker.spec.topology.defaults.tcps).toEqual({ clientWalletSecret: 'ledger-dc-a-dg-client-wallet' });
    expect(broker.spec.primaryDatabaseRef).toBeUndefined();
  });

  test('TLS between sites: each database serves TCPS with a certificate cert-manager issues from the shared CA', () => {
    for (const site of ['dc-a', 'dc-b']) {
      const db = findObject(objects, 'SingleInstanceDatabase', `ledger-${site}`);
      expect(db.spec.security).toEqual({ tcps: { enabled: true, tlsSecret: `ledger-${site}-tcps-tls` } });
      const cert = findObject(objects, 'Certificate', `ledger-${site}-tcps-tls`);
      expect(cert.spec).toMatchObject({ secretName: `ledger-${site}-tcps-tls`, issuerRef: { name: 'ledger-ca', kind: 'Issuer' } });
      expect(cert.spec.dnsNames).toEqual([`ledger-${site}`, `ledger-${site}.ledger`, `ledger-${site}.ledger.svc`, `ledger-${site}.ledger.svc.cluster.local`]);
    }
    expect(findObject(objects, 'Issuer', 'ledger-ca').spec).toEqual({ ca: { secretName: 'multisite-ca' } });
    expect(report).not.toContain('MS-INSECURE-CLUSTER');
    // The one copy that still crosses in clear is said where users read.
    expect(report).toContain('A new standby\'s first copy does not: the operator clones it from the primary\'s TCP connect string');
  });

  test('nothing is written for sites without objects; the namespace says why it cannot be restricted', () => {
    expect([...files.keys()].filter((f) => f.startsWith('dc-'))).toEqual([]);
    const ns = findObject(objects, 'Namespace', 'ledger');
    expect(ns.metadata.labels['pod-security.kubernetes.io/enforce']).toBe('privileged');
    expect(ns.metadata.labels['pod-security.kubernetes.io/warn']).toBe('restricted');
    expect(findObject(objects, 'NetworkPolicy', 'ledger').spec.ingress[0].ports).toEqual([{ port: 1521, protocol: 'TCP' }, { port: 2484, protocol: 'TCP' }]);
  });

  test('report: RPO, automatic failover, and what each loss does', () => {
    expect(report).toContain('accepted data loss (RPO): 30 s');
    expect(report).toContain('Failover is automatic');
    expect(report).toContain('| dc-a | continue after automatic failover | dc-b | up to the RPO (30 s) |');
    expect(report).toContain('| dc-a + dc-witness | **stop until a person fails over** | dc-b | up to the RPO (30 s) |');
    expect(report).toContain('| dc-b + dc-witness | **halt**: the primary shuts down, isolated from observer and target | - | none |');
    // Both databases' sites lost: no copy is left, so the loss is everything since the last backup, not "none".
    expect(report).toContain('| dc-a + dc-b | **down**: no database left | - | **all of it since the last backup** (no copy left) |');
    const down = JSON.parse(files.get('report.json')!).clusters[0].twoSiteLosses.find((l: any) => l.lost.join() === 'dc-a,dc-b');
    expect(down).toMatchObject({ survives: false, mayLoseWrites: true });
    // Beside each row, the stretched cluster's API server (etcd 1 + 1 + 1 in the example).
    expect(report).toContain('| dc-a | continue after automatic failover | dc-b | up to the RPO (30 s) | works (etcd 2 of 3, quorum 2): pods on lost nodes are rescheduled after the eviction timeout |');
    expect(report).toContain('| dc-a + dc-witness | **stop until a person fails over** | dc-b | up to the RPO (30 s) | **down** (etcd 1 of 3, quorum 2): nothing is rescheduled or changed until a site returns |');
  });

  test('the runbook names the real sites and databases, and its steps are in order: verify → fail over → move traffic → reinstate', () => {
    expect(runbook).toMatch(/^# Runbook: failover of `ledger` from dc-a to dc-b/);
    const at = (text: string) => {
      const i = runbook.indexOf(text);
      expect(i).toBeGreaterThanOrEqual(0);
      return i;
    };
    const order = [
      at('## 1. Verify that the primary site is lost'),
      at('"VALIDATE DATABASE LEDGER2"'),
      at('"FAILOVER TO LEDGER2"'),
      at('## 3. Move traffic'),
      at('"REINSTATE DATABASE LEDGER1"'),
      at('"setAsPrimaryDatabase":"LEDGER1"'),
    ];
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    expect(runbook).toContain('confirm with the people who run dc-a');
  });
});

describe('Data Guard designs that are refused', () => {
  function design(options: {
    rpo?: Duration; observerSite?: 'dc-a' | 'dc-witness' | 'none'; shape?: DeploymentShape; fastStartFailover?: boolean; protectionMode?: DataGuardProtectionMode; databaseDomain?: string;
  }) {
    const app = new MultiSiteApp({ outdir: tempOutdir(), shape: options.shape ?? DeploymentShape.stretchedCluster() });
    const a = new ActiveActiveSite(app, 'dc-a', { clusterDomain: 'a.example', podCidrs: ['10.1.0.0/16'], controlPlaneNodes: 1 });
    const b = new ActiveActiveSite(app, 'dc-b', { clusterDomain: 'b.example', podCidrs: ['10.2.0.0/16'], controlPlaneNodes: 1 });
    const w = new WitnessSite(app, 'dc-witness', { clusterDomain: 'w.example', podCidrs: ['10.3.0.0/16'], controlPlaneNodes: 1 });
    app.addLink(a, b, Latency.ofRttMillis(16));
    app.addLink(a, w, Latency.ofRttMillis(8));
    app.addLink(b, w, Latency.ofRttMillis(8));
    const observer = { 'dc-a': a, 'dc-witness': w, 'none': undefined }[options.observerSite ?? 'dc-witness'];
    const placement: any[] = observer === a
      ? [{ site: a, voters: 1, arbitrators: 1 }, { site: b, voters: 1 }]
      : [{ site: a, voters: 1 }, { site: b, voters: 1 }, ...(observer ? [{ site: observer, arbitrators: 1 }] : [])];
    new DistributedSqlCluster(app, 'ledger', {
      engine: SqlEngine.oracleDataGuard({
        primary: a,
        rpo: options.rpo,
        fastStartFailover: options.fastStartFailover,
        protectionMode: options.protectionMode,
        databaseDomain: options.databaseDomain,
      }),
      placement,
    });
    return app;
  }
  const errors = (app: MultiSiteApp) => {
    expect(() => app.synth()).toThrow(/refused/);
    expect(fs.readdirSync(app.outdir)).toEqual([]);
    return app.check().filter((f) => f.severity === 'error').map((f) => `${f.ruleId}: ${f.message}`);
  };

  test('no stated RPO', () => {
    expect(errors(design({}))).toEqual(['MS-DG-RPO: ledger states no RPO (accepted data loss).']);
  });

  test('an RPO the protection mode cannot keep: asynchronous redo never keeps 0, and its lag limit is at least 5 s (ORA-16903)', () => {
    const sync = 'Use protectionMode: DataGuardProtectionMode.MAX_AVAILABILITY (synchronous redo, RPO 0: each commit waits at least the RTT to the standby)';
    for (const seconds of [0, 3]) {
      const app = design({ rpo: Duration.seconds(seconds) });
      expect(errors(app)).toEqual([`MS-DG-RPO-LIMIT: rpo ${seconds} s cannot be kept with MaxPerformance and fast-start failover: MaxPerformance ships redo asynchronously, and fast-start failover then lets the target lag by FastStartFailoverLagLimit, which Oracle keeps at 5 s or more (ORA-16903 for 0).`]);
      expect(app.check().find((f) => f.ruleId === 'MS-DG-RPO-LIMIT')!.fix)
        .toBe(`${sync}, or state an RPO of at least 5 s (FastStartFailoverLagLimit's least value in MaxPerformance).`);
    }
    const manual = design({ rpo: Duration.seconds(0), observerSite: 'none', fastStartFailover: false });
    expect(errors(manual)).toEqual(['MS-DG-RPO-LIMIT: rpo 0 s cannot be kept with MaxPerformance and manual failover: MaxPerformance ships redo asynchronously: the standby is always some redo behind, so a failover may lose it.']);
    expect(manual.check().find((f) => f.ruleId === 'MS-DG-RPO-LIMIT')!.fix).toBe(`${sync}, or state an RPO above 0.`);
  });

  test('the RPOs the modes keep are accepted, and the report sets the lag limit Oracle takes', () => {
    const accepted = (app: MultiSiteApp) => app.check().filter((f) => f.severity === 'error').map((f) => f.ruleId);
    expect(accepted(design({ rpo: Duration.seconds(5) }))).toEqual([]);
    expect(accepted(design({ rpo: Duration.seconds(3), observerSite: 'none', fastStartFailover: false }))).toEqual([]);
    const perCluster = { shape: DeploymentShape.clusterPerSite(), databaseDomain: 'db.example.com' };
    const sync = design({ rpo: Duration.seconds(0), protectionMode: DataGuardProtectionMode.MAX_AVAILABILITY, ...perCluster });
    expect(accepted(sync)).toEqual([]);
    sync.synth();
    const reportMd = fs.readFileSync(`${sync.outdir}/REPORT.md`, 'utf-8');
    expect(reportMd).toContain('FastStartFailoverLagLimit = 0;');
    // Fast-start failover in MaxAvailability goes only to a synchronized standby: losing the primary loses no data.
    const lossOfPrimary = JSON.parse(fs.readFileSync(`${sync.outdir}/report.json`, 'utf-8')).clusters[0].singleSiteLosses[0];
    expect([lossOfPrimary.lost, lossOfPrimary.survives, lossOfPrimary.failover, lossOfPrimary.mayLoseWrites]).toEqual([['dc-a'], true, 'automatic', false]);
    const async = design({ rpo: Duration.seconds(12), ...perCluster });
    async.synth();
    expect(fs.readFileSync(`${async.outdir}/REPORT.md`, 'utf-8')).toContain('FastStartFailoverLagLimit = 12;');
  });

  test('the observer in the primary\'s site', () => {
    expect(errors(design({ rpo: Duration.seconds(30), observerSite: 'dc-a' }))).toEqual(['MS-DG-OBSERVER: the observer runs in dc-a, the primary\'s site.']);
  });

  test('fast-start failover with no third site for the observer; without it, a warning that failover is manual', () => {
    expect(errors(design({ rpo: Duration.seconds(30), observerSite: 'none' })))
      .toEqual(['MS-DG-OBSERVER: ledger has fast-start failover on but no observer in a third site.']);
    const manual = design({ rpo: Duration.seconds(30), observerSite: 'none', fastStartFailover: false });
    expect(manual.check().map((f) => `${f.severity} ${f.ruleId}`)).toEqual(['warning MS-DG-MANUAL-FAILOVER']);
  });

  test('one Kubernetes cluster per site without published addresses: refused, the standby has no address for its primary', () => {
    const app = design({ rpo: Duration.seconds(30), shape: DeploymentShape.clusterPerSite() });
    expect(errors(app)).toEqual(['MS-DG-PRIMARY-ADDRESS: the standby of ledger in dc-b has no address for the primary in dc-a: databaseDomain is not set.']);
    const finding = app.check().find((f) => f.ruleId === 'MS-DG-PRIMARY-ADDRESS')!;
    expect(finding.why).toContain('primarySource.connectString');
    expect(finding.fix).toContain('databaseDomain');
  });

  test('sharing its namespace with another cluster: refused, since one namespace has one Pod Security level', () => {
    const app = design({ rpo: Duration.seconds(30) });
    const [a, b, w] = ['dc-a', 'dc-b', 'dc-witness'].map((id) => app.node.findChild(id) as any);
    new DistributedSqlCluster(app, 'accounts', {
      namespace: 'ledger',
      engine: SqlEngine.cockroachDb({ replicationFactor: 3 }),
      placement: [{ site: a, voters: 1 }, { site: b, voters: 1 }, { site: w, voters: 1 }],
    });
    expect(errors(app)).toEqual(['MS-DG-OWN-NAMESPACE: ledger shares namespace ledger with accounts.']);
    expect(app.check()[0].fix).toContain('namespace of its own');
  });

  test('two sites are allowed for Data Guard (asynchronous, RPO stated)', () => {
    const app = new MultiSiteApp({ outdir: tempOutdir() });
    const a = new ActiveActiveSite(app, 'dc-a');
    const b = new ActiveActiveSite(app, 'dc-b');
    new DistributedSqlCluster(app, 'ledger', {
      engine: SqlEngine.oracleDataGuard({ primary: a, rpo: Duration.minutes(1), fastStartFailover: false }),
      placement: [{ site: a, voters: 1 }, { site: b, voters: 1 }],
    });
    expect(app.check().filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('the only standby in the witness: a warning that a failover makes the witness the primary site', () => {
    const build = (standbyIn: 'active' | 'witness') => {
      const app = new MultiSiteApp({ outdir: tempOutdir() });
      const a = new ActiveActiveSite(app, 'dc-a');
      const b = new ActiveActiveSite(app, 'dc-b');
      const w = new WitnessSite(app, 'dc-witness');
      new DistributedSqlCluster(app, 'ledger', {
        engine: SqlEngine.oracleDataGuard({ primary: a, rpo: Duration.minutes(1), fastStartFailover: false }),
        placement: [{ site: a, voters: 1 }, { site: standbyIn === 'witness' ? w : b, voters: 1 }],
      });
      return app.check().filter((f) => f.ruleId === 'MS-DG-STANDBY-IN-WITNESS');
    };
    const [finding] = build('witness');
    expect(finding.severity).toBe('warning');
    expect(finding.message).toBe('every standby of ledger sits in a witness (dc-witness), so losing dc-a makes a witness the primary site.');
    expect(build('active')).toEqual([]);
  });
});

test('APPLY.md asks for the Secrets the Oracle custom resources reference (read by the engine: customResourceReferences)', () => {
  expect(files.get('APPLY.md')).toContain('- Secret `ledger-admin-password` in namespace `ledger` with keys `oracle_pwd` (needed by DataguardBroker ledger/ledger-broker, SingleInstanceDatabase ledger/ledger-dc-a, SingleInstanceDatabase ledger/ledger-dc-b)');
});
