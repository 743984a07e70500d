import * as fs from 'fs';
import * as path from 'path';
import { Duration } from 'cdk8s';
import { parse } from 'yaml';
import { drTwoRegionsDesign } from '../examples/dr-two-regions/design';
import { perClusterLabDesign } from '../examples/lab-per-cluster/design';
import { ActiveActiveSite, CassandraConsistency, DeploymentShape, DistributedSqlCluster, GslbTarget, GslbZone, Latency, MultiSiteApp, SqlEngine, WitnessSite } from '../lib';
import { readObjects, tempOutdir } from './support/designs';
import { K8gbCluster, k8gbAnswer } from './support/k8gb-model';
import { withoutProbeRules } from './support/without-probe-rules';
import { writeHealthDesign } from './support/write-health-designs';
import { analyzeDesign } from '../lib/check/analyze-design';
import { blockedFlows } from '../lib/check/rules/network-flow-blocked';
import { writtenNetwork } from '../lib/check/written-network';
import { buildDesign } from '../lib/synth/build-design';

/**
 * Traffic follows the database (issue 32), proven on the output: k8gb's own selection logic
 * (./support/k8gb-model.ts, from its v0.20.0 source) reads the Gslb, Ingress and Service objects
 * as written, with the write-health Services ready where REPORT.md says the probe passes and every
 * other Service ready where the site is up; what it answers must be what REPORT.md predicts.
 */

interface Written { outdir: string; objects: { file: string; obj: any }[]; report: string }

function synthed(build: (outdir: string) => { synth(): void }): Written {
  const outdir = tempOutdir();
  build(outdir).synth();
  return { outdir, objects: readObjects(outdir), report: fs.readFileSync(path.join(outdir, 'REPORT.md'), 'utf8') };
}

const EXAMPLES: Record<string, Written> = {
  'dr-two-regions': synthed((o) => drTwoRegionsDesign(o)),
  'lab-per-cluster': synthed((o) => perClusterLabDesign(o)),
  'yugabytedb (test/support/write-health-designs.ts)': synthed((o) => writeHealthDesign(o, 'yugabytedb')),
  'cassandra at QUORUM (test/support/write-health-designs.ts)': synthed((o) => writeHealthDesign(o, 'cassandra', { writeConsistency: CassandraConsistency.QUORUM })),
};

interface PredictedRow { lost: string[]; passing: string[]; answers: string[] }

