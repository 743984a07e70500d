import { Duration } from 'cdk8s';
import {
  ActiveActiveSite, BackupSchedule, BackupTarget, DeploymentShape, DistributedSqlCluster, GaleraRouting, Latency, MultiSiteApp,
  SqlEngine, WitnessSite,
} from '../lib';
import { findObject, readObjects, tempOutdir } from './support/designs';
import { formatProblems, schemasAvailable, validateManifest } from './support/schema-validator';
import { AnalyzedDesign } from '../lib/analysis/analyzed-design';
import { galeraBackupPlan } from '../lib/engines/galera/backup';
import { engineOfKind } from '../lib/engines/registry';
import { analyzeDesign } from '../lib/synth/analyze-design';
import { buildDesign } from '../lib/synth/build-design';
import { networkFlowBlocked } from '../lib/synth/rules/network-flow-blocked';

const backup = {
  schedule: BackupSchedule.cron({ full: '0 3 * * *' }),
  retention: Duration.days(14),
  target: BackupTarget.existingBucket({
    bucketName: 'ledger-backups', region: 'eu-central-1', endpoint: 'https://minio.backup.example:9000', credentialsSecret: 'backup-s3',
  }),
};

/** Galera over three clusters, one per site: 2 + 2 data nodes, garbd in the witness; single writer unless `multiWriter`. */
function design(outdir: string, routing?: GaleraRouting): MultiSiteApp {
  const app = new MultiSiteApp({ outdir, shape: DeploymentShape.clusterPerSite() });
  const site = (name: string, i: number) => ({ clusterDomain: `${name}.cluster.example`, podCidrs: [`10.${i}.0.0/16`], clusterDnsAddress: `172.16.${i}.53` });
  const a = new ActiveActiveSite(app, 'dc-a', site('dc-a', 1));
  const b = new ActiveActiveSite(app, 'dc-b', site('dc-b', 2));
  const w = new WitnessSite(app, 'dc-w', site('dc-w', 3));
  app.addLink(a, b, Latency.ofRttMillis(1));
  app.addLink(a, w, Latency.ofRttMillis(2));
  app.addLink(b, w, Latency.ofRttMillis(2));
  new DistributedSqlCluster(app, 'ledger', {
    engine: SqlEngine.galera({ arbitratorImage: 'example.com/garbd:26.4', routing: routing ?? GaleraRouting.singleWriter({ priority: [b, a] }) }),
    placement: [{ site: a, voters: 2 }, { site: b, voters: 2 }, { site: w, arbitrators: 1 }],
    backup,
  });
  return app;
}

function analyzed(app: MultiSiteApp): AnalyzedDesign {
  return analyzeDesign(buildDesign(app, app.shape, (app as any).links));
}

