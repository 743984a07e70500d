import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import Ajv2020 from 'ajv/dist/2020';
import { CassandraConsistency, MultiSiteApp } from '../lib';
import { readObjects, tempOutdir } from './support/designs';
import { formatProblems, schemasAvailable, validateManifest } from './support/schema-validator';
import { withoutProbeRules } from './support/without-probe-rules';
import { writeHealthDesign } from './support/write-health-designs';
import { AnalyzedDesign } from '../lib/analysis/analyzed-design';
import { analyzeDesign } from '../lib/check/analyze-design';
import { blockedFlows } from '../lib/check/rules/network-flow-blocked';
import { writtenNetwork } from '../lib/check/written-network';
import { writeHealthReplicas } from '../lib/engines/cassandra/write-health-setup';
import { buildDesign } from '../lib/synth/build-design';

/**
 * The write-path probes of YugabyteDB and Cassandra (issue 32), on the written output. Neither
 * database runs here: the commands are checked against the clients' documented behaviour, cited in
 * lib/engines/yugabytedb/write-health.ts and lib/engines/cassandra/write-health.ts.
 */

interface Synthed { app: MultiSiteApp; objects: { file: string; obj: any }[]; apply: string; report: string; data: any }

function synthed(app: MultiSiteApp): Synthed {
  app.synth();
  const read = (f: string) => fs.readFileSync(path.join(app.outdir, f), 'utf8');
  return { app, objects: readObjects(app.outdir), apply: read('APPLY.md'), report: read('REPORT.md'), data: JSON.parse(read('report.json')) };
}

function probeContainer(s: Synthed, site: string): any {
  const deployment = s.objects.find((o) => o.file === `${site}/shop/deployment-shop-app-global-write-health.yaml`)!.obj;
  return deployment.spec.template.spec.containers[0];
}

function analyzed(app: MultiSiteApp): AnalyzedDesign {
  return analyzeDesign(buildDesign(app, app.shape, (app as any).links));
}