/** The rows of the report's table for `fqdn`: site lost, sites whose probe passes, k8gb's answers. */
function predictedRows(report: string, fqdn: string): PredictedRow[] {
  const start = report.indexOf(`### \`${fqdn}\` follows the write path of`);
  expect(start).toBeGreaterThanOrEqual(0);
  const lines = report.slice(start).split('\n');
  const table = lines.slice(lines.findIndex((l) => l.startsWith('| site lost')) + 2);
  const list = (cell: string) => cell.replace(' once failed over (none before)', '').replace(/\*\*(none|nothing)\*\*/, '').split(', ').filter((s) => s !== '');
  return table.slice(0, table.findIndex((l) => !l.startsWith('|'))).map((row) => {
    const [lost, passing, answers] = row.split('|').slice(1, 4).map((c) => c.trim());
    return { lost: lost === 'nothing' ? [] : list(lost.replace(/`/g, '')), passing: list(passing), answers: list(answers) };
  });
}

/** k8gb's view of each serving site, from the written objects, with the Services' readiness given. */
function clustersOf(w: Written, up: (site: string) => boolean, writeHealthReady: (site: string) => boolean,
  gslbOverride?: (gslb: any) => any, appReady: (site: string) => boolean = () => true): { site: string; cluster: K8gbCluster }[] {
  const gslbs = w.objects.filter((o) => o.obj.kind === 'Gslb');
  return gslbs.map(({ file, obj }) => {
    const site = file.split('/')[0];
    const values = parse(fs.readFileSync(path.join(w.outdir, site, 'k8gb-values.yaml'), 'utf8'));
    const inSite = w.objects.filter((o) => o.file.startsWith(`${site}/`) && o.obj.metadata?.namespace === obj.metadata.namespace);
    const ingresses = new Map(inSite.filter((o) => o.obj.kind === 'Ingress').map((o) => [o.obj.metadata.name, o.obj]));
    const serviceReady = new Map(inSite.filter((o) => o.obj.kind === 'Service').map((o) => {
      const isWriteHealth = o.obj.spec.selector?.['app.kubernetes.io/name'] === 'write-health';
      return [o.obj.metadata.name, up(site) && (isWriteHealth ? writeHealthReady(site) : appReady(site))];
    }));
    const gslb = gslbOverride ? gslbOverride(obj) : obj;
    expect(gslb.spec.resourceRef).toBeDefined();
    return { site, cluster: { geoTag: values.k8gb.clusterGeoTag, gslb, ingresses, serviceReady, up: up(site) } };
  });
}

/** What each reachable site's k8gb answers, as site names. */
function answersBySite(clusters: { site: string; cluster: K8gbCluster }[], fqdn: string): Map<string, string[]> {
  const siteOf = new Map(clusters.map((c) => [c.cluster.geoTag, c.site]));
  const all = clusters.map((c) => c.cluster);
  return new Map(clusters.filter((c) => c.cluster.up).map((c) => [c.site, k8gbAnswer(c.cluster, all, fqdn).map((g) => siteOf.get(g)!).sort()]));
}

const FQDN = 'shop.app.global.example.com';

describe.each(Object.keys(EXAMPLES))('%s: k8gb answers as REPORT.md predicts', (name) => {
  const w = EXAMPLES[name];
  const rows = predictedRows(w.report, FQDN);

  test('snapshot of the Gslb and write-health objects and the report\'s section', () => {
    const files = w.objects.filter((o) => /gslb-|write-health/.test(o.file)).map((o) => [o.file, o.obj] as const);
    const section = w.report.slice(w.report.indexOf(`### \`${FQDN}\` follows`)).split('\n## ')[0];
    expect({ files: Object.fromEntries(files), section }).toMatchSnapshot();
  });

  test('report.json carries the same table: per loss the sites whose probe passes and what k8gb answers, and the withdrawal REPORT.md states', () => {
    const data = JSON.parse(fs.readFileSync(path.join(w.outdir, 'report.json'), 'utf8'));
    const host = data.writeHealth.find((h: any) => h.fqdn === FQDN);
    expect(host.losses.map((l: any) => ({ lost: l.lost, passing: l.probePasses, answers: l.answers }))).toEqual(rows);
    const t = host.withdrawal;
    expect(t.totalSeconds).toBe(t.detectionSeconds + t.probeSeconds + t.reconcileSeconds + t.ttlSeconds);
    expect(w.report).toContain(`stops being answered within ${t.totalSeconds} s`);
  });

  test('the report has a row for no loss and one per site', () => {
    expect(rows[0].lost).toEqual([]);
    expect(rows.length).toBeGreaterThan(2);
  });

  test.each(rows.map((r) => [r.lost.join(',') || 'nothing', r] as const))('lost %s', (_lost, row) => {
    const clusters = clustersOf(w, (s) => !row.lost.includes(s), (s) => row.passing.includes(s));
    const answers = answersBySite(clusters, FQDN);
    expect(answers.size).toBeGreaterThan(0);
    for (const [, answer] of answers) expect(answer).toEqual([...row.answers].sort());
  });
});

describe('a site that is up but cannot write is withdrawn; with the Gslb on the app\'s own Ingress (the defect) it is not', () => {
  const toAppIngress = (gslb: any) => ({ ...gslb, spec: { ...gslb.spec, resourceRef: { ...gslb.spec.resourceRef, name: 'shop' } } });

  test('Data Guard after a failover to region-b, region-a back up as a standby: answers region-b, not primaryGeoTag region-a', () => {
    const w = EXAMPLES['dr-two-regions'];
    const writable = (s: string) => s === 'region-b';
    const answers = answersBySite(clustersOf(w, () => true, writable), FQDN);
    expect([...answers.values()]).toEqual([['region-b'], ['region-b']]);
    const defect = answersBySite(clustersOf(w, () => true, writable, toAppIngress), FQDN);
    expect([...defect.values()]).toEqual([['region-a'], ['region-a']]);
  });

  test('CockroachDB with dc-a cut off in a minority (its nodes not live): answers dc-b only', () => {
    const w = EXAMPLES['lab-per-cluster'];
    const writable = (s: string) => s === 'dc-b';
    const answers = answersBySite(clustersOf(w, () => true, writable), FQDN);
    expect([...answers.values()]).toEqual([['dc-b'], ['dc-b']]);
    const defect = answersBySite(clustersOf(w, () => true, writable, toAppIngress), FQDN);
    expect([...defect.values()]).toEqual([['dc-a', 'dc-b'], ['dc-a', 'dc-b']]);
  });

  // YugabyteDB: dc-a's tserver cannot commit (no tablet majority through the cut); Cassandra at
  // QUORUM: a coordinator in dc-a reaches 3 of 9 replicas. Both probes fail in dc-a only.
  test.each([
    'yugabytedb (test/support/write-health-designs.ts)',
    'cassandra at QUORUM (test/support/write-health-designs.ts)',
  ])('%s with dc-a cut off in a minority: answers dc-b and dc-c only', (name) => {
    const w = EXAMPLES[name];
    const writable = (s: string) => s !== 'dc-a';
    const answers = answersBySite(clustersOf(w, () => true, writable), FQDN);
    expect([...answers.values()]).toEqual([['dc-b', 'dc-c'], ['dc-b', 'dc-c'], ['dc-b', 'dc-c']]);
    const defect = answersBySite(clustersOf(w, () => true, writable, toAppIngress), FQDN);
    expect([...defect.values()]).toEqual([['dc-a', 'dc-b', 'dc-c'], ['dc-a', 'dc-b', 'dc-c'], ['dc-a', 'dc-b', 'dc-c']]);
  });
});

/** The Secrets a database's own administrator logs in with, as the written objects name them. */
function adminSecrets(objects: { obj: any }[]): Set<string> {
  const out = new Set<string>();
  for (const { obj } of objects) {
    if (obj.kind === 'SingleInstanceDatabase' && obj.spec.adminPassword?.secretName) out.add(obj.spec.adminPassword.secretName);
    for (const c of obj.spec?.template?.spec?.containers ?? []) {
      for (const e of c.env ?? []) if (/ROOT_PASSWORD|ORACLE_PWD/.test(e.name) && e.valueFrom?.secretKeyRef) out.add(e.valueFrom.secretKeyRef.name);
    }
  }
  return out;
}

const isWriteHealthDeployment = (o: { obj: any }) => o.obj.kind === 'Deployment' && o.obj.metadata.name.endsWith('-write-health');

/** The administrator Secrets that a write-health pod reads (must be none). */
function adminSecretsInProbes(objects: { obj: any }[]): string[] {
  const admin = adminSecrets(objects);
  return objects.filter(isWriteHealthDeployment)
    .flatMap((o) => o.obj.spec.template.spec.containers.flatMap((c: any) => (c.env ?? []).map((e: any) => e.valueFrom?.secretKeyRef?.name)))
    .filter((name: string | undefined) => name !== undefined && admin.has(name));
}

/** `objects` with every write-health pod's Secret swapped for the first administrator Secret (the defect put back). */
function withAdminSecretInProbes(objects: { file: string; obj: any }[]): { file: string; obj: any }[] {
  const admin = [...adminSecrets(objects)][0];
  return objects.map((o) => {
    if (!isWriteHealthDeployment(o)) return o;
    const obj = JSON.parse(JSON.stringify(o.obj));
    for (const c of obj.spec.template.spec.containers) {
      const swap = (ref: any) => ({ secretKeyRef: { ...ref, name: admin } });
      c.env = (c.env ?? []).map((e: any) => (e.valueFrom?.secretKeyRef ? { ...e, valueFrom: swap(e.valueFrom.secretKeyRef) } : e));
      if (c.env.length === 0) c.env = [{ name: 'PASSWORD', valueFrom: { secretKeyRef: { name: admin, key: 'password' } } }];
    }
    return { ...o, obj };
  });
}

describe('least privilege: no write-health pod carries an administrator\'s password', () => {
  test.each(Object.keys(EXAMPLES))('%s', (name) => {
    const objects = EXAMPLES[name].objects;
    expect(objects.some(isWriteHealthDeployment)).toBe(true);
    expect(adminSecretsInProbes(objects)).toEqual([]);
  });

  test('mutation: the probe given the administrator\'s Secret again (the defect) is caught', () => {
    const objects = EXAMPLES['dr-two-regions'].objects;
    expect(adminSecrets(objects)).toEqual(new Set(['ledger-admin-password']));
    expect(adminSecretsInProbes(withAdminSecretInProbes(objects))).toEqual(['ledger-admin-password', 'ledger-admin-password']);
  });

  test('Data Guard, a host added to a running configuration: ROLLOUT.md creates C##WRITE_HEALTH with the APPLY.md step', () => {
    const outdir = tempOutdir();
    const running = drTwoRegionsDesign(outdir);
    running.node.tryRemoveChild('app-global');
    running.synth();
    drTwoRegionsDesign(outdir).synth();
    const rollout = fs.readFileSync(path.join(outdir, 'ROLLOUT.md'), 'utf8');
    const apply = fs.readFileSync(path.join(outdir, 'APPLY.md'), 'utf8');
    const sqlplus = apply.split('\n').find((l) => l.includes('CREATE USER C##WRITE_HEALTH'))!.trim();
    expect(sqlplus).toContain('GRANT SELECT ON SYS.V_$DATABASE TO C##WRITE_HEALTH;');
    expect(rollout).toContain('for shop.app.global.example.com');
    expect(rollout).toContain(sqlplus);
  });

  test('Data Guard: APPLY.md creates the probe\'s account on the primary with CREATE SESSION and SELECT on V_$DATABASE only, passwords on stdin', () => {
    const apply = fs.readFileSync(path.join(EXAMPLES['dr-two-regions'].outdir, 'APPLY.md'), 'utf8');
    const line = apply.split('\n').find((l) => l.includes('CREATE USER C##WRITE_HEALTH'));
    expect(line).toBeDefined();
    const grants = [...line!.matchAll(/GRANT ([^;]*) TO C##WRITE_HEALTH;/g)].map((m) => m[1]);
    expect(grants).toEqual(['CREATE SESSION', 'SELECT ON SYS.V_$DATABASE']);
    expect(line).toMatch(/IDENTIFIED BY \\"\$\(kubectl --context region-a -n shop get secret ledger-write-health -o jsonpath='\{\.data\.password\}' \| base64 -d\)\\";/);
    // The statements reach sqlplus on stdin: nothing after `exec -i <pod> --` but the client and its flags.
    expect(line).toMatch(/\| kubectl --context \S+ -n ledger exec -i \$\([^)]*\) -- sqlplus -s -L \/nolog`?$/);
  });
});

describe('a site whose database can write but whose application has no ready endpoint is withdrawn (serviceHealthPolicy All)', () => {
  const withDefaultPolicy = (gslb: any) => {
    const { serviceHealthPolicy, ...spec } = gslb.spec;
    return { ...gslb, spec };
  };

  test('the write-health Ingress lists the application\'s Service beside the probe\'s, and the Gslb needs all of them', () => {
    for (const name of Object.keys(EXAMPLES)) {
      const w = EXAMPLES[name];
      const gslbs = w.objects.filter((o) => o.obj.kind === 'Gslb');
      expect(gslbs.length).toBeGreaterThan(0);
      for (const { file, obj } of gslbs) {
        expect(obj.spec.serviceHealthPolicy).toBe('All');
        const site = file.split('/')[0];
        const ingress = w.objects.find((o) => o.file.startsWith(`${site}/`) && o.obj.kind === 'Ingress' && o.obj.metadata.name === obj.spec.resourceRef.name)!.obj;
        expect(ingress.spec.rules.map((r: any) => r.http.paths.map((p: any) => p.backend.service.name))).toEqual([[obj.spec.resourceRef.name, 'shop']]);
      }
    }
  });

  test('CockroachDB, every site able to write, the shop down in dc-a: answers dc-b only; with the default policy Any (the defect) dc-a too', () => {
    const w = EXAMPLES['lab-per-cluster'];
    const appUp = (s: string) => s !== 'dc-a';
    const answers = answersBySite(clustersOf(w, () => true, () => true, undefined, appUp), FQDN);
    expect([...answers.values()]).toEqual([['dc-b'], ['dc-b']]);
    const defect = answersBySite(clustersOf(w, () => true, () => true, withDefaultPolicy, appUp), FQDN);
    expect([...defect.values()]).toEqual([['dc-a', 'dc-b'], ['dc-a', 'dc-b']]);
  });

  test('Data Guard, the primary region-a writable but its shop down, region-b a standby: nothing is answered; with policy Any (the defect) region-a', () => {
    const w = EXAMPLES['dr-two-regions'];
    const writable = (s: string) => s === 'region-a';
    const appUp = (s: string) => s !== 'region-a';
    const answers = answersBySite(clustersOf(w, () => true, writable, undefined, appUp), FQDN);
    // No site is healthy: region-a's shop is down and region-b cannot write; each k8gb answers nothing.
    expect([...answers.values()]).toEqual([[], []]);
    const defect = answersBySite(clustersOf(w, () => true, writable, withDefaultPolicy, appUp), FQDN);
    expect([...defect.values()]).toEqual([['region-a'], ['region-a']]);
  });
});

describe('MS-GSLB-RTO: the withdrawal window against the zone\'s recoveryTimeObjective', () => {
  function design(rto: Duration | undefined, ttl = Duration.seconds(30)) {
    const app = new MultiSiteApp({ outdir: tempOutdir(), shape: DeploymentShape.clusterPerSite() });
    const sites = ['a', 'b', 'c'].map((n, i) => new ActiveActiveSite(app, `dc-${n}`, {
      clusterDomain: `dc-${n}.example.internal`, podCidrs: [`10.${i + 1}0.0.0/16`], clusterDnsAddress: `10.0.${i + 1}.53`, dnsAddress: `198.51.100.${i + 1}`,
    }));
    app.addLink(sites[0], sites[1], Latency.ofRttMillis(2));
    app.addLink(sites[0], sites[2], Latency.ofRttMillis(2));
    app.addLink(sites[1], sites[2], Latency.ofRttMillis(2));
    const crdb = new DistributedSqlCluster(app, 'crdb', {
      engine: SqlEngine.cockroachDb({ replicationFactor: 3, sqlClientNamespaces: ['shop'] }),
      placement: sites.map((site) => ({ site, voters: 1 })),
    });
    const zone = new GslbZone(app, 'app-global', {
      zone: 'app.global.example.com', parentZone: 'example.com', edgeDnsServers: ['192.0.2.53'], ttl, recoveryTimeObjective: rto,
    });
    zone.addHost({ hostname: 'shop', namespace: 'shop', target: GslbTarget.ingress('shop'), backendServices: [{ name: 'shop', port: 80 }], dependsOn: crdb });
    return app;
  }

  // CockroachDB's probe: its nodes stay live 6 s after the cut (the liveness record's duration),
  // then every 5 s, 2 failures, 5 s timeout = 15 s; k8gb reconcile 30 s; TTL 30 s.
  test('81 s (6 + 15 + 30 + 30) above an RTO of 60 s is refused, naming each part and the TTL that fits', () => {
    expect(() => design(Duration.seconds(60)).synth()).toThrow(
      'shop.app.global.example.com may still send clients to a site that cannot write to crdb for 81 s (database detection 6 s + probe 15 s + k8gb reconcile 30 s + TTL 30 s), '
      + 'above the recoveryTimeObjective of 60 s.');
    expect(() => design(Duration.seconds(60)).synth()).toThrow('Lower the zone\'s ttl to at most 9 s, or state a recoveryTimeObjective of at least 81 s.');
  });

  test('exactly 81 s passes, a shorter TTL passes, no RTO passes; 75 s, the window without the liveness term (the defect), is refused', () => {
    expect(() => design(Duration.seconds(81)).synth()).not.toThrow();
    expect(() => design(Duration.seconds(60), Duration.seconds(9)).synth()).not.toThrow();
    expect(() => design(undefined).synth()).not.toThrow();
    expect(() => design(Duration.seconds(75)).synth()).toThrow('for 81 s (database detection 6 s');
  });

  test('an RTO that is not whole seconds is refused at once, naming the prop', () => {
    expect(() => design(Duration.millis(1500))).toThrow('recoveryTimeObjective');
  });
});

describe('Galera, one Kubernetes cluster per site: the written write-health probe', () => {
  function galeraDesign(clientNamespaces: string[], recoveryTimeObjective?: Duration, outdir = tempOutdir()) {
    const app = new MultiSiteApp({ outdir, shape: DeploymentShape.clusterPerSite() });
    const site = (name: string, i: number) => ({
      clusterDomain: `${name}.cluster.example`, podCidrs: [`10.${i}.0.0/16`], clusterDnsAddress: `172.16.${i}.53`, dnsAddress: `198.51.100.${i}`,
    });
    const a = new ActiveActiveSite(app, 'dc-a', site('dc-a', 1));
    const b = new ActiveActiveSite(app, 'dc-b', site('dc-b', 2));
    const w = new WitnessSite(app, 'dc-w', site('dc-w', 3));
    app.addLink(a, b, Latency.ofRttMillis(1));
    app.addLink(a, w, Latency.ofRttMillis(2));
    app.addLink(b, w, Latency.ofRttMillis(2));
    const orders = new DistributedSqlCluster(app, 'orders', {
      engine: SqlEngine.galera({ arbitratorImage: 'example.com/garbd:1', sqlClientNamespaces: clientNamespaces }),
      placement: [{ site: a, voters: 2 }, { site: b, voters: 2 }, { site: w, arbitrators: 1 }],
    });
    const zone = new GslbZone(app, 'app-global', { zone: 'app.global.example.com', parentZone: 'example.com', edgeDnsServers: ['192.0.2.53'], recoveryTimeObjective });
    zone.addHost({ hostname: 'shop', namespace: 'shop', target: GslbTarget.ingress('shop'), backendServices: [{ name: 'shop', port: 80 }], dependsOn: orders });
    return app;
  }

  test('asks the site\'s own client Service for Primary, ready and Synced, as the probe\'s own account', () => {
    const app = galeraDesign(['shop']);
    app.synth();
    const objects = readObjects(app.outdir);
    const deployment = objects.find((o) => o.file === 'dc-b/shop/deployment-shop-app-global-write-health.yaml')!.obj;
    const container = deployment.spec.template.spec.containers[0];
    const script: string = container.readinessProbe.exec.command[2];
    expect(container.readinessProbe.exec.command.slice(0, 2)).toEqual(['/bin/bash', '-c']);
    expect(script).toContain('MYSQL_PWD="$WRITE_HEALTH_PASSWORD" mariadb --no-defaults --host=orders-public.orders.svc.dc-b.cluster.example --port=3306 --ssl --user=write_health ');
    expect(script).toContain("SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_cluster_status', 'wsrep_ready', 'wsrep_local_state')");
    expect(script).toContain('if [ "$primary" = Primary ] && [ "$ready" = ON ] && [ "$state" = 4 ]; then exit 0; fi');
    expect(container.env).toEqual([{ name: 'WRITE_HEALTH_PASSWORD', valueFrom: { secretKeyRef: { name: 'orders-write-health', key: 'password' } } }]);
    expect(adminSecrets(objects)).toEqual(new Set(['orders-root-password']));
    expect(adminSecretsInProbes(objects)).toEqual([]);
    expect(deployment.spec.template.spec.securityContext).toMatchObject({ runAsNonRoot: true, runAsUser: 999 });
    // No write-health in the witness: it serves no answers and holds no data node.
    expect(objects.filter((o) => o.file.startsWith('dc-w/') && /write-health/.test(o.file))).toEqual([]);
  });

  /**
   * The image's entrypoint creates `MARIADB_USER` with `MARIADB_PASSWORD` and grants it nothing
   * unless `MARIADB_DATABASE` is set, when it grants ALL on that database (MariaDB/mariadb-docker
   * 11.4/docker-entrypoint.sh at 1b6429ba3544, lines 445-459, read from ../shared/images); the
   * Galera write-health lab shows the account's grants are USAGE only.
   */
  test('the data nodes\' entrypoint creates the probe\'s account, with no database to own; without a dependent host, no account', () => {
    const envOf = (app: MultiSiteApp) => readObjects(app.outdir)
      .filter((o) => o.obj.kind === 'StatefulSet' && o.obj.metadata.namespace === 'orders')
      .map((o) => o.obj.spec.template.spec.containers[0].env as any[]);
    const app = galeraDesign(['shop']);
    app.synth();
    const envs = envOf(app);
    expect(envs).toHaveLength(2);
    for (const env of envs) {
      expect(env).toContainEqual({ name: 'MARIADB_USER', value: 'write_health' });
      expect(env).toContainEqual({ name: 'MARIADB_PASSWORD', valueFrom: { secretKeyRef: { name: 'orders-write-health', key: 'password' } } });
      expect(env.map((e) => e.name)).not.toContain('MARIADB_DATABASE');
    }
    const apply = fs.readFileSync(path.join(app.outdir, 'APPLY.md'), 'utf8');
    expect(apply).toMatch(/orders-write-health/);

    const alone = galeraDesign(['shop']);
    alone.node.tryRemoveChild('app-global');
    alone.synth();
    for (const env of envOf(alone)) expect(env.map((e) => e.name)).not.toContain('MARIADB_USER');
  });

  test('a host added to a running cluster: ROLLOUT.md creates the account, which the entrypoint makes only on an empty data directory', () => {
    const outdir = tempOutdir();
    const running = galeraDesign(['shop'], undefined, outdir);
    running.node.tryRemoveChild('app-global');
    running.synth();
    galeraDesign(['shop'], undefined, outdir).synth();
    const rollout = fs.readFileSync(path.join(outdir, 'ROLLOUT.md'), 'utf8');
    expect(rollout).toContain('### orders (MariaDB Galera), for shop.app.global.example.com');
    expect(rollout).toContain('printf \'%s\\n\' "CREATE USER IF NOT EXISTS \'write_health\'@\'%\' IDENTIFIED BY \'$(kubectl --context dc-a -n shop get secret orders-write-health '
      + '-o jsonpath=\'{.data.password}\' | base64 -d | sed -e \'s/\\\\/\\\\\\\\/g\' -e "s/\'/\'\'/g")\';" '
      + '| kubectl --context dc-a -n orders exec -i orders-dc-a-0 -c mariadb -- sh -c \'MYSQL_PWD="$MARIADB_ROOT_PASSWORD" mariadb --no-defaults --user=root\'');
    // No GRANT: the account holds USAGE only, as the entrypoint would make it.
    expect(rollout).not.toMatch(/GRANT/);
    const plan = JSON.parse(fs.readFileSync(path.join(outdir, 'rollout.json'), 'utf8'));
    expect(plan.clusters).toEqual([]);
    expect(plan.writeHealthAccounts.map((a: any) => [a.path, a.hosts])).toEqual([['orders', ['shop.app.global.example.com']]]);
  });

  test('Galera\'s detection (evs.inactive_timeout) counts in the withdrawal: REPORT.md, report.json and MS-GSLB-RTO', () => {
    const app = galeraDesign(['shop']);
    app.synth();
    const report = fs.readFileSync(path.join(app.outdir, 'REPORT.md'), 'utf8');
    const data = JSON.parse(fs.readFileSync(path.join(app.outdir, 'report.json'), 'utf8'));
    // The EVS timers REPORT.md prints for this design (2 ms worst RTT: the 5 s floor, inactive 3 × suspect).
    expect(report).toContain('suspect PT5S, inactive PT15S');
    const host = data.writeHealth[0];
    expect(host.probes.map((p: any) => p.detectionSeconds)).toEqual([15, 15]);
    // 15 s detection + 15 s probe (5 s × 2 + 5 s) + 30 s reconcile + 30 s TTL.
    expect(host.withdrawal).toEqual({ detectionSeconds: 15, probeSeconds: 15, reconcileSeconds: 30, ttlSeconds: 30, totalSeconds: 90 });
    expect(report).toContain('A site that cannot write stops being answered within 90 s: its members say so after 15 s at the latest, the probe 15 s,');
    // Mutation: without the detection, a 75 s RTO would pass; with it, MS-GSLB-RTO refuses it.
    expect(() => galeraDesign(['shop'], Duration.seconds(90)).synth()).not.toThrow();
    expect(() => galeraDesign(['shop'], Duration.seconds(75)).synth()).toThrow('for 90 s (database detection 15 s + probe 15 s + k8gb reconcile 30 s + TTL 30 s), above the recoveryTimeObjective of 75 s.');
  });

  test('the data nodes\' policy admits the probe pods on 3306 without sqlClientNamespaces; without that rule (the defect) MS-NETWORK-FLOW-BLOCKED names the flow', () => {
    const app = galeraDesign([]);
    expect(() => app.synth()).not.toThrow();
    const policies = readObjects(app.outdir).filter((o) => o.obj.kind === 'NetworkPolicy' && o.obj.metadata.name === 'orders' && o.obj.metadata.namespace === 'orders');
    expect(policies.map((p) => p.file.split('/')[0])).toEqual(['dc-a', 'dc-b', 'dc-w']);
    for (const { obj } of policies) {
      const probeRules = obj.spec.ingress.filter((r: any) => r.from.some((p: any) => p.podSelector?.matchLabels?.['app.kubernetes.io/name'] === 'write-health'));
      expect(probeRules).toEqual([{
        from: [{
          namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'shop' } },
          podSelector: { matchLabels: { 'app.kubernetes.io/component': 'probe', 'app.kubernetes.io/instance': 'orders', 'app.kubernetes.io/managed-by': 'cdk-multisite', 'app.kubernetes.io/name': 'write-health' } },
        }],
        ports: [{ port: 3306, protocol: 'TCP' }],
      }]);
    }
    const design = analyzeDesign(buildDesign(app, app.shape, (app as any).links));
    const analysis = design.analyses[0];
    const written = writtenNetwork(design, analysis);
    expect(blockedFlows(design, analysis, written)).toEqual([]);
    const messages = blockedFlows(design, analysis, withoutProbeRules(written)).map((v) => v.message);
    expect(messages).toHaveLength(2);
    expect(messages[0]).toMatch(/^write-path health probe TCP 3306 from write-health probe in dc-a to data node in dc-a /);
  });
});