describe('Galera backup: a CronJob beside the last node in the writers\' order', () => {
  const outdir = tempOutdir();
  design(outdir).synth();
  const objects = readObjects(outdir);
  const cron = findObject(objects, 'CronJob', 'ledger-backup');
  const pod = cron.spec.jobTemplate.spec.template.spec;
  const [backupContainer, upload] = pod.containers;

  test('single writer with priority [dc-b, dc-a]: it copies dc-a\'s last node, from dc-a\'s cluster, after checking the three nodes ahead of it', () => {
    const d = analyzed(design(tempOutdir()));
    const plan = galeraBackupPlan(d, d.analyses[0].cluster as any, d.analyses[0].details as any);
    expect(plan.node.pod).toBe('ledger-dc-a-1');
    expect(plan.aheadInWriterOrder.map((n) => n.pod)).toEqual(['ledger-dc-b-0', 'ledger-dc-b-1', 'ledger-dc-a-0']);
    expect(objects.filter((o) => o.obj.kind === 'CronJob').map((o) => o.file.split('/')[0])).toEqual(['dc-a']);
    // On the node of that pod, with its volume and its settings
    expect(pod.affinity.podAffinity.requiredDuringSchedulingIgnoredDuringExecution).toEqual([
      { labelSelector: { matchLabels: { 'statefulset.kubernetes.io/pod-name': 'ledger-dc-a-1' } }, topologyKey: 'kubernetes.io/hostname' },
    ]);
    expect(pod.volumes).toContainEqual({ name: 'datadir', persistentVolumeClaim: { claimName: 'datadir-ledger-dc-a-1', readOnly: true } });
    expect(pod.volumes).toContainEqual({ name: 'config', configMap: { name: 'ledger-dc-a-config' } });
    // The claim and the config map are the ones the StatefulSet writes.
    const sts = findObject(objects, 'StatefulSet', 'ledger-dc-a', 'dc-a');
    expect(sts.spec.volumeClaimTemplates[0].metadata.name).toBe('datadir');
    expect(findObject(objects, 'ConfigMap', 'ledger-dc-a-config', 'dc-a')).toBeDefined();
  });

  test('multi-writer: the last node in placement order, nothing to check ahead', () => {
    const d = analyzed(design(tempOutdir(), GaleraRouting.multiWriter()));
    const plan = galeraBackupPlan(d, d.analyses[0].cluster as any, d.analyses[0].details as any);
    expect(plan.node.pod).toBe('ledger-dc-b-1');
    expect(plan.aheadInWriterOrder).toEqual([]);
  });

  test('the schedule is the full cron in UTC, one at a time', () => {
    expect(cron.spec).toMatchObject({ schedule: '0 3 * * *', timeZone: 'Etc/UTC', concurrencyPolicy: 'Forbid' });
  });

  test('the backup script: Synced, a writer ahead, desync around mariadb-backup into the FIFO, reset by a trap', () => {
    const script: string = backupContainer.command[2];
    expect(backupContainer.image).toBe('mariadb:11.4');
    expect(script).toContain('node=ledger-dc-a-1.ledger-dc-a.ledger.svc.dc-a.cluster.example');
    expect(script).toContain('ahead=(ledger-dc-b-0.ledger-dc-b.ledger.svc.dc-b.cluster.example ledger-dc-b-1.ledger-dc-b.ledger.svc.dc-b.cluster.example ledger-dc-a-0.ledger-dc-a.ledger.svc.dc-a.cluster.example)');
    const order = ['if [ "$s" != Synced ]', 'writer=$h', 'exec 3> /stage/stream', 'SET GLOBAL wsrep_desync = ON', 'mariadb-backup --backup --stream=xbstream --galera-info', 'SET GLOBAL wsrep_desync = OFF'];
    const at = order.map((o) => script.lastIndexOf(o));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((x, y) => x - y)).toEqual(at);
    expect(script).toContain('trap finish EXIT');
    expect(script).toMatch(/finish\(\) \{\n {2}code=\$\?\n {2}if \[ -n "\$desynced" \]; then sql "\$node" "SET GLOBAL wsrep_desync = OFF"/);
    // TLS is on: the clients say --ssl
    expect(script).toContain('--port=3306 --ssl');
  });

  test('credentials by Secret reference only; the upload names the bucket, endpoint and region', () => {
    expect(backupContainer.env).toEqual([{ name: 'MYSQL_PWD', valueFrom: { secretKeyRef: { name: 'ledger-root-password', key: 'password' } } }]);
    expect(upload.image).toBe('amazon/aws-cli:2.17.0');
    expect(upload.env).toEqual(expect.arrayContaining([
      { name: 'AWS_ACCESS_KEY_ID', valueFrom: { secretKeyRef: { name: 'backup-s3', key: 'AWS_ACCESS_KEY_ID' } } },
      { name: 'AWS_SECRET_ACCESS_KEY', valueFrom: { secretKeyRef: { name: 'backup-s3', key: 'AWS_SECRET_ACCESS_KEY' } } },
      { name: 'S3_ENDPOINT', value: 'https://minio.backup.example:9000' },
      { name: 'AWS_DEFAULT_REGION', value: 'eu-central-1' },
      { name: 'BUCKET', value: 'ledger-backups' },
      { name: 'PREFIX', value: 'ledger' },
    ]));
    const uploadScript: string = upload.command[2];
    // 100 GiB volume: the stream is at most that (aws s3 cp - needs --expected-size above 50 GB)
    expect(uploadScript).toContain(`s3 cp - "$url/backup.xbstream" --expected-size ${100 * 1024 ** 3} < /stage/stream`);
    expect(uploadScript).toContain('if [ "$status" = ok ] && [ "$uploaded" = 1 ]; then');
    expect(uploadScript).toContain('s3 rm "$url/backup.xbstream"');
    const text = JSON.stringify(objects.map((o) => o.obj));
    expect(text).not.toMatch(/AWS_SECRET_ACCESS_KEY=|password=/i);
  });

  test('the backup pod\'s connections are flows MS-NETWORK-FLOW-BLOCKED judges, and the written policies admit them', () => {
    const d = analyzed(design(tempOutdir()));
    const flows = engineOfKind('galera').networkFlows(d, d.analyses[0].cluster, d.analyses[0].details).filter((f) => f.from.role === 'backup');
    expect(flows.length).toBeGreaterThan(0);
    expect(new Set(flows.map((f) => f.to.site))).toEqual(new Set(['dc-a', 'dc-b']));
    expect(flows.every((f) => f.port === 3306 && f.from.site === 'dc-a')).toBe(true);
    expect(networkFlowBlocked.check(d)).toEqual([]);
  });

  (schemasAvailable() ? test : test.skip)('the CronJob validates strictly against the Kubernetes schema', () => {
    expect(formatProblems(validateManifest(cron))).toBe('');
  });
});