describe('YugabyteDB: a real write through the site\'s tservers', () => {
  const yb = synthed(writeHealthDesign(tempOutdir(), 'yugabytedb'));

  test('the probe upserts its site\'s row through the site\'s own tservers, as write_health, password from its Secret', () => {
    for (const site of ['dc-a', 'dc-b', 'dc-c']) {
      const container = probeContainer(yb, site);
      const [shell, flag, script] = container.readinessProbe.exec.command;
      expect([shell, flag]).toEqual(['/bin/bash', '-c']);
      expect(script).toContain('export PGCONNECT_TIMEOUT=2 PGSSLMODE=require PGOPTIONS=\'-c statement_timeout=3000\'');
      expect(script).toContain(`exec /home/yugabyte/bin/ysqlsh -X -q -v ON_ERROR_STOP=1 -h yb-${site}-tservers.yb.svc.${site}.example -p 5433 -U write_health -d yugabyte -c `);
      expect(script).toContain(`"INSERT INTO write_health.sites (site, written_at) VALUES ('${site}', now()) ON CONFLICT (site) DO UPDATE SET written_at = now()"`);
      expect(container.image).toBe('yugabytedb/yugabyte:2026.1.0.1-b1');
      expect(container.env).toEqual([{ name: 'PGPASSWORD', valueFrom: { secretKeyRef: { name: 'yb-write-health', key: 'password' } } }]);
      expect(container.securityContext).toMatchObject({
        runAsUser: 10001, runAsNonRoot: true, readOnlyRootFilesystem: true, allowPrivilegeEscalation: false,
      });
      // The statement timeout (3 s) and connect timeout (2 s) end inside the probe's timeout.
      expect(container.readinessProbe).toMatchObject({ periodSeconds: 5, timeoutSeconds: 5, failureThreshold: 2 });
    }
  });

  test('the headless Service the probe names governs the site\'s tservers only', () => {
    const svc = yb.objects.find((o) => o.obj.kind === 'Service' && o.obj.metadata.name === 'yb-dc-b-tservers')!;
    expect(svc.file.startsWith('dc-b/')).toBe(true);
    expect(svc.obj.spec.clusterIP).toBe('None');
    expect(svc.obj.spec.selector).toMatchObject({ 'app.kubernetes.io/component': 'database', 'cdk-multisite/site': 'dc-b' });
  });

  test('WRITE-HEALTH-yb.sql makes the role and table once, with column grants only; APPLY.md runs it with both passwords off the command line', () => {
    const sql = fs.readFileSync(path.join(yb.app.outdir, 'WRITE-HEALTH-yb.sql'), 'utf8');
    expect(sql).toContain('ALTER ROLE write_health WITH LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE PASSWORD :\'pw\';');
    expect(sql).toContain('CREATE TABLE IF NOT EXISTS write_health.sites (site text PRIMARY KEY, written_at timestamptz NOT NULL);');
    expect(sql).toContain('GRANT SELECT (site), INSERT (site, written_at), UPDATE (written_at) ON write_health.sites TO write_health;');
    expect(sql.match(/^GRANT /gm)).toHaveLength(2);
    expect(sql).not.toMatch(/GRANT ALL|SUPERUSER;|CREATEDB;/);
    expect(yb.apply).toContain('Create the write-path probe\'s YSQL role `write_health`');
    // The yugabyte role's password is the first line of ysqlsh's stdin (read into PGPASSWORD inside
    // the pod), from the Secret the backup uses: no password is an argument of kubectl or of ysqlsh.
    expect(yb.apply).toContain('{ kubectl --context dc-a -n yb get secret yb-ysql-superuser -o jsonpath=\'{.data.password}\' | base64 -d; echo; '
      + 'printf \'%s\\n\' "\\\\set pw \'$(kubectl --context dc-a -n shop get secret yb-write-health -o jsonpath=\'{.data.password}\' | base64 -d | sed -e \'s/\\\\/\\\\\\\\/g\' -e "s/\'/\'\'/g")\'"; cat WRITE-HEALTH-yb.sql; } | '
      + 'kubectl --context dc-a -n yb exec -i yb-dc-a-tserver-0 -c yb-tserver -- bash -c \'IFS= read -r PGPASSWORD; export PGPASSWORD; '
      + 'exec env PGSSLMODE=require /home/yugabyte/bin/ysqlsh -X -h yb-dc-a-tserver-0 -p 5433 -U yugabyte -d yugabyte\'');
    expect(yb.apply).not.toMatch(/PGPASSWORD="\$|read -rsp/);
  });

  test('APPLY.md\'s step hands ysqlsh the probe\'s password as psql reads it back: backslashes and quotes doubled', () => {
    // psql, in a single-quoted meta-command argument, reads '' as ' and \\ as \ (\b would be a backspace:
    // https://www.postgresql.org/docs/15/app-psql.html, Meta-Commands); run here with a stub kubectl.
    const command = /\n {3}(\{ kubectl --context dc-a -n yb get secret yb-ysql-superuser[^\n]*)/.exec(yb.apply)![1];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yb-wh-step-'));
    fs.writeFileSync(path.join(dir, 'kubectl'), [
      '#!/bin/bash',
      'case "$*" in',
      `  *"get secret yb-write-health"*) printf '%s' ${JSON.stringify(Buffer.from('a\\b\'c').toString('base64'))};;`,
      `  *"get secret yb-ysql-superuser"*) printf '%s' ${JSON.stringify(Buffer.from('su').toString('base64'))};;`,
      '  *" exec -i "*) cat > "$OUT";;',
      'esac',
    ].join('\n'), { mode: 0o755 });
    const r = spawnSync('bash', ['--norc', '--noprofile', '-c', command], {
      cwd: yb.app.outdir, encoding: 'utf8', env: { PATH: `${dir}:/usr/bin:/bin`, OUT: path.join(dir, 'stdin') },
    });
    expect(r.status).toBe(0);
    const stdin = fs.readFileSync(path.join(dir, 'stdin'), 'utf8').split('\n');
    expect(stdin.slice(0, 2)).toEqual(['su', "\\set pw 'a\\\\b''c'"]);
  });

  test('a new cluster\'s yugabyte role gets the password of its Secret (the default is yugabyte) before the steps that log in with it; the Secret is asked for', () => {
    expect(yb.apply).toContain('- Secret `yb-ysql-superuser` in namespace `yb` with keys `password` (needed by the step after the apply that sets the YSQL password of the role yugabyte of yb)');
    const set = yb.apply.indexOf('New cluster only: set the YSQL password of the role `yugabyte`');
    expect(set).toBeGreaterThan(0);
    expect(set).toBeLessThan(yb.apply.indexOf('Create the write-path probe\'s YSQL role'));
    // Run against a stand-in kubectl: ysqlsh gets the new password as psql reads it back, on stdin,
    // logging in with the public default; the Secret's value is no argument of kubectl or ysqlsh.
    const command = /\n {3}(\{ printf '%s\\n' "\\\\set pw '\$\(kubectl --context dc-a -n yb get secret yb-ysql-superuser[^\n]*)/.exec(yb.apply)![1];
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'yb-su-step-'));
    try {
      fs.writeFileSync(path.join(dir, 'kubectl'), [
        '#!/bin/bash',
        'echo "$*" >> "$ARGS"',
        'case "$*" in',
        `  *"get secret yb-ysql-superuser"*) printf '%s' ${JSON.stringify(Buffer.from('n\\ew\'pw').toString('base64'))};;`,
        '  *" exec -i "*) cat > "$OUT";;',
        'esac',
      ].join('\n'), { mode: 0o755 });
      const r = spawnSync('bash', ['--norc', '--noprofile', '-c', command], {
        cwd: yb.app.outdir, encoding: 'utf8', env: { PATH: `${dir}:/usr/bin:/bin`, OUT: path.join(dir, 'stdin'), ARGS: path.join(dir, 'args') },
      });
      expect(r.status).toBe(0);
      expect(fs.readFileSync(path.join(dir, 'stdin'), 'utf8')).toBe("\\set pw 'n\\\\ew''pw'\nALTER ROLE yugabyte WITH PASSWORD :'pw';\n");
      const args = fs.readFileSync(path.join(dir, 'args'), 'utf8');
      expect(args).toContain('exec -i yb-dc-a-tserver-0 -c yb-tserver -- env PGPASSWORD=yugabyte PGSSLMODE=require /home/yugabyte/bin/ysqlsh -X -v ON_ERROR_STOP=1');
      expect(args).not.toContain('ew');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('report.json: no detection term, 75 s withdrawal, and per loss the two other sites answer', () => {
    const host = yb.data.writeHealth[0];
    expect(host.cluster).toBe('yb');
    expect(host.probes.map((p: any) => p.detectionSeconds)).toEqual([0, 0, 0]);
    expect(host.withdrawal).toEqual({ detectionSeconds: 0, probeSeconds: 15, reconcileSeconds: 30, ttlSeconds: 30, totalSeconds: 75 });
    expect(host.losses.map((l: any) => [l.lost.join(), l.answers.join()])).toEqual([
      ['', 'dc-a,dc-b,dc-c'], ['dc-a', 'dc-b,dc-c'], ['dc-b', 'dc-a,dc-c'], ['dc-c', 'dc-a,dc-b'],
    ]);
    expect(yb.report).toContain('dc-a: ready while a tserver of the site commits a write of the site\'s row (YSQL upsert as write_health)');
  });

  test('the probe\'s YSQL connection is a declared flow the tservers\' policy admits; without that rule (the defect) MS-NETWORK-FLOW-BLOCKED names it', () => {
    const design = analyzed(writeHealthDesign(tempOutdir(), 'yugabytedb'));
    const analysis = design.analyses[0];
    const written = writtenNetwork(design, analysis);
    expect(blockedFlows(design, analysis, written)).toEqual([]);
    const messages = blockedFlows(design, analysis, withoutProbeRules(written)).map((v) => v.message);
    expect(messages).toHaveLength(3);
    expect(messages[0]).toMatch(/^write-path health probe TCP 5433 from write-health probe in dc-a to yb-tserver in dc-a /);
  });

  test('three tservers in a site: the probe waits for libpq to try each (2 s apiece) and the write (3 s), and the withdrawal counts it', () => {
    const s = synthed(writeHealthDesign(tempOutdir(), 'yugabytedb', { tserversPerSite: 3 }));
    expect(probeContainer(s, 'dc-a').readinessProbe).toMatchObject({ periodSeconds: 5, timeoutSeconds: 9, failureThreshold: 2 });
    expect(s.data.writeHealth[0].withdrawal)
      .toEqual({ detectionSeconds: 0, probeSeconds: 19, reconcileSeconds: 30, ttlSeconds: 30, totalSeconds: 79 });
  });

  test('insecure: the probe asks for no TLS', () => {
    const s = synthed(writeHealthDesign(tempOutdir(), 'yugabytedb', { insecure: true }));
    expect(probeContainer(s, 'dc-a').readinessProbe.exec.command[2]).toContain('PGSSLMODE=disable');
  });

  test('without a dependent host: no probe, no SQL file, no step', () => {
    const app = writeHealthDesign(tempOutdir(), 'yugabytedb');
    app.node.tryRemoveChild('app-global');
    const s = synthed(app);
    expect(fs.existsSync(path.join(app.outdir, 'WRITE-HEALTH-yb.sql'))).toBe(false);
    expect(s.apply).not.toContain('write_health');
    expect(s.objects.filter((o) => /write-health/.test(o.file))).toEqual([]);
  });
});

describe('Cassandra: a write at the application\'s level, coordinated in the site\'s datacenter', () => {
  const local = synthed(writeHealthDesign(tempOutdir(), 'cassandra'));
  const quorum = synthed(writeHealthDesign(tempOutdir(), 'cassandra', { writeConsistency: CassandraConsistency.QUORUM }));

  test.each([
    ['LOCAL_QUORUM (the default)', local, 'LOCAL_QUORUM'],
    ['QUORUM', quorum, 'QUORUM'],
  ] as const)('%s: cqlsh writes the datacenter\'s row at exactly the write level, through the datacenter\'s Service, as write_health', (_name, s, level) => {
    for (const site of ['dc-a', 'dc-b', 'dc-c']) {
      const container = probeContainer(s, site);
      const script: string = container.readinessProbe.exec.command[2];
      expect(script).toContain('export HOME=/tmp SSL_VALIDATE=false');
      expect(script).toContain(`exec cqlsh --ssl --connect-timeout=3 --request-timeout=5 -u write_health -p "$WRITE_HEALTH_PASSWORD" -e "CONSISTENCY ${level}; `
        + `INSERT INTO write_health.datacenters (datacenter, written_at) VALUES ('${site}', toTimestamp(now()));" cass-${site}-service.cass.svc.${site}.example 9042`);
      expect(script.match(/CONSISTENCY/g)).toHaveLength(1);
      expect(container.image).toBe('docker.io/k8ssandra/cass-management-api:4.1.5-ubi');
      expect(container.env).toEqual([{ name: 'WRITE_HEALTH_PASSWORD', valueFrom: { secretKeyRef: { name: 'cass-write-health', key: 'password' } } }]);
      expect(container.securityContext).toMatchObject({ runAsUser: 999, runAsNonRoot: true, readOnlyRootFilesystem: true });
      expect(JSON.stringify(container)).not.toContain('superuser');
    }
    // No probe in the control plane's site: it holds no datacenter and serves no answers.
    expect(s.objects.filter((o) => o.file.startsWith('control/') && /write-health/.test(o.file))).toEqual([]);
  });

  test('WRITE-HEALTH-cass.cql: the keyspace replicated like the application\'s, MODIFY on one table; APPLY.md sets the password on stdin, after the keyspaces', () => {
    const cql = fs.readFileSync(path.join(local.app.outdir, 'WRITE-HEALTH-cass.cql'), 'utf8');
    expect(cql).toContain('CREATE KEYSPACE IF NOT EXISTS write_health WITH replication = {\'class\': \'NetworkTopologyStrategy\', \'dc-a\': 3, \'dc-b\': 3, \'dc-c\': 3};');
    expect(cql).toContain('CREATE ROLE IF NOT EXISTS write_health WITH LOGIN = true AND SUPERUSER = false;');
    expect(cql.match(/^GRANT .*$/gm)).toEqual(['GRANT MODIFY ON TABLE write_health.datacenters TO write_health;']);
    expect(cql).not.toMatch(/PASSWORD/);
    const keyspaces = local.apply.indexOf('cat KEYSPACES-cass.cql; } | kubectl --context dc-a -n cass exec -i cass-dc-a-default-sts-0 -c cassandra --');
    const role = local.apply.indexOf('{ cat WRITE-HEALTH-cass.cql; printf \'%s\\n\' "ALTER ROLE write_health WITH PASSWORD = \'$(kubectl --context dc-a -n shop get secret cass-write-health -o jsonpath=\'{.data.password}\' | base64 -d | sed "s/\'/\'\'/g")\' AND LOGIN = true;"; }; } | kubectl --context dc-a -n cass exec -i cass-dc-a-default-sts-0 -c cassandra --');
    expect(keyspaces).toBeGreaterThan(0);
    expect(role).toBeGreaterThan(keyspaces);
  });

  test('the superuser\'s cqlsh steps read its name and password on stdin in the pod: neither is an argument of kubectl (run against a stand-in kubectl and cqlsh)', () => {
    const work = fs.mkdtempSync(path.join(os.tmpdir(), 'cqlsh-superuser-'));
    try {
      fs.writeFileSync(path.join(work, 'kubectl'), [
        '#!/bin/bash',
        'echo "$*" >> "$WORK/kubectl-args"',
        'case "$*" in',
        '  *"get secret cass-superuser"*"data.username"*) printf %s cass-superuser | base64 ;;',
        '  *"get secret cass-superuser"*"data.password"*) printf %s "s3cr3t pa\\ss" | base64 ;;',
        '  *"get secret cass-write-health"*) printf %s "pro\'be" | base64 ;;',
        '  *" exec -i "*) shift $(( $# - 3 )); exec "$1" "$2" "$3" ;;',
        'esac',
      ].join('\n'), { mode: 0o755 });
      fs.writeFileSync(path.join(work, 'cqlsh'), '#!/bin/bash\nprintf \'%s\\n\' "$@" > "$WORK/cqlsh-args"\ncat > "$WORK/cqlsh-stdin"\n', { mode: 0o755 });
      fs.copyFileSync(path.join(local.app.outdir, 'WRITE-HEALTH-cass.cql'), path.join(work, 'WRITE-HEALTH-cass.cql'));
      const step = local.apply.split('\n').map((l) => l.trim()).find((l) => l.startsWith('{ kubectl') && l.includes('cat WRITE-HEALTH-cass.cql'))!;
      const run = spawnSync('bash', ['-euo', 'pipefail', '-c', step], { cwd: work, encoding: 'utf8', env: { ...process.env, PATH: `${work}:${process.env.PATH}`, WORK: work } });
      expect(run.stderr).toBe('');
      expect(run.status).toBe(0);
      const args = fs.readFileSync(path.join(work, 'cqlsh-args'), 'utf8').split('\n');
      expect(args.slice(0, 5)).toEqual(['--ssl', '-u', 'cass-superuser', '-p', 's3cr3t pa\\ss']);
      const stdin = fs.readFileSync(path.join(work, 'cqlsh-stdin'), 'utf8');
      expect(stdin.startsWith(fs.readFileSync(path.join(work, 'WRITE-HEALTH-cass.cql'), 'utf8'))).toBe(true);
      expect(stdin).toContain('ALTER ROLE write_health WITH PASSWORD = \'pro\'\'be\' AND LOGIN = true;');
      expect(fs.readFileSync(path.join(work, 'kubectl-args'), 'utf8')).not.toMatch(/s3cr3t|cass-superuser -p/);
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });

  test('the probe keyspace keeps, per datacenter, the fewest replicas any keyspace keeps there; disjoint keyspaces fall back to the first', () => {
    const dcs = ['dc-a', 'dc-b', 'dc-c'].map((site) => ({ site }));
    const ks = (name: string, replicas: [string, number][]) => ({ name, replicas: new Map(replicas), assumed: false });
    const of = (keyspaces: any[]) => [...writeHealthReplicas({ details: { datacenters: dcs, keyspaces } } as any)];
    expect(of([ks('shop', [['dc-a', 3], ['dc-b', 3], ['dc-c', 3]]), ks('audit', [['dc-a', 3], ['dc-b', 3], ['dc-c', 1]])]))
      .toEqual([['dc-a', 3], ['dc-b', 3], ['dc-c', 1]]);
    // A keyspace with no replica in dc-c: LOCAL_ writes from dc-c fail for it, so the probe's must too.
    expect(of([ks('shop', [['dc-a', 3], ['dc-b', 3], ['dc-c', 3]]), ks('eu', [['dc-a', 2], ['dc-b', 2], ['dc-c', 0]])]))
      .toEqual([['dc-a', 2], ['dc-b', 2], ['dc-c', 0]]);
    expect(of([ks('a-only', [['dc-a', 3], ['dc-b', 0], ['dc-c', 0]]), ks('b-only', [['dc-a', 0], ['dc-b', 3], ['dc-c', 0]])]))
      .toEqual([['dc-a', 3], ['dc-b', 0], ['dc-c', 0]]);
  });

  test('report.json: LOCAL_QUORUM and QUORUM both survive one datacenter lost; the withdrawal has no detection term', () => {
    for (const s of [local, quorum]) {
      const host = s.data.writeHealth[0];
      expect(host.withdrawal).toEqual({ detectionSeconds: 0, probeSeconds: 28, reconcileSeconds: 30, ttlSeconds: 30, totalSeconds: 88 });
      expect(host.losses.map((l: any) => [l.lost.join(), l.answers.join()])).toEqual([
        ['', 'dc-a,dc-b,dc-c'], ['dc-a', 'dc-b,dc-c'], ['dc-b', 'dc-a,dc-c'], ['dc-c', 'dc-a,dc-b'], ['control', 'dc-a,dc-b,dc-c'],
      ]);
    }
    expect(quorum.report).toContain('ready while a node of the site\'s datacenter coordinates a write at QUORUM (the application\'s write level)');
  });

  test('the probe\'s CQL connection is a declared flow the nodes\' policy admits; without that rule (the defect) MS-NETWORK-FLOW-BLOCKED names it', () => {
    const design = analyzed(writeHealthDesign(tempOutdir(), 'cassandra'));
    const analysis = design.analyses[0];
    const written = writtenNetwork(design, analysis);
    expect(blockedFlows(design, analysis, written)).toEqual([]);
    const messages = blockedFlows(design, analysis, withoutProbeRules(written)).map((v) => v.message);
    expect(messages).toHaveLength(3);
    expect(messages[0]).toMatch(/^write-path health probe TCP 9042 from write-health probe in dc-a to Cassandra node in dc-a /);
  });
});

describe('report.json validates against lib/report/report.schema.json', () => {
  const schema = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'lib', 'report', 'report.schema.json'), 'utf8'));
  const validate = new Ajv2020({ strict: true, allErrors: true }).compile(schema);
  test.each([
    ['yugabytedb', () => writeHealthDesign(tempOutdir(), 'yugabytedb')],
    ['cassandra', () => writeHealthDesign(tempOutdir(), 'cassandra')],
  ] as const)('%s', (_name, make) => {
    const { data } = synthed(make());
    expect(validate(data) ? '' : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`).join('\n')).toBe('');
  });
});

(schemasAvailable() ? describe : describe.skip)('schema-valid output', () => {
  test.each([
    ['yugabytedb', () => writeHealthDesign(tempOutdir(), 'yugabytedb')],
    ['cassandra', () => writeHealthDesign(tempOutdir(), 'cassandra')],
  ] as const)('%s: every written object validates strictly', (_name, make) => {
    const s = synthed(make());
    for (const { file, obj } of s.objects) expect(`${file}: ${formatProblems(validateManifest(obj))}`).toBe(`${file}: `);
  });
});

describe('a host that starts depending on a running cluster: ROLLOUT.md makes the probe\'s account', () => {
  /** Synth without the GSLB zone, then with it, into the same folder; the second synth's ROLLOUT.md. */
  function rolloutAfterAddingHost(make: (outdir: string) => MultiSiteApp): string | undefined {
    const outdir = tempOutdir();
    const first = make(outdir);
    first.node.tryRemoveChild('app-global');
    first.synth();
    make(outdir).synth();
    const file = path.join(outdir, 'ROLLOUT.md');
    return fs.existsSync(file) ? fs.readFileSync(file, 'utf8') : undefined;
  }

  test('YugabyteDB: the role and table step, as APPLY.md has it', () => {
    const rollout = rolloutAfterAddingHost((o) => writeHealthDesign(o, 'yugabytedb'))!;
    expect(rollout).toContain('## Write-path probe accounts on running clusters');
    // Before the apply: the new output starts the probe, which fails everywhere (k8gb withdraws every site) until the account exists.
    expect(rollout).toContain('Run each step once, before applying the new output');
    expect(rollout).not.toContain('after applying the new output');
    expect(rollout).toContain('### yb (YugabyteDB), for shop.app.global.example.com');
    expect(rollout).toContain('cat WRITE-HEALTH-yb.sql; } | kubectl --context dc-a -n yb exec -i yb-dc-a-tserver-0 -c yb-tserver --');
    // Only the account section: no placement moved.
    expect(rollout).not.toContain('The placement changed');
  });

  test('Cassandra: the keyspace, table and role step', () => {
    const rollout = rolloutAfterAddingHost((o) => writeHealthDesign(o, 'cassandra'))!;
    expect(rollout).toContain('### cass (Apache Cassandra (K8ssandra)), for shop.app.global.example.com');
    expect(rollout).toContain('{ cat WRITE-HEALTH-cass.cql; printf \'%s\\n\' "ALTER ROLE write_health WITH PASSWORD = ');
  });

  test('a second synth with the host already there (the account exists) writes no ROLLOUT.md', () => {
    const outdir = tempOutdir();
    writeHealthDesign(outdir, 'yugabytedb').synth();
    writeHealthDesign(outdir, 'yugabytedb').synth();
    expect(fs.existsSync(path.join(outdir, 'ROLLOUT.md'))).toBe(false);
  });
});
