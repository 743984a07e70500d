import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Duration } from 'cdk8s';
import { parse } from 'yaml';
import {
  ActiveActiveSite, BackupSchedule, BackupTarget, DeploymentShape, DistributedSqlCluster, Latency, MultiSiteApp, SqlEngine, WitnessSite,
} from '../lib';
import { findObject, readObjects, tempOutdir } from './support/designs';
import { EXAMPLE_DESIGNS } from './support/examples';
import { formatProblems, schemasAvailable, validateManifest } from './support/schema-validator';
import { AnalyzedDesign } from '../lib/analysis/analyzed-design';
import { describeFlow } from '../lib/analysis/network-flow';
import { analyzeDesign } from '../lib/check/analyze-design';
import { blockedFlows, networkFlowBlocked } from '../lib/check/rules/network-flow-blocked';
import { endpointOf, WrittenNetwork, writtenNetwork } from '../lib/check/written-network';
import { engineOfKind } from '../lib/engines/registry';
import { evaluateConnection, NetworkPolicyObject } from '../lib/network-policy/evaluate';
import { buildDesign } from '../lib/synth/build-design';

/** Medusa's gRPC port in k8ssandra-operator v1.32.5 (`pkg/medusa/reconcile.go`, DefaultMedusaPort). */
const MEDUSA_GRPC = 50051;

interface Variant {
  readonly target?: BackupTarget;
  readonly incremental?: string;
  readonly insecure?: boolean;
  readonly backup?: boolean;
}

const minio = () => BackupTarget.existingBucket({
  bucketName: 'cass-backups', region: 'us-east-1', endpoint: 'http://minio.backup.example:9000', credentialsSecret: 'backup-s3', accessKeyIdKey: 'id', secretAccessKeyKey: 'key.secret',
});

/** Two datacenters (3 nodes each) in their own clusters, the control plane in a third, backups to `target` unless `backup: false`. */
function design(v: Variant = {}): MultiSiteApp {
  const app = new MultiSiteApp({ outdir: tempOutdir(), shape: DeploymentShape.clusterPerSite() });
  const site = (name: string, i: number) => ({ clusterDomain: `${name}.example`, podCidrs: [`10.${i}.0.0/16`] });
  const a = new ActiveActiveSite(app, 'dc-a', site('dc-a', 1));
  const b = new ActiveActiveSite(app, 'dc-b', site('dc-b', 2));
  const control = new WitnessSite(app, 'control', site('control', 3));
  app.addLink(a, b, Latency.ofRttMillis(5));
  app.addLink(a, control, Latency.ofRttMillis(5));
  app.addLink(b, control, Latency.ofRttMillis(5));
  new DistributedSqlCluster(app, 'cass', {
    engine: SqlEngine.cassandra({ controlPlane: control, insecure: v.insecure, kubernetesContexts: [{ site: b, context: 'k8s-b' }] }),
    placement: [{ site: a, voters: 3 }, { site: b, voters: 3 }],
    ...(v.backup === false ? {} : {
      backup: {
        schedule: BackupSchedule.cron({ full: '0 1 * * 0', incremental: v.incremental }),
        retention: Duration.days(21),
        target: v.target ?? minio(),
      },
    }),
  });
  return app;
}

function analyzed(app: MultiSiteApp): AnalyzedDesign {
  return analyzeDesign(buildDesign(app, app.shape, (app as any).links));
}

function synthesized(app: MultiSiteApp): { objects: { file: string; obj: any }[]; outdir: string } {
  app.synth();
  return { objects: readObjects(app.outdir), outdir: app.outdir };
}

describe('Cassandra backups by Medusa: the cassandra-multi-dc example', () => {
  const outdir = tempOutdir();
  EXAMPLE_DESIGNS['cassandra-multi-dc'](outdir).synth();
  const objects = readObjects(outdir);
  const kc = findObject(objects, 'K8ssandraCluster', 'cassandra', 'dc-control');
  const schedules = objects.filter((o) => o.obj.kind === 'MedusaBackupSchedule');

  test('spec.medusa: AWS S3 in the target\'s region, the credentials by reference, retention by Medusa\'s purge, client certificates', () => {
    expect(kc.spec.medusa).toEqual({
      storageProperties: {
        storageProvider: 's3',
        bucketName: 'example-cassandra-backups',
        prefix: 'cassandra',
        region: 'us-east-2',
        secure: true,
        sslVerify: true,
        storageSecretRef: { name: 'cassandra-medusa-storage' },
        maxBackupAge: 30,
        maxBackupCount: 0,
      },
      purgeBackups: true,
      // The datacenter's own cert-manager Secret: CA, certificate, key (PEM files Medusa's CQL driver reads).
      clientEncryptionStores: {
        keystoreSecretRef: { name: 'cassandra-encryption-stores', key: 'ca.crt' },
        truststoreSecretRef: { name: 'cassandra-encryption-stores', key: 'tls.crt' },
        truststorePasswordSecretRef: { name: 'cassandra-encryption-stores', key: 'tls.key' },
      },
    });
    expect(findObject(objects, 'Certificate', 'cassandra-encryption-stores', 'dc-east').spec.secretName).toBe('cassandra-encryption-stores');
    // No key in any manifest.
    expect(JSON.stringify(objects.map((o) => o.obj))).not.toMatch(/aws_secret_access_key|AWS_SECRET_ACCESS_KEY=/i);
  });

  test('a full and a differential MedusaBackupSchedule per datacenter, in that datacenter\'s cluster and namespace, named after the K8ssandraCluster\'s datacenter', () => {
    const dcNames = kc.spec.cassandra.datacenters.map((d: any) => d.metadata.name);
    expect(dcNames).toEqual(['dc-east', 'dc-west']);
    expect(schedules.map((o) => [o.file.split('/')[0], o.obj.metadata.name, o.obj.metadata.namespace, o.obj.spec.backupSpec.cassandraDatacenter, o.obj.spec.backupSpec.backupType, o.obj.spec.cronSchedule]).sort())
      .toEqual([
        ['dc-east', 'cassandra-dc-east-differential-backup', 'cassandra', 'dc-east', 'differential', 'CRON_TZ=UTC 0 */6 * * *'],
        ['dc-east', 'cassandra-dc-east-full-backup', 'cassandra', 'dc-east', 'full', 'CRON_TZ=UTC 0 3 * * 0'],
        ['dc-west', 'cassandra-dc-west-differential-backup', 'cassandra', 'dc-west', 'differential', 'CRON_TZ=UTC 0 */6 * * *'],
        ['dc-west', 'cassandra-dc-west-full-backup', 'cassandra', 'dc-west', 'full', 'CRON_TZ=UTC 0 3 * * 0'],
      ]);
    expect(schedules.every((o) => o.obj.spec.concurrencyPolicy === 'Forbid' && o.obj.metadata.namespace === kc.metadata.namespace)).toBe(true);
  });

  (schemasAvailable() ? test : test.skip)('the K8ssandraCluster and the schedules validate strictly against k8ssandra-operator v1.32.5\'s CRDs', () => {
    for (const obj of [kc, ...schedules.map((o) => o.obj)]) expect(formatProblems(validateManifest(obj))).toBe('');
  });

  test('each data cluster\'s policy admits Medusa\'s gRPC from the operators\' namespace', () => {
    for (const site of ['dc-east', 'dc-west']) {
      const policy = findObject(objects, 'NetworkPolicy', 'cassandra', site);
      const rule = policy.spec.ingress.find((r: any) => r.ports.some((p: any) => p.port === MEDUSA_GRPC));
      expect(rule.ports).toEqual([{ port: MEDUSA_GRPC, protocol: 'TCP' }]);
      expect(rule.from).toEqual([{ namespaceSelector: { matchLabels: { 'kubernetes.io/metadata.name': 'k8ssandra-operator' } }, podSelector: {} }]);
    }
  });

  test('APPLY.md asks each data cluster for the target\'s Secret and Medusa\'s credentials file made from it, the control plane for neither', () => {
    const apply = fs.readFileSync(path.join(outdir, 'APPLY.md'), 'utf8');
    const sections = apply.split(/\n## \d+\. /);
    const of = (site: string) => sections.find((s) => s.startsWith(`Cluster of site ${site}`))!;
    for (const site of ['dc-east', 'dc-west']) {
      expect(of(site)).toContain('- Secret `cassandra-backup-s3` in namespace `cassandra` with keys `AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`');
      expect(of(site)).toContain('- Secret `cassandra-medusa-storage` in namespace `cassandra` with keys `credentials`');
    }
    expect(of('dc-control')).not.toContain('cassandra-medusa-storage');
  });

  test('REPORT.md gives the tool, the RPO, where the copies are and what a restore needs', () => {
    const report = fs.readFileSync(path.join(outdir, 'REPORT.md'), 'utf8');
    const section = report.slice(report.indexOf('### Backups of cassandra'));
    expect(section).toContain('- Tool: Medusa (K8ssandra MedusaBackupSchedule). Backups at most 6 h apart');
    // One MedusaBackupJob backs one datacenter up: 3 nodes × 200 GiB.
    expect(section).toContain('at most 600 GiB, from the volumes');
    expect(section).toContain('- Copies: s3://example-cassandra-backups/cassandra/ at https://s3.us-east-2.amazonaws.com (region us-east-2); outside every site of the design.');
    expect(section).toContain('a MedusaBackup of each datacenter');
    expect(section).toContain('Steps: RESTORE-cassandra.md.');
  });

  test('RESTORE-cassandra.md restores every datacenter with a MedusaRestoreJob in its own cluster', () => {
    const guide = fs.readFileSync(path.join(outdir, 'RESTORE-cassandra.md'), 'utf8');
    for (const [dc, context] of [['dc-east', 'k8s-east'], ['dc-west', 'k8s-west']]) {
      expect(guide).toContain(`kind: MedusaRestoreJob\\nmetadata: { name: cassandra-${dc}-restore, namespace: cassandra }\\nspec: { cassandraDatacenter: ${dc}, backup: %s }`);
      expect(guide).toContain(`| kubectl --context ${context} -n cassandra create -f -`);
      expect(guide).toContain(`kubectl --context ${context} -n cassandra wait cassandradatacenter/${dc} --for=condition=Ready`);
      expect(guide).toContain(`spec: { cassandraDatacenter: ${dc}, operation: sync }`);
    }
    expect(guide).toContain('deletes backups older than 30 days (`maxBackupAge`)');
  });

  test('the restore job each printf writes validates strictly against the MedusaRestoreJob CRD', () => {
    if (!schemasAvailable()) return;
    const guide = fs.readFileSync(path.join(outdir, 'RESTORE-cassandra.md'), 'utf8');
    const printfs = guide.split('\n').filter((l) => l.startsWith('printf \'apiVersion: medusa.k8ssandra.io'));
    expect(printfs).toHaveLength(4);
    for (const line of printfs) {
      const command = line.slice(0, line.lastIndexOf(' | kubectl'));
      const yaml = spawnSync('bash', ['-c', command], { encoding: 'utf8', env: { ...process.env, BACKUP_DC_EAST: 'b1', BACKUP_DC_WEST: 'b2' } }).stdout;
      expect(formatProblems(validateManifest(parse(yaml)))).toBe('');
    }
  });
});

describe('Cassandra backups: targets, TLS and the flows', () => {
  test('an S3-compatible endpoint: s3_compatible with its host, port and no TLS; an insecure cluster names no client certificates', () => {
    const { objects } = synthesized(design({ insecure: true }));
    const medusa = findObject(objects, 'K8ssandraCluster', 'cass', 'control').spec.medusa;
    expect(medusa.storageProperties).toMatchObject({ storageProvider: 's3_compatible', host: 'minio.backup.example', port: 9000, secure: false, sslVerify: false, region: 'us-east-1', maxBackupAge: 21 });
    expect(medusa.clientEncryptionStores).toBeUndefined();
    // Full backups only: one schedule per datacenter.
    expect(objects.filter((o) => o.obj.kind === 'MedusaBackupSchedule').map((o) => o.obj.metadata.name).sort()).toEqual(['cass-dc-a-full-backup', 'cass-dc-b-full-backup']);
  });

  test('the credentials command writes Medusa\'s file from the target\'s own keys (a key with a dot too), never on a command line', () => {
    const app = design();
    app.synth();
    const apply = fs.readFileSync(path.join(app.outdir, 'APPLY.md'), 'utf8');
    const command = apply.split('\n').map((l) => l.trim()).find((l) => l.startsWith('printf \'[default]') && l.includes('get secret backup-s3'))!;
    expect(command).toContain("jsonpath='{.data.key\\.secret}'");
    // A stand-in kubectl: `get secret` prints the keys base64-encoded, `create` prints its arguments and the file it reads.
    const stub = 'kubectl() { if [ "$3" = get ]; then case "$*" in *data.id*) printf "AKIA/ID" | base64;; *) printf "s3cr+t/%%s" | base64;; esac; else echo "$*"; cat; fi; }';
    const out = spawnSync('bash', ['-c', `${stub}\n${command}`], { encoding: 'utf8' }).stdout;
    expect(out).toBe('-n cass create secret generic cass-medusa-storage --from-file=credentials=/dev/stdin\n[default]\naws_access_key_id = AKIA/ID\naws_secret_access_key = s3cr+t/%s\n');
  });

  test('the gRPC flows run from the operator in each datacenter\'s own cluster, and the written policies admit every flow', () => {
    const d = analyzed(design());
    const flows = engineOfKind('cassandra').networkFlows(d, d.analyses[0].cluster, d.analyses[0].details).filter((f) => f.port === MEDUSA_GRPC);
    expect(flows.map((f) => [f.from.role, f.from.site, f.from.namespace, f.to.site, f.to.namespace])).toEqual([
      ['k8ssandra-operator', 'dc-a', 'k8ssandra-operator', 'dc-a', 'cass'],
      ['k8ssandra-operator', 'dc-b', 'k8ssandra-operator', 'dc-b', 'cass'],
    ]);
    expect(networkFlowBlocked.check(d)).toEqual([]);
  });

  test('mutation: the policies without the gRPC port → MS-NETWORK-FLOW-BLOCKED names the Medusa flow', () => {
    const d = analyzed(design());
    const analysis = d.analyses[0];
    const written = writtenNetwork(d, analysis);
    const flow = engineOfKind('cassandra').networkFlows(d, analysis.cluster, analysis.details).find((f) => f.port === MEDUSA_GRPC)!;
    const connection = { from: endpointOf(d, written, flow.from), to: endpointOf(d, written, flow.to), port: MEDUSA_GRPC };
    expect(evaluateConnection(written.policies, connection).allowed).toBe(true);
    const withoutGrpc = (p: NetworkPolicyObject): NetworkPolicyObject => ({
      ...p,
      spec: { ...p.spec, ingress: (p.spec?.ingress ?? []).filter((r) => !(r.ports ?? []).some((x) => x.port === MEDUSA_GRPC)) },
    });
    const mutated: WrittenNetwork = { ...written, policies: new Map([...written.policies].map(([k, ps]) => [k, ps.map(withoutGrpc)])) };
    const messages = blockedFlows(d, analysis, mutated).map((v) => v.message);
    expect(messages).toHaveLength(2);
    expect(messages[0].startsWith(describeFlow(flow))).toBe(true);
    expect(messages[0]).toContain('Medusa gRPC');
  });

  test('without backup: no spec.medusa, no schedules, no gRPC flow or rule', () => {
    const app = design({ backup: false });
    const d = analyzed(app);
    expect(engineOfKind('cassandra').networkFlows(d, d.analyses[0].cluster, d.analyses[0].details).some((f) => f.port === MEDUSA_GRPC)).toBe(false);
    const { objects } = synthesized(design({ backup: false }));
    expect(findObject(objects, 'K8ssandraCluster', 'cass', 'control').spec.medusa).toBeUndefined();
    expect(objects.some((o) => o.obj.kind === 'MedusaBackupSchedule')).toBe(false);
    const policies = objects.filter((o) => o.obj.kind === 'NetworkPolicy').map((o) => o.obj);
    expect(JSON.stringify(policies)).not.toContain(String(MEDUSA_GRPC));
  });
});

describe('Cassandra backups: what Medusa cannot do here is refused', () => {
  const created = () => BackupTarget.createdBucket({ bucketName: 'example-cass-backups', region: 'eu-central-1', credentialsSecret: 'backup-s3' });

  test('a bucket the library creates with incremental (differential) backups: its lifecycle would delete files they share', () => {
    expect(() => design({ target: created(), incremental: '0 */6 * * *' })).toThrow(
      'DistributedSqlCluster "cass": backup.schedule.incremental "0 */6 * * *" is set with BackupTarget.createdBucket, whose lifecycle rule expires every object by age; '
      + 'Apache Cassandra (K8ssandra)\'s incremental backups (Medusa (K8ssandra MedusaBackupSchedule)) keep referring to files uploaded by older backups, which that rule would delete.',
    );
  });

  test('an endpoint with a path: Medusa takes a host and a port only', () => {
    const target = BackupTarget.existingBucket({ bucketName: 'cass-backups', region: 'us-east-1', endpoint: 'https://s3.example.com/minio', credentialsSecret: 'backup-s3' });
    expect(() => design({ target })).toThrow('DistributedSqlCluster "cass": backup.target.endpoint "https://s3.example.com/minio" has a path, but Medusa reaches an S3-compatible store by host and port only');
    const root = BackupTarget.existingBucket({ bucketName: 'cass-backups', region: 'us-east-1', endpoint: 'https://s3.example.com/', credentialsSecret: 'backup-s3' });
    expect(() => design({ target: root })).not.toThrow();
  });

  test('a created bucket with full backups only is taken: each full backup uploads its own files', () => {
    const { objects } = synthesized(design({ target: created() }));
    expect(findObject(objects, 'K8ssandraCluster', 'cass', 'control').spec.medusa.storageProperties).toMatchObject({ storageProvider: 's3', region: 'eu-central-1', bucketName: 'example-cass-backups' });
  });
});
